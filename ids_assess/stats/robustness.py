"""How much agency rankings and top barriers depend on the weights: a seeded weight perturbation.

Given per-agency per-factor mean scores (agencies x factors, NaN where an agency has no score), each draw
takes every factor weight and every section weight uniformly from ``[w/2, 2w]`` and recomputes, as the
scoring does:

* section score = weighted mean (factor weights) of the section's available factor means;
* overall = weighted mean (section weights) of the available section scores;
* rank 1 = the best overall; an agency's rank is 1 + the number of agencies with a higher overall
  (overalls compared rounded to 9 decimals; an agency without an overall is not ranked);
* barriers: the factors with a score below ``50 - margin``, ranked by ``(50 - score) * factor weight``,
  higher first, ties by factor order (as ``ids_assess.scoring.rank``); a factor *stays in the top three*
  in a draw when fewer than three barriers rank before it.

Reported per agency: the rank at the nominal weights, the 5th and 95th percentiles of the rank over the
draws (``numpy.quantile``, linear, i.e. R's type 7), and for each of the given top-three barriers the
share of draws in which it stays in the top three. Draws come from ``numpy.random.default_rng(seed)``:
first a draws x factors matrix of factor weights, then a draws x sections matrix of section weights
(sections in order of first appearance in ``sections``). Everything is vectorised over the draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ids_assess.core.vocab import MIDPOINT

from .arrays import FloatArray, as_matrix, as_vector

TOP = 3


@dataclass(frozen=True)
class BarrierStability:
    """A barrier (factor index) and the share of draws in which it stays in the agency's top three."""

    factor: int
    share: float


@dataclass(frozen=True)
class AgencyRobustness:
    """One agency: its overall and rank at the nominal weights, and the 5th-95th percentile of its rank.

    ``overall``, ``rank``, ``rank_low`` and ``rank_high`` are ``None`` (with ``why``) when the agency has no
    overall score. ``barriers`` follows the order of the top-three list given.
    """

    overall: float | None
    rank: int | None
    rank_low: float | None
    rank_high: float | None
    barriers: tuple[BarrierStability, ...] = ()
    why: str | None = None


@dataclass(frozen=True)
class Robustness:
    """The result for every agency, in the order of the rows of the score matrix."""

    agencies: tuple[AgencyRobustness, ...]
    draws: int
    seed: int


def _section_index(sections: Sequence[str], section_weights: Mapping[str, float],
                   f: int) -> tuple[list[str], list[list[int]]]:
    if len(sections) != f:
        raise ValueError(f"sections: {len(sections)} section ids for {f} factors")
    order: list[str] = []
    members: dict[str, list[int]] = {}
    for i, sid in enumerate(sections):
        if sid not in members:
            if sid not in section_weights:
                raise ValueError(f"section {sid!r} has no weight")
            order.append(sid)
            members[sid] = []
        members[sid].append(i)
    return order, [members[s] for s in order]


def _overalls(x: FloatArray, wf: FloatArray, ws: FloatArray, members: list[list[int]]) -> FloatArray:
    """Overall of every agency under every weight draw: ``wf`` draws x factors, ``ws`` draws x sections."""
    present = (~np.isnan(x)).astype(np.float64)
    values = np.where(np.isnan(x), 0.0, x)
    d, a = wf.shape[0], x.shape[0]
    num = np.zeros((d, a))
    den = np.zeros((d, a))
    for s, cols in enumerate(members):
        snum = wf[:, cols] @ values[:, cols].T
        sden = wf[:, cols] @ present[:, cols].T
        available = sden > 0
        section = np.divide(snum, sden, out=np.zeros_like(snum), where=available)
        weight = np.where(available, ws[:, s:s + 1], 0.0)
        num += weight * section
        den += weight
    return np.divide(num, den, out=np.full_like(num, np.nan), where=den > 0)


def _ranks(overall: FloatArray) -> FloatArray:
    """Rank (1 = best) of every agency in every draw; NaN for an agency without an overall."""
    settled = np.round(overall, 9)
    better = (settled[:, None, :] > settled[:, :, None]).sum(axis=2)
    return np.where(np.isnan(settled), np.nan, 1.0 + better)


def weighted_overall(scores: npt.ArrayLike, sections: Sequence[str], section_weights: Mapping[str, float],
                     factor_weights: Sequence[float]) -> FloatArray:
    """The overall score of every agency (NaN for none) at the given weights, as the scoring computes it."""
    x = as_matrix(scores, "scores")
    order, members = _section_index(sections, section_weights, x.shape[1])
    wf = as_vector(factor_weights, "factor_weights").reshape(1, -1)
    ws = np.array([[section_weights[s] for s in order]], dtype=np.float64)
    result: FloatArray = _overalls(x, wf, ws, members)[0]
    return result


def top_barriers(scores: npt.ArrayLike, factor_weights: npt.ArrayLike, margin: float = 0.0,
                 count: int = TOP) -> tuple[int, ...]:
    """The indices of one agency's ``count`` top barriers: score below ``50 - margin``, by
    ``(50 - score) * weight`` descending, ties by factor order."""
    x = as_vector(scores, "scores")
    w = as_vector(factor_weights, "factor_weights")
    limit = round(MIDPOINT - margin, 9)
    eligible = [i for i in range(x.shape[0]) if not np.isnan(x[i]) and round(float(x[i]), 9) < limit]
    eligible.sort(key=lambda i: (-round((MIDPOINT - float(x[i])) * float(w[i]), 9), i))
    return tuple(eligible[:count])


def weight_robustness(scores: npt.ArrayLike, sections: Sequence[str], section_weights: Mapping[str, float],
                      factor_weights: Sequence[float], top: Sequence[Sequence[int]] | None = None, *,
                      margin: float = 0.0, draws: int = 2000, seed: int = 0) -> Robustness:
    """Rank intervals and top-three barrier stability of every agency under perturbed weights.

    ``scores``: agencies x factors mean scores (0-100, NaN allowed), factors in questionnaire order;
    ``sections``: the section id of each factor; ``section_weights``: each section's weight;
    ``factor_weights``: each factor's weight; ``top``: per agency, the factor indices of its top-three
    barriers (default: :func:`top_barriers` at the nominal weights); ``margin``: the neutral band's
    half-width; ``draws`` and ``seed`` as described in the module documentation.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if seed < 0:
        raise ValueError("the seed must be a non-negative integer")
    x = as_matrix(scores, "scores")
    a, f = x.shape
    order, members = _section_index(sections, section_weights, f)
    wf0 = as_vector(factor_weights, "factor_weights")
    if wf0.shape[0] != f:
        raise ValueError(f"factor_weights: {wf0.shape[0]} weights for {f} factors")
    ws0 = np.array([section_weights[s] for s in order], dtype=np.float64)
    if (wf0 < 0).any() or (ws0 < 0).any():
        raise ValueError("weights must not be negative")
    if top is None:
        top = [top_barriers(x[i], wf0, margin) for i in range(a)]
    if len(top) != a:
        raise ValueError(f"top: {len(top)} barrier lists for {a} agencies")

    rng = np.random.default_rng(seed)
    wf = rng.uniform(wf0 / 2.0, wf0 * 2.0, size=(draws, f))
    ws = rng.uniform(ws0 / 2.0, ws0 * 2.0, size=(draws, len(order)))

    nominal = _overalls(x, wf0.reshape(1, -1), ws0.reshape(1, -1), members)
    nominal_rank = _ranks(nominal)[0]
    ranks = _ranks(_overalls(x, wf, ws, members))

    limit = round(MIDPOINT - margin, 9)
    results: list[AgencyRobustness] = []
    for i in range(a):
        row = x[i]
        eligible = ~np.isnan(row) & (np.round(np.where(np.isnan(row), np.inf, row), 9) < limit)
        priority = np.round((MIDPOINT - np.where(eligible, row, 0.0)) * wf, 9)  # draws x factors
        priority[:, ~eligible] = -np.inf
        stays: list[BarrierStability] = []
        for fi in top[i]:
            if not 0 <= fi < f:
                raise ValueError(f"top: factor index {fi} out of range")
            if not eligible[fi]:
                stays.append(BarrierStability(fi, 0.0))
                continue
            mine = priority[:, fi:fi + 1]
            before = (priority > mine).sum(axis=1) + (priority[:, :fi] == mine).sum(axis=1)
            stays.append(BarrierStability(fi, float((before < TOP).mean())))
        if np.isnan(nominal[0, i]):
            results.append(AgencyRobustness(None, None, None, None, tuple(stays), "no overall score"))
            continue
        lo, hi = np.quantile(ranks[:, i], [0.05, 0.95], method="linear")
        results.append(AgencyRobustness(float(nominal[0, i]), int(nominal_rank[i]), float(lo), float(hi),
                                        tuple(stays)))
    return Robustness(tuple(results), draws, seed)
