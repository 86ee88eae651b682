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
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the check above
                raise InvalidInput([Problem(shown, 0, 0, "not a regular file", "give a YAML file or a folder")])
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InvalidInput([Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > limit:
        raise InvalidInput([Problem(shown, 1, 1, f"file is over the limit of {limit:,} bytes", hint)])
    return raw


_SKIP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig", ".lock")


def find_yaml_files(paths: Sequence[Path], warn: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Yield YAML files: files given as they are; folders searched recursively, in sorted order.

    ``.yaml``/``.yml`` in any case; hidden files and folders, editor backups, lock files and anything that is
    not a regular file skipped. A file reached twice (named twice, or also inside a folder given) is yielded
    once, so that no respondent is counted twice. Inside a folder, a link (to a file or a folder) is followed
    only when it points inside one of the folders given; one that points out of them is skipped, with a
    warning passed to ``warn``.
    """
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
            for root, dirs, files in os.walk(path, followlinks=True):  # linked folders too, each once
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
                    if candidate.is_symlink() and not contained(str(candidate)):
                        continue
                    if candidate.is_file() and first(candidate):
                        yield candidate
        elif first(path):
            yield path
