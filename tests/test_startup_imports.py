"""What each command imports: never pydantic (typer 0.29 brings it in for option conversion, ~110 ms), and
jinja2 only for ``report``. Each command runs in a fresh interpreter that reports ``sys.modules`` at exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "answers"
ONE = EXAMPLES / "cityx-bdb-01-leader.yaml"
WATCHED = ("pydantic", "jinja2", "jsonschema", "numpy", "ids_assess.core.statsresult",
           "ids_assess.render.report.view_change", "ids_assess.render.report.view_overview", "ids_assess.io.output",
           "tempfile")
MARK = "@@ids-assess-loaded:"

PROBE = (
    "import atexit, json, sys\n"
    f"atexit.register(lambda: sys.stderr.write({MARK!r} + json.dumps("
    f"[m for m in {WATCHED!r} if m in sys.modules]) + '\\n'))\n"
    "sys.argv = ['ids-assess', *json.loads(sys.argv[1])]\n"
    "from ids_assess.entry import main\n"
    "main()\n"
)

COMMANDS = ["template", "validate", "score", "survey", "report", "network", "compare", "export", "import", "stats",
            "questionnaire"]


def loaded(args: list[str], cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120, stdin=subprocess.DEVNULL)
    lines = [line for line in done.stderr.splitlines() if line.startswith(MARK)]
    assert lines, f"no report from {args}: {done.stderr[-2000:]}"
    found: list[str] = json.loads(lines[-1][len(MARK):])
    return found


def test_every_command_is_listed_here() -> None:
    from ids_assess.cli.app import app

    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    names |= {g.name or "" for g in app.registered_groups}
    assert names == set(COMMANDS)


@pytest.mark.parametrize("command", [[], ["--version"], *([c, "--help"] for c in COMMANDS),
                                     ["questionnaire", "list", "--help"], ["questionnaire", "show", "--help"]])
def test_help_imports_neither_pydantic_nor_jinja2(command: list[str], tmp_path: Path) -> None:
    found = loaded(command, tmp_path)
    assert "pydantic" not in found and "jinja2" not in found


@pytest.mark.parametrize("command", [
    ["validate", str(ONE)],
    ["validate", str(EXAMPLES)],
    ["score", str(EXAMPLES), "--format", "json"],
    ["score", str(EXAMPLES), "--by", "agency", "--format", "csv"],
    ["score", str(ONE)],
    ["template", "--lang", "zh"],
    ["questionnaire", "list"],
    ["questionnaire", "show", "ids-core", "--format", "json"],
    ["network", str(EXAMPLES), "--format", "dot"],
    ["compare", str(EXAMPLES), str(EXAMPLES), "--format", "json"],
])
def test_commands_but_report_never_import_pydantic_or_jinja2(command: list[str], tmp_path: Path) -> None:
    found = loaded(command, tmp_path)
    assert "pydantic" not in found and "jinja2" not in found, found


def test_validate_of_a_valid_file_leaves_jsonschema_out(tmp_path: Path) -> None:
    assert "jsonschema" not in loaded(["validate", str(ONE)], tmp_path)


def test_validate_writes_nothing_so_it_leaves_the_output_writer_out(tmp_path: Path) -> None:
    # the writer (and tempfile, which it needs) only when a broken pipe makes validate drop its stdout
    modules = loaded(["validate", str(ONE)], tmp_path)
    assert "ids_assess.io.output" not in modules and "tempfile" not in modules


def test_report_imports_jinja2_but_not_pydantic(tmp_path: Path) -> None:
    found = loaded(["report", str(ONE), "-o", str(tmp_path / "one.html")], tmp_path)
    assert "jinja2" in found and "pydantic" not in found  # the probe sees imports: jinja2 is there


def test_one_agency_report_imports_only_what_its_page_needs(tmp_path: Path) -> None:
    """No overview, no change since a baseline, and with --no-stats no statistics: their modules stay out."""
    plain = loaded(["report", str(ONE), "-o", str(tmp_path / "one.html"), "--no-stats"], tmp_path)
    assert not {"numpy", "ids_assess.core.statsresult", "ids_assess.render.report.view_change",
                "ids_assess.render.report.view_overview"} & set(plain), plain
    with_stats = loaded(["report", str(ONE), "-o", str(tmp_path / "two.html")], tmp_path)
    assert {"numpy", "ids_assess.core.statsresult"} <= set(with_stats)
    assert "ids_assess.render.report.view_change" not in with_stats
    since = loaded(["report", str(ONE), "--baseline", str(ONE), "-o", str(tmp_path / "three.html")], tmp_path)
    assert "ids_assess.render.report.view_change" in since
