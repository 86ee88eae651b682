"""A user's report template is code we run on their data: its errors are located messages (exit 1, never a
bug report), it runs within a time and size limit, and it reads only files inside its own folder."""

from __future__ import annotations

import os

import pytest
from conftest import EXAMPLES

from ids_assess.render.report import build

ONE = str(EXAMPLES / "answers" / "cityx-psb-01-leader.yaml")


def run_template(cli, tmp_path, text: str):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "agency.md").write_text(text, encoding="utf-8")
    return cli("report", ONE, "--template-dir", str(folder)), folder


@pytest.mark.parametrize(("text", "message"), [
    ("{{ '{0[5]}'.format_map({}) }}", "agency.md:1: IndexError: tuple index out of range"),
    ("{% for i in range(10**9) %}x{% endfor %}", "agency.md:1: OverflowError: Range too big"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "agency.md: stopped: the template includes or calls itself"),
    ("{% include 'agency.md' %}", "agency.md: stopped: the template includes or calls itself"),
    ("{{ 'abc'|truncate(-1) }}", "agency.md:1: AssertionError: expected length >= 3, got -1"),
    ("{{ 'x' * 10**9 }}", "agency.md:1: stopped: the template builds a value of more than 64 MiB"),
    ("{{ 10 ** 100000 }}", "agency.md:1: stopped: the power 10 ** 100000 is too large"),
])
def test_template_errors_are_located_exit_1_not_a_bug(cli, tmp_path, text, message):
    run, _ = run_template(cli, tmp_path, text)
    assert run.code == 1, run
    assert message in run.err
    assert "internal error" not in run.err and len(run.err.strip().splitlines()) == 1


def test_a_template_that_runs_too_long_is_stopped(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "TEMPLATE_SECONDS", 1)
    run, _ = run_template(cli, tmp_path, "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
                                         "{% endfor %}")
    assert run.code == 1
    assert "stopped: the template took longer than 1 s" in run.err


def test_a_template_whose_output_grows_too_large_is_stopped(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "TEMPLATE_BYTES", 10_000)
    run, _ = run_template(cli, tmp_path, "{% for i in range(9999) %}some text {{ i }}\n{% endfor %}")
    assert run.code == 1
    assert "stopped: the report grew past" in run.err


def test_includes_resolve_only_inside_the_template_folder(cli, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    os.symlink(secret, folder / "part.md")
    run, _ = run_template(cli, tmp_path, "{% include 'part.md' %}")
    assert run.code == 1
    assert "links to a file outside the template folder" in run.err
    assert "TOP SECRET" not in run.out + run.err
    os.symlink(secret, tmp_path / "agency-link.md")
    (folder / "agency.md").unlink()
    os.symlink(secret, folder / "agency.md")
    linked = cli("report", ONE, "--template-dir", str(folder))
    assert linked.code == 1 and "TOP SECRET" not in linked.out


def test_a_well_behaved_template_still_renders(cli, tmp_path):
    run, _ = run_template(cli, tmp_path, "# {{ agency }}\n")
    assert run.code == 0, run
    assert run.out.startswith("# ")
