"""Compiled report templates are kept in the user's cache folder between runs: the reports are the same with
the cache, without it, and with a cache that cannot be used; a user's own templates are never cached."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ids_assess.io.resources import CACHE_VARIABLE, cache_dir

REPO = Path(__file__).resolve().parent.parent
ONE = REPO / "examples" / "answers" / "cityx-bdb-01-leader.yaml"


def report(tmp_path: Path, out: str, cache: str | None, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != CACHE_VARIABLE}
    if cache is not None:
        env[CACHE_VARIABLE] = cache
    return subprocess.run([sys.executable, "-m", "ids_assess", "report", str(ONE), "-o", str(tmp_path / out),
                           *extra], capture_output=True, text=True, env=env, check=False)


def test_templates_are_compiled_once_and_the_report_is_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = report(tmp_path, "first.html", str(cache))
    assert first.returncode == 0, first.stderr
    kept = sorted((cache / "templates").iterdir())
    assert kept and all(p.name.endswith(".cache") for p in kept)
    assert stat.S_IMODE((cache / "templates").stat().st_mode) & 0o077 == 0  # private to the user
    stamps = {p.name: p.stat().st_mtime_ns for p in kept}
    second = report(tmp_path, "second.html", str(cache))
    assert second.returncode == 0, second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (cache / "templates").iterdir()} == stamps  # read, not rewritten
    without = report(tmp_path, "without.html", "")
    assert without.returncode == 0, without.stderr
    texts = {(tmp_path / name).read_text(encoding="utf-8") for name in ("first.html", "second.html", "without.html")}
    assert len(texts) == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_may_write_into_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "shared"
    (cache / "templates").mkdir(parents=True)
    (cache / "templates").chmod(0o777)
    run = report(tmp_path, "r.html", str(cache))
    assert run.returncode == 0, run.stderr
    assert list((cache / "templates").iterdir()) == []  # compiled templates run as code: never from there


def test_a_cache_that_cannot_be_made_or_is_damaged_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    run = report(tmp_path, "blocked.html", str(blocked))
    assert run.returncode == 0 and run.stderr.startswith("wrote"), run.stderr
    cache = tmp_path / "cache"
    assert report(tmp_path, "good.html", str(cache)).returncode == 0
    for kept in (cache / "templates").iterdir():
        kept.write_bytes(b"not a compiled template")
    damaged = report(tmp_path, "damaged.html", str(cache))
    assert damaged.returncode == 0, damaged.stderr
    assert (tmp_path / "damaged.html").read_text(encoding="utf-8") == (tmp_path / "good.html").read_text(
        encoding="utf-8")


def test_a_users_templates_are_never_cached(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "agency.md").write_text("# {{ agency }} (my template)\n", encoding="utf-8")
    cache = tmp_path / "cache"
    run = report(tmp_path, "mine.md", str(cache), "--template-dir", str(mine))
    assert run.returncode == 0, run.stderr
    assert "(my template)" in (tmp_path / "mine.md").read_text(encoding="utf-8")
    assert not (cache / "templates").exists() or list((cache / "templates").iterdir()) == []


def test_the_cache_folder_follows_the_platform_and_the_variable(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"
    monkeypatch.setenv(CACHE_VARIABLE, "")
    assert cache_dir() is None
    monkeypatch.delenv(CACHE_VARIABLE)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert cache_dir() == tmp_path / "xdg" / "ids-assess"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
        assert cache_dir() == Path.home() / ".cache" / "ids-assess"
