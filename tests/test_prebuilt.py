"""Bundled questionnaires are built once and kept in the user's cache folder: the same questionnaire, the same
results, with the cache, without it, and with a cache that cannot be used; never from a folder others may
write into."""

from __future__ import annotations

import dataclasses
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ids_assess.io import prebuilt, questionnaires
from ids_assess.io.questionnaires import Registry, load_questionnaire
from ids_assess.io.resources import CACHE_VARIABLE, questionnaires_dir

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "answers"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    return folder


def fields(q: object) -> dict[str, object]:
    return dataclasses.asdict(q)  # type: ignore[call-overload, no-any-return]


def fresh(kept):  # type: ignore[no-untyped-def]
    """The same bundled file as ``kept`` came from, read, checked and built now."""
    path = questionnaires_dir() / kept.origin.removeprefix("<bundled>/")
    return load_questionnaire(path, kept.origin, trusted=True)


def test_a_bundled_questionnaire_is_built_once_then_read_as_built(cache: Path, monkeypatch) -> None:
    first = Registry().get("ids-core")
    kept = sorted((cache / "questionnaires").iterdir())
    assert len(kept) == len(list(questionnaires_dir().glob("ids-core*.yaml")))  # every version of the id read
    assert stat.S_IMODE((cache / "questionnaires").stat().st_mode) & 0o077 == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in kept}

    def no_build(*args, **kwargs):
        raise AssertionError("built again although kept")

    monkeypatch.setattr(questionnaires, "load_questionnaire", no_build)
    second = Registry().get("ids-core")
    assert fields(second) == fields(first) == fields(fresh(first))
    assert {p.name: p.stat().st_mtime_ns for p in (cache / "questionnaires").iterdir()} == stamps


def test_a_damaged_kept_questionnaire_is_built_again_and_replaced(cache: Path) -> None:
    Registry().get("territoriality")
    for kept in (cache / "questionnaires").iterdir():
        kept.write_bytes(b"\x80\x05not a pickle")
    again = Registry().get("territoriality")
    assert fields(again) == fields(fresh(again))
    assert all(p.read_bytes()[:1] == b"\x80" and len(p.read_bytes()) > 1000
               for p in (cache / "questionnaires").iterdir())


def test_another_build_of_ids_assess_keeps_its_own_and_removes_the_others(cache: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = questionnaires_dir() / "territoriality.yaml"
    one = prebuilt.key_of(path, "<bundled>/territoriality.yaml")
    assert one is not None and prebuilt.key_of(path, "<bundled>/other.yaml") != one
    Registry().get("territoriality@1.1.0")
    old = {p.name for p in (cache / "questionnaires").iterdir()}
    stale = cache / "questionnaires" / ".left-by-a-killed-write.pickle.1.tmp"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    monkeypatch.setattr(prebuilt, "builders_digest", lambda: "another-build")
    assert prebuilt.key_of(path, "<bundled>/territoriality.yaml") != one
    Registry().get("territoriality@1.1.0")
    now = {p.name for p in (cache / "questionnaires").iterdir()}
    assert now and not now & old and all(name.startswith("another-build-") for name in now)


def test_no_cache_without_the_builders_source(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prebuilt.builders_digest.cache_clear()
    monkeypatch.setattr(prebuilt, "_PACKAGE", cache / "nowhere")
    try:
        assert prebuilt.key_of(questionnaires_dir() / "territoriality.yaml", "<bundled>/territoriality.yaml") is None
        q = Registry().get("territoriality")
        assert fields(q) == fields(fresh(q)) and not (cache / "questionnaires").exists()
    finally:
        prebuilt.builders_digest.cache_clear()


class _Planted:
    """Unpickled, it would leave a file behind: proof that a kept file was read."""

    def __init__(self, flag: Path) -> None:
        self.flag = flag

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.flag.write_text, ("ran",))


def _planted(folder: Path, flag: Path) -> str:
    """A pickle under the very name the territoriality questionnaire is kept under, that would run code."""
    kept = Registry().get("territoriality")
    key = prebuilt.key_of(questionnaires_dir() / kept.origin.removeprefix("<bundled>/"), kept.origin)
    assert key is not None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(pickle.dumps(_Planted(flag)))
    return key


def test_a_planted_pickle_would_run(tmp_path: Path) -> None:
    """The planted file of the tests below is live: read, it runs."""
    flag = tmp_path / "ran"
    pickle.loads(pickle.dumps(_Planted(flag)))
    assert flag.read_text() == "ran"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_may_write_into_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flag = tmp_path / "ran"
    monkeypatch.setenv(CACHE_VARIABLE, "")
    shared = tmp_path / "shared"
    key = _planted(shared / "questionnaires", flag)
    (shared / "questionnaires").chmod(0o777)
    monkeypatch.setenv(CACHE_VARIABLE, str(shared))
    q = Registry().get("territoriality")
    assert not flag.exists() and fields(q) == fields(fresh(q))
    assert sorted(p.name for p in (shared / "questionnaires").iterdir()) == [key]  # nothing read, nothing kept


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_linked_cache_folder_or_kept_file_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flag = tmp_path / "ran"
    monkeypatch.setenv(CACHE_VARIABLE, "")
    elsewhere = tmp_path / "elsewhere"
    key = _planted(elsewhere, flag)
    elsewhere.chmod(0o700)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "questionnaires").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.setenv(CACHE_VARIABLE, str(linked))
    q = Registry().get("territoriality")
    assert not flag.exists() and fields(q) == fields(fresh(q))
    one_file = tmp_path / "one-file"
    (one_file / "questionnaires").mkdir(parents=True)
    (one_file / "questionnaires").chmod(0o700)
    (one_file / "questionnaires" / key).symlink_to(elsewhere / key)
    monkeypatch.setenv(CACHE_VARIABLE, str(one_file))
    q = Registry().get("territoriality")
    assert not flag.exists() and fields(q) == fields(fresh(q))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_kept_file_of_another_user_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flag = tmp_path / "ran"
    monkeypatch.setenv(CACHE_VARIABLE, "")
    folder = tmp_path / "cache" / "questionnaires"
    key = _planted(folder, flag)
    folder.chmod(0o700)
    os.chown(folder / key, 65534, 65534)
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    q = Registry().get("territoriality")
    assert not flag.exists() and fields(q) == fields(fresh(q))


def test_no_cache_folder_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "")
    q = Registry().get("territoriality")
    assert fields(q) == fields(fresh(q))
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocked))
    q = Registry().get("territoriality")
    assert fields(q) == fields(fresh(q)) and blocked.read_text() == "x"


def test_commands_give_the_same_results_with_and_without_the_cache(tmp_path: Path) -> None:
    def run(cache: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, CACHE_VARIABLE: cache}
        return subprocess.run([sys.executable, "-m", "ids_assess", *args], capture_output=True, text=True,
                              env=env, cwd=tmp_path, check=False)

    kept = str(tmp_path / "cache")
    for args in (["score", str(EXAMPLES), "--format", "json"], ["validate", str(EXAMPLES)]):
        runs = [run(kept, *args), run(kept, *args), run("", *args)]
        assert [r.returncode for r in runs] == [0, 0, 0], runs[0].stderr
        assert runs[0].stdout == runs[1].stdout == runs[2].stdout
        assert runs[0].stderr == runs[1].stderr == runs[2].stderr and (runs[0].stdout or runs[0].stderr)
    assert any((tmp_path / "cache" / "questionnaires").iterdir())
