"""Classification of a factor by its mean score and bootstrap interval against the neutral band.

The neutral band is ``[50 - margin, 50 + margin]`` on the 0-100 readiness scale. In order:

* ``confirmed_barrier``: the interval's upper end is below ``50 - margin``;
* ``confirmed_enabler``: the interval's lower end is above ``50 + margin``;
* ``uncertain_barrier``: the mean is below ``50 - margin`` but the interval reaches the neutral band;
* ``uncertain_enabler``: the mean is above ``50 + margin`` but the interval reaches the neutral band;
* ``neutral``: otherwise.

Values are compared rounded to 9 decimals, as the scores are elsewhere in ids-assess, so float noise
(``49.99999999999999``) does not change a class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ids_assess.core.vocab import MIDPOINT

from .bootstrap import Interval

Label = Literal["confirmed_barrier", "uncertain_barrier", "neutral", "uncertain_enabler", "confirmed_enabler"]
LABELS: tuple[Label, ...] = ("confirmed_barrier", "uncertain_barrier", "neutral", "uncertain_enabler",
                             "confirmed_enabler")


@dataclass(frozen=True)
class Classification:
    """The class of a factor, or ``None`` with ``why`` when there is no mean or no interval."""

    label: Label | None
    why: str | None = None


def classify(mean: float | None, low: float | None, high: float | None, margin: float = 0.0) -> Classification:
    """The class of a factor with mean score ``mean`` and interval ``[low, high]`` (see the module)."""
    if margin < 0:
        raise ValueError("the margin must not be negative")
    if mean is None:
        return Classification(None, "no mean score")
    if low is None or high is None:
        return Classification(None, "no interval")
    lower, upper = round(MIDPOINT - margin, 9), round(MIDPOINT + margin, 9)
    m, lo, hi = round(mean, 9), round(low, 9), round(high, 9)
    if hi < lower:
        return Classification("confirmed_barrier")
    if lo > upper:
        return Classification("confirmed_enabler")
    if m < lower:
        return Classification("uncertain_barrier")
    if m > upper:
        return Classification("uncertain_enabler")
    return Classification("neutral")


def classify_interval(interval: Interval, margin: float = 0.0) -> Classification:
    """:func:`classify` of a bootstrap :class:`~ids_assess.stats.bootstrap.Interval`, carrying its reason."""
    result = classify(interval.mean, interval.low, interval.high, margin)
    if result.label is None and interval.why:
        return Classification(None, f"{result.why}: {interval.why}")
    return result
