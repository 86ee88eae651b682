"""The corpus of invalid answer files: one failure per file, each with the exact lines `validate` prints.

``tests/data/invalid/NAME.yaml`` holds the file and ``NAME.yaml.expected`` the stdout of
``ids-assess validate NAME.yaml`` run from that folder. The expected files were generated with the real
command and then read by hand; where the output was wrong or unhelpful the ``.expected`` file holds what
*should* be printed instead, and the file is listed in :data:`DEFECTS` (an ``xfail(strict=True)``), so the
test starts to pass - and must be taken off the list - when the code is fixed.

To regenerate after an intended change of wording (then review the diff, and keep the DEFECTS entries)::

    cd tests/data/invalid && for f in *.yaml; do ids-assess validate "$f" > "$f.expected"; done
"""

from __future__ import annotations

import json
import re

import pytest
from helpers_core import CORE_DATA, INVALID
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.io import resources

CORPUS = sorted(p.name for p in INVALID.glob("*.yaml"))
VALID = CORE_DATA / "valid_territoriality.yaml"

#: Files whose current output is wrong or unhelpful: the .expected file holds what should be printed.
DEFECTS: dict[str, str] = {}

_KNOWN = re.compile(r"\(known: [^;]*;")


def bundled_ids() -> str:
    """The ids of the bundled questionnaires (each bundled file is named after its id, or id@version)."""
    return ", ".join(sorted({p.stem.split("@")[0] for p in resources.questionnaires_dir().glob("*.yaml")}))


def normalise(text: str) -> str:
    """The 'unknown questionnaire' message lists the bundled ids, which grow as questionnaires are added."""
    return _KNOWN.sub(f"(known: {bundled_ids()};", text)


def expected_for(name: str) -> str:
    return normalise((INVALID / f"{name}.expected").read_text(encoding="utf-8"))


def corpus_params() -> list[object]:
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=DEFECTS[name]))
            if name in DEFECTS else name for name in CORPUS]


@pytest.fixture
def in_corpus(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(INVALID)
    return CliRunner()


def test_corpus_is_complete() -> None:
    assert len(CORPUS) >= 20
    expected = sorted(p.name[: -len(".expected")] for p in INVALID.glob("*.expected"))
    assert expected == CORPUS, "every corpus file needs its .expected file, and no .expected file is orphaned"
    assert set(DEFECTS) <= set(CORPUS)


@pytest.mark.parametrize("name", CORPUS)
def test_expected_lines_are_placed(name: str) -> None:
    """Every expected line is 'NAME:line:col: message', in order of position."""
    lines = (INVALID / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert lines, f"{name}.expected is empty"
    places = []
    for line in lines:
        match = re.match(rf"{re.escape(name)}:(\d+):(\d+): \S", line)
        assert match, f"not 'path:line:col: message': {line!r}"
        places.append((int(match[1]), int(match[2])))
        assert int(match[1]) >= 1 and int(match[2]) >= 1
    assert places == sorted(places)


@pytest.mark.parametrize("name", corpus_params())
def test_validate_prints_the_expected_problems(name: str, in_corpus: CliRunner) -> None:
    result = in_corpus.invoke(app, ["validate", name])
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    assert normalise(result.stdout) == expected_for(name)
    assert result.stderr == "1 file(s) checked, 1 invalid\n"


def test_validate_of_the_whole_folder_prints_every_file_in_order(in_corpus: CliRunner) -> None:
    result = in_corpus.invoke(app, ["validate", "."])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    # (lines that are not 'path:line:col: ...' belong to a DEFECTS entry and are checked per file)
    printed = [m[1] for m in re.finditer(r"^(.+?\.yaml):\d+:\d+: ", result.stdout, re.MULTILINE)]
    assert sorted(set(printed)) == CORPUS
    assert printed == sorted(printed), "files are checked in sorted order"
    assert result.stderr == f"{len(CORPUS)} file(s) checked, {len(CORPUS)} invalid\n"


def test_validate_with_two_jobs_prints_the_same(in_corpus: CliRunner) -> None:
    one = in_corpus.invoke(app, ["validate", "."])
    two = in_corpus.invoke(app, ["validate", "--jobs", "2", "."])
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)


def test_batch_score_keeps_going_past_invalid_files(in_corpus: CliRunner) -> None:
    result = in_corpus.invoke(app, ["score", "--format", "json", ".", str(VALID)])
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    [scored] = doc["results"]
    assert scored["source"] == str(VALID)
    assert scored["agency"] == "Municipal Statistics Bureau"
    # identity_marking.our_data (barrier) 2 -> 75, identity_marking.public_resource (enabler) 4 -> 75
    assert scored["factors"]["identity_marking"]["score"] == 75.0
    assert scored["overall"]["score"] == 75.0
    assert {e["source"] for e in doc["errors"]} == set(CORPUS)
    assert result.stderr.endswith(f"{len(CORPUS)} of {len(CORPUS) + 1} file(s) invalid and skipped\n")


def test_batch_score_table_still_shows_the_valid_file(in_corpus: CliRunner) -> None:
    result = in_corpus.invoke(app, ["score", str(VALID), "."])
    assert result.exit_code == 1
    assert "Municipal Statistics Bureau" in result.stdout
    for name in CORPUS:
        assert f"{name}:" in result.stderr, f"{name} is not reported on stderr"
    assert "Traceback" not in result.output


def test_the_valid_file_alone_is_valid(in_corpus: CliRunner) -> None:
    result = in_corpus.invoke(app, ["validate", str(VALID)])
    assert (result.exit_code, result.stdout) == (0, "")
