"""The scoring rules of ids-core 2.0 (a questionnaire's ``scoring`` block), each worked out by hand: minimum
answers, no verdict on too little coverage, the neutral band, the overall without the relationship, the
strongest push and the tension risk, relationships per partner, and questionnaire versions."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml
from helpers_core import answer_set, factor, item, questionnaire, section

from ids_assess.core import scoring
from ids_assess.core.aggregate import aggregate
from ids_assess.core.model import AnswerSet, Questionnaire, Scoring
from ids_assess.io.questionnaires import Registry
from ids_assess.render.agencies import agency_dict, network_dict
from ids_assess.render.results_json import result_dict

EX = Path(__file__).resolve().parents[1] / "examples"


def ruled(q: Questionnaire, **rules: float | None) -> Questionnaire:
    """``q`` scored under the given rules (the rest as a questionnaire without a scoring block)."""
    return dataclasses.replace(q, scoring=Scoring(**rules))  # type: ignore[arg-type]


def four_items() -> Questionnaire:
    return questionnaire([section("s", [factor("f", [item(f"f.i{n}") for n in range(1, 5)])])])


# --- minimum answers -------------------------------------------------------------------------------

def test_a_factor_needs_half_of_its_applicable_items_rated_for_a_score() -> None:
    q = ruled(four_items(), min_answered=0.5)
    # 4 applicable items, ceil(0.5 x 4) = 2 needed. One rated (4 -> 75), three dk: no score,
    # but low = 75/4 = 18.75, high = (75 + 300)/4 = 93.75 and coverage 1/4 as before
    one = scoring.score(q, answer_set({"f.i1": 4, "f.i2": "dk", "f.i3": "dk", "f.i4": "dk"})).factors["f"]
    assert (one.score, one.low, one.high, one.coverage) == (None, 18.75, 93.75, 0.25)
    # two rated (4 -> 75, 2 -> 25): score 50
    two = scoring.score(q, answer_set({"f.i1": 4, "f.i2": 2, "f.i3": "dk"})).factors["f"]
    assert (two.score, two.low, two.high, two.coverage) == (50.0, 25.0, 75.0, 0.5)


def test_na_items_do_not_count_towards_the_minimum() -> None:
    q = ruled(questionnaire([section("s", [factor("f", [item(f"f.i{n}") for n in range(1, 6)])])]),
              min_answered=0.5)
    # 5 items, 2 na: 3 applicable, ceil(1.5) = 2 needed
    one = scoring.score(q, answer_set({"f.i1": 5, "f.i2": "na", "f.i3": "na"})).factors["f"]
    assert one.score is None and one.coverage == pytest.approx(1 / 3)
    two = scoring.score(q, answer_set({"f.i1": 5, "f.i2": "na", "f.i3": "na", "f.i4": 3})).factors["f"]
    assert two.score == 75.0 and two.coverage == pytest.approx(2 / 3)


def test_without_a_minimum_one_rated_item_suffices() -> None:
    q = four_items()  # no scoring block: the old rule
    assert q.scoring == Scoring(margin=0, min_answered=0, min_coverage=0, tension_threshold=5, push_alert=None)
    one = scoring.score(q, answer_set({"f.i1": 4})).factors["f"]
    assert one.score == 75.0


def test_a_minimum_share_is_not_rounded_up_by_float_noise() -> None:
    # 0.1 x 30 is 3.0000000000000004 in floating point: 3 items are needed, not 4
    assert scoring.required_answers(0.1, 30) == 3
    assert scoring.required_answers(0.5, 3) == 2 and scoring.required_answers(0.0, 7) == 1


# --- no verdict on too few answers -----------------------------------------------------------------

def test_low_coverage_withholds_the_band_and_the_factor_status() -> None:
    q = ruled(questionnaire([section("s", [factor("f", [item(f"f.i{n}") for n in range(1, 5)]),
                                           factor("g", [item("g.a"), item("g.b")])])]), min_coverage=0.5)
    # f: one of four rated (1 -> 0): coverage 0.25 < 0.5, score 0 but no barrier status;
    # g: both rated 5 -> 100: coverage 1, an enabler. Overall coverage 3/6 = 0.5: not below, band given
    result = scoring.score(q, answer_set({"f.i1": 1, "g.a": 5, "g.b": 5}))
    f = result.factors["f"]
    assert f.score == 0.0 and f.withheld and f.verdict is None
    assert result.barriers == () and result.enablers == ("g",)
    assert result.overall.coverage == 0.5 and not result.overall.withheld
    # overall: (0 + 100) / 2 = 50, band "weak" (40-55)
    assert result.band is not None and result.band.id == "weak"
    out = result_dict(result)
    assert out["factors"]["f"]["verdict_withheld"] is True and out["factors"]["f"]["verdict"] is None
    assert out["factors"]["g"] == {**out["factors"]["g"], "verdict": "enabler", "verdict_withheld": False}
    assert out["overall"]["band"] == "weak" and out["overall"]["band_withheld"] is False


def test_overall_below_the_minimum_coverage_has_no_band() -> None:
    q = ruled(four_items(), min_coverage=0.5)
    result = scoring.score(q, answer_set({"f.i1": 5, "f.i2": "dk", "f.i3": "dk", "f.i4": "dk"}))
    assert result.overall.score == 100.0 and result.overall.coverage == 0.25
    assert result.band is None and result.overall.withheld
    out = result_dict(result)
    assert out["overall"]["band"] is None and out["overall"]["band_withheld"] is True
    assert out["sections"]["s"]["band"] is None and out["sections"]["s"]["band_withheld"] is True


# --- the neutral band ------------------------------------------------------------------------------

def eight_items() -> Questionnaire:
    return questionnaire([section("s", [factor("f", [item(f"f.i{n}") for n in range(1, 9)]),
                                        factor("g", [item(f"g.i{n}") for n in range(1, 6)])])])


def test_scores_within_the_margin_are_neutral() -> None:
    # f: seven items at 3 (50) and one at 2 (25): (7 x 50 + 25) / 8 = 46.875
    # g: four at 3 and one at 4 (75): (4 x 50 + 75) / 5 = 55
    ratings = {**{f"f.i{n}": 3 for n in range(1, 8)}, "f.i8": 2, **{f"g.i{n}": 3 for n in range(1, 5)}, "g.i5": 4}
    plain = scoring.score(eight_items(), answer_set(ratings))
    assert plain.factors["f"].score == 46.875 and plain.factors["g"].score == 55.0
    assert (plain.barriers, plain.enablers) == (("f",), ("g",))  # margin 0: below 50 and above 50
    banded = scoring.score(ruled(eight_items(), margin=5), answer_set(ratings))
    # margin 5: barrier below 45, enabler above 55; 46.875 and 55 (not above 55) are neutral
    assert (banded.barriers, banded.enablers) == ((), ())
    assert banded.factors["f"].verdict == "neutral" and banded.factors["g"].verdict == "neutral"


def test_outside_the_margin_ranking_stays_by_distance_times_weight() -> None:
    q = ruled(questionnaire([section("s", [factor("a", [item("a.x")], weight=1),
                                           factor("b", [item("b.x")], weight=3),
                                           factor("c", [item("c.x")], weight=1)])]), margin=5)
    # a: 1 -> 0 (distance 50 x 1 = 50); b: 2 -> 25 (25 x 3 = 75); c: 3 -> 50 (neutral)
    result = scoring.score(q, answer_set({"a.x": 1, "b.x": 2, "c.x": 3}))
    assert result.barriers == ("b", "a") and result.enablers == ()
    assert result.factors["c"].verdict == "neutral"


def test_systemic_barriers_use_the_margin() -> None:
    q = ruled(questionnaire([section("s", [factor("f", [item(f"f.i{n}") for n in range(1, 9)])])]), margin=5)
    near = {**{f"f.i{n}": 3 for n in range(1, 8)}, "f.i8": 2}  # 46.875: neutral
    far = {f"f.i{n}": 2 for n in range(1, 9)}  # 25: a barrier
    sets = [dataclasses.replace(answer_set(near), agency="A", source="a.yaml"),
            dataclasses.replace(answer_set(far), agency="B", source="b.yaml"),
            dataclasses.replace(answer_set(near), agency="C", source="c.yaml")]
    ov = aggregate([scoring.score(q, s) for s in sets], lambda ref: q)
    assert ov.systemic_barriers == ()  # a barrier in 1 of 3 agencies
    ov2 = aggregate([scoring.score(q, s) for s in sets[:2]], lambda ref: q)
    assert ov2.systemic_barriers == ("f",)  # 1 of 2: at least half


# --- the overall is the agency's own ---------------------------------------------------------------

def with_relationship() -> Questionnaire:
    own = section("own", [factor("f", [item("f.a"), item("f.b")])], weight=1)
    rel = dataclasses.replace(section("relationship", [factor("d1", [item("d1.a")], determinant=True),
                                                       factor("d2", [item("d2.a")], determinant=True)]),
                              in_overall=False)
    return questionnaire([own, rel])


def test_sections_not_in_overall_are_scored_but_left_out_of_it() -> None:
    # own: f.a 2 -> 25, f.b "dk": score 25, low 12.5, high 62.5, coverage 1/2;
    # relationship: d1 5 -> 100, d2 5 -> 100: section 100, not in the overall
    result = scoring.score(with_relationship(), answer_set({"f.a": 2, "f.b": "dk", "d1.a": 5, "d2.a": 5}))
    assert result.sections["relationship"].score == 100.0
    assert (result.overall.score, result.overall.low, result.overall.high) == (25.0, 12.5, 62.5)
    assert result.overall.coverage == 0.5  # 1 answered of 2 countable: the relationship items do not count
    assert result.band is not None and result.band.id == "critical"


def test_the_bundled_revised_instrument_leaves_relationship_and_outcomes_out() -> None:
    q = Registry().get("ids-core@2.0.0")
    assert [s.id for s in q.sections if not s.in_overall] == ["relationship", "outcomes"]
    assert all(s.in_overall for s in Registry().get("ids-core@1.0.0").sections)


# --- strongest push and tension risk --------------------------------------------------------------

def determinants() -> Questionnaire:
    return ruled(questionnaire([section("relationship", [factor(f"d{n}", [item(f"d{n}.a"), item(f"d{n}.b")],
                                                                determinant=True) for n in range(1, 4)])]),
                 tension_threshold=5, push_alert=25)


def test_a_balanced_net_can_still_carry_a_tension_risk() -> None:
    # d1: 1, 2 -> 0, 25: 12.5 (push 37.5); d2: 5, 4 -> 100, 75: 87.5 (pull 37.5); d3: 3, 3 -> 50
    # net = (37.5 - 37.5) / 3 = 0: balanced, but d1 scores below the alert of 25
    rel = scoring.score(determinants(), answer_set({"d1.a": 1, "d1.b": 2, "d2.a": 5, "d2.b": 4,
                                                    "d3.a": 3, "d3.b": 3})).relationship
    assert (rel.pull, rel.push, rel.net, rel.status) == (37.5, 37.5, 0.0, "balanced")
    assert rel.strongest_push == "d1" and rel.tension_risk is True


def test_no_push_no_risk() -> None:
    rel = scoring.score(determinants(), answer_set({"d1.a": 3, "d1.b": 4, "d2.a": 5, "d2.b": 4,
                                                    "d3.a": 3, "d3.b": 3})).relationship
    # d1 62.5, d2 87.5, d3 50: nothing below 50 pushes; the lowest (the weakest pull) is d3
    assert rel.strongest_push == "d3" and rel.tension_risk is False and rel.status == "symbiosis"


def test_without_an_alert_there_is_no_tension_risk() -> None:
    q = ruled(determinants(), tension_threshold=5)  # push_alert None: a questionnaire without scoring block
    rel = scoring.score(q, answer_set({"d1.a": 1, "d1.b": 1, "d2.a": 5, "d2.b": 5})).relationship
    assert rel.strongest_push == "d1" and rel.tension_risk is False


# --- relationships per partner ---------------------------------------------------------------------

def partner_set(partner: str | None, ratings: dict[str, object], source: str, tie: str | None = None) -> AnswerSet:
    return dataclasses.replace(answer_set(ratings), agency="Bureau A", partner=partner, tie=tie, source=source)


def test_two_partners_of_one_agency_are_never_averaged() -> None:
    q = determinants()
    low = {"d1.a": 1, "d1.b": 1, "d2.a": 2, "d2.b": 2, "d3.a": 3, "d3.b": 3}  # 0, 25, 50: net -25, tension
    high = {"d1.a": 5, "d1.b": 5, "d2.a": 4, "d2.b": 4, "d3.a": 3, "d3.b": 3}  # 100, 75, 50: net +25
    results = [scoring.score(q, s) for s in (
        partner_set("Bureau B", low, "1.yaml", "vertical"), partner_set("Bureau B", low, "2.yaml", "vertical"),
        partner_set("Bureau C", high, "3.yaml", "horizontal"), partner_set(None, high, "4.yaml"))]
    ov = aggregate(results, lambda ref: q)
    [profile] = ov.profiles
    groups = {g.partner: g for g in profile.relationships}
    assert set(groups) == {"Bureau B", "Bureau C", None}
    b, c, none = groups["Bureau B"], groups["Bureau C"], groups[None]
    assert (b.n, b.tie, b.partner_key, b.relationship.net, b.relationship.status) == (2, "vertical", "bureau-b",
                                                                                        -25.0, "tension")
    assert b.relationship.strongest_push == "d1" and b.relationship.tension_risk is True  # d1 mean 0 < 25
    assert (c.n, c.tie, c.relationship.net, c.relationship.status) == (1, "horizontal", 25.0, "symbiosis")
    assert c.relationship.tension_risk is False and none.partner_key is None and none.n == 1
    # the deprecated agency-level relationship: several partners, so none (an average would say "balanced")
    assert profile.relationship.net is None and profile.relationship.status is None
    out = agency_dict(profile, lambda ref: q)
    assert out["relationship"] is None
    assert [r["partner"] for r in out["relationships"]] == [None, "Bureau B", "Bureau C"]
    assert out["relationships"][1] == {"partner": "Bureau B", "partner_key": "bureau-b", "tie": "vertical", "n": 2,
                                       "pull": 0.0, "push": 75.0, "net": -25.0, "status": "tension",
                                       "strongest_push": "d1", "tension_risk": True}
    edges = {e["target"]: e for e in network_dict(ov)["edges"]}
    assert edges["bureau-b"]["tension_risk"] is True and edges["bureau-b"]["tie"] == "vertical"
    assert edges["bureau-c"]["net"] == 25.0


def test_one_partner_keeps_the_agency_level_relationship() -> None:
    q = determinants()
    low = {"d1.a": 1, "d1.b": 1, "d2.a": 2, "d2.b": 2, "d3.a": 3, "d3.b": 3}
    results = [scoring.score(q, partner_set("Bureau B", low, f"{n}.yaml")) for n in range(2)]
    [profile] = aggregate(results, lambda ref: q).profiles
    assert len(profile.relationships) == 1
    assert profile.relationship == profile.relationships[0].relationship
    assert profile.relationship.net == -25.0


# --- versions ---------------------------------------------------------------------------------------

def test_the_registry_knows_every_version_and_an_id_alone_is_the_latest() -> None:
    registry = Registry()
    assert registry.get("ids-core").version == "2.0.0"
    assert registry.get("ids-core@1.0.0").version == "1.0.0"
    assert registry.get("territoriality").version == "1.1.0"
    assert registry.get("data-stickiness@1.0.0").version == "1.0.0"
    old = registry.get("ids-core@1.0.0")
    assert old.scoring == Scoring(margin=0, min_answered=0, min_coverage=0, tension_threshold=5, push_alert=None)
    assert registry.get("ids-core").scoring == Scoring(margin=5, min_answered=0.5, min_coverage=0.5,
                                                       tension_threshold=5, push_alert=25)


def test_the_1_0_0_examples_score_as_before(cli) -> None:
    """The round 1 files say version 1.0.0 and are scored under its rules: the numbers of the reports
    before ids-core 2.0 (tests/golden/round1-en-index.md) are unchanged."""
    for path in (EX / "answers").glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == "1.0.0"
    data = json.loads(cli("score", EX / "answers", "--by", "agency", "-f", "json").out)
    overall = {a["agency_id"]: (round(a["overall"]["score"], 1), a["overall"]["band"]) for a in data["agencies"]}
    assert overall == {"cityx-bdb": (68.2, "emerging"), "cityx-psb": (54.7, "weak"), "cityx-customs": (52.6, "weak"),
                       "cityx-ciq": (49.4, "weak"), "cityx-msb": (47.9, "weak"), "cityx-msb-xinhe": (47.5, "weak"),
                       "cityx-health": (44.9, "weak")}
    assert all(r["version"] == "1.0.0" for r in data["results"])
    assert not any(f["verdict"] == "neutral" for r in data["results"] for f in r["factors"].values()
                   if f["score"] is not None and f["score"] != 50)  # margin 0: no neutral band


def test_a_file_without_version_gets_the_latest_and_is_told_which_it_is(cli, tmp_path) -> None:
    old = Registry().get("ids-core@1.0.0")
    doc = {"questionnaire": "ids-core", "agency": "Test Bureau", "answers": {i: 4 for i in list(old.items)[:20]}}
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    run = cli("validate", path)
    assert run.code == 1
    assert "use the item ids of version 1.0.0 of 'ids-core'" in run.out and "add 'version: 1.0.0'" in run.out
    assert "unknown item id" not in run.out  # said once, not once per item
    doc["version"] = "1.0.0"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert cli("validate", path).code == 0
    scored = json.loads(cli("score", path, "-f", "json").out)["results"][0]
    assert scored["version"] == "1.0.0"
    doc["version"] = "3.0.0"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    run = cli("validate", path)
    assert run.code == 1 and "version 3.0.0 of 'ids-core', which is not known (known: 1.0.0, 2.0.0)" in run.out


def test_one_agency_in_two_versions_gets_two_profiles_and_a_warning(cli, tmp_path) -> None:
    for name in ("cityx-msb-01-leader.yaml",):
        (tmp_path / f"2026-{name}").write_bytes((EX / "answers" / name).read_bytes())
        (tmp_path / f"2027-{name}").write_bytes((EX / "answers-2027" / name).read_bytes())
    run = cli("score", tmp_path, "--by", "agency", "-f", "json")
    assert run.code == 0, run
    profiles = json.loads(run.out)["agencies"]
    assert [(p["agency_id"], p["version"]) for p in profiles] == [("cityx-msb", "1.0.0"), ("cityx-msb", "2.0.0")]
    assert "warning: agency 'City X Market Supervision Bureau' answered versions 1.0.0 and 2.0.0 of 'ids-core'" \
        in run.err


# --- the command line ------------------------------------------------------------------------------

def test_questionnaire_list_and_show_know_the_versions(cli) -> None:
    listed = cli("questionnaire", "list")
    assert listed.code == 0 and "1.0.0" in listed.out and "2.0.0" in listed.out and "1.1.0" in listed.out
    old = json.loads(cli("questionnaire", "show", "ids-core@1.0.0", "--format", "json").out)
    assert old["version"] == "1.0.0"
    assert old["scoring"] == {"margin": 0.0, "min_answered": 0.0, "min_coverage": 0.0, "tension_threshold": 5.0,
                              "push_alert": None}
    assert all(s["in_overall"] for s in old["sections"]) and old["reverse_pairs"] == []
    new = json.loads(cli("questionnaire", "show", "ids-core", "--format", "json").out)
    assert new["version"] == "2.0.0" and new["estimated_minutes"] == 26
    assert new["scoring"] == {"margin": 5, "min_answered": 0.5, "min_coverage": 0.5, "tension_threshold": 5,
                              "push_alert": 25}
    assert {s["id"]: s["in_overall"] for s in new["sections"]}["relationship"] is False
    assert new["reverse_pairs"] and all(len(p) == 2 for p in new["reverse_pairs"])
    factor0 = new["sections"][0]["factors"][0]
    assert factor0["replaces"] == ["hardware_software"]
    assert set(factor0["recommendations"][0]) == {"text", "source", "origin", "actor", "kind", "horizon"}
    assert set(factor0["recommendations"][0]["text"]) == {"en", "zh"}
    assert factor0["items"][0]["origin"] in ("paper", "derived")


def test_q_id_at_version_works_for_template(cli) -> None:
    run = cli("template", "-q", "ids-core@1.0.0")
    assert run.code == 0 and "version: \"1.0.0\"" in run.out and "leadership." in run.out
    run = cli("template", "-q", "ids-core@9.9.9")
    assert run.code == 2 and "has no version 9.9.9" in run.err


def test_dataset_header_for_questionnaires_that_declare_it(cli, answer_file) -> None:
    sticky = Registry().get("data-stickiness@1.1.0")
    assert [h.id for h in sticky.header_fields] == ["dataset"]
    path = answer_file({i: 3 for i in sticky.items}, questionnaire="data-stickiness", version="1.1.0",
                       dataset="Enterprise registration records", partner="City X Customs")
    run = cli("score", path, "-f", "json")
    assert run.code == 0, run
    assert json.loads(run.out)["results"][0]["dataset"] == "Enterprise registration records"
    terr = Registry().get("territoriality@1.0.0")
    other = answer_file({i: 3 for i in terr.items}, name="t.yaml", dataset="x")
    run = cli("validate", other)
    assert run.code == 1 and "has no 'dataset' field" in run.out


def test_score_json_carries_the_relationship_signals(cli) -> None:
    data = json.loads(cli("score", EX / "answers-2027", "--by", "agency", "-f", "json").out)
    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    Draft202012Validator(load_schema("results")).validate(data)
    customs = next(a for a in data["agencies"] if a["agency_id"] == "cityx-customs")
    ciq = next(r for r in customs["relationships"] if r["partner_key"] == "cityx-ciq")
    # the 2027 story: Customs' view of the CIQ is balanced, but data ownership pulls it towards tension
    assert ciq["status"] == "balanced" and ciq["tension_risk"] is True and ciq["strongest_push"] == "data_ownership"
    msb = next(a for a in data["agencies"] if a["agency_id"] == "cityx-msb")
    assert {r["partner_key"] for r in msb["relationships"]} == {None, "cityx-customs", "cityx-msb-xinhe"}
    assert msb["relationship"] is None  # several partners: the deprecated field is null
    assert all(len([p for p in data["agencies"] if p["agency_id"] == a]) == 1 for a in {p["agency_id"]
                                                                                        for p in data["agencies"]})
    assert all(a["respondents"] >= 5 for a in data["agencies"])



def test_the_tension_threshold_has_one_home() -> None:
    from ids_assess.core.errors import InvalidInput
    from ids_assess.io import yamlio
    from ids_assess.io.questionnaires import from_document

    mini = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")
    assert "relationship:\n  threshold: 5" in mini
    plain = from_document(yamlio.loads(mini))
    # no scoring block: the old key is the threshold, and the old rules hold
    assert plain.scoring == Scoring(tension_threshold=5) and plain.threshold == 5
    same = mini + "scoring: {margin: 5, min_answered: 0.5, min_coverage: 0.5, tension_threshold: 5, push_alert: 20}\n"
    rules = from_document(yamlio.loads(same)).scoring
    assert (rules.margin, rules.tension_threshold, rules.push_alert) == (5, 5, 20)
    clash = same.replace("tension_threshold: 5", "tension_threshold: 9")
    with pytest.raises(InvalidInput, match=r"relationship\.threshold differs from scoring\.tension_threshold"):
        from_document(yamlio.loads(clash))


def test_the_template_asks_for_the_dataset_where_the_questionnaire_declares_it(cli) -> None:
    run = cli("template", "-q", "data-stickiness")
    assert run.code == 0 and 'version: "1.1.0"' in run.out and "\ndataset:" in run.out
    run = cli("template", "-q", "data-stickiness@1.0.0")
    assert run.code == 0 and "\ndataset:" not in run.out
