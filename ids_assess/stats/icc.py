"""ICC(1) and ICC(2) of a factor score across groups (Bliese 2000).

A one-way ANOVA of the respondents' factor scores (0-100; NaN left out) by group gives the mean squares
``MSB`` (between, ``G - 1`` df) and ``MSW`` (within, ``N - G`` df); ``k = N / G`` is the mean group size.

* ``ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW)``: the share of variance due to the group;
* ``ICC(2) = (MSB - MSW) / MSB``: the reliability of the group means.

The values equal ``multilevel::ICC1(aov(score ~ agency))`` and ``multilevel::ICC2(...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import as_groups, as_vector, group_rows


@dataclass(frozen=True)
class ICC:
    """ICC(1) and ICC(2) of one factor, with the ANOVA they rest on.

    ``n`` respondents with a score in ``groups`` groups; ``k = n / groups``. A value is ``None`` (with
    ``why``) when undefined: fewer than 2 groups, no within-group degrees of freedom, no variance at all,
    or (ICC(2) only) ``MSB = 0``.
    """

    icc1: float | None
    icc2: float | None
    n: int
    groups: int
    k: float | None = None
    msb: float | None = None
    msw: float | None = None
    why: str | None = None


def icc(scores: npt.ArrayLike, groups: Sequence[str]) -> ICC:
    """ICC(1) and ICC(2) of ``scores`` (one per respondent, NaN for none) grouped by ``groups`` (one key each).

    Respondents without a score are left out before anything is counted, so a group whose respondents all
    lack a score is not a group. The result does not depend on the order of the respondents.
    """
    y = as_vector(scores, "scores")
    keys = as_groups(groups, y.shape[0])
    present = ~np.isnan(y)
    by_group = group_rows([k for k, p in zip(keys, present, strict=True) if p])
    y = y[present]
    n, g = int(y.shape[0]), len(by_group)
    if g < 2:
        return ICC(None, None, n, g, None, None, None, f"ICC needs at least 2 groups with a score, there are {g}")
    k = n / g
    df_w = n - g
    if df_w < 1:
        return ICC(None, None, n, g, k, None, None, "no within-group degrees of freedom (every group has one score)")
    grand = float(y.mean())
    ssb = ssw = 0.0
    for rows in by_group.values():
        part = y[rows]
        mean = float(part.mean())
        ssb += len(rows) * (mean - grand) ** 2
        ssw += float(((part - mean) ** 2).sum())
    msb = ssb / (g - 1)
    msw = ssw / df_w
    if msb <= 0.0 and msw <= 0.0:
        return ICC(None, None, n, g, k, msb, msw, "the scores have no variance at all")
    icc1 = (msb - msw) / (msb + (k - 1.0) * msw)
    if msb <= 0.0:
        return ICC(icc1, None, n, g, k, msb, msw, "ICC(2) is undefined: no variance between groups (MSB = 0)")
    return ICC(icc1, (msb - msw) / msb, n, g, k, msb, msw)
