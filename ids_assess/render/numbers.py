"""Number formatting shared by every output: half away from zero, the same in tables, JSON and reports."""

from __future__ import annotations


def _half_up(value: float, digits: int) -> float:
    scale: float = 10.0**digits
    rounded = int(abs(value) * scale + 0.5 + 1e-9) / scale
    return (rounded if value >= 0 else -rounded) + 0.0  # never -0.0


def r2(value: float | None) -> float | None:
    """Round to 2 decimals for machine output (``None`` stays ``None``; 0.125 gives 0.13, never -0.0)."""
    return None if value is None else _half_up(value, 2)


def one(value: float | None, signed: bool = False, none: str = "–") -> str:
    """One decimal for people: 56.25 shows as 56.3, as in the reports; ``signed`` adds + (and never -0.0)."""
    if value is None:
        return none
    rounded = _half_up(value, 1)
    return f"{rounded:+.1f}" if signed else f"{rounded:.1f}"


def r4(value: float | None) -> float | None:
    """Round a statistic (alpha, rwg(j), ICC, rho, a share) to 4 decimals, half away from zero."""
    return None if value is None else _half_up(value, 4)
