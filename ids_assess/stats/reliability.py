"""Internal consistency of a factor's items: Cronbach's alpha (Cronbach 1951) with item statistics.

Computed over the respondents who rated every item of the factor (listwise deletion), with sample
variances (ddof=1). On complete data the values equal ``psych::alpha(x, check.keys = FALSE)``:
``raw_alpha``, ``alpha.drop$raw_alpha`` and ``item.stats$r.drop``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import FloatArray, as_matrix, complete_rows


@dataclass(frozen=True)
class ItemReliability:
    """One item of a factor: its item-rest correlation and the alpha of the other items.

    ``item_rest_r`` is Pearson's r of the item with the sum of the other items (``None`` when either has no
    variance); ``alpha_if_deleted`` is alpha of the remaining items (``None`` when it is undefined).
    ``why`` says why a value is ``None``.
    """

    index: int
    item_rest_r: float | None
    alpha_if_deleted: float | None
    why: str | None = None


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of one factor.

    ``n`` is the number of respondents who rated every item (the only ones used), ``k`` the number of items.
    ``alpha`` is ``None`` when undefined (fewer than two items, fewer than two complete respondents, or no
    variance of the item sum), with the reason in ``why``. ``items`` is empty when ``alpha`` is ``None``
    for want of items or respondents.
    """

    alpha: float | None
    n: int
    k: int
    items: tuple[ItemReliability, ...] = ()
    why: str | None = None


def _alpha(x: FloatArray) -> tuple[float | None, str | None]:
    """Alpha of a complete n x k matrix, or ``None`` and why."""
    n, k = x.shape
    if k < 2:
        return None, f"alpha needs at least 2 items, the factor has {k}"
    if n < 2:
        return None, f"alpha needs at least 2 respondents who rated every item, there are {n}"
    total_var = float(np.var(x.sum(axis=1), ddof=1))
    if total_var <= 0.0:
        return None, "the item sum has no variance"
    item_var = float(np.var(x, axis=0, ddof=1).sum())
    return k / (k - 1) * (1.0 - item_var / total_var), None


def pearson(x: FloatArray, y: FloatArray) -> float | None:
    """Pearson's r of two complete vectors of equal length, ``None`` when either has no variance."""
    dx = x - x.mean()
    dy = y - y.mean()
    sxx = float(dx @ dx)
    syy = float(dy @ dy)
    if sxx <= 0.0 or syy <= 0.0:
        return None
    r = float(dx @ dy) / float(np.sqrt(sxx * syy))
    return max(-1.0, min(1.0, r))


def cronbach_alpha(ratings: npt.ArrayLike) -> Alpha:
    """Cronbach's alpha of one factor's items, with item-rest r and alpha if item deleted.

    ``ratings`` is a respondents x items matrix (1-5, readiness-coded; NaN or ``None`` for missing).
    Respondents with any item missing are left out (listwise); ``Alpha.n`` says how many remain.
    ``alpha = k/(k-1) * (1 - sum of item variances / variance of the item sum)``.
    """
    full = as_matrix(ratings)
    k = full.shape[1]
    x = complete_rows(full)
    n = x.shape[0]
    value, why = _alpha(x)
    if k < 2 or n < 2:
        return Alpha(value, n, k, (), why)
    items: list[ItemReliability] = []
    total = x.sum(axis=1)
    for i in range(k):
        rest = np.delete(x, i, axis=1)
        r = pearson(x[:, i], total - x[:, i])
        dropped, drop_why = _alpha(rest)
        reasons = []
        if r is None:
            reasons.append("the item or the sum of the other items has no variance")
        if drop_why is not None:
            reasons.append(f"without it: {drop_why}")
        items.append(ItemReliability(i, r, dropped, "; ".join(reasons) or None))
    return Alpha(value, n, k, tuple(items), why)
