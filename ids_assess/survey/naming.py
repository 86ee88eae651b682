"""Default answer file names: ``<agency>-<who>[-<questionnaire>]-<date>[-<n>].yaml`` in the current folder, where
``<who>`` is a code of the respondent's name (never the name), else the role.

:func:`slug`, :func:`file_stem` and :func:`default_output` are pure; :func:`unique_output` and
:func:`earlier_outputs` look at the folder (and never read a file).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from ids_assess.core.model import normalise
from ids_assess.core.safetext import slug
from ids_assess.survey.options import DEFAULT_QUESTIONNAIRE


def respondent_code(name: str) -> str:
    """A short code for a respondent's name, the same for every spelling of it that folds alike
    (``Wang Fang``, ``wang  fang``): file names carry it instead of the name, which may be sensitive."""
    return "r" + hashlib.sha256(normalise(name).encode("utf-8")).hexdigest()[:6]


def file_stem(agency: str, questionnaire_id: str, respondent: str | None = None, role: str | None = None) -> str:
    """The start of a default answer file name: the agency, then the respondent's code (never the name),
    else the role, when given, then the questionnaire id unless it is ids-core: ``ministry-of-health-r1a2b3c``,
    ``ministry-of-health-it-territoriality``, ``ministry-of-health`` (anonymous, no role)."""
    base = slug(agency)
    if respondent:
        base += "-" + respondent_code(respondent)
    elif role:
        base += "-" + slug(role, 40)
    return base if questionnaire_id == DEFAULT_QUESTIONNAIRE else f"{base}-{questionnaire_id}"


def default_output(folder: Path, stem: str, today: datetime.date, n: int = 1) -> Path:
    """``<stem>-<date>.yaml`` in ``folder``; ``<stem>-<date>-<n>.yaml`` for ``n`` above 1."""
    return folder / f"{stem}-{today.isoformat()}{'' if n <= 1 else f'-{n}'}.yaml"


def unique_output(folder: Path, stem: str, today: datetime.date) -> Path:
    """The first of ``<stem>-<date>.yaml``, ``<stem>-<date>-2.yaml``, ... that does not exist yet."""
    n = 1
    while True:
        path = default_output(folder, stem, today, n)
        if not (path.exists() or path.is_symlink()):
            return path
        n += 1


_DATED = r"-(\d{4}-\d{2}-\d{2})(?:-([1-9]\d*))?\.yaml\Z"


def earlier_outputs(folder: Path, stem: str) -> list[Path]:
    """Files named as :func:`default_output` names them for ``stem`` in ``folder``, oldest first (by the
    date in the name, then its number)."""
    pattern = re.compile(re.escape(stem) + _DATED)
    found: list[tuple[str, int, Path]] = []
    try:
        for p in folder.iterdir():
            m = pattern.match(p.name)
            if m:
                found.append((m.group(1), int(m.group(2) or 1), folder / p.name))
    except OSError:
        return []
    return [path for _, _, path in sorted(found)]


def named_for(path: Path, stem: str, today: datetime.date) -> bool:
    """Whether ``path`` is one of the default names for ``stem`` on ``today``."""
    m = re.compile(re.escape(stem) + _DATED).match(path.name)
    return m is not None and m.group(1) == today.isoformat()
