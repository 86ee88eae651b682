"""Survey platforms' exports (CSV, TSV, spreadsheets) in a batch: each respondent row an :class:`Outcome`, as
an answer file is one (the reading is :mod:`ids_assess.exchange`'s, imported only when an export is met)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ids_assess.core import scoring
from ids_assess.core.errors import InvalidInput, Problem
from ids_assess.core.model import qref
from ids_assess.core.outcome import Outcome
from ids_assess.io.questionnaires import Registry

EXPORT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")


def is_export(path: Path) -> bool:
    return path.suffix.lower() in EXPORT_SUFFIXES and path.is_file()


def export_outcomes(path: Path, registry: Registry, want_score: bool = True) -> Iterator[Outcome]:
    """One outcome per respondent row of an export (``ids_assess.exchange``, imported only here)."""
    from ids_assess.core.errors import UsageError
    from ids_assess.io.exchange.imports import read_export

    shown = str(path)
    rows = 0
    try:
        for found in read_export(path, registry, display=shown):
            rows += 1
            if isinstance(found, list):
                yield Outcome(f"{shown}:{found[0].line}" if found else shown, "unknown", problems=tuple(found))
            elif want_score:
                yield Outcome(found.source, "answers",
                              scoring.score(registry.get(qref(found.questionnaire, found.version)), found))
            else:
                yield Outcome(found.source, "answers")
    except (InvalidInput, UsageError) as exc:
        problems = exc.problems if isinstance(exc, InvalidInput) else \
            (Problem(shown, 0, 0, str(exc).removeprefix(f"{shown}: ")),)
        yield Outcome(shown, "unknown", problems=_unreadable(path, problems) if rows == 0 else problems)


def _unreadable(path: Path, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """A file named as an export that could not be read at all: say what it is (a Word document, a damaged
    workbook ...), that it is no YAML answer file, and what to do."""
    from ids_assess.io.documents import NOT_YAML_HINT, document_kind

    try:
        with open(path, "rb") as handle:
            kind = document_kind(handle.read(4096))
    except OSError:
        kind = None
    if kind is None or len(problems) != 1:
        return problems
    first = problems[0]
    reason = first.message + (f"; {first.hint}" if first.hint else "")
    return (Problem(first.path, first.line, first.column, f"this is {kind}, not a YAML answer file, and it cannot "
                    f"be read as a survey export ({reason})", NOT_YAML_HINT),)
