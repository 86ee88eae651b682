"""Change over time with care: warnings when who answered, what they answered or the order of the rounds
changed; more than two rounds compared pair by pair."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from ids_assess.core.compare import RoundDates, round_date
from ids_assess.io.questionnaires import Registry

ITEMS = list(Registry().get("territoriality").items)


def _round(answer_file, folder, date, people, agency="Test Bureau", score=4):
    """A round: one answer file per (respondent, role) in ``people``, all dated ``date``."""
    for i, role in enumerate(people):
        header = {"agency": agency, "respondent": f"r{i}", "date": date}
        if role:
            header["role"] = role
        answer_file(dict.fromkeys(ITEMS, score), name=f"{folder}/{agency}-{i}.yaml", **header)


def test_two_rounds_keep_one_object_and_carry_warnings(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2026-03-01", ["leader", "it"])
    _round(answer_file, "r2", "2027-03-01", ["leader", "it", "it"], score=5)
    run = cli("compare", tmp_path / "r1", tmp_path / "r2", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert isinstance(data, dict)
    assert set(data) == {"threshold", "agencies", "only_old", "only_new", "warnings"}
    (warning,) = data["warnings"]
    assert "Test Bureau" in warning and "respondents 2" in warning and "role mix changed" in warning
    assert f"warning: {warning}" in run.err
    assert "reverse date order" not in run.err


def test_same_mix_at_another_size_warns_of_the_count_only(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2026-03-01", ["leader", "it"])
    _round(answer_file, "r2", "2027-03-01", ["leader", "it", "leader", "it"])
    data = json.loads(cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "json").out)
    (warning,) = data["warnings"]
    assert "respondents 2" in warning and "role mix" not in warning


def test_same_people_no_warning(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2026-03-01", ["leader", None])
    _round(answer_file, "r2", "2027-03-01", [None, "leader"])
    run = cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "json")
    assert json.loads(run.out)["warnings"] == [] and "warning" not in run.err


def test_role_mix_change_at_the_same_count(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2026-03-01", ["leader", "it"])
    _round(answer_file, "r2", "2027-03-01", ["legal", "it"])
    data = json.loads(cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "json").out)
    (warning,) = data["warnings"]
    assert "role mix changed" in warning and "legal staff 1" in warning and "respondents" not in warning


def test_rounds_in_reverse_date_order_warn(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2027-03-01", ["leader"])
    _round(answer_file, "r2", "2026-03-01", ["leader"])
    run = cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "json")
    assert run.code == 0, run
    (warning,) = json.loads(run.out)["warnings"]
    assert "reverse date order" in warning and "2026-03-01" in warning and "warning: rounds in reverse" in run.err


def test_no_dates_no_order_warning(cli, answer_file, tmp_path):
    answer_file(dict.fromkeys(ITEMS, 3), name="r1/a.yaml", agency="A", role="leader")
    answer_file(dict.fromkeys(ITEMS, 3), name="r2/a.yaml", agency="A", role="leader")
    run = cli("compare", tmp_path / "r2", tmp_path / "r1", "-f", "json")
    assert json.loads(run.out)["warnings"] == [] and "date" not in run.err


def test_round_date_is_the_median_of_the_files_dates():
    assert round_date(["2026-01-01", "2026-06-01", "2026-02-01", None]).isoformat() == "2026-02-01"
    assert round_date([None, "not a date"]) is None


@given(st.lists(st.one_of(st.none(), st.just("not a date"), st.dates().map(dt.date.isoformat),
                          st.datetimes().map(dt.datetime.isoformat)), max_size=12))
def test_a_round_keeps_a_count_per_date_and_its_median_is_median_low(dates):
    """A round counts each distinct date (a few dates, not one per file); its date is still the
    ``statistics.median_low`` of every file's date, and merged slices give the whole round's."""
    days = []
    for d in dates:
        try:
            days.append(dt.date.fromisoformat(str(d)[:10]).toordinal())
        except ValueError:
            pass
    want = dt.date.fromordinal(statistics.median_low(days)) if days else None
    assert round_date(dates) == want
    halves = [RoundDates(), RoundDates()]
    for i, d in enumerate(dates):
        halves[i % 2].add(SimpleNamespace(answers=SimpleNamespace(date=d)))  # type: ignore[arg-type]
    halves[0].merge(halves[1])
    assert halves[0].date() == want and len(halves[0].counts) == len(set(dates))


def test_questionnaire_version_differs_warns(cli, answer_file, tmp_path):
    old_items = list(Registry().get("territoriality@1.0.0").items)
    answer_file(dict.fromkeys(old_items, 3), name="r1/a.yaml", agency="A", role="leader", version="1.0.0",
                date="2026-03-01")
    answer_file(dict.fromkeys(ITEMS, 3), name="r2/a.yaml", agency="A", role="leader", date="2027-03-01")
    run = cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "json")
    assert run.code == 0, run
    (warning,) = json.loads(run.out)["warnings"]
    assert "territoriality 1.0.0" in warning and "1.1.0" in warning and "not called improved" in warning


def test_three_rounds_give_a_list_of_consecutive_pairs(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2025-03-01", ["leader"], score=2)
    _round(answer_file, "r2", "2026-03-01", ["leader"], score=4)
    _round(answer_file, "r3", "2027-03-01", ["leader", "it"], score=5)
    rounds = [tmp_path / f"r{i}" for i in (1, 2, 3)]
    run = cli("compare", *rounds, "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert isinstance(data, list) and len(data) == 2
    assert all(set(c) == {"threshold", "agencies", "only_old", "only_new", "warnings"} for c in data)
    assert data[0]["warnings"] == [] and len(data[1]["warnings"]) == 1
    overall = [next(ch for ch in c["agencies"][0]["changes"] if ch["id"] == "overall") for c in data]
    assert overall[0]["new"] == overall[1]["old"]
    md = cli("compare", *rounds, "--format", "md").out
    assert md.count("## ") >= 2 and f"## {rounds[0]} → {rounds[1]}" in md and f"## {rounds[1]} → {rounds[2]}" in md
    assert "### Test Bureau" in md
    table = cli("compare", *rounds).out
    assert f"{rounds[0]} → {rounds[1]}" in table and f"{rounds[1]} → {rounds[2]}" in table


def test_one_round_is_a_usage_error(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2025-03-01", ["leader"])
    run = cli("compare", tmp_path / "r1")
    assert run.code == 2 and "at least two rounds" in run.err


def test_markdown_lists_the_warnings_in_its_language(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2027-03-01", ["leader"])
    _round(answer_file, "r2", "2026-03-01", ["leader", "it"])
    zh = cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "md", "--lang", "zh").out
    assert "**解读时请注意：**" in zh and "轮次日期顺序颠倒" in zh and "角色构成有变" in zh and "信息技术人员 1" in zh
    en = cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "md").out
    assert "**Read with care:**" in en and "reverse date order" in en and "IT staff 1" in en
    run = cli("compare", tmp_path / "r1", tmp_path / "r2", "-f", "md", "--lang", "zh")
    assert "warning: rounds in reverse date order" in run.err  # stderr stays in English


def test_a_score_json_round_keeps_its_dates(cli, answer_file, tmp_path):
    _round(answer_file, "r1", "2027-03-01", ["leader"])
    _round(answer_file, "r2", "2026-03-01", ["leader"])
    scores = tmp_path / "r1.json"
    assert cli("score", tmp_path / "r1", "-f", "json", "-o", scores).code == 0
    run = cli("compare", scores, tmp_path / "r2", "-f", "json")
    assert run.code == 0, run
    (warning,) = json.loads(run.out)["warnings"]
    assert "reverse date order" in warning and str(scores) in warning
