"""Scoring: pure functions from a questionnaire and an answer set to scores. No I/O, no printing.

The rules (README, "How scores are computed"); ``margin``, ``min_answered``, ``min_coverage``,
``tension_threshold`` and ``push_alert`` come from the questionnaire's ``scoring`` block (a questionnaire
without one gets 0, 0, 0, its old threshold and no alert: the rules it was written under):

* item score: enabler ``(r - 1) * 25``, barrier ``(5 - r) * 25``, so every score is readiness on 0-100;
  ``dk``, ``na`` and unanswered items are left out;
* factor: weighted mean of answered item scores, given only when at least
  ``ceil(min_answered * applicable items)`` (and at least one) of its applicable (not ``na``) items are
  rated, else ``None``; section: weighted mean of non-null factor scores by factor weight; overall:
  weighted mean of the non-null sections that count in the overall (``in_overall``) by weight;
* bounds: the same means with every ``dk`` or unanswered item (not ``na``) scored 0 (``low``) and 100
  (``high``); a factor whose items are all ``na`` is left out everywhere;
* coverage: answered items / (items - ``na`` items), counted over items;
* a level whose coverage is below ``min_coverage`` gets no verdict: no band (section, overall), no
  barrier/enabler status (factor);
* a factor below ``50 - margin`` is a barrier, above ``50 + margin`` an enabler, else neutral; barriers
  and enablers are ranked by distance from 50 times weight;
* relationship over the scored determinant factors: ``pull = Σ w·max(0, s-50)``,
  ``push = Σ w·max(0, 50-s)``, ``net = (pull - push) / Σ w``; symbiosis above the tension threshold,
  tension below minus it, balanced between; ``strongest_push`` is the lowest-scoring determinant,
  ``tension_risk`` is true when any determinant scores below ``push_alert``, whatever the net.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ids_assess.core.model import (
    AnswerSet,
    Band,
    FactorScore,
    Item,
    Questionnaire,
    Relationship,
    Result,
    Score,
    Scoring,
    verdict,
)
from ids_assess.core.vocab import MIDPOINT

LOW_COVERAGE = 0.5  # below this share of applicable statements answered, scores rest on few answers


def settle(value: float) -> float:
    """A score with float noise removed (``49.99999999999999`` is 50): classification compares these."""
    return round(value, 9)


#: The item score formula, once: readiness 0-100 of the ratings 1-5 (index = rating; index 0 is unused), by polarity.
ITEM_SCORES: dict[str, tuple[float, ...]] = {
    "enabler": (float("nan"), *(float((r - 1) * 25) for r in range(1, 6))),
    "barrier": (float("nan"), *(float((5 - r) * 25) for r in range(1, 6))),
}


def item_score(item: Item, rating: int) -> float:
    """Readiness 0-100 of one rating 1-5, by the item's polarity (:data:`ITEM_SCORES`)."""
    return ITEM_SCORES[item.polarity][rating]


def required_answers(min_answered: float, applicable: int) -> int:
    """How many of a factor's ``applicable`` items must be rated for it to get a score (at least one)."""
    return max(1, math.ceil(settle(min_answered * applicable)))


def withheld(coverage: float | None, min_coverage: float) -> bool:
    """Whether a level with this coverage gets no verdict (no band, no barrier/enabler status)."""
    return coverage is not None and settle(coverage) < min_coverage


def score_factor(items: Iterable[Item], ratings: Mapping[str, object], min_answered: float = 0.0,
                 min_coverage: float = 0.0, margin: float | None = None) -> FactorScore:
    """A factor's score, bounds, coverage and counts from its items and the ratings given (``margin``: the
    verdict's; ``None``, no verdict)."""
    planned = _planned_items(items)
    return _factor(planned, _needed(min_answered, len(planned)), ratings, min_coverage, margin)


def _combine(parts: Iterable[tuple[float, Score, int, int]], min_coverage: float = 0.0) -> Score:
    """Weighted means of scores and bounds; coverage from (answered, countable) item counts."""
    num = wsum = lnum = hnum = bsum = 0.0
    answered = countable = 0
    for weight, part, n_answered, n_countable in parts:
        if part.low is None or part.high is None:
            continue  # entirely na
        lnum += weight * part.low
        hnum += weight * part.high
        bsum += weight
        answered += n_answered
        countable += n_countable
        if part.score is not None:
            num += weight * part.score
            wsum += weight
    if bsum == 0:
        return Score(None, None, None, None)
    coverage = answered / countable if countable else None
    return Score(num / wsum if wsum else None, lnum / bsum, hnum / bsum, coverage, withheld(coverage, min_coverage))


def relationship(questionnaire: Questionnaire, factors: Mapping[str, FactorScore]) -> Relationship:
    """Push and pull of the scored determinant factors, and the resulting status."""
    scores = {}
    for fid, _ in _plan(questionnaire).determinants:
        factor = factors.get(fid)
        if factor is not None:
            scores[fid] = factor.score
    return relationship_of(questionnaire, scores)


def relationship_of(questionnaire: Questionnaire, scores: Mapping[str, float | None]) -> Relationship:
    """Push, pull, net, status, strongest push and tension risk from determinant scores (``None``: unscored)."""
    pull = push = weights = 0.0
    rules = questionnaire.scoring
    lowest: tuple[float, str] | None = None
    risk = False
    for fid, weight in _plan(questionnaire).determinants:  # in questionnaire order
        score = scores.get(fid)
        if score is None:
            continue
        pull += weight * max(0.0, score - MIDPOINT)
        push += weight * max(0.0, MIDPOINT - score)
        weights += weight
        settled = settle(score)
        if lowest is None or settled < lowest[0]:
            lowest = (settled, fid)  # ties: the first in questionnaire order
        if rules.push_alert is not None and settled < rules.push_alert:
            risk = True
    if weights == 0:
        return Relationship(None, None, None, None)
    net = (pull - push) / weights
    return Relationship(pull, push, net, status_for(net, rules.tension_threshold),
                        lowest[1] if lowest else None, risk)


def status_for(net: float | None, threshold: float) -> str | None:
    """``symbiosis`` when net > threshold, ``tension`` when net < -threshold, else ``balanced``."""
    if net is None:
        return None
    net = settle(net)
    if net > threshold:
        return "symbiosis"
    if net < -threshold:
        return "tension"
    return "balanced"


def rank(questionnaire: Questionnaire, scores: Mapping[str, float | None],
         withheld_ids: Iterable[str] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Barrier and enabler factor ids (by the questionnaire's margin; none of ``withheld_ids``), each ranked
    by distance from 50 times weight (then by order)."""
    margin = questionnaire.scoring.margin
    skip = set(withheld_ids)
    verdicts = {f: verdict(s, margin) for f, s in scores.items() if f not in skip}
    return _ranked(questionnaire, scores, verdicts, _plan(questionnaire).order)


def _ranked(questionnaire: Questionnaire, scores: Mapping[str, float | None], verdicts: Mapping[str, str | None],
            order: Mapping[str, int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    barriers = [f for f, v in verdicts.items() if v == "barrier"]
    enablers = [f for f, v in verdicts.items() if v == "enabler"]

    def key(fid: str) -> tuple[float, int]:
        score = scores[fid]
        assert score is not None
        # rounded so that means summed in another order (1e-15 apart) rank the same
        return (-round(abs(score - MIDPOINT) * questionnaire.factors[fid].weight, 9), order[fid])

    return tuple(sorted(barriers, key=key)), tuple(sorted(enablers, key=key))


def score(questionnaire: Questionnaire, answer_set: AnswerSet) -> Result:
    """Score one answer set against its questionnaire (:func:`score_factor` for each factor, from the
    questionnaire's :class:`_Plan`; then sections, overall, ranking and relationship)."""
    ratings = {item_id: answer.rating for item_id, answer in answer_set.answers.items()}
    rules: Scoring = questionnaire.scoring
    plan = _plan(questionnaire)
    min_coverage, margin = rules.min_coverage, rules.margin
    factors: dict[str, FactorScore] = {}
    sections: dict[str, Score] = {}
    section_parts = []
    for section_id, weight, in_overall, planned in plan.sections:
        parts = []
        for factor_id, factor_weight, items, need in planned:
            fs = _factor(items, need, ratings, min_coverage, margin)
            factors[factor_id] = fs
            parts.append((factor_weight, fs, fs.answered, len(items) - fs.na))
        combined = _combine(parts, min_coverage)
        sections[section_id] = combined
        if in_overall:
            answered = sum(p[2] for p in parts if p[1].low is not None)
            countable = sum(p[3] for p in parts if p[1].low is not None)
            section_parts.append((weight, combined, answered, countable))
    overall = _combine(section_parts, min_coverage)
    # a factor's own verdict is rank's (the same margin), but for a withheld factor, which rank leaves out
    barriers, enablers = _ranked(questionnaire, {fid: fs.score for fid, fs in factors.items()},
                                 {fid: fs.verdict for fid, fs in factors.items() if not fs.withheld}, plan.order)
    return Result(
        answers=answer_set, questionnaire=questionnaire.id, version=questionnaire.version,
        overall=overall, band=band_of(questionnaire, overall),
        sections=sections, factors=factors, relationship=relationship(questionnaire, factors),
        barriers=barriers, enablers=enablers,
        section_bands={sid: (b.id if (b := band_of(questionnaire, s)) else None) for sid, s in sections.items()})


#: A factor's items as scoring reads them: id, weight and the item scores of ratings 0-5 by its polarity.
_PlannedItem = tuple[str, float, tuple[float, ...]]


@dataclass(frozen=True)
class _Plan:
    """What scoring reads of a questionnaire, worked out once: per section its id, weight, whether it counts
    in the overall and its factors (id, weight, items, and the answers needed for a score by the number of
    applicable items); the factors' order for ranking; the determinant factors (id, weight), in order."""

    sections: tuple[tuple[str, float, bool, tuple[tuple[str, float, tuple[_PlannedItem, ...],
                                                        tuple[int, ...]], ...]], ...]
    order: dict[str, int]
    determinants: tuple[tuple[str, float], ...]


_PLANS: weakref.WeakKeyDictionary[Questionnaire, _Plan] = weakref.WeakKeyDictionary()


def _plan(questionnaire: Questionnaire) -> _Plan:
    plan = _PLANS.get(questionnaire)
    if plan is None:
        min_answered = questionnaire.scoring.min_answered
        plan = _Plan(
            tuple((section.id, section.weight, section.in_overall,
                   tuple((factor.id, factor.weight, _planned_items(factor.items),
                          _needed(min_answered, len(factor.items)))
                         for factor in section.factors))
                  for section in questionnaire.sections),
            {fid: i for i, fid in enumerate(questionnaire.factors)},
            tuple((f.id, f.weight) for f in questionnaire.factors.values() if f.determinant))
        _PLANS[questionnaire] = plan
    return plan


def _planned_items(items: Iterable[Item]) -> tuple[_PlannedItem, ...]:
    return tuple((item.id, item.weight, ITEM_SCORES[item.polarity]) for item in items)


def _needed(min_answered: float, items: int) -> tuple[int, ...]:
    """How many rated items a factor of ``items`` needs for a score, by how many of them apply (0 to all)."""
    return tuple(required_answers(min_answered, n) if min_answered else 1 for n in range(items + 1))


def _factor(items: tuple[_PlannedItem, ...], need: tuple[int, ...], ratings: Mapping[str, object],
            min_coverage: float, margin: float | None) -> FactorScore:
    """A factor's score from its planned items (:func:`score_factor`; ``score`` calls it with the plan)."""
    num = answered_w = unknown_w = 0.0
    answered = dk = na = 0
    get = ratings.get
    for item_id, weight, scores in items:
        rating = get(item_id)
        if type(rating) is int:
            answered += 1
            num += weight * scores[rating]
            answered_w += weight
        elif rating == "na":
            na += 1
        else:
            if rating == "dk":
                dk += 1
            unknown_w += weight
    counted_w = answered_w + unknown_w
    if counted_w == 0:  # every item na: left out everywhere
        return FactorScore(None, None, None, None, answered=answered, dk=dk, na=na)
    applicable = len(items) - na
    score = num / answered_w if answered_w and answered >= need[applicable] else None
    coverage = answered / applicable
    held = withheld(coverage, min_coverage) if min_coverage else False
    # the verdict (barrier, neutral, enabler) by ``margin``; none without a margin, a score, or when withheld
    said = verdict(score, margin) if margin is not None and not held else None
    return FactorScore(score, num / counted_w, (num + 100.0 * unknown_w) / counted_w, coverage, held,
                       answered=answered, dk=dk, na=na, verdict=said)


def band_of(questionnaire: Questionnaire, level: Score) -> Band | None:
    """The band of a section or overall score; ``None`` without a score or when its verdict is withheld."""
    return None if level.withheld else questionnaire.band_for(level.score)

