"""Agency profiles, disagreement, the network and change over time: hand-computed values and properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ids_assess.core.aggregate import Aggregator, aggregate, normalise
from ids_assess.core.compare import compare
from ids_assess.core.model import Answer, AnswerSet
from ids_assess.core.scoring import score
from ids_assess.io.questionnaires import Registry, load_questionnaire
from ids_assess.render.agencies import agency_dict, network_dict
from ids_assess.render.network import to_dot, to_mermaid

MINI = load_questionnaire(Path(__file__).parent / "data" / "mini.yaml")


def lookup(ref: str):
    assert ref == "mini@1.0"  # results are looked up by the id and version they were scored against
    return MINI


def answers(agency: str, ratings: dict, source: str, **header) -> AnswerSet:
    return AnswerSet(source=source, questionnaire="mini", agency=agency,
                     answers={k: Answer(v) for k, v in ratings.items()}, **header)


A = answers("Bureau X", {"f1.a": 5, "f1.b": 1, "f2.a": "dk", "d1.a": 4, "d2.a": 4}, "a.yaml",
            agency_id="bx", role="it", partner="Bureau Y", tie="horizontal")
B = answers("Bureau X", {"f1.a": 3, "f1.b": 5, "f2.a": 4, "d1.a": 2, "d2.a": 3}, "b.yaml",
            agency_id="bx", role="leader", partner="Bureau Y", tie="horizontal")
C = answers("Bureau Y", {"f1.a": 1, "f1.b": 5, "f2.a": "na", "d1.a": 2, "d2.a": 2}, "c.yaml",
            role="legal", partner="  bureau x ", tie="vertical")


@pytest.fixture(scope="module")
def overview():
    return aggregate([score(MINI, s) for s in (A, B, C)], lookup)


def test_profiles_are_grouped_by_agency_id_else_normalised_name(overview):
    assert [(p.key, p.agency, p.respondents) for p in overview.profiles] == [("bx", "Bureau X", 2),
                                                                            ("bureau y", "Bureau Y", 1)]
    assert normalise("  ＢＵＲＥＡＵ\u3000y ") == "bureau y"


def test_factor_means_spread_and_disagreement_exactly_at_threshold(overview):
    x = overview.profiles[0]
    f1, f2, d1, d2 = (x.factors[f] for f in ("f1", "f2", "d1", "d2"))
    assert (f1.score, f1.n, f1.min, f1.max, f1.sd, f1.disagreement) == (62.5, 2, 25.0, 100.0, 37.5, True)
    # f2: A answered dk (null score, bounds 0..100), B rated it 75: the null respondent is left out of the mean
    assert (f2.score, f2.n, f2.low, f2.high, f2.coverage, f2.dk_share) == (75.0, 1, 37.5, 87.5, 0.5, 0.5)
    assert (d1.score, d1.max - d1.min, d1.disagreement) == (50.0, 50.0, True)  # exactly 50 apart: flagged
    assert (d2.score, d2.disagreement) == (62.5, False)
    assert x.disagreements == ("f1", "d1")
    assert x.information_needed == ("f2",)
    assert x.sections["org"].score == 75.0  # A: 100 (f2 null), B: 50
    assert x.roles == {"it": 1, "leader": 1}
    assert x.by_role == {"it": {"f1": 100.0, "f2": None, "d1": 75.0, "d2": 75.0},
                         "leader": {"f1": 25.0, "f2": 75.0, "d1": 25.0, "d2": 50.0}}


def test_relationship_means_and_status_from_the_mean_net(overview):
    rel = overview.profiles[0].relationship
    assert (rel.pull, rel.push) == (37.5, 12.5)
    assert rel.net == pytest.approx((25 - 25 / 3) / 2) and rel.status == "symbiosis"
    assert overview.profiles[1].relationship.status == "tension"


def test_threshold_is_adjustable():
    tight = aggregate([score(MINI, s) for s in (A, B)], lookup, disagreement=80)
    assert tight.profiles[0].disagreements == ()


def test_item_level_distribution(overview):
    x = overview.profiles[0]
    assert x.items["f2.a"].counts == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0, "dk": 1, "na": 0, "unanswered": 0}
    assert x.items["f1.b"].mean == 50.0  # barrier rated 1 (100) and 5 (0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["f1.a", "f1.b", "f2.a", "d1.a", "d2.a"]),
                                st.tuples(st.sampled_from([1, 2, 3, 4, 5, "dk", "na"]),
                                          st.sampled_from([None, "low", "high"])), max_size=5),
                min_size=1, max_size=8))
def test_item_counts_means_and_low_confidence_are_those_counted_by_hand(respondents) -> None:
    sets = [AnswerSet(source=f"{i}.yaml", questionnaire="mini", agency="Bureau X",
                      answers={k: Answer(r, confidence=c) for k, (r, c) in given.items()})
            for i, given in enumerate(respondents)]
    profile = aggregate([score(MINI, s) for s in sets], lookup).profiles[0]
    for item_id, item in MINI.items.items():
        given = [r[item_id] for r in respondents if item_id in r]
        rated = [rating for rating, _ in given if isinstance(rating, int)]
        expected = {str(k): sum(1 for rating, _ in given if rating == k) for k in range(1, 6)}
        expected.update(dk=sum(1 for r, _ in given if r == "dk"), na=sum(1 for r, _ in given if r == "na"),
                        unanswered=len(respondents) - len(given))
        got = profile.items[item_id]
        assert got.counts == expected
        barrier = item.polarity == "barrier"
        scores = [(5 - r if barrier else r - 1) * 25 for r in rated]
        assert got.mean == (round(sum(scores) / len(scores), 9) if scores else None)
        assert got.low_confidence == sum(1 for _, c in given if c == "low")


def test_systemic_barriers(overview):
    # f1: X 62.5, Y 0 -> barrier in 1 of 2; d1: X 50 (neither), Y 25; d2: X 62.5, Y 25; f2 never a barrier
    assert overview.systemic_barriers == ("f1", "d1", "d2")


def test_mutual_tie_with_asymmetric_perception(overview):
    edges = {(e.source, e.target): e for e in overview.network.edges}
    xy, yx = edges[("bx", "bureau y")], edges[("bureau y", "bx")]
    assert (xy.tie, xy.respondents, xy.status) == ("horizontal", 2, "symbiosis")
    assert (yx.tie, yx.respondents, yx.net, yx.status) == ("vertical", 1, -25.0, "tension")
    assert xy.asymmetric and yx.asymmetric
    data = network_dict(overview)
    assert {n["id"] for n in data["nodes"]} == {"bx", "bureau y"}
    assert 'style=dashed' in to_dot(overview.network) and "-.->" in to_mermaid(overview.network)


def test_the_graph_writers_take_the_edge_labels_and_quote_them(overview):
    from ids_assess.cli.network import edge_label

    network = overview.network
    # the default labels are the English ones without the tie
    assert to_dot(network) == to_dot(network, lambda e: edge_label(e, "en", tie=False))
    assert to_mermaid(network) == to_mermaid(network, lambda e: edge_label(e, "en", tie=False))
    dot = to_dot(network, lambda e: f'{e.source} says "hi" \\ {edge_label(e, "zh")}')
    edges = [line for line in dot.splitlines() if " -> " in line]
    assert len(edges) == len(network.edges) == 2
    for line, e in zip(edges, network.edges, strict=True):
        assert f'[label="{e.source} says \\"hi\\" \\\\ {edge_label(e, "zh")}", color=' in line
    assert "净值" in dot and "net " not in dot


def test_network_dot_in_chinese_is_the_writer_with_chinese_labels(cli):
    from ids_assess.cli.network import edge_label

    ov = _examples_overview()
    for lang in ("en", "zh"):
        run = cli("network", EX / "answers", "-f", "dot", "--lang", lang)
        assert run.code == 0, run
        assert run.out == to_dot(ov.network, lambda e, lang=lang: edge_label(e, lang))


def _examples_overview():
    from ids_assess.io.batch import aggregate_paths

    overview, problems = aggregate_paths([EX / "answers"], Registry(), 1)
    assert not problems
    return overview


def test_one_sided_tie_is_not_asymmetric():
    ov = aggregate([score(MINI, A)], lookup)
    [edge] = ov.network.edges
    assert edge.target == "bureau-y" and not edge.asymmetric
    assert {n.id: n.assessed for n in ov.network.nodes} == {"bx": True, "bureau-y": False}


def test_compare_flags_changes_and_barrier_transitions():
    old = aggregate([score(MINI, C)], lookup)
    better = answers("Bureau Y", {"f1.a": 5, "f1.b": 1, "d1.a": 2, "d2.a": 3}, "c2.yaml")
    new = aggregate([score(MINI, better)], lookup)
    [change] = compare(old, new).agencies
    by_id = {c.id: c for c in change.changes}
    assert (by_id["f1"].old, by_id["f1"].new, by_id["f1"].delta, by_id["f1"].trend) == (0.0, 100.0, 100.0, "improved")
    assert by_id["d1"].trend == "steady"
    # d2 moves from 25 to 50: at 50 a factor is neither barrier nor enabler, so it stopped being a barrier
    assert change.stopped_barriers == ("f1", "d2") and change.became_barriers == ()


# --- properties ----------------------------------------------------------------------------------

RATING = st.sampled_from([1, 2, 3, 4, 5, "dk", "na", None])


@st.composite
def answer_sets(draw, agency=None):
    name = agency or draw(st.sampled_from(["Bureau X", "Bureau Y", "Bureau Z"]))
    ratings = {item: r for item in MINI.items if (r := draw(RATING)) is not None}
    role = draw(st.sampled_from([None, "it", "leader", "legal"]))
    partner = draw(st.sampled_from([None, "Bureau X", "Bureau Y", "Bureau Z"]))
    return answers(name, ratings, f"{draw(st.integers(0, 10**6))}.yaml", role=role, partner=partner,
                   tie="vertical" if partner else None)


def view(overview) -> str:
    return json.dumps({"agencies": [agency_dict(p, lookup) for p in overview.profiles],
                       "systemic": overview.systemic_barriers, "network": network_dict(overview)}, sort_keys=True)


@settings(max_examples=60, deadline=None)
@given(answer_sets())
def test_an_agency_with_one_respondent_equals_that_respondent(s):
    result = score(MINI, s)
    [profile] = aggregate([result], lookup).profiles
    # equal to 9 decimals: aggregate means are settled there so that no float noise shows
    same = lambda x, y: (x is None and y is None) or x == pytest.approx(y, abs=1e-9)  # noqa: E731
    assert same(profile.overall.score, result.overall.score)
    for fid, f in result.factors.items():
        p = profile.factors[fid]
        assert same(p.score, f.score) and same(p.low, f.low) and same(p.high, f.high), fid
    for name in ("pull", "push", "net"):
        assert same(getattr(profile.relationship, name), getattr(result.relationship, name))
    assert profile.relationship.status == result.relationship.status


@settings(max_examples=60, deadline=None)
@given(st.lists(answer_sets(), min_size=1, max_size=6))
def test_duplicating_every_file_never_changes_the_means(sets):
    once = aggregate([score(MINI, s) for s in sets], lookup)
    twice = aggregate([score(MINI, s) for s in sets + sets], lookup)
    for p, q in zip(once.profiles, twice.profiles, strict=True):
        assert q.respondents == 2 * p.respondents
        for fid in MINI.factors:
            a, b = p.factors[fid], q.factors[fid]
            assert (a.score is None) == (b.score is None)
            if a.score is not None:
                assert b.score == pytest.approx(a.score) and b.sd == pytest.approx(a.sd, abs=1e-9)
        assert (p.relationship.status, q.relationship.status) == (p.relationship.status, p.relationship.status)


@settings(max_examples=60, deadline=None)
@given(st.lists(answer_sets(), min_size=1, max_size=6), st.randoms())
def test_the_order_of_files_never_matters(sets, rnd):
    shuffled = list(sets)
    rnd.shuffle(shuffled)
    assert view(aggregate([score(MINI, s) for s in sets], lookup)) == \
        view(aggregate([score(MINI, s) for s in shuffled], lookup))


def test_aggregator_memory_does_not_hold_results():
    agg = Aggregator(lookup, keep_sources=False)
    for i in range(200):
        agg.add(score(MINI, answers("Bureau X", {"f1.a": (i % 5) + 1}, f"{i}.yaml")))
    assert agg._agencies[("mini@1.0", "bureau x")].sources == []
    assert agg.finish().profiles[0].respondents == 200


# --- through the command line --------------------------------------------------------------------

EX = Path(__file__).resolve().parents[1] / "examples"


def test_score_by_agency_json_contract(cli):
    run = cli("score", EX / "answers", "--by", "agency", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert {"tool", "results", "errors", "agencies", "systemic_barriers", "network"} <= set(data)
    agency = data["agencies"][0]
    assert {"agency", "agency_id", "questionnaire", "respondents", "roles", "overall", "sections", "factors",
            "relationship", "by_role", "barriers", "enablers"} <= set(agency)
    assert set(agency["overall"]) >= {"score", "low", "high", "coverage", "band"}
    factor = next(iter(agency["factors"].values()))
    assert {"score", "low", "high", "coverage", "n", "min", "max", "sd", "dk_share", "disagreement"} <= set(factor)
    edge = data["network"]["edges"][0]
    assert {"source", "target", "tie", "respondents", "pull", "push", "net", "status", "asymmetric"} <= set(edge)
    assert {n["id"] for n in data["network"]["nodes"]} >= {a["agency_id"] for a in data["agencies"]}
    assert any(e["asymmetric"] for e in data["network"]["edges"]), "examples must hold an asymmetric pair"
    assert any(a["disagreements"] for a in data["agencies"]), "examples must hold an agency with disagreement"
    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    Draft202012Validator(load_schema("results")).validate(data)
    with_items = json.loads(cli("score", EX / "answers", "--by", "agency", "--format", "json", "--items").out)
    Draft202012Validator(load_schema("results")).validate(with_items)
    assert set(with_items["agencies"][0]["items"]) == set(Registry().get("ids-core@1.0.0").items)


def test_score_by_agency_table_and_csv(cli, tmp_path):
    run = cli("score", EX / "answers", "--by", "agency")
    assert run.code == 0 and "Systemic barriers" in run.out
    out = tmp_path / "agencies.csv"
    assert cli("score", EX / "answers", "--by", "agency", "-f", "csv", "-o", out).code == 0
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    n_agencies = len(json.loads(cli("score", EX / "answers", "--by", "agency", "-f", "json").out)["agencies"])
    assert len(rows) == n_agencies + 1 and rows[0].startswith("agency,agency_id,questionnaire")


def test_long_csv_is_tidy(cli):
    run = cli("score", EX / "answers", "-f", "csv", "--long")
    rows = run.out.lstrip("\ufeff").splitlines()
    assert rows[0] == ("source,questionnaire,agency,agency_id,respondent,role,level,id,score,low,high,coverage,"
                       "rating,rating_coded,item_score,confidence")
    n_files = len(list((EX / "answers").glob("*.yaml")))
    q = Registry().get("ids-core@1.0.0")  # the 2026 examples answer version 1.0.0
    assert len(rows) - 1 == n_files * (1 + len(q.sections) + len(q.factors) + len(q.items))
    assert cli("score", EX / "answers", "--long").code == 2  # --long needs --format csv


def test_network_command_formats(cli):
    for fmt, marker in (("json", '"edges"'), ("dot", "digraph"), ("mermaid", "flowchart LR")):
        run = cli("network", EX / "answers", "--format", fmt)
        assert run.code == 0 and marker in run.out
    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    schema = {"$ref": "#/$defs/network", "$defs": load_schema("results")["$defs"]}
    Draft202012Validator(schema).validate(json.loads(cli("network", EX / "answers").out))


def _later_round(folder: Path) -> Path:
    """Round 1 again in 1.0.0, with every data_standards statement answered at full readiness."""
    q = Registry().get("ids-core@1.0.0")
    folder.mkdir()
    for path in sorted((EX / "answers").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in q.factors["data_standards"].items:
            doc["answers"][item.id] = 5 if item.polarity == "enabler" else 1
        (folder / path.name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_compare_rounds_from_folders_and_from_json(cli, tmp_path):
    later = _later_round(tmp_path / "later")
    run = cli("compare", EX / "answers", later, "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert data["agencies"] and any(c["trend"] == "improved" for a in data["agencies"] for c in a["changes"])
    assert all(c["definition_changed"] is False for a in data["agencies"] for c in a["changes"])  # one version
    scores = tmp_path / "round1.json"
    assert cli("score", EX / "answers", "-f", "json", "-o", scores).code == 0
    again = json.loads(cli("compare", scores, later, "--format", "json").out)
    # a score JSON of round 1 gives the same comparison as its answer files, up to its 2-decimal rounding
    assert close(again, data)
    md = cli("compare", EX / "answers", EX / "answers-2027", "--format", "md", "--lang", "zh").out
    assert md.startswith("# 前后对比")


def test_compare_across_versions_marks_changed_definitions_and_never_calls_them_better(cli):
    run = cli("compare", EX / "answers", EX / "answers-2027", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert len(data["agencies"]) == 7
    q1, q2 = Registry().get("ids-core@1.0.0"), Registry().get("ids-core@2.0.0")
    for agency in data["agencies"]:
        assert agency["versions"] == {"old": "1.0.0", "new": "2.0.0"}
        changes = {c["id"]: c for c in agency["changes"]}
        assert changes["overall"]["definition_changed"] is True and changes["overall"]["trend"] is None
        for change in agency["changes"]:
            if change["definition_changed"]:
                assert change["trend"] is None and change["delta"] is None
        # matched through replaces: agency_leadership replaces leadership, shown beside its old score
        lead = changes["agency_leadership"]
        assert lead["old_ids"] == ["leadership"] and lead["old"] is not None and lead["definition_changed"]
        # a factor new in 2.0.0 has nothing to be set beside
        assert changes["management_model"]["old"] is None and changes["management_model"]["old_ids"] == []
        assert not agency["became_barriers"] and not agency["stopped_barriers"]
    assert "agency_leadership" in q2.factors and "leadership" in q1.factors


def close(a, b, tol=0.02) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= tol
    return a == b


def test_compare_rejects_a_broken_json(cli, tmp_path):
    bad = tmp_path / "r.json"
    bad.write_text('{"tool": {"name": "ids-assess", "version": "0"}, "results": [', encoding="utf-8")
    run = cli("compare", bad, bad)
    assert run.code == 1 and f"{bad}:1:" in run.err and "invalid JSON" in run.err


@settings(max_examples=40, deadline=None)
@given(st.lists(answer_sets(), min_size=1, max_size=5))
def test_shared_plain_answers_aggregate_like_fresh_ones(sets):
    from dataclasses import replace

    from ids_assess.core.model import PLAIN_ANSWERS

    def shared(s: AnswerSet) -> AnswerSet:
        return replace(s, answers={k: PLAIN_ANSWERS[a.rating] for k, a in s.answers.items()})

    fresh = aggregate([score(MINI, s) for s in sets], lookup)
    fast = aggregate([score(MINI, shared(s)) for s in sets], lookup)
    assert view(fresh) == view(fast)
    for p, q in zip(fresh.profiles, fast.profiles, strict=True):
        assert p.items == q.items


def test_ties_of_different_questionnaires_are_kept_apart():
    from dataclasses import replace

    other = replace(MINI, id="mini2")
    both = {"mini@1.0": MINI, "mini2@1.0": other}
    a2 = replace(A, questionnaire="mini2", source="a2.yaml")
    results = [score(MINI, A), replace(score(other, a2), questionnaire="mini2")]
    ov = aggregate(results, both.__getitem__)
    edges = sorted((e.questionnaire, e.source, e.target, e.respondents) for e in ov.network.edges)
    assert edges == [("mini", "bx", "bureau-y", 1), ("mini2", "bx", "bureau-y", 1)]


def test_thresholds_compare_settled_values():
    from ids_assess.core.aggregate import Edge, _asymmetric
    from ids_assess.core.compare import _change

    assert 18.333333333333332 - 8.333333333333334 < 10  # float noise
    assert _change("f", "factor", 8.333333333333334, 18.333333333333332, 10.0).trend == "improved"
    a = Edge("a", "b", None, 1, None, None, -19.8, "tension")
    b = Edge("b", "a", None, 1, None, None, -44.8, "tension")
    assert abs(a.net - b.net) < 25 and _asymmetric(a, b, 25.0)


def test_a_partner_assessed_with_another_questionnaire_is_one_node():
    from dataclasses import replace

    other = replace(MINI, id="mini2")
    both = {"mini@1.0": MINI, "mini2@1.0": other}
    y = replace(C, questionnaire="mini2", partner=None, tie=None)
    ov = aggregate([score(MINI, A), replace(score(other, y), questionnaire="mini2")], both.__getitem__)
    assert sorted(n.id for n in ov.network.nodes) == ["bureau y", "bx"]


def test_score_by_agency_json_lets_each_result_go_before_the_next_file_is_read(cli, tmp_path, monkeypatch):
    """`score --by agency --format json` needs a result only for the agency sums and its line: by the time the
    next file's result is added, the one before is gone (held on, results cost memory traffic across a batch)."""
    import gc
    import weakref

    from ids_assess.core import aggregate as agg

    seen: list[weakref.ref] = []
    alive_at_next: list[bool] = []
    add = agg.Aggregator.add

    def watched(self, result, item_level=True):
        gc.collect()
        alive_at_next.extend(ref() is not None for ref in seen[-1:])
        seen.append(weakref.ref(result))
        return add(self, result, item_level)

    monkeypatch.setattr(agg.Aggregator, "add", watched)
    out = tmp_path / "agencies.json"
    run = cli("score", EX / "answers", "--by", "agency", "--format", "json", "-o", out)
    assert run.code == 0, run
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["results"]) == len(seen) >= 3 and document["agencies"]
    assert alive_at_next == [False] * (len(seen) - 1)


def test_a_level_s_lowest_and_highest_scores_are_floats_even_from_whole_numbers():
    """Scores read back from a results JSON can be whole numbers (``"score": 50``): the profile's min and max
    are floats all the same, as its means are, so its JSON writes ``50.0`` wherever the scores came from."""
    from ids_assess.core.model import Score
    from ids_assess.core.sums import Slots

    sums = Slots(2)
    sums.add([Score(50, 40, 60, 1), None])
    sums.add([Score(75, 70, 80, 1), Score(None, None, None, 0)])
    stat = sums.stat(0)
    assert (stat.min, stat.max, stat.n) == (50.0, 75.0, 2)
    assert type(stat.min) is float and type(stat.max) is float and type(stat.score) is float
    assert sums.stat(1).min is None and sums.stat(1).n == 0


def test_an_outcome_without_its_result_keeps_every_other_field():
    """``Outcome.without_result`` drops the result alone, whatever fields the outcome gains later."""
    import dataclasses

    from ids_assess.core.errors import Problem
    from ids_assess.core.outcome import Outcome

    result = score(MINI, A)
    given = Outcome("a.yaml", "answers", result, (Problem("a.yaml", 3, 4, "odd"),), '{"x": 1}', 61.5, 0.75)
    left = given.without_result()
    assert left.result is None and given.result is result
    kept = [f.name for f in dataclasses.fields(Outcome) if f.name != "result"]
    assert [getattr(left, name) for name in kept] == [getattr(given, name) for name in kept]
