"""Finding answer files in folders: the walk that remembers little yields what remembering every file yielded.

The reference below is the plain way to do it (``os.walk``, and the real path of every file yielded kept in a
set); random trees of folders, files, links inside and outside the folders given, broken links, loops and
repeated or overlapping arguments go through both, and the files and warnings must be the same, in order.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ids_assess.io.files import _SKIP_SUFFIXES, find_yaml_files

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs symbolic links")


def reference(paths: Sequence[Path], warn: Callable[[str], None] | None = None) -> Iterator[Path]:
    seen: set[str] = set()
    roots = [os.path.realpath(p).rstrip(os.sep) + os.sep for p in paths if p.is_dir()]

    def first(path: Path) -> bool:
        key = os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    def contained(link: str) -> bool:
        real = os.path.realpath(link)
        if any((real + os.sep).startswith(root) for root in roots):
            return True
        if warn is not None:
            warn(f"warning: {link}: a link to {real}, outside the folders given; skipped")
        return False

    walked: set[str] = set()
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=True):
                real = os.path.realpath(root)
                if real in walked:
                    dirs[:] = []
                    continue
                walked.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and
                                 (not os.path.islink(os.path.join(root, d)) or contained(os.path.join(root, d))))
                for name in sorted(files):
                    lower = name.lower()
                    if name.startswith((".", "~$", "#")) or lower.endswith(_SKIP_SUFFIXES):
                        continue
                    candidate = Path(root) / name
                    if not lower.endswith((".yaml", ".yml")):
                        continue
                    if candidate.is_symlink() and not candidate.exists():
                        if warn is not None:
                            warn(f"warning: {candidate}: a link to {os.path.realpath(candidate)}, which does not "
                                 "exist; skipped")
                        continue
                    if candidate.is_symlink() and not contained(str(candidate)):
                        continue
                    if candidate.is_file() and first(candidate):
                        yield candidate
        elif first(path):
            yield path


WANTED = ["a.yaml", "b.yml", "C.YAML", "m.yaml", "z.yaml"]
NAMES = [*WANTED, ".h.yaml", "x.yaml.bak", "notes.txt", "~$l.yaml"]
FOLDERS = ["in", "in/sub", "in/sub/deep", "in/.hid", "in/zz", "out", "out/o2"]

# a tree: files (most of them with names an answer file may have), then links to them or to folders (some
# broken, some to links, some out of the folders given, some looping) and FIFOs among them
files = st.lists(st.tuples(st.just("file"), st.sampled_from(FOLDERS), st.sampled_from([*WANTED, *NAMES])),
                 min_size=3, max_size=20)


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[str, ...]]:
    plan = draw(files)
    made = [(step[1], step[2]) for step in plan]
    targets = st.one_of(st.sampled_from(made), st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["link", "link", "link", "dirlink", "broken", "fifo"]))
        folder, name = draw(st.sampled_from(FOLDERS)), draw(st.sampled_from(NAMES))
        if kind == "link":
            target = draw(targets)
            if draw(st.booleans()):  # beside its target: sorted before it or after it
                folder, name = target[0], draw(st.sampled_from(WANTED))
            plan.append((kind, folder, name, *target))
        elif kind == "dirlink":
            plan.append((kind, folder, draw(st.sampled_from(["l1", "l2", ".l3", "zl"])),
                         draw(st.sampled_from([*FOLDERS, ""]))))
        else:
            plan.append((kind, folder, name))
    return plan


arguments = st.lists(st.one_of(st.sampled_from(["in", "in", "", *FOLDERS]),
                               st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES))), min_size=1, max_size=4)


def build(root: Path, plan: list[tuple[str, ...]]) -> None:
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for step in plan:
        kind, folder, name = step[0], step[1], step[2]
        path = root / folder / name
        if os.path.lexists(path):
            continue
        if kind == "file":
            path.write_text("a: 1\n", encoding="utf-8")
        elif kind == "link":
            path.symlink_to(root / step[3] / step[4])  # may point at nothing yet, or at a link
        elif kind == "dirlink":
            path.symlink_to(root / step[3], target_is_directory=True)
        elif kind == "broken":
            path.symlink_to(root / "nowhere" / name)
        elif kind == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=trees(), args=arguments)
def test_the_walk_yields_what_the_plain_walk_yields(plan: list[tuple[str, ...]], args: list) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        build(root, plan)
        paths = [root / a if isinstance(a, str) else root / a[0] / a[1] for a in args]
        paths = [p for p in paths if os.path.lexists(p)]
        got_warnings: list[str] = []
        want_warnings: list[str] = []
        got = list(find_yaml_files(paths, got_warnings.append))
        want = list(reference(paths, want_warnings.append))
        assert got == want
        assert got_warnings == want_warnings
    finally:
        shutil.rmtree(root)


def test_a_link_sorted_before_its_target_in_the_same_folder_is_yielded_and_the_target_not(tmp_path: Path) -> None:
    (tmp_path / "own.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "a-link.yaml").symlink_to(tmp_path / "own.yaml")
    (tmp_path / "z-link.yaml").symlink_to(tmp_path / "own.yaml")
    assert list(find_yaml_files([tmp_path])) == [tmp_path / "a-link.yaml"]


def test_a_file_named_after_its_folder_is_yielded_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "d" / "b.yaml").write_text("a: 1\n", encoding="utf-8")
    found = list(find_yaml_files([tmp_path / "d", tmp_path / "d" / "b.yaml", tmp_path / "d"]))
    assert found == [tmp_path / "d" / "a.yaml", tmp_path / "d" / "b.yaml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_folder_is_skipped_but_named_it_is_yielded(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    assert list(find_yaml_files([tmp_path])) == []
    # named on the command line it is passed on, for the reader to refuse with its own message
    assert list(find_yaml_files([tmp_path, tmp_path / "pipe.yaml"])) == [tmp_path / "pipe.yaml"]


def test_a_link_sorted_after_its_target_in_the_same_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "z-link.yaml").symlink_to(tmp_path / "a.yaml")
    assert list(find_yaml_files([tmp_path])) == [tmp_path / "a.yaml"]


def test_a_folder_nested_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    import sys

    depth = 300  # walked with the recursion limit below it (a deeper tree takes long: each real path is resolved)
    here = os.getcwd()
    try:  # made from inside, a level at a time: the whole path is longer than a system call takes at once
        os.chdir(tmp_path)
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path("deep.yaml").write_text("a: 1\n", encoding="utf-8")
    finally:
        os.chdir(here)
    (tmp_path / "top.yaml").write_text("a: 1\n", encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(tmp_path.parts) + 250)
    try:
        found = list(find_yaml_files([tmp_path]))
    finally:
        sys.setrecursionlimit(limit)
    assert found[0] == tmp_path / "top.yaml"
    assert len(found) == 2 and found[1].name == "deep.yaml" and len(found[1].parts) == len(tmp_path.parts) + depth + 1


def _refuse_listing(monkeypatch, name: str) -> None:
    """Folders called ``name`` may be entered but not listed (as mode 311 is for another user)."""
    listing = os.scandir

    def refuse(path: str | Path = ".") -> object:
        if os.path.basename(os.fspath(path)) == name:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse)


def test_a_folder_that_cannot_be_listed_does_not_hide_its_files_reached_otherwise(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    # a folder one may enter but not list (mode 311 for another user): its file named on the command line, or
    # reached through a link from a folder that can be listed, is still yielded, as by the plain walk
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "m").mkdir()
    (tmp_path / "in" / "locked" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "in" / "m" / "l.yaml").symlink_to("../locked/a.yaml")
    _refuse_listing(monkeypatch, "locked")
    named = tmp_path / "in" / "locked" / "a.yaml"
    for args in ([tmp_path / "in"], [tmp_path / "in", named], [named, tmp_path / "in"]):
        assert list(find_yaml_files(args)) == list(reference(args)), args
    assert list(find_yaml_files([tmp_path / "in", named])) == [tmp_path / "in" / "m" / "l.yaml"]


def test_a_folder_that_cannot_be_listed_is_said(tmp_path: Path, monkeypatch) -> None:
    # its own files cannot be found: the user is told, not left with a count that is silently short
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    _refuse_listing(monkeypatch, "locked")
    said: list[str] = []
    assert list(find_yaml_files([tmp_path], said.append)) == [tmp_path / "a.yaml"]
    assert said == [f"warning: {tmp_path / 'locked'}: a folder that cannot be read (Permission denied); "
                    "its files are skipped"]


def test_a_hard_link_is_read_once_and_said(tmp_path: Path) -> None:
    # one file under two names (in one folder, in a sub-folder, and named on the command line): one respondent
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    os.link(tmp_path / "a.yaml", tmp_path / "sub" / "b.yaml")
    os.link(tmp_path / "a.yaml", tmp_path / "c.yaml")
    (tmp_path / "d.yaml").write_text("x: 1\n", encoding="utf-8")  # the same text, another file: read
    told: list[str] = []
    found = list(find_yaml_files([tmp_path, tmp_path / "sub" / "b.yaml"], told.append))
    assert [p.name for p in found] == ["a.yaml", "d.yaml"]
    said = "the same file as {} (a hard link); read once".format(tmp_path / "a.yaml")
    # sub/b.yaml named again after the walk read it under its other name: already reached, nothing more said
    assert told == [f"warning: {tmp_path / 'c.yaml'}: {said}", f"warning: {tmp_path / 'sub' / 'b.yaml'}: {said}"]


def test_a_hard_linked_answer_file_counts_one_respondent(cli, tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    shutil.copytree(REPO / "examples" / "answers", folder)
    one = sorted(folder.glob("cityx-msb-*.yaml"))[0]
    (folder / "copies").mkdir()
    os.link(one, folder / "copies" / "same.yaml")
    for jobs in ("1", "2"):
        run = cli("score", folder, "--by", "agency", "-f", "json", "--jobs", jobs)
        assert run.code == 0, run.err
        assert f"{folder / 'copies' / 'same.yaml'}: the same file as {one} (a hard link); read once" in run.err
        plain = cli("score", REPO / "examples" / "answers", "--by", "agency", "-f", "json")
        assert [a["respondents"] for a in json.loads(run.out)["agencies"]] == \
            [a["respondents"] for a in json.loads(plain.out)["agencies"]]
