"""Scoring (ids_assess.core.scoring): hand-computed examples, then hypothesis properties.

The examples are built in code from the model dataclasses (tests/helpers_core.py), so every number below
can be checked with pencil and paper against the rules in the scoring module's docstring.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping

import pytest
from helpers_core import answer_set, factor, item, questionnaire, section
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ids_assess.core import scoring
from ids_assess.core.model import FactorScore, Polarity, Questionnaire, Result, Score
from ids_assess.render.numbers import r2

approx = pytest.approx


# --- item_score ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("rating", "enabler", "barrier"), [
    (1, 0.0, 100.0), (2, 25.0, 75.0), (3, 50.0, 50.0), (4, 75.0, 25.0), (5, 100.0, 0.0),
])
def test_item_score_by_polarity(rating: int, enabler: float, barrier: float) -> None:
    assert scoring.item_score(item("f.a", "enabler"), rating) == enabler
    assert scoring.item_score(item("f.a", "barrier"), rating) == barrier
    assert isinstance(scoring.item_score(item("f.a"), rating), float)


def test_item_score_ignores_the_item_weight() -> None:
    assert scoring.item_score(item("f.a", "enabler", weight=7.5), 4) == 75.0


# --- score_factor --------------------------------------------------------------------------------


def test_score_factor_weights_dk_na_and_unanswered() -> None:
    items = [
        item("f.a", "enabler", 1),  # 4 -> 75
        item("f.b", "barrier", 3),  # 4 -> 25
        item("f.c", "enabler", 1),  # dk: left out of the score, 0/100 in the bounds
        item("f.d", "enabler", 5),  # na: left out everywhere
        item("f.e", "barrier", 2),  # unanswered: like dk, but not counted as dk
    ]
    fs = scoring.score_factor(items, {"f.a": 4, "f.b": 4, "f.c": "dk", "f.d": "na"})
    # score: (1*75 + 3*25) / (1 + 3) = 150 / 4
    assert fs.score == approx(37.5)
    # low: 150 / (4 + 1 + 2); high: (150 + 100 * (1 + 2)) / 7
    assert fs.low == approx(150 / 7)
    assert fs.high == approx(450 / 7)
    # coverage: 2 answered of 5 items less 1 na
    assert fs.coverage == approx(0.5)
    assert (fs.answered, fs.dk, fs.na) == (2, 1, 1)


def test_score_factor_with_every_item_answered_has_no_spread() -> None:
    fs = scoring.score_factor([item("f.a", "enabler", 2), item("f.b", "barrier", 1)], {"f.a": 5, "f.b": 2})
    # (2*100 + 1*75) / 3
    assert fs.score == fs.low == fs.high == approx(275 / 3)
    assert fs.coverage == 1.0


def test_score_factor_with_nothing_answered_has_no_score_but_full_bounds() -> None:
    fs = scoring.score_factor([item("f.a"), item("f.b", "barrier")], {"f.a": "dk"})
    assert fs == FactorScore(None, 0.0, 100.0, 0.0, answered=0, dk=1, na=0)


def test_score_factor_with_every_item_na_is_left_out() -> None:
    fs = scoring.score_factor([item("f.a"), item("f.b")], {"f.a": "na", "f.b": "na"})
    assert fs == FactorScore(None, None, None, None, answered=0, dk=0, na=2)


def test_score_factor_ignores_ratings_of_other_items() -> None:
    fs = scoring.score_factor([item("f.a")], {"f.a": 3, "g.x": 5, "f.b": 1})
    assert (fs.score, fs.answered, fs.coverage) == (50.0, 1, 1.0)


# --- sections, overall, coverage, ranking and relationship: one worked example --------------------


def worked_example(threshold: float = 5.0) -> Questionnaire:
    return questionnaire([
        section("s1", [
            factor("f1", [item("f1.a", "enabler"), item("f1.b", "enabler")], weight=3, determinant=True),
            factor("f2", [item("f2.a", "barrier"), item("f2.b", "barrier"), item("f2.c", "enabler"),
                          item("f2.d", "enabler")], weight=1, determinant=True),
        ], weight=1),
        section("s2", [
            factor("f3", [item("f3.a"), item("f3.b")], weight=5),  # every item na
            factor("f4", [item("f4.a"), item("f4.b", "barrier")], weight=1, determinant=True),  # dk + blank
            factor("f5", [item("f5.a")], weight=1),
        ], weight=3),
        section("s3", [factor("f6", [item("f6.a")], weight=1)], weight=10),  # every item na
    ], threshold=threshold)


WORKED_RATINGS = {
    "f1.a": 4, "f1.b": "dk",  # f1: 75, low 37.5, high 87.5, 1 of 2
    "f2.a": 2, "f2.b": 5, "f2.c": 3, "f2.d": 3,  # f2: (75 + 0 + 50 + 50) / 4 = 43.75, 4 of 4
    "f3.a": "na", "f3.b": "na",  # f3: left out
    "f4.a": "dk",  # f4: no score, low 0, high 100, 0 of 2
    "f5.a": 5,  # f5: 100, 1 of 1
    "f6.a": "na",  # s3: left out
}


@pytest.fixture
def worked() -> Result:
    return scoring.score(worked_example(), answer_set(WORKED_RATINGS))


def test_worked_example_factors(worked: Result) -> None:
    f = worked.factors
    assert (f["f1"].score, f["f1"].low, f["f1"].high, f["f1"].coverage) == (75.0, 37.5, 87.5, 0.5)
    assert (f["f2"].score, f["f2"].low, f["f2"].high, f["f2"].coverage) == (43.75, 43.75, 43.75, 1.0)
    assert (f["f3"].score, f["f3"].low, f["f3"].high, f["f3"].coverage) == (None, None, None, None)
    assert (f["f4"].score, f["f4"].low, f["f4"].high, f["f4"].coverage) == (None, 0.0, 100.0, 0.0)
    assert (f["f4"].answered, f["f4"].dk, f["f4"].na) == (0, 1, 0)
    assert (f["f5"].score, f["f5"].coverage) == (100.0, 1.0)


def test_worked_example_sections(worked: Result) -> None:
    s1 = worked.sections["s1"]
    # weights 3 (f1) and 1 (f2): (3*75 + 43.75) / 4, (3*37.5 + 43.75) / 4, (3*87.5 + 43.75) / 4
    assert [s1.score, s1.low, s1.high] == approx([67.1875, 39.0625, 76.5625])
    # coverage over items, not a mean of factor coverages: (1 + 4) / (2 + 4)
    assert s1.coverage == approx(5 / 6)
    s2 = worked.sections["s2"]
    # f3 (all na, weight 5) is left out; f4 has no score; f5 scores 100
    assert s2.score == approx(100.0)
    assert s2.low == approx((0 + 100) / 2)
    assert s2.high == approx((100 + 100) / 2)
    assert s2.coverage == approx((0 + 1) / (2 + 1))
    assert worked.sections["s3"] == Score(None, None, None, None)


def test_worked_example_overall(worked: Result) -> None:
    overall = worked.overall
    # sections s1 (weight 1) and s2 (weight 3); s3 (all na, weight 10) is left out
    assert overall.score == approx((67.1875 + 3 * 100) / 4)  # 91.796875
    assert overall.low == approx((39.0625 + 3 * 50) / 4)  # 47.265625
    assert overall.high == approx((76.5625 + 3 * 100) / 4)  # 94.140625
    assert overall.coverage == approx((5 + 1) / (6 + 3))
    assert worked.band is not None and worked.band.id == "advanced"


def test_worked_example_ranking(worked: Result) -> None:
    # enablers: f1 |75-50|*3 = 75 before f5 |100-50|*1 = 50, although f5 is further from 50
    assert worked.enablers == ("f1", "f5")
    assert worked.barriers == ("f2",)


def test_worked_example_relationship(worked: Result) -> None:
    rel = worked.relationship
    # determinants with a score: f1 (75, weight 3) and f2 (43.75, weight 1); f4 has no score
    assert rel.pull == approx(3 * 25)
    assert rel.push == approx(1 * 6.25)
    assert rel.net == approx((75 - 6.25) / 4)  # 17.1875
    assert rel.status == "symbiosis"


@pytest.mark.parametrize(("threshold", "status"), [(17, "symbiosis"), (17.1875, "balanced"), (20, "balanced")])
def test_worked_example_status_depends_on_the_threshold(threshold: float, status: str) -> None:
    result = scoring.score(worked_example(threshold), answer_set(WORKED_RATINGS))
    assert result.relationship.status == status


def test_relationship_without_scored_determinants_is_empty() -> None:
    q = questionnaire([section("s", [factor("d", [item("d.a")], determinant=True),
                                     factor("f", [item("f.a")])])])
    result = scoring.score(q, answer_set({"d.a": "dk", "f.a": 5}))
    # pull, push, net, status, strongest_push, tension_risk
    assert dataclasses.astuple(result.relationship) == (None, None, None, None, None, False)


def test_relationship_tension() -> None:
    q = questionnaire([section("s", [factor("d", [item("d.a", "barrier")], weight=2, determinant=True),
                                     factor("e", [item("e.a")], weight=1, determinant=True)])])
    rel = scoring.score(q, answer_set({"d.a": 4, "e.a": 4})).relationship  # d: 25, e: 75
    assert [rel.pull, rel.push] == approx([25.0, 50.0])
    assert rel.net == approx((25 - 50) / 3)
    assert rel.status == "tension"


@pytest.mark.parametrize(("net", "status"), [
    (5.0, "balanced"), (5.000001, "symbiosis"), (-5.0, "balanced"), (-5.000001, "tension"), (0.0, "balanced"),
    (100.0, "symbiosis"), (-100.0, "tension"), (None, None),
])
def test_status_threshold_is_exclusive(net: float | None, status: str | None) -> None:
    assert scoring.status_for(net, 5.0) == status


def test_status_with_zero_threshold() -> None:
    assert [scoring.status_for(n, 0.0) for n in (-0.1, 0.0, 0.1)] == ["tension", "balanced", "symbiosis"]


def test_rank_by_distance_times_weight_then_by_order() -> None:
    q = questionnaire([section("s", [
        factor("a", [item("a.x")], weight=1),    # 40: 10 * 1 = 10
        factor("b", [item("b.x")], weight=3),    # 45: 5 * 3 = 15
        factor("c", [item("c.x")], weight=0.2),  # 10: 40 * 0.2 = 8
        factor("d", [item("d.x")], weight=2),    # 60: 10 * 2 = 20
        factor("e", [item("e.x")], weight=1),    # 70: 20 * 1 = 20, ties with d: d comes first
        factor("f", [item("f.x")], weight=9),    # 50: neither
        factor("g", [item("g.x")], weight=9),    # no score: neither
    ])])
    barriers, enablers = scoring.rank(q, {"a": 40.0, "b": 45.0, "c": 10.0, "d": 60.0, "e": 70.0, "f": 50.0,
                                          "g": None})
    assert barriers == ("b", "a", "c")
    assert enablers == ("d", "e")


def test_a_neutral_factor_is_neither_barrier_nor_enabler_whatever_the_weights() -> None:
    q = questionnaire([section("s", [factor("f", [item("f.a", weight=0.1), item("f.b", weight=0.1),
                                                  item("f.c", weight=0.1)])])])
    result = scoring.score(q, answer_set({"f.a": 2, "f.b": 4, "f.c": 3}))  # 25, 75, 50: mean 50
    assert r2(result.factors["f"].score) == 50.0
    assert (result.barriers, result.enablers) == ((), ())


def test_rank_ties_follow_questionnaire_order_not_score_order() -> None:
    q = questionnaire([section("s", [factor("z", [item("z.x")]), factor("a", [item("a.x")])])])
    assert scoring.rank(q, {"a": 30.0, "z": 70.0}) == ((("a",), ("z",)))
    assert scoring.rank(q, {"a": 30.0, "z": 30.0})[0] == ("z", "a")


def test_nothing_answered_at_all() -> None:
    q = questionnaire([section("s", [factor("f", [item("f.a"), item("f.b")])])])
    result = scoring.score(q, answer_set({}))
    assert result.overall == Score(None, 0.0, 100.0, 0.0)
    assert result.band is None
    assert (result.barriers, result.enablers) == ((), ())


def test_everything_na() -> None:
    q = questionnaire([section("s", [factor("f", [item("f.a")])])])
    result = scoring.score(q, answer_set({"f.a": "na"}))
    assert result.overall == Score(None, None, None, None)


def test_section_weights_matter() -> None:
    def overall(w1: float, w2: float) -> float | None:
        q = questionnaire([section("s1", [factor("f", [item("f.a")])], weight=w1),
                           section("s2", [factor("g", [item("g.a")])], weight=w2)])
        return scoring.score(q, answer_set({"f.a": 5, "g.a": 1})).overall.score

    assert overall(1, 1) == approx(50.0)
    assert overall(3, 1) == approx(75.0)
    assert overall(1, 4) == approx(20.0)


# --- properties ----------------------------------------------------------------------------------

RATINGS = st.sampled_from([1, 2, 3, 4, 5, "dk", "na", None])  # None: unanswered
WEIGHTS = st.sampled_from([0.1, 0.5, 1.0, 1.0, 2.0, 3.0, 7.5, 100.0])
POLARITIES = st.sampled_from(["enabler", "barrier"])


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    sections = []
    for s in range(draw(st.integers(1, 3))):
        factors = []
        for f in range(draw(st.integers(1, 3))):
            fid = f"f{s}_{f}"
            items = [item(f"{fid}.i{i}", draw(POLARITIES), draw(WEIGHTS)) for i in range(draw(st.integers(1, 4)))]
            factors.append(factor(fid, items, weight=draw(WEIGHTS), determinant=draw(st.booleans())))
        sections.append(section(f"s{s}", factors, weight=draw(WEIGHTS)))
    return questionnaire(sections, threshold=draw(st.sampled_from([0.0, 5.0, 12.5])))


@st.composite
def answered(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, object]]:
    q = draw(questionnaires())
    ratings = {item_id: draw(RATINGS) for item_id in q.items}
    return q, {k: v for k, v in ratings.items() if v is not None}


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def all_scores(result: Result) -> list[Score]:
    return [result.overall, *result.sections.values(), *result.factors.values()]


def flipped(q: Questionnaire) -> Questionnaire:
    """The same questionnaire with every item's polarity reversed."""
    swap: dict[str, Polarity] = {"enabler": "barrier", "barrier": "enabler"}
    return questionnaire([
        dataclasses.replace(s, factors=tuple(
            dataclasses.replace(f, items=tuple(dataclasses.replace(i, polarity=swap[i.polarity]) for i in f.items))
            for f in s.factors))
        for s in q.sections], threshold=q.threshold)


def same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


@PROPERTY
@given(answered())
def test_scores_stay_within_0_and_100(case: tuple[Questionnaire, dict[str, object]]) -> None:
    q, ratings = case
    for s in all_scores(scoring.score(q, answer_set(ratings))):
        for value in (s.score, s.low, s.high):
            assert value is None or -1e-9 <= value <= 100 + 1e-9
        assert s.coverage is None or 0 <= s.coverage <= 1


@PROPERTY
@given(answered())
def test_low_score_high_are_ordered_raw_and_rounded(case: tuple[Questionnaire, dict[str, object]]) -> None:
    q, ratings = case
    for s in all_scores(scoring.score(q, answer_set(ratings))):
        if s.low is None:
            assert s.score is None and s.high is None
            continue
        assert s.high is not None
        assert s.low <= s.high + 1e-9
        r_low, r_high = r2(s.low), r2(s.high)
        assert r_low is not None and r_high is not None and r_low <= r_high
        if s.score is not None:
            assert s.low - 1e-9 <= s.score <= s.high + 1e-9
            r_score = r2(s.score)
            assert r_score is not None and r_low <= r_score <= r_high


@PROPERTY
@given(questionnaires(), st.booleans())
def test_most_and_least_ready_answers_give_100_and_0(q: Questionnaire, most: bool) -> None:
    best = {i.id: (5 if i.polarity == "enabler" else 1) for i in q.items.values()}
    worst = {i.id: (1 if i.polarity == "enabler" else 5) for i in q.items.values()}
    result = scoring.score(q, answer_set(best if most else worst))
    target = 100.0 if most else 0.0
    for s in all_scores(result):
        assert s.score == approx(target) and s.low == approx(target) and s.high == approx(target)
        assert s.coverage == 1.0
    assert (result.barriers if most else result.enablers) == ()
    assert len(result.enablers if most else result.barriers) == len(q.factors)


@PROPERTY
@given(answered())
def test_flipping_polarity_mirrors_scores(case: tuple[Questionnaire, dict[str, object]]) -> None:
    q, ratings = case
    a = scoring.score(q, answer_set(ratings))
    b = scoring.score(flipped(q), answer_set(ratings))
    pairs = [(a.overall, b.overall), *((a.sections[k], b.sections[k]) for k in a.sections),
             *((a.factors[k], b.factors[k]) for k in a.factors)]
    for x, y in pairs:
        assert same(x.score, None if y.score is None else 100 - y.score)
        assert same(x.low, None if y.high is None else 100 - y.high)
        assert same(x.high, None if y.low is None else 100 - y.low)
        assert same(x.coverage, y.coverage)
    # barriers and enablers swap (factors within float noise of 50 aside: see the xfail test below)
    clear = {fid for fid, fs in a.factors.items() if fs.score is not None and abs(fs.score - 50) > 1e-9}
    assert set(a.barriers) & clear == set(b.enablers) & clear
    assert set(a.enablers) & clear == set(b.barriers) & clear
    if a.relationship.net is not None:
        assert b.relationship.net == approx(-a.relationship.net, abs=1e-9)
        assert [a.relationship.pull, a.relationship.push] == approx([b.relationship.push, b.relationship.pull])
    else:
        assert b.relationship == a.relationship


@PROPERTY
@given(st.integers(1, 5), POLARITIES)
def test_flipping_one_item_mirrors_its_score(rating: int, polarity: str) -> None:
    other = "barrier" if polarity == "enabler" else "enabler"
    assert scoring.item_score(item("f.a", polarity), rating) == 100 - scoring.item_score(item("f.a", other), rating)


@PROPERTY
@given(answered(), st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(case: tuple[Questionnaire, dict[str, object]],
                                          rnd: random.Random) -> None:
    q, ratings = case
    pairs = list(ratings.items())
    shuffled = pairs[:]
    rnd.shuffle(shuffled)
    a = scoring.score(q, answer_set(pairs))
    b = scoring.score(q, answer_set(shuffled))
    for x, y in zip(all_scores(a), all_scores(b), strict=True):
        for u, v in zip(dataclasses.astuple(x), dataclasses.astuple(y), strict=True):
            assert u == v if isinstance(u, int | str) else same(u, v)  # counts, flags, verdicts exactly
    assert (a.barriers, a.enablers) == (b.barriers, b.enablers)
    assert a.relationship.status == b.relationship.status


def readiness(rating: object, polarity: str) -> int:
    """How ready a rating is, 0 (least) to 4 (most), for ordering answers."""
    assert isinstance(rating, int)
    return rating - 1 if polarity == "enabler" else 5 - rating


@PROPERTY
@given(answered(), st.data())
def test_a_more_ready_answer_never_lowers_a_score(case: tuple[Questionnaire, dict[str, object]],
                                                  data: st.DataObject) -> None:
    q, ratings = case
    rated = sorted(k for k, v in ratings.items() if isinstance(v, int))
    if not rated:
        return
    target = data.draw(st.sampled_from(rated))
    polarity = q.items[target].polarity
    better_ratings = [r for r in range(1, 6) if readiness(r, polarity) > readiness(ratings[target], polarity)]
    if not better_ratings:
        return
    better = {**ratings, target: data.draw(st.sampled_from(better_ratings))}
    a = scoring.score(q, answer_set(ratings))
    b = scoring.score(q, answer_set(better))
    for x, y in zip(all_scores(a), all_scores(b), strict=True):
        for u, v in ((x.score, y.score), (x.low, y.low), (x.high, y.high)):
            assert (u is None) == (v is None)
            assert u is None or v is None or v >= u - 1e-9


def ratings_mapping(result: Result) -> Mapping[str, object]:
    return {k: a.rating for k, a in result.answers.answers.items()}


@PROPERTY
@given(answered())
def test_answering_a_dk_item_keeps_the_score_within_the_old_bounds(
        case: tuple[Questionnaire, dict[str, object]]) -> None:
    """Bounds mean what they say: whatever a dk item is answered, each factor score lands in [low, high]."""
    q, ratings = case
    before = scoring.score(q, answer_set(ratings))
    for rating in (1, 5):
        after_ratings = {k: (rating if v == "dk" else v) for k, v in ratings_mapping(before).items()}
        after = scoring.score(q, answer_set(after_ratings))
        for fid, fs in before.factors.items():
            new = after.factors[fid].score
            if fs.low is not None and new is not None:
                assert fs.low - 1e-9 <= new <= fs.high + 1e-9  # type: ignore[operator]


# --- score() against its parts -------------------------------------------------------------------------


def score_from_parts(q: Questionnaire, a) -> Result:
    """score() as it is defined: score_factor for each factor, _combine, rank, relationship, band_of."""
    ratings = {item_id: answer.rating for item_id, answer in a.answers.items()}
    rules = q.scoring
    factors: dict[str, FactorScore] = {}
    sections: dict[str, Score] = {}
    section_parts = []
    for s in q.sections:
        parts = []
        for f in s.factors:
            fs = scoring.score_factor(f.items, ratings, rules.min_answered, rules.min_coverage, rules.margin)
            factors[f.id] = fs
            parts.append((f.weight, fs, fs.answered, len(f.items) - fs.na))
        combined = scoring._combine(parts, rules.min_coverage)
        sections[s.id] = combined
        if s.in_overall:
            counted = [p for p in parts if p[1].low is not None]
            section_parts.append((s.weight, combined, sum(p[2] for p in counted), sum(p[3] for p in counted)))
    overall = scoring._combine(section_parts, rules.min_coverage)
    barriers, enablers = scoring.rank(q, {fid: fs.score for fid, fs in factors.items()},
                                      [fid for fid, fs in factors.items() if fs.withheld])
    return Result(answers=a, questionnaire=q.id, version=q.version, overall=overall,
                  band=scoring.band_of(q, overall), sections=sections, factors=factors,
                  relationship=scoring.relationship(q, factors), barriers=barriers, enablers=enablers,
                  section_bands={sid: (b.id if (b := scoring.band_of(q, sc)) else None)
                                 for sid, sc in sections.items()})


@st.composite
def scored_cases(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, object]]:
    weights = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
    sections_ = []
    ratings: dict[str, object] = {}
    for s in range(draw(st.integers(1, 3))):
        factors_ = []
        for f in range(draw(st.integers(1, 4))):
            fid = f"f{s}_{f}"
            items_ = [item(f"{fid}.i{i}", draw(st.sampled_from(["enabler", "barrier"])), draw(weights))
                      for i in range(draw(st.integers(1, 5)))]
            for it in items_:
                rating = draw(st.sampled_from([1, 2, 3, 4, 5, "dk", "na", None]))
                if rating is not None:
                    ratings[it.id] = rating
            factors_.append(factor(fid, items_, draw(weights), determinant=draw(st.booleans())))
        sections_.append(dataclasses.replace(section(f"s{s}", factors_, draw(weights)), in_overall=draw(st.booleans())))
    q = questionnaire(sections_)
    rules = scoring.Scoring(margin=draw(st.sampled_from([0.0, 2.5, 10.0])),
                            min_answered=draw(st.sampled_from([0.0, 1 / 3, 0.5, 0.7])),
                            min_coverage=draw(st.sampled_from([0.0, 0.5, 0.8])),
                            tension_threshold=draw(st.sampled_from([0.0, 5.0])),
                            push_alert=draw(st.sampled_from([None, 40.0])))
    return dataclasses.replace(q, scoring=rules), ratings


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=scored_cases())
def test_score_is_its_parts_to_the_last_bit(case: tuple[Questionnaire, dict[str, object]]) -> None:
    # score() reads a plan of the questionnaire worked out once; it must give exactly what its parts give
    q, ratings = case
    a = answer_set(ratings)
    assert scoring.score(q, a) == score_from_parts(q, a)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.sampled_from([0.125, 52.25, -0.005, -0.0]))
def test_r2_is_half_up_to_two_places_to_the_last_bit(value: float) -> None:
    from ids_assess.render.numbers import half_up

    assert repr(r2(value)) == repr(half_up(value, 2))


def _relationship_by_definition(q: Questionnaire, scores: Mapping[str, float | None]):
    """The relationship as the rules state it, walking every factor of the questionnaire (the oracle of the
    planned version, which walks only the determinants)."""
    pull = push = weights = 0.0
    lowest = None
    risk = False
    for f in q.factors.values():
        score = scores.get(f.id)
        if not f.determinant or score is None:
            continue
        pull += f.weight * max(0.0, score - 50)
        push += f.weight * max(0.0, 50 - score)
        weights += f.weight
        settled = scoring.settle(score)
        if lowest is None or settled < lowest[0]:
            lowest = (settled, f.id)
        if q.scoring.push_alert is not None and settled < q.scoring.push_alert:
            risk = True
    if weights == 0:
        return None
    net = (pull - push) / weights
    return pull, push, net, scoring.status_for(net, q.scoring.tension_threshold), lowest[1] if lowest else None, risk


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_relationship_is_that_of_its_definition(data: st.DataObject) -> None:
    from ids_assess.io.questionnaires import Registry

    q = data.draw(st.sampled_from(Registry().all()))
    scores = {fid: data.draw(st.one_of(st.none(), st.floats(min_value=0, max_value=100)), label=fid)
              for fid in q.factors if data.draw(st.booleans(), label=f"{fid} scored")}
    factors = {fid: FactorScore(value, value, value, 1.0) for fid, value in scores.items()}
    expected = _relationship_by_definition(q, scores)
    for rel in (scoring.relationship(q, factors), scoring.relationship_of(q, scores)):
        got = None if rel.net is None else (rel.pull, rel.push, rel.net, rel.status, rel.strongest_push,
                                             rel.tension_risk)
        assert got == expected
