"""Within-group agreement on a factor's items: rwg(j) (James, Demaree & Wolf 1984) and AD(M)
(Burke & Dunlap 2002).

Both are computed per group over the group's respondents who rated every item of the factor (listwise).

* ``S`` = mean over the J items of the item's sample variance (ddof=1) within the group;
* ``sigma2EU = (A^2 - 1) / 12``, the variance of a uniform null on A options (A = 5 gives 2);
* ``S`` is capped at ``sigma2EU``, then ``rwg(j) = J(1 - S/sigma2EU) / (J(1 - S/sigma2EU) + S/sigma2EU)``;
* ``AD(M)`` = mean over the items of the mean absolute deviation from the item's group mean.

Values equal ``multilevel::rwg.j(x, grpid, ranvar = 2)`` and ``multilevel::ad.m(x, grpid, type = "mean")``;
like them, both are undefined (``None`` here, ``NA`` there) for a group with fewer than two complete
respondents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import FloatArray, as_groups, as_matrix, complete_rows, group_rows


@dataclass(frozen=True)
class Agreement:
    """Agreement of one group on one factor.

    ``n_rwg`` is the number of the group's respondents who rated every item (the only ones used), ``j`` the
    number of items, ``mean_variance`` the uncapped ``S``. ``rwg_j`` and ``ad_m`` are ``None`` with
    ``why`` when undefined.
    """

    rwg_j: float | None
    ad_m: float | None
    n_rwg: int
    j: int
    mean_variance: float | None = None
    why: str | None = None


def null_variance(options: int = 5) -> float:
    """``sigma2EU = (A^2 - 1) / 12``: the variance of ratings spread uniformly over ``options`` points."""
    if options < 2:
        raise ValueError("a rating scale needs at least 2 options")
    return (options * options - 1) / 12.0


def _agreement(x: FloatArray, sigma2: float) -> Agreement:
    n, j = x.shape
    if j < 1:
        return Agreement(None, None, n, j, None, "the factor has no items")
    if n < 2:
        return Agreement(None, None, n, j, None,
                         f"agreement needs at least 2 respondents who rated every item, the group has {n}")
    s = float(np.var(x, axis=0, ddof=1).mean())
    ratio = min(s, sigma2) / sigma2
    num = j * (1.0 - ratio)
    rwg = num / (num + ratio)
    ad = float(np.abs(x - x.mean(axis=0)).mean(axis=0).mean())
    return Agreement(rwg, ad, n, j, s)


def rwg_j(ratings: npt.ArrayLike, *, options: int = 5) -> Agreement:
    """rwg(j) and AD(M) of one group: ``ratings`` is its respondents x items matrix (NaN for missing).

    ``options`` is the number of scale points A (5 for the 1-5 scale).
    """
    return _agreement(complete_rows(as_matrix(ratings)), null_variance(options))


def agreement_by_group(ratings: npt.ArrayLike, groups: Sequence[str], *, options: int = 5) -> dict[str, Agreement]:
    """rwg(j) and AD(M) of every group: ``ratings`` is respondents x items, ``groups`` each row's group key.

    The dictionary is in order of each group's first row; the values do not depend on the row order.
    """
    x = as_matrix(ratings)
    keys = as_groups(groups, x.shape[0])
    sigma2 = null_variance(options)
    return {key: _agreement(complete_rows(x[rows]), sigma2) for key, rows in group_rows(keys).items()}
