"""Number formatting shared by every output: half away from zero, the same in tables, JSON and reports.

The one place numbers are rounded and written as text: the terminal tables, the JSON and CSV contracts and the
reports' :class:`~ids_assess.render.report.i18n.Numbers` (which adds each language's words) all call these.
"""

from __future__ import annotations


def half_up(value: float, digits: int) -> float:
    """Round half away from zero to ``digits`` places (never Python's round-half-to-even), whatever the float
    noise: 0.125 gives 0.13, 52.25 gives 52.3, and never -0.0."""
    scale: float = 10.0**digits
    rounded = int(abs(value) * scale + 0.5 + 1e-9) / scale
    return (rounded if value >= 0 else -rounded) + 0.0  # never -0.0


def r2(value: float | None) -> float | None:
    """Round to 2 decimals for machine output (``None`` stays ``None``; 0.125 gives 0.13, never -0.0):
    :func:`half_up` with 2 digits, written out (the JSON of a result rounds some 200 numbers)."""
    if value is None:
        return None
    rounded = int(abs(value) * 100.0 + 0.5 + 1e-9) / 100.0  # 10.0**2 is 100.0 exactly: half_up's arithmetic
    return (rounded if value >= 0 else -rounded) + 0.0


def fixed(value: float, digits: int = 1) -> str:
    """``value`` with exactly ``digits`` decimals, rounded half up: ``52.3``."""
    return f"{half_up(value, digits):.{digits}f}"


def one(value: float | None, signed: bool = False, none: str = "–") -> str:
    """One decimal for people: 56.25 shows as 56.3, as in the reports; ``signed`` adds + (and never -0.0)."""
    if value is None:
        return none
    rounded = half_up(value, 1)
    return f"{rounded:+.1f}" if signed else f"{rounded:.1f}"


def signed(value: float, minus: str = "\u2212") -> str:
    """A change or a net with one decimal: ``+5.2``, ``−3.0`` (``minus``: a true minus sign), ``0.0``."""
    rounded = half_up(value, 1)
    if rounded == 0:
        return "0.0"
    return f"+{rounded:.1f}" if rounded > 0 else f"{minus}{-rounded:.1f}"


def percent(share: float) -> str:
    """A share 0-1 as a whole percentage, rounded half up: ``97%``, 0.125 gives ``13%``."""
    return f"{half_up(share * 100, 0):.0f}%"


def plain(value: float) -> str:
    """A threshold or a bound as written in a sentence: ``40``, ``52.3`` (one decimal at most, half up)."""
    return fixed(value, 1).removesuffix(".0")


def weight(value: float) -> str:
    """A weight: ``1``, ``1.5``, ``0.33`` (two decimals at most, half up); a tiny one keeps two significant
    digits (``0.001``), so that no weight shows as 0."""
    if value and abs(value) < 0.01:
        return f"{value:.2g}"
    return fixed(value, 2).rstrip("0").rstrip(".")


def count(n: int) -> str:
    """A count with thousands separators: ``1,234``."""
    return f"{n:,d}"


def r4(value: float | None) -> float | None:
    """Round a statistic (alpha, rwg(j), ICC, rho, a share) to 4 decimals, half away from zero."""
    return None if value is None else half_up(value, 4)
