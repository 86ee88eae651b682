"""What ids-assess promises about untrusted input (docs/security.md names each promise and its test here)."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from helpers_core import INVALID
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.core.errors import MAX_PROBLEMS, InvalidInput, Problem
from ids_assess.core.safetext import quote
from ids_assess.io import yamlio
from ids_assess.io.questionnaires import Registry
from ids_assess.io.yamlio import YamlDocument

CORPUS = sorted(p.name for p in INVALID.glob("*.yaml"))
HEADER = "questionnaire: territoriality\nagency: Statistics Bureau\n"
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def invoke(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# --- every message is one line ---------------------------------------------------------------------

@pytest.mark.parametrize("name", CORPUS)
def test_every_message_is_one_line(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each problem of the corpus prints as exactly one 'NAME:line:col: ' line, on stdout and on stderr."""
    monkeypatch.chdir(INVALID)
    registry = Registry()
    from ids_assess.io.batch import check_file

    problems = check_file(Path(name), registry).problems
    assert problems
    for problem in problems:
        assert len(problem.format().splitlines()) == 1, problem
    code, out, err = invoke("validate", name)
    assert code == 1
    assert len(out.splitlines()) == len(problems)
    assert all(re.match(rf"{re.escape(name)}:\d+:\d+: ", line) for line in out.splitlines()), out
    code, _, err = invoke("score", name)
    assert [line for line in err.splitlines() if not line.startswith(name)] == ["1 of 1 file(s) invalid and skipped"]


@pytest.mark.parametrize("brk", BREAKS)
def test_no_value_can_forge_a_line(brk: str, tmp_path: Path) -> None:
    forged = f"x{brk}real.yaml:1:1: all good"
    path = tmp_path / "a.yaml"
    path.write_text(HEADER + f"role: {json.dumps(forged)}\ndate: {json.dumps(forged)}\nanswers:\n"
                    f"  {json.dumps('fake.item' + brk + 'real.yaml:1:1: all good')}: 4\n"
                    f"  {json.dumps(forged)}: {{rating: 2, confidence: {json.dumps(forged)}}}\n", encoding="utf-8")
    code, out, _ = invoke("validate", path)
    assert code == 1
    lines = out.split("\n")[:-1]
    assert lines and all(line.startswith(f"{path}:") for line in lines), out
    assert not any("real.yaml:1:1" in line.split(": ", 1)[0] for line in lines)
    assert all(len(line.splitlines()) == 1 for line in lines)


def test_a_line_break_shows_as_its_escape() -> None:
    problem = Problem("a\nb.yaml", 1, 2, f"unknown item id {quote('fake.item' + chr(10) + 'real.yaml:1:1: x')}", "h\r")
    assert problem.format() == "a\\nb.yaml:1:2: unknown item id 'fake.item\\nreal.yaml:1:1: x' (h\\r)"
    assert quote("a\u200bb\\'") == "'a\\u200bb\\\\\\''"  # invisible characters and the quote itself escaped
    assert quote("公安局\u3000") == "'公安局\u3000'"  # readable text kept


def test_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml\nreal.yaml:1:1: all good.yaml"
    path.write_text(HEADER + "answers: [1]\n", encoding="utf-8")
    code, out, _ = invoke("validate", path)
    assert code == 1 and len(out.splitlines()) == 1


# --- validation is linear: only the problems shown are located -------------------------------------

def count_locates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = YamlDocument.locate

    def counted(self: YamlDocument, *args: object, **kwargs: object) -> tuple[int, int]:
        calls[0] += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(YamlDocument, "locate", counted)
    return calls


@pytest.mark.parametrize("body", [
    "answers: {}\n" + "".join(f"x{i}: 1\n" for i in range(50_000)),  # 50,000 unknown top-level keys
    "answers:\n" + "".join(f"  x.i{i}: 1\n" for i in range(20_000)),  # 20,000 unknown items
    "answers:\n" + "".join(f"  X{i}: 9\n" for i in range(20_000)),  # 20,000 bad ids with bad ratings
])
def test_validation_locates_only_the_problems_it_shows(body: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    calls = count_locates(monkeypatch)
    code, out, _ = invoke("validate", path)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert re.fullmatch(rf"{re.escape(str(path))}: \.\.\. and \d+ more problem\(s\) not shown", lines[-1])
    assert calls[0] <= 2 * MAX_PROBLEMS, f"{calls[0]} places looked up for {MAX_PROBLEMS} problems shown"
    places = [tuple(map(int, re.match(r".*?:(\d+):(\d+): ", line).groups())) for line in lines[:-1]]  # type: ignore[union-attr]
    assert places == sorted(places) and places[0][0] == 4  # the first problems of the file, in order


def test_the_count_of_problems_not_shown_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(HEADER + "answers: {}\n" + "".join(f"x{i}: 1\n" for i in range(123)) + "role: boss\n",
                    encoding="utf-8")
    code, out, _ = invoke("validate", path)
    assert code == 1
    assert out.splitlines()[-1].endswith(f"... and {123 + 1 - MAX_PROBLEMS} more problem(s) not shown")
    shown = out.splitlines()[:-1]
    assert shown[0].startswith(f"{path}:4:1: unknown key 'x0'")  # 'role' (after them) is among those not shown


def test_a_capped_list_and_a_long_list_summarise_alike() -> None:
    problems = [Problem("f", i, 1, "p") for i in range(1, 80)]
    from ids_assess.core.errors import omitted

    whole = InvalidInput(problems).problems
    capped = InvalidInput([*problems[:MAX_PROBLEMS], omitted("f", 79 - MAX_PROBLEMS)]).problems
    assert whole == capped and whole[-1].message == f"... and {79 - MAX_PROBLEMS} more problem(s) not shown"


@pytest.mark.parametrize(("head", "step"), [("", "- "), ("", "-  "), ("", "-   "), ("", "-\t"), ("answers:\n", "-  "),
                                          ("", "?  "), ("", "- ?  "), (" " * 40, "-  "), ("k: v\n", "? -  ")])
def test_block_indicators_nested_on_one_line_are_a_located_error_not_a_crash(head: str, step: str,
                                                                             tmp_path: Path) -> None:
    """Block sequences (or complex keys) nested on one line, however they are spaced: a located error from the
    careful reader. ("-  -  -" with two spaces took the fast reader, whose parser overflowed its stack: the
    process died of a segmentation fault.) Run as a process: a crash must not take the test run with it."""
    import subprocess
    import sys

    deep = tmp_path / "deep.yaml"
    deep.write_text(head + step * 60_000 + "x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ids_assess", "validate", str(deep)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    said = done.stdout + done.stderr
    if "\t" in step:  # a tab cannot separate indicators: a syntax error, placed
        assert f"{deep}:{head.count(chr(10)) + 1}:2: YAML syntax error" in said, said[-300:]
    else:
        assert f"nesting deeper than {yamlio.MAX_DEPTH} levels" in said and f"{deep}:" in said, said[-300:]
    assert "Traceback" not in done.stderr


# --- score JSON: nesting, duplicate keys, size --------------------------------------------------------

@pytest.mark.parametrize("command", ["report", "compare"])
def test_deep_json_is_a_located_error_not_a_crash(command: str, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    args = [deep, deep] if command == "compare" else [deep]
    code, _, err = invoke(command, *args)
    assert code == 1, err
    assert f"{deep}:1:{yamlio.MAX_DEPTH + 1}: nesting deeper than {yamlio.MAX_DEPTH} levels" in err
    assert "internal error" not in err


def test_json_nesting_inside_strings_is_not_counted(tmp_path: Path) -> None:
    from ids_assess.io.results_load import scan_json

    assert scan_json(json.dumps({"a": "[" * 100, "b": "{\\\"" * 50}), "f") is None
    problem = scan_json('{"a": 1,\n "b": {"c": 2, "c": 3}}', "f")
    assert problem is not None and (problem.line, problem.column, problem.message) == (2, 16, "duplicate key 'c'")


def test_score_json_with_duplicate_keys_is_an_error(tmp_path: Path, answer_file) -> None:  # type: ignore[no-untyped-def]
    source = answer_file({"identity_marking.our_data": 4})
    code, out, _ = invoke("score", "--format", "json", source)
    assert code == 0
    text = out.replace('"results": [', '"results": [], "results": [', 1)
    scores = tmp_path / "scores.json"
    scores.write_text(text, encoding="utf-8")
    code, _, err = invoke("report", scores)
    assert code == 1
    assert re.search(rf"{re.escape(str(scores))}:\d+:\d+: duplicate key 'results'", err), err


def test_the_size_limit_does_not_trust_the_reported_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose size the system misreports (/proc says 0) is read only up to the limit plus one byte."""
    path = tmp_path / "big.yaml"
    path.write_text(HEADER + "answers:\n" + "# padding\n" * (yamlio.MAX_BYTES // 10 + 10), encoding="utf-8")
    original = Path.stat

    def lying(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        real = original(self, *args, **kwargs)  # type: ignore[arg-type]
        if self == path:
            return os.stat_result((real.st_mode, real.st_ino, real.st_dev, real.st_nlink, real.st_uid, real.st_gid,
                                   0, int(real.st_atime), int(real.st_mtime), int(real.st_ctime)))
        return real

    monkeypatch.setattr(Path, "stat", lying)
    read: list[int] = []
    real_open = open

    class Counting:
        def __init__(self, handle):  # type: ignore[no-untyped-def]
            self.handle = handle

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            self.handle.close()

        def fileno(self) -> int:
            return int(self.handle.fileno())

        def read(self, size: int = -1) -> bytes:
            data: bytes = self.handle.read(size)
            read.append(len(data))
            return data

    from ids_assess.io import files

    monkeypatch.setattr(files, "open", lambda p, mode="r": Counting(real_open(p, mode)), raising=False)
    with pytest.raises(InvalidInput) as caught:
        yamlio.read_text(path)
    assert "over the limit" in caught.value.problems[0].message
    assert sum(read) == yamlio.MAX_BYTES + 1


@pytest.mark.skipif(not os.access("/proc/kallsyms", os.R_OK), reason="needs a readable /proc/kallsyms")
def test_a_link_to_a_proc_file_is_refused_at_the_limit(tmp_path: Path) -> None:
    link = tmp_path / "k.yaml"
    link.symlink_to("/proc/kallsyms")
    code, out, _ = invoke("validate", link)
    assert code == 1 and "over the limit" in out


# --- documents that are not answer files ------------------------------------------------------------

def _office(path: Path, folder: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return path


@pytest.mark.parametrize(("name", "make", "kind"), [
    ("answers.docx", lambda p: _office(p, "word"), "a Word document"),
    ("answers.xlsx", lambda p: _office(p, "xl"), "an Excel workbook"),
    ("answers.zip", lambda p: _office(p, "data"), "a ZIP archive"),
    ("answers.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n"), "a PDF document"),
    ("answers.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), "old format"),
])
@pytest.mark.parametrize("command", ["validate", "score", "report"])
def test_a_document_is_named_with_what_to_do(name: str, make, kind: str, command: str,  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    path = tmp_path / name
    make(path)
    code, out, err = invoke(command, path)
    assert code == 1
    text = out + err
    assert kind in text and "not a YAML answer file" in text
    assert "ids-assess import" in text and "ids-assess template" in text
    assert "UTF-8" not in text


def test_folder_scanning_still_reads_yaml_only(tmp_path: Path) -> None:
    _office(tmp_path / "answers.docx", "word")
    (tmp_path / "a.yaml").write_text(HEADER + "version: 1.0.0\nanswers:\n  identity_marking.our_data: 2\n",
                                     encoding="utf-8")  # an item of version 1.0.0, which the file names
    code, _, err = invoke("validate", tmp_path)
    assert (code, err) == (0, "1 file(s) checked, all valid\n")


# --- an answer file names a questionnaire by id, never by path --------------------------------------

def test_an_answer_file_cannot_make_us_read_another_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere.yaml"
    target.write_text("id: x\n", encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(f"questionnaire: {target}\nagency: X\nanswers:\n", encoding="utf-8")
    opened: list[str] = []
    original = yamlio.read_text
    monkeypatch.setattr(yamlio, "read_text", lambda p, d=None: opened.append(str(p)) or original(p, d))
    code, out, _ = invoke("validate", path)
    assert code == 1 and "is not valid" in out
    assert str(target) not in opened


def test_a_usage_error_naming_a_forged_path_is_one_line(tmp_path: Path) -> None:
    code, _, err = invoke("score", tmp_path / "no\nsuch.yaml:1:1: fine")
    assert code == 2 and len(err.splitlines()) == 1 and "no\\nsuch.yaml" in err
