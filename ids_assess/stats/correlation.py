"""Spearman's rank correlation: Pearson's r of the ranks, ties given their average rank.

Over the pairs where both values are present; equals R's ``cor(x, y, method = "spearman",
use = "complete.obs")``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import FloatArray, as_vector
from .reliability import pearson


@dataclass(frozen=True)
class Correlation:
    """A correlation over ``n`` complete pairs; ``rho`` is ``None`` with ``why`` when undefined."""

    rho: float | None
    n: int
    why: str | None = None


def average_ranks(values: npt.ArrayLike) -> FloatArray:
    """Ranks 1..n of ``values`` (no NaN), tied values sharing the mean of their ranks."""
    v = as_vector(values)
    order = np.argsort(v, kind="mergesort")
    ranks = np.empty(v.shape[0], dtype=np.float64)
    sorted_v = v[order]
    start = 0
    n = v.shape[0]
    while start < n:
        end = start
        while end + 1 < n and sorted_v[end + 1] == sorted_v[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2.0 + 1.0
        start = end + 1
    return ranks


def spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> Correlation:
    """Spearman's rho of ``x`` and ``y`` (equal length, NaN for missing) over their complete pairs.

    ``None`` with fewer than 3 complete pairs or when either side has no variance.
    """
    a = as_vector(x, "x")
    b = as_vector(y, "y")
    if a.shape != b.shape:
        raise ValueError(f"x and y differ in length ({a.shape[0]} and {b.shape[0]})")
    keep = ~(np.isnan(a) | np.isnan(b))
    n = int(keep.sum())
    if n < 3:
        return Correlation(None, n, f"a correlation needs at least 3 complete pairs, there are {n}")
    rho = pearson(average_ranks(a[keep]), average_ranks(b[keep]))
    if rho is None:
        return Correlation(None, n, "one of the two has no variance")
    return Correlation(rho, n)
