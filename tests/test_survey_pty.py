"""``ids-assess survey`` in a real pseudo-terminal (pexpect): Ctrl-C, kill -9, SIGTERM, what the screen shows.

Each test starts ``python -m ids_assess survey`` with a temporary HOME and working folder and no
IDS_ASSESS_SURVEY_FORCE_TTY: standard input is a real terminal here.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest
import yaml

from ids_assess.io.questionnaires import Registry

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")]

TERR = Registry().get("territoriality")
T_IDS = list(TERR.items)
PROMPT = "Your answer"
TIMEOUT = 8


def spawn(tmp_path: Path, *args: str, columns: int = 120) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "IDS_ASSESS_SURVEY_FORCE_TTY"}
    env.update(HOME=str(tmp_path), TERM="xterm-256color", LANG="C.UTF-8", COLUMNS=str(columns), LINES="40")
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "ids_assess", "survey", *args], cwd=str(tmp_path), env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, columns))
    child.logfile_read = io.StringIO()  # everything the terminal showed
    return child


def start(tmp_path: Path, *extra: str, agency: str = "Pty Bureau") -> pexpect.spawn:
    child = spawn(tmp_path, "-q", "territoriality", "-o", "out.yaml", "--agency", agency, "--agency-id", "",
                  "--respondent", "", "--role", "it", *extra)
    child.expect("Item 1 of 16")
    child.expect(PROMPT)
    return child


def answer(child: pexpect.spawn, key: str, next_item: int) -> None:
    child.sendline(key)
    child.expect(f"Item {next_item} of 16")
    child.expect(PROMPT)


def answers(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return child.exitstatus


def test_ctrl_c_saves_exactly_the_answers_given_then_resume_asks_the_next(tmp_path, cli):
    child = start(tmp_path)
    answer(child, "4", 2)
    answer(child, "２", 3)  # a full-width digit, as a Chinese input method types it
    answer(child, "d", 4)
    child.sendintr()
    child.expect("Interrupted \\(Ctrl-C\\)\\. Saved 3 of 16 answers in out.yaml\\.")
    child.expect("--resume")
    assert finish(child) == 130
    path = tmp_path / "out.yaml"
    assert answers(path) == {T_IDS[0]: 4, T_IDS[1]: 2, T_IDS[2]: "dk"}
    run = cli("validate", str(path))
    assert run.code == 0, run

    child = spawn(tmp_path, "-q", "territoriality", "-o", "out.yaml", "--resume")
    child.expect("Continuing out.yaml: 3 of 16 items answered")
    child.expect("Item 4 of 16")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("Saved 3 of 16 answers")
    assert finish(child) == 0


def test_kill_9_after_three_answers_loses_nothing(tmp_path, cli):
    child = start(tmp_path)
    answer(child, "5", 2)
    answer(child, "1", 3)
    answer(child, "n", 4)
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    path = tmp_path / "out.yaml"
    assert answers(path) == {T_IDS[0]: 5, T_IDS[1]: 1, T_IDS[2]: "na"}
    # no temporary file left; the killed survey's lock stays until the next survey takes it over
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["out.yaml", "out.yaml.lock"]
    run = cli("validate", str(path))
    assert run.code == 0, run

    child = spawn(tmp_path, "-q", "territoriality", "-o", "out.yaml", "--resume")
    child.expect("took over the lock of out.yaml left by process")
    child.expect("Continuing out.yaml: 3 of 16 items answered")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("Saved 3 of 16 answers")
    assert finish(child) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["out.yaml"]  # lock released


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_save_and_exit_128_plus_the_signal(tmp_path, sig):
    child = start(tmp_path)
    answer(child, "3", 2)
    time.sleep(0.1)
    child.kill(sig)
    if sig == signal.SIGTERM:
        child.expect(f"signal {sig.name}")
    assert finish(child) == 128 + sig
    assert answers(tmp_path / "out.yaml") == {T_IDS[0]: 3}


def test_end_of_input_saves_and_exits_130(tmp_path):
    child = start(tmp_path)
    answer(child, "2", 2)
    child.sendeof()
    child.expect("Interrupted \\(end of input\\)")
    assert finish(child) == 130
    assert answers(tmp_path / "out.yaml") == {T_IDS[0]: 2}


def test_the_screen_shows_a_hostile_agency_name_literally(tmp_path):
    child = start(tmp_path, agency="[bold]x[/bold] [red]RED[/red]")
    child.sendline("q")
    assert finish(child) == 0
    screen = child.logfile_read.getvalue()
    assert "Agency: [bold]x[/bold] [red]RED[/red]" in screen


def test_a_control_character_in_an_option_is_refused_and_never_echoed(tmp_path):
    child = spawn(tmp_path, "-q", "territoriality", "-o", "out.yaml", "--agency", "x \x1b[31mRED\x1b[0m",
                  "--agency-id", "", "--respondent", "", "--role", "it")
    assert finish(child) == 2
    screen = child.logfile_read.getvalue()
    assert "--agency holds the control character U+001B" in screen and "\x1b[31mRED" not in screen
    assert not (tmp_path / "out.yaml").exists()


def test_chinese_screen(tmp_path):
    child = spawn(tmp_path, "-q", "territoriality", "-o", "out.yaml", "--lang", "zh", "--agency", "测试局",
                  "--agency-id", "", "--respondent", "", "--role", "it")
    child.expect("第 1 题（共 16 题）")
    child.expect(TERR.items[T_IDS[0]].text.zh)
    child.expect("您的回答")
    child.sendline("５")
    child.expect("第 2 题（共 16 题）")
    child.expect("您的回答")
    child.sendline("ｑ")
    child.expect("已保存 1 题（共 16 题）到 out.yaml")
    assert finish(child) == 0
    assert answers(tmp_path / "out.yaml") == {T_IDS[0]: 5}


def test_a_narrow_terminal_never_breaks_the_file_name_or_the_command_to_continue(tmp_path):
    name = "city-x-market-supervision-bureau-li-wei-territoriality-2026-11-26.yaml"
    child = spawn(tmp_path, "-q", "territoriality", "-o", name, "--agency", "City X Market Supervision Bureau",
                  "--agency-id", "", "--respondent", "Li Wei", "--role", "leader", columns=60)
    child.expect(PROMPT)
    child.sendline("4")
    child.expect("Item 2 of 16")
    child.expect(PROMPT)
    child.sendline("q")
    assert finish(child) == 0
    screen = re.sub(r"\x1b\[[0-9;]*m", "", child.logfile_read.getvalue())  # colours out
    shown = screen.split("\r\n")
    assert f"To continue: ids-assess survey -q territoriality -o {name} --resume" in shown
    assert f"Saved 1 of 16 answers in {name}." in shown
    assert any(line.startswith(f"Every answer is saved at once to {name}.") for line in shown)
    assert answers(tmp_path / name) == {T_IDS[0]: 4}
