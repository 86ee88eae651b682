"""The only module that knows where bundled questionnaires, report templates and schemas live.

In an installed wheel they are package data under ``ids_assess/_data``; in a source checkout they are the
top-level ``questionnaires/`` and ``report_templates/`` folders.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_HERE = Path(__file__).resolve().parent  # ids_assess/io: the schemas live beside this module
_PACKAGE = _HERE.parent  # ids_assess


def _data_dir(name: str) -> Path:
    installed = resources.files("ids_assess") / "_data" / name
    if installed.is_dir():
        return Path(str(installed))
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


def private_cache(name: str) -> Path | None:
    """The folder ``name`` in :func:`cache_dir`, made private to the user (0700) if it does not exist; ``None``
    where there is no cache folder, where it cannot be made, or where someone else owns it or may write into it:
    what is kept there (compiled templates, built questionnaires) is loaded as code, so it is used only from a
    folder that no one else could have written."""
    import os

    parent = cache_dir()
    if parent is None:
        return None
    path = parent / name
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.stat(path)
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None
    return path
