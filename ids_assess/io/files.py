"""Files from disk: read with a size limit that does not trust the file system, and folders scanned for YAML.

Nothing here parses YAML (that is :mod:`ids_assess.io.yamlio`, which re-exports these names).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ids_assess.core.errors import InvalidInput, Problem

#: Files over this many bytes are refused.
MAX_BYTES = 2 * 1024 * 1024


def read_limited(path: Path, shown: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, reading at most ``limit`` (:data:`MAX_BYTES`) + 1 of them: the size the
    file system reports is not trusted (``/proc`` files say 0; a file may grow while it is read)."""
    limit = MAX_BYTES if limit is None else limit
    hint = "split it, or check it is the right file"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput([Problem(shown, 0, 0, "not a regular file", "give a YAML file or a folder")])
        if info.st_size > limit:
            raise InvalidInput([Problem(shown, 1, 1, f"file is {info.st_size:,} bytes, over the limit of "
                                        f"{limit:,}", hint)])
        with open(path, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):  # replaced since the check above
                raise InvalidInput([Problem(shown, 0, 0, "not a regular file", "give a YAML file or a folder")])
            # as much as the file says it holds and a byte more (a buffer of the whole limit costs more than
            # the read); then, if it held more than it said, on up to the limit and a byte
            said = min(opened.st_size, limit)
            raw = handle.read(said + 1)
            if len(raw) > said:
                raw += handle.read(limit + 1 - len(raw))
    except OSError as exc:
        raise InvalidInput([Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > limit:
        raise InvalidInput([Problem(shown, 1, 1, f"file is over the limit of {limit:,} bytes", hint)])
    return raw


_SKIP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig", ".lock")


def _wanted(name: str) -> bool:
    """A folder's entry named ``name`` may be an answer file (hidden files, editor backups and lock files not)."""
    lower = name.lower()
    return (not name.startswith((".", "~$", "#")) and not lower.endswith(_SKIP_SUFFIXES)
            and lower.endswith((".yaml", ".yml")))


def find_yaml_files(paths: Sequence[Path], warn: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Yield YAML files: files given as they are; folders searched recursively, in sorted order.

    ``.yaml``/``.yml`` in any case; hidden files and folders, editor backups, lock files and anything that is
    not a regular file skipped. A file reached twice (named twice, or also inside a folder given) is yielded
    once, so that no respondent is counted twice; so is a file with two names (a hard link: the second is left
    out with a warning). Inside a folder, a link (to a file or a folder) is followed
    only when it points inside one of the folders given; one that points out of them, or to nothing, is
    skipped with a warning passed to ``warn``.

    Memory stays small on large folders: a folder's names are held packed in one string while its files are
    yielded, and only files reached by a link or by name are remembered (a plain file in a folder is reached
    once, as each real folder is walked once: whether a link's target was yielded already follows from where
    the walk is).
    """
    roots = [os.path.realpath(p).rstrip(os.sep) + os.sep for p in paths if p.is_dir()]
    reached: set[str] = set()  # real paths of the files yielded through a link or by name
    walked: set[str] = set()  # real paths of the folders walked (or being walked)
    at = ["", ""]  # the folder whose files are being yielded (real path) and the name yielded last

    def done(key: str) -> bool:
        """Whether the file at real path ``key`` was yielded already."""
        if key in reached:
            return True
        folder, name = os.path.split(key)
        if folder not in walked or not _wanted(name) or not os.path.isfile(key):
            return False
        return folder != at[0] or name < at[1]  # the folder being walked yields its names in sorted order

    def first(path: Path | str) -> bool:
        key = os.path.realpath(path)
        if done(key):
            return False
        reached.add(key)
        return True

    linked: dict[tuple[int, int], str] = {}  # files with more than one name (hard links): the first name read

    def another_name(path: str) -> bool:
        """Whether ``path`` is a name of a file read already under another (a hard link), said with a warning:
        a respondent is counted once, whatever the names of the file."""
        try:
            info = os.stat(path)
        except OSError:
            return False  # (reading it will say why)
        if info.st_nlink < 2:
            return False
        seen = linked.setdefault((info.st_dev, info.st_ino), path)
        if seen == path:
            return False
        if warn is not None:
            warn(f"warning: {path}: the same file as {seen} (a hard link); read once")
        return True

    def contained(link: str) -> bool:
        real = os.path.realpath(link)
        if any((real + os.sep).startswith(root) for root in roots):
            return True
        if warn is not None:
            warn(f"warning: {link}: a link to {real}, outside the folders given; skipped")
        return False

    def broken(link: str) -> bool:
        """A link to nothing (or to a loop of links) is said, not taken for a link out of the folders."""
        if os.path.exists(link):
            return False
        if warn is not None:
            warn(f"warning: {link}: a link to {os.path.realpath(link)}, which does not exist; skipped")
        return True

    def walk(start: str) -> Iterator[Path]:
        """The folder ``start`` and its sub-folders, depth first (a stack, not recursion: no depth limit)."""
        pending: list[tuple[str, str | None]] = [(start, None)]
        while pending:
            yield from folder_files(*pending.pop(), pending)

    def folder_files(top: str, real: str | None, pending: list[tuple[str, str | None]]) -> Iterator[Path]:
        """The files of the folder ``top`` (``real``: its real path, ``None`` if not known yet); its sub-folders
        are put on ``pending`` (last out first)."""
        if real is None:
            real = os.path.realpath(top)
        if real in walked:  # a folder reached again (a linked folder, a loop, a folder named twice)
            return
        names: list[str] = []
        odd: set[str] = set()  # entries that are not plain regular files: links, broken links, devices
        folders: list[tuple[str, bool]] = []  # name, and whether it is a link
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    name = entry.name
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        linked = entry.is_symlink()
                        if not name.startswith(".") and (not linked or contained(entry.path)):
                            folders.append((name, linked))
                    elif _wanted(name):
                        names.append(name)
                        try:
                            plain = entry.is_file(follow_symlinks=False)
                        except OSError:
                            plain = False
                        if not plain:
                            odd.add(name)
        except OSError as exc:  # not walked, so that its files reached through a link or by name are still read
            if warn is not None and os.path.isdir(top):  # (one that vanished meanwhile is simply gone)
                warn(f"warning: {top}: a folder that cannot be read ({exc.strerror or exc}); its files are skipped")
            return
        walked.add(real)
        names.sort()
        packed, names = "\0".join(names), []
        prefix = real.rstrip(os.sep) + os.sep
        start = 0
        while start < len(packed):
            end = packed.find("\0", start)
            end = len(packed) if end < 0 else end
            name, start = packed[start:end], end + 1
            at[0], at[1] = real, name
            path = os.path.join(top, name)
            if name in odd:
                if os.path.islink(path) and (broken(path) or not contained(path)):
                    continue
                if os.path.isfile(path) and first(path) and not another_name(path):
                    yield Path(path)
            elif (not reached or prefix + name not in reached) and not another_name(path):
                yield Path(path)
        at[0] = ""
        # a sub-folder that is not a link is the real path of this one and its name: no path resolved again
        # (resolving each folder's path again made a deep tree's walk take the square of its depth)
        pending.extend((os.path.join(top, name), None if linked else os.path.join(real, name))
                       for name, linked in sorted(folders, reverse=True))

    for path in paths:
        if path.is_dir():
            yield from walk(str(path))
        elif first(path) and not another_name(str(path)):
            yield path
