"""``ids-assess stats`` and ``score --stats`` end to end: hand-computed figures, determinism, the schema,
bad input, the fields of the new scoring model, and numpy kept out of the plain commands."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from jsonschema import Draft202012Validator

from ids_assess.core.model import Result, Scoring
from ids_assess.io.batch import run as run_batch
from ids_assess.io.questionnaires import Registry, load_questionnaire
from ids_assess.io.schema import load_schema
from ids_assess.render.stats_out import report_dict
from ids_assess.stats import cronbach_alpha, rwg_j
from ids_assess.stats.collect import Collector

REPO = Path(__file__).resolve().parents[1]
EX = REPO / "examples" / "answers"
T = {"en": "t", "zh": "中"}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def make_questionnaire(folder: Path, sections: dict[str, dict[str, list[tuple[str, str]]]], qid: str = "tri",
                       **top: Any) -> Path:
    """A small questionnaire: ``{section: {factor: [(item id, polarity), ...]}}``."""
    def factor(fid: str, items: list[tuple[str, str]]) -> dict[str, Any]:
        return {"id": fid, "title": T, "description": T, "weight": 1, "determinant": False,
                "source": {"ref": "s", "section": "1"},
                "recommendations": [{"text": T, "source": {"ref": "s", "section": "1"}}],
                "items": [{"id": iid, "text": T, "polarity": pol} for iid, pol in items]}

    doc = {"id": qid, "version": "1.0", "title": T, "languages": ["en", "zh"],
           "sources": {"s": {"short": T, "citation": "A source."}},
           "scale": {"labels": {str(i): T for i in range(1, 6)}, "dk": T, "na": T},
           "bands": [{"id": "low", "min": 0, "label": T}, {"id": "high", "min": 50, "label": T}],
           "sections": [{"id": sid, "title": T, "factors": [factor(f, items) for f, items in factors.items()]}
                        for sid, factors in sections.items()], **top}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{qid}.yaml"
    path.write_text(yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_answers(folder: Path, name: str, agency: str, answers: dict[str, Any], qid: str = "tri",
                  **header: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    doc = {"questionnaire": qid, "agency": agency, **header, "answers": answers}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


TRI = {"org": {"f1": [("f1.a", "enabler"), ("f1.b", "barrier"), ("f1.c", "enabler")]}}
# raw ratings; f1.b is a barrier, so readiness-coded it is 6 - r: rows (4, 5, 4), (3, 4, 3), (2, 2, 3)
TRI_ANSWERS = [{"f1.a": 4, "f1.b": 1, "f1.c": 4}, {"f1.a": 3, "f1.b": 2, "f1.c": 3},
               {"f1.a": 2, "f1.b": 4, "f1.c": 3}]


@pytest.fixture
def tri(tmp_path: Path) -> tuple[Path, Path]:
    qdir = make_questionnaire(tmp_path / "q", TRI).parent
    adir = tmp_path / "a"
    for i, answers in enumerate(TRI_ANSWERS):
        write_answers(adir, f"r{i}.yaml", "Bureau A", answers)
    return qdir, adir


def stats_json(cli: Any, *args: Any) -> dict[str, Any]:
    run = cli("stats", *args, "--format", "json")
    assert run.code == 0, run
    data: dict[str, Any] = json.loads(run.out)
    return data


def test_hand_computed_alpha_and_rwg_on_three_respondents(cli, tri):
    qdir, adir = tri
    data = stats_json(cli, adir, "--questionnaires", qdir)
    q = data["questionnaires"][0]
    assert (q["id"], q["respondents"], q["agencies_n"]) == ("tri", 3, 1)
    # item variances 1, 7/3, 1/3 (sum 11/3); totals 13, 10, 7 (variance 9): alpha = 3/2 (1 - 11/27) = 8/9
    f1 = q["factors"]["f1"]
    assert f1["alpha"] == round(8 / 9, 4) and f1["alpha_n"] == 3
    # S = 11/9, S / 2 = 11/18: rwg(j) = 3 (7/18) / (3 (7/18) + 11/18) = 21/32; AD(M) = (2/3 + 10/9 + 4/9) / 3
    agency = q["agencies"][0]["factors"]["f1"]
    assert agency["rwg_j"] == 0.6563 and agency["ad_m"] == round(20 / 27, 4) and agency["n_rwg"] == 3
    assert agency["aggregation_ok"] is False  # 0.656 < 0.70
    assert agency["mean"] == round(175 / 3, 2)  # factor scores 83.33, 58.33, 33.33
    coded = np.array([[4, 5, 4], [3, 4, 3], [2, 2, 3]], dtype=float)
    alpha = cronbach_alpha(coded)
    assert alpha.alpha == pytest.approx(8 / 9) and rwg_j(coded).rwg_j == pytest.approx(21 / 32)
    for stat, item in zip(alpha.items, ("f1.a", "f1.b", "f1.c"), strict=True):
        assert f1["items"][item]["item_rest"] == round(stat.item_rest_r, 4)
        assert f1["items"][item]["alpha_if_deleted"] == round(stat.alpha_if_deleted, 4)
    # one agency: no ICC, and the reason beside it
    assert f1["icc1"] is None and "2 groups" in f1["icc1_why"]
    assert stats_json(cli, adir, "--questionnaires", qdir, "--rwg-min", "0.6")["questionnaires"][0][
        "agencies"][0]["factors"]["f1"]["aggregation_ok"] is True


def test_examples_validate_against_the_stats_schema(cli):
    data = stats_json(cli, EX)
    Draft202012Validator(load_schema("stats")).validate(data)
    q = data["questionnaires"][0]
    assert q["id"] == "ids-core" and q["agencies_n"] == 7 and len(q["files"]) == q["respondents"]
    small = next(a for a in q["agencies"] if a["respondents"] < 3)
    assert small["overall"]["interval"] is None and "at least 3" in small["overall"]["interval_why"]
    assert all(f["class"] is None and f["class_why"] for f in small["factors"].values())
    big = next(a for a in q["agencies"] if a["respondents"] >= 3)
    lo, hi = big["overall"]["interval"]
    assert lo <= big["overall"]["mean"] <= hi
    assert len(big["rank_interval"]) == 2 and len(big["top_barrier_stability"]) <= 3
    assert q["criterion"]["agencies"]["rho"] is None and q["criterion"]["agencies"]["rho_why"]


def test_same_seed_same_bytes_whatever_the_file_order_or_jobs(cli, tmp_path):
    files = sorted(EX.glob("*.yaml"))
    first = cli("stats", EX, "--format", "json", "--draws", "300")
    assert first.code == 0
    assert cli("stats", EX, "--format", "json", "--draws", "300").out == first.out
    shuffled = files[:]
    random.Random(3).shuffle(shuffled)
    assert cli("stats", *shuffled, "--format", "json", "--draws", "300").out == first.out
    assert cli("stats", EX, "--format", "json", "--draws", "300", "--jobs", "2").out == first.out
    other = cli("stats", EX, "--format", "json", "--draws", "300", "--seed", "1")
    assert other.out != first.out
    out = tmp_path / "s.json"
    assert cli("stats", EX, "--format", "json", "--draws", "300", "-o", out).code == 0
    assert out.read_text(encoding="utf-8") == first.out


def test_agency_means_are_those_of_the_agency_profiles(cli):
    profiles = {p["key"]: p for p in json.loads(cli("score", EX, "--by", "agency", "--format", "json").out)["agencies"]}
    for agency in stats_json(cli, EX, "--draws", "100")["questionnaires"][0]["agencies"]:
        profile = profiles[agency["key"]]
        assert agency["respondents"] == profile["respondents"] and agency["agency"] == profile["agency"]
        assert agency["overall"]["mean"] == profile["overall"]["score"]
        for fid, factor in agency["factors"].items():
            assert factor["mean"] == profile["factors"][fid]["score"], fid


def test_csv_and_table(cli):
    run = cli("stats", EX, "--format", "csv", "--draws", "200")
    assert run.code == 0
    lines = run.out.lstrip("\ufeff").splitlines()
    assert lines[0] == "questionnaire,version,level,agency,factor,item,source,statistic,value,why"
    assert any(",agency_factor,cityx-bdb,hardware_software,,,rwg_j," in line for line in lines)
    assert any(",file,cityx-ciq,,,examples/answers/cityx-ciq-03-it.yaml,flags,midpoint," in line.replace(
        str(EX), "examples/answers") for line in lines)
    assert len({len(line.split(",")) for line in lines if '"' not in line}) == 1
    table = cli("stats", EX, "--draws", "200")
    assert table.code == 0 and "reliability" in table.out and "City X Customs" in table.out


def test_bad_input(cli, tmp_path, tri):
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("stats", empty)
    assert run.code == 2 and "no .yaml" in run.err
    assert cli("stats", tmp_path / "missing.yaml").code == 2
    qdir, adir = tri
    run = cli("stats", adir, "--questionnaires", qdir, "--draws", "0")
    assert run.code == 2 and "--draws" in run.err
    run = cli("stats", adir, "--questionnaires", qdir, "-q", "no-such-questionnaire")
    assert run.code == 2 and "unknown questionnaire" in run.err
    bad = write_answers(adir, "zz-bad.yaml", "Bureau A", {"f1.a": 9})
    run = cli("stats", adir, "--questionnaires", qdir, "--format", "json")
    assert run.code == 1 and str(bad) in run.err and "1 of 4 file(s) invalid and skipped" in run.err
    data = json.loads(run.out)
    assert data["questionnaires"][0]["respondents"] == 3  # the valid files still count


def test_q_keeps_one_questionnaire(cli, tri, tmp_path):
    qdir, adir = tri
    write_answers(adir, "other.yaml", "Bureau B", {}, qid="territoriality")
    run = cli("stats", adir, "--questionnaires", qdir, "-q", "tri", "--format", "json")
    assert run.code == 0 and "1 answer file(s) of other questionnaires left out" in run.err
    assert [q["id"] for q in json.loads(run.out)["questionnaires"]] == ["tri"]


def _collect(q_path: Path, adir: Path, draws: int = 200, patch: Any = None) -> dict[str, Any]:
    reg = Registry([q_path.parent])
    q = reg.get(load_questionnaire(q_path).id)
    if patch:
        patch(q)
    c = Collector(reg.get)
    for outcome in run_batch([adir], reg):
        assert outcome.ok, outcome.problems
        if outcome.result is not None:
            c.add(outcome.result)
    return report_dict(c.finish(draws=draws))["questionnaires"][0]


def test_new_model_fields_are_read_when_present(tmp_path):
    """margin, min_coverage, reverse_pairs and in_overall as the scoring model carries them (set here by hand)."""
    sections = {"org": {"f1": [("f1.a", "enabler"), ("f1.b", "enabler")],
                        "f2": [("f2.a", "enabler"), ("f2.b", "barrier")]},
                "extra": {"f3": [("f3.a", "enabler")]}}
    q_path = make_questionnaire(tmp_path / "q", sections)
    adir = tmp_path / "a"
    for i, (a, b) in enumerate([(3, 3), (3, 4), (4, 3), (3, 3)]):
        write_answers(adir, f"r{i}.yaml", "Bureau A", {"f1.a": a, "f1.b": b, "f2.a": 4, "f2.b": 4, "f3.a": 1})
    before = _collect(q_path, adir)
    agency = before["agencies"][0]
    assert before["margin"] == 0.0 and all(f["flags"] == ["midpoint"] or "acquiescence" not in f["flags"]
                                           for f in before["files"])
    assert agency["factors"]["f1"]["class"] in ("uncertain_enabler", "confirmed_enabler")
    assert "f3" in agency["top_barrier_stability"]

    def patch(q: Any) -> None:
        object.__setattr__(q, "scoring", Scoring(margin=10, min_coverage=0.5))
        object.__setattr__(q, "reverse_pairs", (("f2.a", "f2.b"),))
        object.__setattr__(q.sections[1], "in_overall", False)

    after = _collect(q_path, adir, patch=patch)
    agency = after["agencies"][0]
    assert after["margin"] == 10
    assert agency["factors"]["f1"]["class"] == "neutral"  # means 56-62 are inside 40-60
    assert all("acquiescence" in f["flags"] for f in after["files"])  # agreed with f2.a and its opposite
    assert "f3" not in agency["top_barrier_stability"]  # its section does not count in the overall
    assert agency["overall"]["mean"] > before["agencies"][0]["overall"]["mean"]


def test_withheld_verdicts_give_no_class(tmp_path, tri):
    qdir, adir = tri
    reg = Registry([qdir])
    c = Collector(reg.get)
    for outcome in run_batch([adir], reg):
        result = outcome.result
        assert isinstance(result, Result)
        factors = {fid: replace(fs, withheld=True, verdict=None) for fid, fs in result.factors.items()}
        c.add(replace(result, factors=factors))
    factor = report_dict(c.finish(draws=100))["questionnaires"][0]["agencies"][0]["factors"]["f1"]
    assert factor["class"] is None and "withheld" in factor["class_why"]
    assert factor["interval"] is not None


def test_criterion_validity_against_the_outcomes_section(cli, tmp_path):
    sections = {"org": {"f1": [("f1.a", "enabler")]}, "outcomes": {"o1": [("o1.a", "enabler")]}}
    qdir = make_questionnaire(tmp_path / "q", sections).parent
    adir = tmp_path / "a"
    for agency, (r, o) in enumerate([(1, 2), (2, 3), (4, 4), (5, 5)]):
        for k in range(2):
            write_answers(adir, f"a{agency}-{k}.yaml", f"Agency {agency}", {"f1.a": r, "o1.a": o})
    c = stats_json(cli, adir, "--questionnaires", qdir, "--draws", "100")["questionnaires"][0]["criterion"]
    assert c["outcomes_section"] == "outcomes"
    assert c["agencies"] == {"rho": 1.0, "n": 4} and c["respondents"]["n"] == 8
    assert c["sections"] == {"org": {"rho": 1.0, "n": 4}}
    assert set(stats_json(cli, adir, "--questionnaires", qdir, "--draws", "100")["questionnaires"][0][
        "agencies"][0]["top_barrier_stability"]) <= {"f1"}  # never an outcome factor


def test_response_styles_are_flagged_never_excluded(cli, tmp_path):
    items = [(f"f1.i{i}", "enabler") for i in range(10)]
    qdir = make_questionnaire(tmp_path / "q", {"org": {"f1": items}}).parent
    adir = tmp_path / "a"
    write_answers(adir, "flat.yaml", "A", {iid: 4 for iid, _ in items})
    write_answers(adir, "mid.yaml", "A", {iid: 3 if i < 6 else 5 for i, (iid, _) in enumerate(items)})
    write_answers(adir, "sparse.yaml", "A", {"f1.i0": 2, "f1.i1": "dk"})
    files = {Path(f["source"]).name: f["flags"] for f in
             stats_json(cli, adir, "--questionnaires", qdir)["questionnaires"][0]["files"]}
    assert files == {"flat.yaml": ["straightlining"], "mid.yaml": ["midpoint"], "sparse.yaml": ["low_coverage"]}


def test_score_by_agency_stats(cli):
    plain = cli("score", EX, "--by", "agency", "--format", "json")
    run = cli("score", EX, "--by", "agency", "--format", "json", "--stats")
    assert run.code == 0, run
    data = json.loads(run.out)
    Draft202012Validator(load_schema("results")).validate(data)
    stats_schema = load_schema("stats")
    for agency in data["agencies"]:
        Draft202012Validator({"$ref": "#/$defs/agency", "$defs": stats_schema["$defs"]}).validate(agency["stats"])
    Draft202012Validator(stats_schema).validate(data["stats"])
    alone = stats_json(cli, EX)
    assert data["stats"]["questionnaires"][0]["factors"] == alone["questionnaires"][0]["factors"]
    assert [a["stats"] for a in data["agencies"]] == [
        next(s for s in alone["questionnaires"][0]["agencies"] if s["key"] == a["key"]) for a in data["agencies"]]
    assert "stats" not in json.loads(plain.out)
    assert cli("score", EX, "--stats").code == 2  # --stats goes with --by agency --format json


@pytest.mark.parametrize("argv", [["score", str(EX)], ["score", str(EX), "--by", "agency", "--format", "json"],
                                  ["validate", str(EX)]], ids=lambda a: " ".join(a[:1] + a[2:]))
def test_plain_commands_do_not_import_numpy(argv):
    code = ("import sys\nfrom ids_assess.cli.app import app\n"
            f"try:\n    app({argv!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "assert 'numpy' not in sys.modules, 'numpy was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_long_csv_item_rows(cli, tri):
    qdir, adir = tri
    for i, answers in enumerate(TRI_ANSWERS):
        write_answers(adir, f"r{i}.yaml", "Bureau A", answers, respondent=f"Person {i}", role="it")
    write_answers(adir, "r3.yaml", "Bureau A", {"f1.a": {"rating": 5, "confidence": "low"}, "f1.b": "dk"},
                  respondent="Person 3", role="legal")
    run = cli("score", adir, "--questionnaires", qdir, "--format", "csv", "--long")
    assert run.code == 0, run
    lines = run.out.lstrip("\ufeff").splitlines()
    header = lines[0].split(",")
    assert header[-4:] == ["rating", "rating_coded", "item_score", "confidence"]
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    items = [r for r in rows if r["level"] == "item"]
    assert len(items) == 4 * 3
    assert all(r["respondent"].startswith("R") and "Person" not in r["respondent"] and not r["source"]
               for r in items)
    first_b = next(r for r in items if r["respondent"] == "R0001" and r["id"] == "f1.b")
    assert (first_b["rating"], first_b["rating_coded"], first_b["item_score"]) == ("1", "5", "100.0")
    last = {r["id"]: r for r in items if r["respondent"] == "R0004"}
    assert last["f1.a"]["confidence"] == "low" and last["f1.a"]["role"] == "legal"
    assert last["f1.b"]["rating"] == "dk" and last["f1.b"]["rating_coded"] == "" and last["f1.c"]["rating"] == ""
    others = [r for r in rows if r["level"] != "item"]
    assert all(r["rating"] == r["rating_coded"] == r["item_score"] == r["confidence"] == "" for r in others)
    assert any(r["respondent"] == "Person 0" for r in others)  # the existing rows are as they were


def test_collector_does_not_keep_results(tmp_path, tri):
    qdir, adir = tri
    reg = Registry([qdir])
    c = Collector(reg.get)
    for outcome in run_batch([adir], reg):
        assert outcome.result is not None
        c.add(outcome.result)
    kept = [v for rows in vars(c)["_rows"].values() for v in vars(rows).values()]
    assert not any(isinstance(x, Result) for v in kept if isinstance(v, list) for x in v)
