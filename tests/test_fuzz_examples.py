"""Fuzzing the example answer files: byte flips, lost and doubled lines, hostile strings pasted in.

Whatever the damage, ``validate`` and ``score`` never crash (no traceback, no exit 4), every message is one
line, and they agree: a file ``validate`` accepts is scored; one it rejects is skipped by ``score`` with the
same problems. Bounded (a few seconds): run with ``--hypothesis-seed`` to vary the examples.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ids_assess.cli.app import app

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples" / "answers").glob("*.yaml"))
HOSTILE = [
    b"&anchor x", b"*alias", b"!!python/object/apply:os.system ['true']", b"!!binary aGk=", b"{{ 7 * 7 }}",
    b"{% include '/etc/passwd' %}", b"<script>alert(1)</script>", b"\x1b[2J\x1b]0;owned\x07", "\u202e".encode(),
    "\u200b".encode(), "\uff1a".encode(), "\u3000\u3000".encode(), b"\t", b"[" * 40, b"{" * 40, b"- " * 40,
    b"'unclosed", b'"\\e\\a"', b"~", b".inf", b"-.nan", b"9" * 200, b"\n---\n", b"\n...\n", b"? [a, b]\n: 1",
    b"a\nreal.yaml:1:1: all good", b"\"fake.item\\nreal.yaml:1:1: ok\": 4", b"\xff\xfe", b"\x00",
    b"%PDF-", b"PK\x03\x04", "信息技术".encode(), b"questionnaire: ../../etc/passwd", b"\r", b"\r\n",
    b"agency_id: A B", b"tie: vertical", b"partner: ", b"date: 2026-02-30", b"<<: {a: 1}", b"=", b"#",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    source = draw(st.sampled_from(EXAMPLES))
    data = source.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "insert", "replace"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "flip" and data:
            index = draw(st.integers(0, len(data) - 1))
            data = data[:index] + bytes([data[index] ^ (1 << draw(st.integers(0, 7)))]) + data[index + 1:]
            continue
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        else:
            hostile = draw(st.sampled_from(HOSTILE))
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = (line[:cut] + hostile + line[cut:]) if kind == "insert" else hostile
        data = b"\n".join(lines)
    return source.name, data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_examples_never_crash_and_validate_agrees_with_score(case: tuple[str, bytes]) -> None:
    name, data = case
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        validate = runner.invoke(app, ["validate", str(path)])
        score = runner.invoke(app, ["score", "--format", "json", str(path)])
    for run in (validate, score):
        assert run.exception is None or isinstance(run.exception, SystemExit), repr(run.exception)
        assert "Traceback" not in run.output and "internal error" not in run.output, run.output
        assert run.exit_code in (0, 1), run.output
    problems = validate.stdout.splitlines()
    assert all(line.startswith(f"{path}:") for line in problems), problems  # one line each, nothing forged
    doc = json.loads(score.stdout)
    if validate.exit_code == 0:
        assert problems == []
        assert score.exit_code == 0, score.stderr
        assert [r["source"] for r in doc["results"]] == [str(path)]
    else:
        assert score.exit_code == 1
        assert doc["results"] == []
        said = score.stderr.splitlines()
        assert said[-1] == "1 of 1 file(s) invalid and skipped"
        assert said[:-1] == problems
