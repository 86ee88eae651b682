"""core/plan: the action plan and the EIF-layer scores, checked against numbers worked out by hand."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from helpers_core import _REF, answer_set, factor, item, questionnaire, section
from jsonschema import Draft202012Validator

from ids_assess.core.aggregate import aggregate
from ids_assess.core.model import Recommendation, Text
from ids_assess.core.plan import FALLBACK_ACTIONS, ActionPlan, EifLayer, action_plan, eif_layers
from ids_assess.core.scoring import score
from ids_assess.core.vocab import EIF_LAYERS
from ids_assess.io.schema import load_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def rec(name: str) -> Recommendation:
    return Recommendation(Text(name, name), _REF)


RA1, RA2, RB, RC = rec("a1"), rec("a2"), rec("b1"), rec("c1")
# a: weight 2, two statements, legal and technical; b: legal; c: no layer; d: weight 0.5, semantic, no action
A = dataclasses.replace(factor("a", [item("a.x"), item("a.y")], weight=2, section_id="s1"),
                        eif=("legal", "technical"), recommendations=(RA1, RA2))
B = dataclasses.replace(factor("b", [item("b.x")], section_id="s1"), eif=("legal",), recommendations=(RB,))
C = dataclasses.replace(factor("c", [item("c.x")], section_id="s1"), recommendations=(RC,))
D = dataclasses.replace(factor("d", [item("d.x")], weight=0.5, section_id="s2"), eif=("semantic",))
Q = questionnaire([section("s1", [A, B, C]), section("s2", [D])])


def result(**ratings: object):  # enabler statements: 1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100
    return score(Q, answer_set({f"{k[0]}.{k[1]}": v for k, v in ratings.items()}))


# a = 25 (a.y don't know: low 12.5, high 62.5), b = 0, c = 75, d = 25
WITH_BARRIERS = dict(ax=2, ay="dk", bx=1, cx=4, dx=2)


def test_barriers_ranked_by_gap_times_weight_ties_in_questionnaire_order():
    plan = action_plan(Q, result(**WITH_BARRIERS))
    assert plan.basis == "barriers"
    # a: (50 - 25) x 2 = 50; b: (50 - 0) x 1 = 50, after a (same priority, later factor); d: (50 - 25) x 0.5
    assert [(e.factor, e.section, e.score, e.gap, e.weight, e.priority) for e in plan.entries] == [
        ("a", "s1", 25.0, 25.0, 2.0, 50.0), ("b", "s1", 0.0, 50.0, 1.0, 50.0), ("d", "s2", 25.0, 25.0, 0.5, 12.5)]
    assert [e.actions for e in plan.entries] == [(RA1, RA2), (RB,), ()]  # d is a barrier without a recommendation
    assert [(e.factor, r.text.en) for e, r in plan.actions()] == [("a", "a1"), ("a", "a2"), ("b", "b1")]


def test_without_barriers_the_weakest_three_measured_to_100():
    # a = 75, b = 100, c = 50 (the midpoint: neither barrier nor enabler), d = 75
    plan = action_plan(Q, result(ax=4, ay=4, bx=5, cx=3, dx=4))
    assert plan.basis == "weakest" and FALLBACK_ACTIONS == 3
    # weakest: c 50, a 75, d 75 (b left out); a: (100 - 75) x 2 = 50 ranks before c: (100 - 50) x 1 = 50
    assert [(e.factor, e.gap, e.priority) for e in plan.entries] == [("a", 25.0, 50.0), ("c", 50.0, 50.0),
                                                                     ("d", 25.0, 12.5)]
    assert [r.text.en for _, r in plan.actions()] == ["a1", "a2", "c1"]


def test_nothing_scored_gives_an_empty_plan():
    plan = action_plan(Q, result(ax="dk", ay="dk", bx="dk", cx="na", dx="dk"))
    assert plan == ActionPlan("none", ()) and plan.actions() == ()


def test_eif_layers_are_means_of_the_mapped_factors():
    layers = eif_layers(Q, result(**WITH_BARRIERS))
    assert [layer.layer for layer in layers] == list(EIF_LAYERS)
    by_id = {layer.layer: layer for layer in layers}
    # legal: a (25; 12.5-62.5) and b (0; 0-0): score 12.5, low 6.25, high 31.25
    assert by_id["legal"] == EifLayer("legal", 12.5, 6.25, 31.25, ("a", "b"))
    assert by_id["technical"] == EifLayer("technical", 25.0, 12.5, 62.5, ("a",))
    assert by_id["semantic"] == EifLayer("semantic", 25.0, 25.0, 25.0, ("d",))
    assert by_id["organisational"] == EifLayer("organisational", None, None, None, ())


def test_a_layer_without_scores_has_none_and_no_crosswalk_has_no_layers():
    layers = {x.layer: x for x in eif_layers(Q, result(ax="dk", ay="dk", bx=3, dx="na"))}
    assert layers["technical"] == EifLayer("technical", None, None, None, ("a",))
    assert layers["legal"] == EifLayer("legal", 50.0, 50.0, 50.0, ("a", "b"))  # b alone: a has no score
    plain = questionnaire([section("s1", [factor("p", [item("p.x")])])])
    assert eif_layers(plain, score(plain, answer_set({"p.x": 2}))) == ()


def test_an_agency_profile_is_planned_from_its_means():
    # two respondents: a = (25 + 75) / 2 = 50 (not a barrier), b = (0 + 50) / 2 = 25, d = (25 + 25) / 2 = 25
    first = result(**WITH_BARRIERS)
    second = result(ax=4, ay=4, bx=3, cx=4, dx=2)
    [profile] = aggregate([first, second], lambda qid: Q).profiles
    plan = action_plan(Q, profile)
    assert [(e.factor, e.score, e.gap, e.priority) for e in plan.entries] == [("b", 25.0, 25.0, 25.0),
                                                                              ("d", 25.0, 25.0, 12.5)]
    legal = next(x for x in eif_layers(Q, profile) if x.layer == "legal")
    assert (legal.score, legal.factors) == ((50.0 + 25.0) / 2, ("a", "b"))


def test_score_by_agency_json_has_the_action_plan_and_the_eif_layers(cli):
    run = cli("score", EXAMPLES / "answers", "--by", "agency", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    Draft202012Validator(load_schema("results")).validate(data)
    for agency in data["agencies"]:
        assert set(agency["eif_layers"]) == set(EIF_LAYERS)
        for layer in agency["eif_layers"].values():
            assert set(layer) == {"score", "low", "high"}
            assert layer["low"] <= layer["score"] <= layer["high"]
        plan = agency["action_plan"]
        assert [e["rank"] for e in plan] == list(range(1, len(plan) + 1))
        priorities = [e["priority"] for e in plan]
        assert priorities == sorted(priorities, reverse=True)
        if agency["barriers"]:
            assert sorted(e["factor"] for e in plan) == sorted(agency["barriers"])
        for e in plan:
            target = 50.0 if agency["barriers"] else 100.0
            assert abs(e["gap"] - (target - e["score"])) <= 0.011
            assert abs(e["priority"] - e["gap"] * e["weight"]) <= 0.011 * e["weight"] + 0.005
            assert e["actions"] and all(set(a["text"]) == {"en", "zh"} and a["source"]["ref"] for a in e["actions"])
    assert any(agency["action_plan"] for agency in data["agencies"])
