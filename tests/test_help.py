"""Every command's help reads as a person would write it, ends with examples, and the README's command table
is the one generated from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COMMANDS = [["template"], ["validate"], ["score"], ["survey"], ["report"], ["network"], ["compare"], ["export"],
            ["import"], ["stats"],
            ["questionnaire", "list"], ["questionnaire", "show"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_human_metavars_and_ends_with_examples(cli, command):
    run = cli(*command, "--help")
    assert run.code == 0, run
    text = run.out
    for machine in ("<bool>", "<list[", "<path>", "<int", "{PATH", "<text>", "int range"):
        assert machine not in text, f"{' '.join(command)} --help shows {machine!r}"
    tail = text.strip().splitlines()
    examples = [line for line in tail[tail.index(next(x for x in tail if "Examples:" in x)):]
                if "ids-assess " in line]
    assert 1 <= len(examples) <= 2
    assert all(f"ids-assess {' '.join(command)}" in line for line in examples)
    assert "Examples:" not in text.split("Options")[0], "the examples come last, after the options"


def test_flags_read_as_flags(cli):
    text = cli("score", "--help").out
    long_line = next(line for line in text.splitlines() if "--long" in line)
    assert "bool" not in long_line.lower()


def test_the_readme_command_table_is_generated_from_the_help():
    done = subprocess.run([sys.executable, str(REPO / "docs" / "readme_commands.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_help_says_every_word_of_the_commands_docstring(cli, command):
    # rich writes the help: a docstring's "[id]" was taken for a style and left out of `export --help`
    from ids_assess.cli.app import app

    group = app if len(command) == 1 else next(g.typer_instance for g in app.registered_groups
                                                if g.name == command[0])
    callback = next(c.callback for c in group.registered_commands
                    if (c.name or c.callback.__name__.rstrip("_").replace("_", "-")) == command[-1])
    words = (callback.__doc__ or "").split()
    assert words, f"{' '.join(command)} has no docstring"
    shown = " ".join(line.strip(" │") for line in cli(*command, "--help").out.splitlines()).split()
    joined = " ".join(shown)
    assert " ".join(words[:6]) in joined
    missing = [w for w in words if w not in shown and w not in joined]
    assert not missing, f"{' '.join(command)} --help leaves out {missing}"
