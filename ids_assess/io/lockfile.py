"""An exclusive lock on an answer file, so that two surveys never write one file.

The lock is a file beside the answer file (``NAME.yaml.lock``) created with ``O_EXCL``; it holds the
holder's process id and host name. A lock whose process has ended on this host is stale: it is taken
over, and the caller says so. A lock held by a live process, or by a process on another host (which this
host cannot check), is refused with :class:`Locked`.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from ids_assess.core.errors import UsageError
from ids_assess.io.output import written_path

LOCK_SUFFIX = ".lock"


class Locked(UsageError):
    """The answer file is locked by another survey."""


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: a process on a host (``pid`` 0 when the lock file could not be read)."""

    pid: int
    host: str


def lock_path(path: Path) -> Path:
    """The lock file of the answer file ``path``: beside the file a link leads to, where the answers are
    written (:func:`ids_assess.io.output.written_path`), so that a survey of the link and one of its target
    take the same lock."""
    real = written_path(path)
    return real.with_name(real.name + LOCK_SUFFIX)


def _read(lock: Path) -> Holder | None:
    try:
        text = lock.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return Holder(0, "")
    parts = text.split()
    if len(parts) >= 2 and parts[0].isdigit():
        return Holder(int(parts[0]), parts[1])
    return Holder(0, "")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, run by another user
        return True
    except OSError:  # pragma: no cover
        return True
    return True


class AnswerLock:
    """An acquired lock on one answer file; :meth:`release` (or leaving the ``with`` block) removes it."""

    def __init__(self, path: Path, taken_over: Holder | None) -> None:
        self.path = path
        self.lock = lock_path(path)
        #: The dead process whose stale lock was taken over, if any (for a message).
        self.taken_over = taken_over
        self._mine = f"{os.getpid()} {socket.gethostname()}\n"

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        try:
            if self.lock.read_text(encoding="utf-8", errors="replace") == self._mine:
                self.lock.unlink()
        except OSError:
            pass

    def __enter__(self) -> AnswerLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(path: Path, locked_message: str = "") -> AnswerLock:
    """Lock the answer file ``path`` for this process; raise :class:`Locked` when another survey holds it.

    ``locked_message`` may use ``{path}``, ``{pid}``, ``{host}`` and ``{lock}``.
    """
    lock = lock_path(path)
    host = socket.gethostname()
    mine = f"{os.getpid()} {host}\n"
    taken_over: Holder | None = None
    for _attempt in range(3):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _read(lock)
            if holder is None:
                continue  # released meanwhile: try again
            stale = holder.pid == 0 or (holder.host == host and not _alive(holder.pid))
            if holder.pid == os.getpid() and holder.host == host:
                stale = True  # our own lock from an earlier start in this process
            if not stale:
                text = locked_message or ("{path} is being answered in another survey (process {pid} on {host}); "
                                          "finish or quit that survey first. If no survey is running, delete {lock}")
                raise Locked(text.format(path=path, pid=holder.pid, host=holder.host or "?", lock=lock)) from None
            try:
                lock.unlink()
            except FileNotFoundError:
                pass
            taken_over = holder
            continue
        except OSError as exc:
            raise UsageError(f"cannot lock {path}: {exc.strerror or exc} (is the folder writable?)") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(mine)
        return AnswerLock(path, taken_over)
    raise Locked(f"{path}: could not take its lock {lock}; try again")  # pragma: no cover - a lock race lost thrice
