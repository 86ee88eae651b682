"""The only module that knows where bundled questionnaires, report templates and schemas live.

In an installed wheel they are package data under ``ids_assess/_data``; in a source checkout they are the
top-level ``questionnaires/`` and ``report_templates/`` folders.
"""

from __future__ import annotations

import os
import stat
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent  # ids_assess/io: the schemas live beside this module
_PACKAGE = _HERE.parent  # ids_assess


def _data_dir(name: str) -> Path:
    # the package is a folder on disk (the data are read as files and folders everywhere, so a zipped
    # install could not work): beside this module, found without importlib.resources (6 ms of start-up)
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"bundled folder {name!r} is missing from the installation")


@cache
def questionnaires_dir() -> Path:
    """The folder of bundled questionnaires."""
    return _data_dir("questionnaires")


@cache
def templates_dir() -> Path:
    """The folder of bundled report templates."""
    return _data_dir("report_templates")


#: Where compiled report templates and built bundled questionnaires are kept between runs (``""``: nowhere);
#: default, the user's cache folder.
CACHE_VARIABLE = "IDS_ASSESS_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder for ids-assess's caches (not created here): ``$IDS_ASSESS_CACHE_DIR`` when set (empty: no
    cache), else the platform's per-user cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, ``~/Library/Caches``
    on macOS, ``%LOCALAPPDATA%`` on Windows) with ``ids-assess`` in it; ``None`` when there is none."""
    import os
    import sys

    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "ids-assess" / "Cache" if base else None
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no home folder (a service account)
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "ids-assess"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache") / "ids-assess"


def schema_path(name: str) -> Path:
    """A JSON Schema shipped in the package: ``questionnaire``, ``answers``, ``results`` or ``stats``."""
    return _HERE / "schemas" / f"{name}.schema.json"


class PrivateFolder:
    """A cache folder opened once and checked through its handle: private to the user (0700, owned by the
    user), and every file read from it owned by the user and writable by no one else, a link never followed.
    Reads and writes go through the handle, so renaming or replacing the folder's path after the check (by
    someone who may write into its parent) changes nothing: what is kept here is loaded as code."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:  # pragma: no cover
                pass

    def read(self, name: str) -> bytes | None:
        """The bytes of file ``name``; ``None`` when it is missing, a link, another user's or writable by others."""
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), dir_fd=self.fd)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not _private(info, folder=False):
                    return None
                return handle.read()
        except OSError:
            return None

    def write(self, name: str, data: bytes) -> None:
        """Write file ``name`` atomically (a reader sees the whole file or none), private to the user; a full
        disk or a read-only folder keeps nothing."""
        temporary = f".{name}.{os.getpid()}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600, dir_fd=self.fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError:
            self.remove(temporary)

    def names(self) -> list[str]:
        """The names of the files in the folder (none where it cannot be listed)."""
        try:
            return os.listdir(self.fd)
        except OSError:
            return []

    def age(self, name: str) -> float:
        """Seconds since file ``name`` was last written (0 where it cannot be told)."""
        import time

        try:
            return time.time() - os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mtime
        except OSError:
            return 0.0

    def remove(self, name: str) -> None:
        try:
            os.unlink(name, dir_fd=self.fd)
        except OSError:
            pass


def _private(info: os.stat_result, folder: bool) -> bool:
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        return False
    return stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)


def private_cache(name: str) -> PrivateFolder | None:
    """The folder ``name`` in :func:`cache_dir`, made private to the user (0700) if it does not exist, opened
    and checked (:class:`PrivateFolder`); ``None`` where there is no cache folder, where it cannot be made or
    opened, or where someone else owns it or may write into it. Where files cannot be opened relative to a
    folder's handle with links refused (Windows), there is no such cache."""
    if not hasattr(os, "getuid") or os.open not in os.supports_dir_fd or not hasattr(os, "O_NOFOLLOW"):
        return None
    parent = cache_dir()
    if parent is None:
        return None
    path = parent / name
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    except OSError:  # pragma: no cover
        os.close(fd)
        return None
    if not _private(info, folder=True):
        os.close(fd)
        return None
    return PrivateFolder(fd, path)
