"""A round's date: the median of its answer files' dates, gathered as a batch streams. Kept apart from
:mod:`ids_assess.core.compare` so that a report without a baseline need not import the comparison."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable

from ids_assess.core.model import Result


class RoundDates:
    """The ``date`` of every answer file of a round, gathered as the batch streams (see :func:`round_date`)."""

    def __init__(self) -> None:
        self.dates: list[str | None] = []

    def add(self, result: Result) -> None:
        self.dates.append(result.answers.date)

    def fresh(self) -> RoundDates:
        return RoundDates()

    def merge(self, other: RoundDates) -> None:
        self.dates.extend(other.dates)

    def date(self) -> dt.date | None:
        return round_date(self.dates)


def round_date(dates: Iterable[str | None]) -> dt.date | None:
    """A round's date: the median of its files' ``date`` fields (ISO dates; others ignored), else ``None``."""
    days = []
    for d in dates:
        try:
            days.append(dt.date.fromisoformat(str(d)[:10]).toordinal())
        except ValueError:
            continue
    return dt.date.fromordinal(int(statistics.median_low(days))) if days else None
