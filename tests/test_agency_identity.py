"""One agency is one agency: ids compared case-insensitively, invisible characters ignored, clashes said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.core.agency_names import NameWatch
from ids_assess.core.model import AnswerSet, agency_key, normalise, visible


def write(folder: Path, name: str, agency: str, agency_id: str | None = None, rating: int = 2,
          partner: str | None = None) -> Path:
    lines = ["questionnaire: territoriality", f"agency: {json.dumps(agency)}", "version: 1.0.0"]
    if agency_id is not None:
        lines.append(f"agency_id: {agency_id}")
    if partner is not None:
        lines.append(f"partner: {json.dumps(partner)}")
    lines += ["answers:", f"  identity_marking.our_data: {rating}"]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def agencies(folder: Path) -> tuple[list[tuple[str, int]], str]:
    result = CliRunner().invoke(app, ["score", "--by", "agency", "--format", "json", str(folder)])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    return sorted((a["agency"], a["respondents"]) for a in doc["agencies"]), result.stderr


def test_agency_ids_are_compared_case_insensitively(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "Statistics Bureau", "STATS")
    write(tmp_path, "b.yaml", "Statistics Bureau", "stats")
    write(tmp_path, "c.yaml", "Statistics Bureau", "Stats")
    found, err = agencies(tmp_path)
    assert found == [("Statistics Bureau", 3)]
    assert "warning: " not in err.replace("warning: only", "")  # same name: nothing to warn about


def test_invisible_characters_do_not_split_an_agency(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "Statistics Bureau")
    write(tmp_path, "b.yaml", "Statistics\u200b Bureau")
    write(tmp_path, "c.yaml", "\u2060Statistics Bureau\ufeff")
    found, _ = agencies(tmp_path)
    assert [n for _, n in found] == [3]


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200d\u2060", " \u200e "])
def test_a_name_of_invisible_characters_only_is_an_error(name: str, tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", name)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:9: agency '" in result.stdout and "holds only invisible characters" in result.stdout
    assert "\\u200" in result.stdout  # shown as escapes, not as nothing


def test_a_partner_of_invisible_characters_only_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "Statistics Bureau", partner="\u200b")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "partner '\\u200b' holds only invisible characters" in result.stdout


def test_one_agency_id_for_two_agency_names_is_warned_naming_both(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "Statistics Bureau", "stats")
    write(tmp_path, "b.yaml", "statistics  bureau", "STATS")  # the same name, folded: no warning
    write(tmp_path, "c.yaml", "City Customs", "stats")
    found, err = agencies(tmp_path)
    assert found == [("City Customs", 3)]  # one agency (labelled by the first name in order), as warned
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1, err
    [warning] = warnings
    assert "'City Customs'" in warning and "'Statistics Bureau'" in warning
    assert str(tmp_path / "c.yaml") in warning and str(tmp_path / "a.yaml") in warning
    result = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert "'City Customs'" in result.stderr and "'Statistics Bureau'" in result.stderr


def test_agency_key_and_normalise_are_pure_and_agree() -> None:
    assert agency_key("X", "CityX-MSB") == agency_key("Y", "cityx-msb") == "cityx-msb"
    assert agency_key("Statistics\u200b Bureau", None) == agency_key(" statistics bureau", "") == "statistics bureau"
    assert agency_key("Bureau", "\u200b") == "bureau"  # an id of nothing visible falls back to the name
    assert normalise("A\u200bB\u00adC") == "abc"
    assert visible("公安局\u200d") == "公安局"


def test_name_watch_says_each_clash_once() -> None:
    watch = NameWatch()

    def seen(agency: str, agency_id: str | None, source: str) -> str | None:
        return watch.see(AnswerSet(source, "territoriality", agency, {}, agency_id=agency_id))

    assert seen("A", "x", "1.yaml") is None
    assert seen("B", "X", "2.yaml") is not None
    assert seen("B", "x", "3.yaml") is None  # said once
    assert seen("B", None, "4.yaml") is None  # no id: grouped by name, nothing shared
