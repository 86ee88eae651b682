"""A round's date: the median of its answer files' dates, gathered as a batch streams. Kept apart from
:mod:`ids_assess.core.compare` so that a report without a baseline need not import the comparison."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from ids_assess.core.model import Result


class RoundDates:
    """How many answer files of a round have each ``date``, gathered as the batch streams (see
    :func:`round_date`): a count per distinct date, so that a round of many files keeps a few dates, not one
    per file."""

    def __init__(self) -> None:
        self.counts: Counter[str | None] = Counter()

    def add(self, result: Result) -> None:
        self.counts[result.answers.date] += 1

    def fresh(self) -> RoundDates:
        return RoundDates()

    def merge(self, other: RoundDates) -> None:
        self.counts.update(other.counts)

    def date(self) -> dt.date | None:
        return median_day(self.counts)


def round_date(dates: Iterable[str | None]) -> dt.date | None:
    """A round's date: the median of its files' ``date`` fields (ISO dates; others ignored), else ``None``."""
    return median_day(Counter(dates))


def median_day(counts: Mapping[str | None, int]) -> dt.date | None:
    """The lower median (``statistics.median_low``) of the ISO dates counted in ``counts`` (others ignored),
    else ``None``."""
    days: Counter[int] = Counter()
    for d, count in counts.items():
        try:
            days[dt.date.fromisoformat(str(d)[:10]).toordinal()] += count
        except ValueError:
            continue
    total = sum(days.values())
    if not total:
        return None
    middle = (total - 1) // 2  # median_low: the element at this index of the sorted days
    seen = 0
    for day in sorted(days):
        seen += days[day]
        if seen > middle:
            return dt.date.fromordinal(day)
    raise AssertionError("unreachable: the counts add up to the total")
