"""The ``score --format csv`` output: one row per answer file, UTF-8 with BOM, formula-safe."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ids_assess.core.model import Questionnaire, qref
from ids_assess.core.outcome import Outcome
from ids_assess.render.numbers import r2

HEADER = ["source", "questionnaire", "version", "agency", "agency_id", "respondent", "role", "date",
          "partner", "tie", "overall", "overall_low", "overall_high", "coverage", "band",
          "pull", "push", "net", "status"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula, by prefixing a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


def csv_line(row: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([safe(v) for v in row])
    return buffer.getvalue()


def render(outcomes: Iterable[Outcome], lookup: Callable[[str], Questionnaire],
           warn: Callable[[str], None], skipped: list[str] | None = None) -> Iterator[str]:
    """Stream CSV rows; the columns are those of the first questionnaire seen. Results of another
    questionnaire are left out with a warning and listed in ``skipped``."""
    skipped = [] if skipped is None else skipped
    first: Questionnaire | None = None
    yield "\ufeff"
    for outcome in outcomes:
        result = outcome.result
        if result is None:
            continue
        if first is None:
            first = lookup(qref(result.questionnaire, result.version))
            yield csv_line(HEADER + [f"section.{s.id}" for s in first.sections]
                        + [f"factor.{f}" for f in first.factors])
        if qref(result.questionnaire, result.version) != first.ref:
            warn(f"{outcome.source}: not written: it answers '{result.questionnaire}' {result.version}, and this "
                 f"CSV holds the columns of '{first.id}' {first.version}")
            skipped.append(outcome.source)
            continue
        a, rel = result.answers, result.relationship
        row = [a.source, result.questionnaire, result.version, a.agency, a.agency_id, a.respondent, a.role,
               a.date, a.partner, a.tie, r2(result.overall.score), r2(result.overall.low),
               r2(result.overall.high), r2(result.overall.coverage), result.band.id if result.band else None,
               r2(rel.pull), r2(rel.push), r2(rel.net), rel.status]
        row += [r2(result.sections[s.id].score) for s in first.sections]
        row += [r2(result.factors[f].score) for f in first.factors]
        yield csv_line(row)
