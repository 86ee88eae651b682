"""Response-style flags of one respondent, from the raw ratings (as given, not readiness-coded).

* ``straightlining``: at least ``STRAIGHTLINE_MIN_ITEMS`` (10) items rated and one rating value given to at
  least ``STRAIGHTLINE_SHARE`` (90%) of them;
* ``acquiescence``: agreement (a raw 4 or 5) with both items of any declared reverse-keyed pair — two
  statements that say opposite things, so agreeing with both is inconsistent;
* ``midpoint``: more than ``MIDPOINT_SHARE`` (50%) of the ratings are 3;
* ``low_coverage``: the rated share (ratings 1-5 over the applicable items, i.e. the items less those
  answered ``na``, as the scoring counts coverage) is below the threshold given, or nothing is applicable.

A rating is an ``int`` 1-5; ``"dk"``, ``"na"``, ``None`` and absent items are not ratings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STRAIGHTLINE_SHARE = 0.9
STRAIGHTLINE_MIN_ITEMS = 10
MIDPOINT_SHARE = 0.5
LOW_COVERAGE = 0.5
AGREE = (4, 5)


@dataclass(frozen=True)
class ResponseStyle:
    """The flags of one respondent and the figures behind them.

    ``rated``: items with a rating 1-5; ``applicable``: items not answered ``na``; ``coverage``:
    ``rated / applicable`` (``None`` when nothing is applicable); ``modal_share``: the share of ratings
    with the most common value and ``midpoint_share`` the share of 3s (``None`` when nothing is rated);
    ``acquiescent_pairs``: the reverse-keyed pairs agreed with on both sides.
    """

    straightlining: bool
    acquiescence: bool
    midpoint: bool
    low_coverage: bool
    rated: int
    applicable: int
    coverage: float | None
    modal_share: float | None
    midpoint_share: float | None
    acquiescent_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """The names of the flags raised, in a fixed order."""
        names = ("straightlining", "acquiescence", "midpoint", "low_coverage")
        return tuple(name for name in names if getattr(self, name))


def _rating(value: object) -> int | None:
    if type(value) is int and 1 <= value <= 5:
        return value
    return None


def response_style(ratings: Mapping[str, object], items: Sequence[str],
                   reverse_pairs: Sequence[tuple[str, str]] = (), *, coverage_threshold: float = LOW_COVERAGE,
                   straightline_share: float = STRAIGHTLINE_SHARE,
                   straightline_min_items: int = STRAIGHTLINE_MIN_ITEMS,
                   midpoint_share: float = MIDPOINT_SHARE) -> ResponseStyle:
    """The response-style flags of one respondent.

    ``ratings`` maps item ids to the raw answers (1-5, ``"dk"``, ``"na"``); ``items`` are the
    questionnaire's item ids (answers to other ids are ignored); ``reverse_pairs`` the declared
    reverse-keyed pairs of item ids.
    """
    given = [_rating(ratings.get(item)) for item in items]
    values = [v for v in given if v is not None]
    rated = len(values)
    applicable = sum(1 for item in items if ratings.get(item) != "na")
    coverage = rated / applicable if applicable else None
    counts = Counter(values)
    modal = max(counts.values()) / rated if rated else None
    mid = counts.get(3, 0) / rated if rated else None
    agreed = tuple((a, b) for a, b in reverse_pairs
                   if _rating(ratings.get(a)) in AGREE and _rating(ratings.get(b)) in AGREE)
    return ResponseStyle(
        straightlining=rated >= straightline_min_items and modal is not None
        and round(modal, 9) >= straightline_share,
        acquiescence=bool(agreed),
        midpoint=mid is not None and round(mid, 9) > midpoint_share,
        low_coverage=coverage is None or round(coverage, 9) < coverage_threshold,
        rated=rated, applicable=applicable, coverage=coverage, modal_share=modal, midpoint_share=mid,
        acquiescent_pairs=agreed)
