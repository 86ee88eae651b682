"""What a person at a terminal sees besides the product: a confirmation of what was written, and a progress
bar on stderr for long batches, never in pipes or logs."""

from __future__ import annotations

import shutil
import sys

import pexpect
import pytest
from conftest import EXAMPLES

from ids_assess.cli.common import PROGRESS_FROM, with_progress


def test_score_to_a_file_says_what_it_wrote(cli, tmp_path):
    target = tmp_path / "scores.json"
    run = cli("score", str(EXAMPLES / "answers"), "--format", "json", "-o", str(target))
    assert run.code == 0, run
    assert f"wrote {target} (23 result(s), json)" in run.err
    agencies = cli("score", str(EXAMPLES / "answers"), "--by", "agency", "--format", "csv", "-o", str(target))
    assert "agency profile(s), csv)" in agencies.err


def test_score_to_stdout_says_nothing_more(cli):
    run = cli("score", str(EXAMPLES / "answers"), "--format", "json")
    assert run.code == 0 and "wrote" not in run.err


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, capsys):
    items = list(range(PROGRESS_FROM + 5))
    assert list(with_progress(iter(items), [tmp_path])) == items
    assert capsys.readouterr().err == ""


@pytest.mark.pty
def test_a_long_batch_shows_progress_on_a_terminal(tmp_path):
    source = next((EXAMPLES / "answers").glob("*.yaml"))
    for i in range(PROGRESS_FROM + 10):
        shutil.copy(source, tmp_path / f"copy-{i:03d}.yaml")
    out = tmp_path / "scores.json"
    child = pexpect.spawn(sys.executable, ["-m", "ids_assess", "score", str(tmp_path), "--format", "json", "-o",
                                           str(out)], encoding="utf-8", timeout=120, dimensions=(24, 100))
    child.expect(f"/{PROGRESS_FROM + 10}")  # the bar's "done/total"
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert out.read_text(encoding="utf-8").count('"source"') == PROGRESS_FROM + 10
