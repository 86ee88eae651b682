"""Number formatting shared by the machine-readable outputs."""

from __future__ import annotations


def r2(value: float | None) -> float | None:
    """Round to 2 decimals for output (``None`` stays ``None``; ``-0.0`` becomes ``0.0``)."""
    if value is None:
        return None
    rounded = round(value, 2)
    return rounded + 0.0
