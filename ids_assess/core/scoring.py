"""Scoring: pure functions from a questionnaire and an answer set to scores. No I/O, no printing.

The rules (README, "How scores are computed"):

* item score: enabler ``(r - 1) * 25``, barrier ``(5 - r) * 25``, so every score is readiness on 0-100;
  ``dk``, ``na`` and unanswered items are left out;
* factor: weighted mean of answered item scores (``None`` when none is answered); section: weighted mean
  of non-null factor scores by factor weight; overall: weighted mean of non-null sections by weight;
* bounds: the same means with every ``dk`` or unanswered item (not ``na``) scored 0 (``low``) and 100
  (``high``); a factor whose items are all ``na`` is left out everywhere;
* coverage: answered items / (items - ``na`` items), counted over items;
* a factor below 50 is a barrier, above 50 an enabler, ranked by distance from 50 times weight;
* relationship over the scored determinant factors: ``pull = Σ w·max(0, s-50)``,
  ``push = Σ w·max(0, 50-s)``, ``net = (pull - push) / Σ w``; symbiosis above the threshold, tension
  below minus the threshold, balanced between.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ids_assess.core.model import AnswerSet, FactorScore, Item, Questionnaire, Relationship, Result, Score
from ids_assess.core.vocab import MIDPOINT

LOW_COVERAGE = 0.5  # below this share of applicable statements answered, scores rest on few answers


def settle(value: float) -> float:
    """A score with float noise removed (``49.99999999999999`` is 50): classification compares these."""
    return round(value, 9)


def item_score(item: Item, rating: int) -> float:
    """Readiness 0-100 of one rating 1-5, by the item's polarity."""
    return float((rating - 1) * 25 if item.polarity == "enabler" else (5 - rating) * 25)


def score_factor(items: Iterable[Item], ratings: Mapping[str, object]) -> FactorScore:
    """A factor's score, bounds, coverage and counts from its items and the ratings given."""
    num = answered_w = unknown_w = 0.0
    answered = dk = na = total = 0
    for item in items:
        total += 1
        rating = ratings.get(item.id)
        if type(rating) is int:  # the common case first; the formula is item_score's, inlined for speed
            answered += 1
            weight = item.weight
            num += weight * ((rating - 1) * 25 if item.polarity == "enabler" else (5 - rating) * 25)
            answered_w += weight
        elif rating == "na":
            na += 1
        else:
            if rating == "dk":
                dk += 1
            unknown_w += item.weight
    counted_w = answered_w + unknown_w
    if counted_w == 0:  # every item na: left out everywhere
        return FactorScore(None, None, None, None, answered, dk, na)
    score = num / answered_w if answered_w else None
    low = num / counted_w
    high = (num + 100.0 * unknown_w) / counted_w
    return FactorScore(score, low, high, answered / (total - na), answered, dk, na)


def _combine(parts: Iterable[tuple[float, Score, int, int]]) -> Score:
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
    return Score(num / wsum if wsum else None, lnum / bsum, hnum / bsum,
                 answered / countable if countable else None)


def relationship(questionnaire: Questionnaire, factors: Mapping[str, FactorScore]) -> Relationship:
    """Push and pull of the scored determinant factors, and the resulting status."""
    pull = push = weights = 0.0
    for factor in questionnaire.factors.values():
        if not factor.determinant:
            continue
        score = factors[factor.id].score
        if score is None:
            continue
        pull += factor.weight * max(0.0, score - MIDPOINT)
        push += factor.weight * max(0.0, MIDPOINT - score)
        weights += factor.weight
    if weights == 0:
        return Relationship(None, None, None, None)
    net = (pull - push) / weights
    return Relationship(pull, push, net, status_for(net, questionnaire.threshold))


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


def rank(questionnaire: Questionnaire, scores: Mapping[str, float | None]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Barrier and enabler factor ids, each ranked by distance from 50 times weight (then by order)."""
    order = {fid: i for i, fid in enumerate(questionnaire.factors)}
    barriers = [f for f, s in scores.items() if s is not None and settle(s) < MIDPOINT]
    enablers = [f for f, s in scores.items() if s is not None and settle(s) > MIDPOINT]

    def key(fid: str) -> tuple[float, int]:
        score = scores[fid]
        assert score is not None
        # rounded so that means summed in another order (1e-15 apart) rank the same
        return (-round(abs(score - MIDPOINT) * questionnaire.factors[fid].weight, 9), order[fid])

    return tuple(sorted(barriers, key=key)), tuple(sorted(enablers, key=key))


def score(questionnaire: Questionnaire, answer_set: AnswerSet) -> Result:
    """Score one answer set against its questionnaire."""
    ratings = {item_id: answer.rating for item_id, answer in answer_set.answers.items()}
    factors: dict[str, FactorScore] = {}
    sections: dict[str, Score] = {}
    section_parts = []
    for section in questionnaire.sections:
        parts = []
        for factor in section.factors:
            fs = score_factor(factor.items, ratings)
            factors[factor.id] = fs
            parts.append((factor.weight, fs, fs.answered, len(factor.items) - fs.na))
        combined = _combine(parts)
        sections[section.id] = combined
        answered = sum(p[2] for p in parts if p[1].low is not None)
        countable = sum(p[3] for p in parts if p[1].low is not None)
        section_parts.append((section.weight, combined, answered, countable))
    overall = _combine(section_parts)
    barriers, enablers = rank(questionnaire, {fid: fs.score for fid, fs in factors.items()})
    return Result(
        answers=answer_set, questionnaire=questionnaire.id, version=questionnaire.version,
        overall=overall, band=questionnaire.band_for(overall.score), sections=sections, factors=factors,
        relationship=relationship(questionnaire, factors), barriers=barriers, enablers=enablers)
