"""Writing output files: atomically where a file is replaced, straight through where the target is a stream.

A regular file (or a new path) is written to a temporary file beside it, flushed, synced and renamed over
it, so nothing half-written is ever left where a result should be. A target that exists and is not a
regular file (a character or block device such as ``/dev/null``, a FIFO, a socket, ``/dev/stdout``) and
``-`` (standard output) are written straight through: renaming over them would destroy a device or
cut a pipe. A folder is refused.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ids_assess.core.errors import OutputError

#: Prefix and suffix of the temporary files written beside a target (cleaned by :func:`clean_stale_temps`).
TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"

#: Failures of a write that are the environment's, not a bug: a full disk, a quota, a read-only file system.
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})


def drop_stdout() -> None:
    """After a failed write to stdout, point it at the null device so that the interpreter's final flush
    cannot fail a second time (the buffered text could not be written anyway)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout without a file descriptor
        pass


def is_stdout(path: Path | str) -> bool:
    """Whether ``path`` names standard output: ``-`` or ``/dev/stdout``."""
    return str(path) in ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def is_stream_target(path: Path | str) -> bool:
    """Whether ``path`` is written straight through rather than replaced: standard output, or a path that
    exists and is not a regular file or folder (a device, a FIFO, a socket, a ``/proc``/``/dev/fd`` link)."""
    text = str(path)
    if is_stdout(text):
        return True
    if text.startswith(("/dev/fd/", "/proc/self/fd/", "/proc/")):
        return os.path.exists(text)
    try:
        mode = os.stat(text).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def cannot_write(path: Path | str, exc: OSError) -> OutputError:
    """The one-line error for a failed write of ``path`` (standard output is called "output")."""
    return OutputError(f"cannot write {'output' if is_stdout(path) else path}: {exc.strerror or exc}")


def refuse_folder(path: Path) -> None:
    """Refuse a folder where a file is to be written (stdout's ``-`` is no folder)."""
    if os.path.isdir(path) and not is_stdout(path):
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")


def written_path(path: Path) -> Path:
    """The file that writing ``path`` replaces: the one a link leads to (the link stays), else ``path``."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def write_atomic(path: Path, chunks: Iterable[str] | str | bytes) -> None:
    """Write text (or bytes) to ``path``: atomically for a regular file or a new path, straight through for a
    stream target.

    ``chunks`` may be a generator: it is consumed while writing, so large outputs stream to disk.
    If it raises, the temporary file is removed and ``path`` is left as it was. A link to a file stays a
    link: the file it points to is replaced.
    """
    refuse_folder(path)
    if is_stream_target(path):
        write_through(path, chunks)
        return
    shown, path = path, written_path(path)  # a link (``latest.json``) stays a link
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise cannot_write(shown, exc) from None
    try:
        if isinstance(chunks, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(chunks)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                for chunk in [chunks] if isinstance(chunks, str) else chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise cannot_write(shown, exc) from None
        raise
    sync_folder(folder)


def write_bytes(path: Path, data: bytes) -> None:
    """Write bytes (an Office document) to ``path``, as :func:`write_atomic` writes text."""
    write_atomic(path, data)


def write_through(path: Path | str, chunks: Iterable[str] | str | bytes) -> None:
    """Write text or bytes straight into an existing stream target (or standard output for ``-``), never
    replacing it."""
    try:
        if isinstance(chunks, bytes):
            if is_stdout(path):
                sys.stdout.flush()
                sys.stdout.buffer.write(chunks)
                sys.stdout.buffer.flush()
            else:
                with open(path, "wb") as binary:
                    binary.write(chunks)
            return
        parts = [chunks] if isinstance(chunks, str) else chunks
        if is_stdout(path):
            for chunk in parts:
                sys.stdout.write(chunk)
            sys.stdout.flush()
            return
        with open(path, "w", encoding="utf-8", newline="") as handle:
            for chunk in parts:
                handle.write(chunk)
    except BrokenPipeError:  # the reader went away (`| head`): the command line says nothing of it
        raise
    except OSError as exc:
        raise cannot_write(path, exc) from None


def sync_folder(folder: Path | str) -> None:
    """Make renames in ``folder`` durable (where the file system allows)."""
    try:
        dirfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dirfd)
        finally:
            os.close(dirfd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass


def stale_temp(name: str) -> bool:
    """Whether a file name is a temporary file this module writes (``.NAME.XXXX.tmp``)."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3


_TEMP_NAME = re.compile(r"\A\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp\Z")


def clean_stale_temps(folder: Path, names: Iterable[str] | None = None) -> int:
    """Remove the temporary files that killed runs left in ``folder`` (``.NAME.XXXXXXXX.tmp``), only those
    of the targets ``names`` when given; return how many were removed."""
    wanted = set(names) if names is not None else None
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or (wanted is not None and match["name"] not in wanted):
            continue
        try:
            if entry.is_file(follow_symlinks=False) or entry.is_symlink():
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


# --- a set of files replaced as one ------------------------------------------------------------------

JOURNAL = ".ids-assess-journal"
STAGING_PREFIX = ".ids-assess-staging-"


def recover_folder(folder: Path) -> str | None:
    """Finish what an interrupted :func:`replace_set` left in ``folder``; say what was done (or ``None``).

    A journal means every new file was staged and the move had begun: the move is completed (rolled
    forward). Staging folders without a journal were never moved in: they are removed (rolled back).
    Temporary files of killed runs are removed too.
    """
    note: str | None = None
    journal = folder / JOURNAL
    try:
        text = journal.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    except OSError as exc:
        raise cannot_write(journal, exc) from None
    if text is not None:
        try:
            record = json.loads(text)
            staging = folder / str(record["staging"])
            names = [str(n) for n in record["names"]]
        except (ValueError, KeyError, TypeError):
            staging, names = None, []
        moved = 0
        if staging is not None and os.path.dirname(os.path.abspath(staging)) == os.path.abspath(folder):
            for name in names:
                if "/" in name or name in ("", ".", ".."):
                    continue
                try:
                    os.replace(staging / name, folder / name)
                    moved += 1
                except FileNotFoundError:
                    pass  # moved before the interruption
        sync_folder(folder)
        journal.unlink(missing_ok=True)
        note = f"completed an interrupted earlier run in {folder} ({moved} file(s) moved in)"
    rolled = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        entries = []
    for entry in entries:
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
            rolled += 1
    if rolled and note is None:
        note = f"removed what an interrupted earlier run in {folder} had not moved in"
    clean_stale_temps(folder)
    return note


def replace_set(folder: Path, files: Iterable[tuple[str, str | bytes]]) -> list[str]:
    """Write ``files`` (name, text or bytes) into ``folder`` as one set: all of them replace the old ones, or none.

    Every file is first written into a staging folder inside ``folder``; only when all are written (a full
    disk or an error leaves ``folder`` as it was) is a journal written and the files moved in, so that an
    interruption during the move is completed by the next run (:func:`recover_folder`). Files in ``folder``
    that are not in the set are never touched. Return the names written, in order.
    """
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    names: list[str] = []
    try:
        for name, text in files:
            target = staging / name
            try:
                if isinstance(text, bytes):
                    with open(target, "wb") as raw:
                        raw.write(text)
                        raw.flush()
                        os.fsync(raw.fileno())
                else:
                    with open(target, "w", encoding="utf-8", newline="") as handle:
                        handle.write(text)
                        handle.flush()
                        os.fsync(handle.fileno())
            except OSError as exc:
                raise cannot_write(folder / name, exc) from None
            names.append(name)
        umask = os.umask(0)
        os.umask(umask)
        for name in names:
            os.chmod(staging / name, 0o666 & ~umask)
        sync_folder(staging)
        write_atomic(folder / JOURNAL, json.dumps({"staging": staging.name, "names": names}))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for name in names:
        try:
            os.replace(staging / name, folder / name)
        except OSError as exc:  # the journal stays: the next run completes the move
            raise cannot_write(folder / name, exc) from None
    sync_folder(folder)
    os.unlink(folder / JOURNAL)
    shutil.rmtree(staging, ignore_errors=True)
    return names
