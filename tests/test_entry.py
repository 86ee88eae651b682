"""The console script's entry point: only the command asked for is built, and nothing a user sees changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from ids_assess.cli.app import only_the_command_asked

ONE = Path(__file__).resolve().parent.parent / "examples" / "answers" / "cityx-bdb-01-leader.yaml"


def sample_app() -> typer.Typer:
    app = typer.Typer()
    group = typer.Typer()
    app.add_typer(group, name="questionnaire")

    @app.callback()
    def main() -> None:
        """The program."""

    @app.command()
    def validate() -> None:
        """Check."""

    @app.command("score")
    def score_command() -> None:
        """Score."""

    @app.command()
    def make_report() -> None:
        """Report."""

    return app


def names(app: typer.Typer) -> list[str]:
    return [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands] + \
        [g.name or "" for g in app.registered_groups]


@pytest.mark.parametrize(("args", "kept"), [
    (["validate", "x.yaml"], ["validate"]),
    (["score", "--help"], ["score"]),
    (["make-report"], ["make_report"]),
    (["questionnaire", "list"], ["questionnaire"]),
])
def test_the_command_named_first_is_kept_alone(args: list[str], kept: list[str]) -> None:
    app = sample_app()
    only_the_command_asked(app, args)
    assert names(app) == kept


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--debug", "validate"], ["valdate"], ["make_report"]])
def test_anything_else_keeps_every_command(args: list[str]) -> None:
    app = sample_app()
    only_the_command_asked(app, args)
    assert names(app) == ["validate", "score", "make_report", "questionnaire"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys\nsys.argv = ['ids-assess', *sys.argv[1:]]\nfrom ids_assess.entry import main\nmain()\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def test_a_command_runs_as_before() -> None:
    done = run("validate", str(ONE))
    assert done.returncode == 0 and "all valid" in done.stderr


def test_a_misspelt_command_still_gets_a_suggestion() -> None:
    done = run("valdate", str(ONE))
    assert done.returncode == 2 and "validate" in done.stderr


def test_a_usage_error_through_the_console_script_is_one_line() -> None:
    done = run("validate", "--strict-mode", str(ONE))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "ids-assess: error: No such option: --strict-mode. See 'ids-assess validate --help'.\n"


def test_the_program_help_still_lists_every_command() -> None:
    out = run("--help").stdout
    for command in ("template", "validate", "score", "survey", "report", "network", "compare", "questionnaire"):
        assert command in out


FULL_BUILD = "import sys\nsys.argv = ['ids-assess', *sys.argv[1:]]\nfrom ids_assess.cli.app import app\napp()\n"


@pytest.mark.parametrize("columns", ["80", "132"])
@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
def test_the_program_help_is_the_same_as_with_every_command_built(args: list[str], columns: str) -> None:
    # the console script lists the commands from stand-ins without options; the whole application, every
    # command's options worked out, must print the same help to the byte
    env = {**os.environ, "COLUMNS": columns}
    entry = "import sys\nsys.argv = ['ids-assess', *sys.argv[1:]]\nfrom ids_assess.entry import main\nmain()\n"
    fast = subprocess.run([sys.executable, "-c", entry, *args], capture_output=True, text=True, timeout=60, env=env)
    full = subprocess.run([sys.executable, "-c", FULL_BUILD, *args], capture_output=True, text=True, timeout=60,
                          env=env)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
    assert "questionnaire" in fast.stdout and "Score answer files" in fast.stdout


def test_the_stand_ins_are_for_the_program_help_only() -> None:
    app = sample_app()
    only_the_command_asked(app, ["--help"])
    validate = app.registered_commands[0].callback
    assert validate is not None and validate.__name__ == "validate" and validate.__doc__ == "Check."
    with pytest.raises(RuntimeError, match="stand-in"):
        validate()
    kept = sample_app()
    only_the_command_asked(kept, ["validate", "--help"])  # a command's own help needs its options
    assert kept.registered_commands[0].callback is not None
    assert kept.registered_commands[0].callback.__code__.co_name == "validate"


def test_version_is_answered_without_the_command_line() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("ids-assess ")


@pytest.mark.parametrize(("args", "code"), [
    (["--help"], 0), (["report", "--help"], 0), (["questionnaire", "list", "-h"], 0), (["--version"], 0),
    ([], 2), (["questionnaire"], 2),  # the help in place of a command stays a usage error
    (["score", str(ONE), "--format", "json"], 0),
])
def test_help_into_a_reader_that_went_away(args: list[str], code: int) -> None:
    # `ids-assess --help | head -1`: the pipe's reader is gone before anything is written (its end is closed
    # before the program starts); the help ends as a command's output does, quietly, 0 (was rich's exit 1)
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-c", ENTRY, *args], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (code, "")


ENTRY = "import sys\nsys.argv = ['ids-assess', *sys.argv[1:]]\nfrom ids_assess.entry import main\nmain()\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_into_a_reader_that_went_away_still_says_whether_any_file_is_invalid(tmp_path: Path,
                                                                                      jobs: str) -> None:
    # `ids-assess validate DIR | head` in CI: the exit code is the verdict on every file, wherever the pipe broke
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir()
    good.mkdir()
    for i in range(150):
        (bad / f"{i:03d}.yaml").write_text("questionnaire: ids-core\nagency: X\nanswers: {a.b: 9}\n", encoding="utf-8")
    (good / "one.yaml").write_text(ONE.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(ONE, bad / "999-valid-last.yaml")
    for folder, code, said in ((bad, 1, "151 file(s) checked, 150 invalid\n"),
                               (good, 0, "1 file(s) checked, all valid\n")):
        read, write = os.pipe()
        os.close(read)
        try:
            done = subprocess.run([sys.executable, "-c", ENTRY, "validate", str(folder), "--jobs", jobs], stdout=write,
                                  stderr=subprocess.PIPE, text=True, timeout=120, stdin=subprocess.DEVNULL)
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (code, said)
