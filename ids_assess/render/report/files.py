"""Safe, unique file names for per-agency reports, derived from agency names that may hold anything.

Whatever an agency is called (slashes, ``..``, NUL, control characters, a thousand characters, ``CON`` or
``index``), :func:`safe_stem` gives a name that is a single path component, readable where it can be, short
enough for every common file system, and not reserved on Windows; :class:`FileNamer` adds a suffix on
collisions (compared without case, as on macOS and Windows).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ids_assess.core.errors import OutputError
from ids_assess.core.profiles import versioned

if TYPE_CHECKING:
    from ids_assess.core.profiles import AgencyProfile

MAX_BYTES = 80  # of the stem, in UTF-8: leaves room for a suffix and an extension under every 255-byte limit
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
                     *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
                     "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"}
_OURS = {"index"}  # the overview report
_UNSAFE = re.compile(r"[^\w.\-]+")  # \w is Unicode-aware: Chinese names stay readable


def safe_stem(name: str) -> str:
    """A file-name stem for ``name``: letters, digits, ``_``, ``-`` and inner dots only; never empty."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)  # controls, NUL, format
    text = _UNSAFE.sub("-", text.strip())
    text = re.sub(r"\.{2,}", ".", text)  # no '..' anywhere
    text = re.sub(r"-{2,}", "-", text).strip(".-_ ")
    text = _truncate(text, MAX_BYTES).strip(".-_ ")
    if not text:
        text = "agency"
    base = text.split(".", 1)[0].casefold()
    if base in _WINDOWS_RESERVED or base in _OURS:
        text = f"{text}-agency"
    return text


def _truncate(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


class FileNamer:
    """Hands out unique file names in one folder: ``name.html``, then ``name-2.html``, ``name-3.html`` ..."""

    def __init__(self, extension: str) -> None:
        self.extension = extension
        self._used: set[str] = {f"index{extension}".casefold()}

    def name(self, agency: str) -> str:
        """A unique file name for ``agency`` (a single path component, with the extension)."""
        stem = safe_stem(agency)
        candidate, n = f"{stem}{self.extension}", 1
        while candidate.casefold() in self._used:
            n += 1
            candidate = f"{stem}-{n}{self.extension}"
        self._used.add(candidate.casefold())
        return candidate


def report_names(profiles: Iterable[AgencyProfile], extension: str) -> dict[tuple[str, str], str]:
    """The file of each agency's report in a set, by (``id@version``, agency key): the agency's name, then the
    questionnaire's id when the set holds several questionnaires, and its version when one questionnaire was
    answered in several versions (each version's profile is a report of its own)."""
    profiles = list(profiles)
    namer = FileNamer(extension)
    several = len({p.ref for p in profiles}) > 1
    several_versions = versioned(profiles)
    names: dict[tuple[str, str], str] = {}
    for p in profiles:
        label = p.agency
        if several:
            label += f" {p.questionnaire}"
            if p.questionnaire in several_versions:
                label += f" {p.version}"
        names[(p.ref, p.key)] = namer.name(label)
    return names


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, after checking that it cannot land outside ``folder`` (a defence in depth)."""
    if name in ("", ".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise OutputError(f"unsafe file name: {name!r}")
    path = folder / name
    # the final name is not resolved: an old link there is replaced by the new file, never followed
    if os.path.dirname(os.path.abspath(path)) != os.path.abspath(folder):
        raise OutputError(f"unsafe file name: {name!r}")
    return path


def href(name: str) -> str:
    """A relative link to a file in the same folder, percent-encoded."""
    return quote(name, safe="")


def stale_reports(folder: Path, extension: str, written: set[str]) -> list[str]:
    """Files in ``folder`` with the reports' ``extension`` that this run did not write, by name.

    A report set written into a folder that already holds reports of an earlier run leaves them there (they
    are the user's files: never deleted); the command names how many remain, since the new overview does not
    link them.
    """
    ext = extension.casefold()
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p.name for p in entries
            if p.name.casefold().endswith(ext) and p.name not in written and p.is_file()]
