"""Input coercion shared by the statistics modules: everything becomes float64 with NaN for missing."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def as_matrix(values: npt.ArrayLike, name: str = "ratings") -> FloatArray:
    """``values`` as a 2-D float64 array (rows respondents, columns items or factors); ``None`` becomes NaN.

    A 1-D input is one column. Raises ``ValueError`` for any other shape or for infinite values.
    """
    arr = np.array(values, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValueError(f"{name}: expected a respondents x columns matrix, got {arr.ndim} dimensions")
    if np.isinf(arr).any():
        raise ValueError(f"{name}: infinite values are not ratings or scores")
    return arr


def as_vector(values: npt.ArrayLike, name: str = "values") -> FloatArray:
    """``values`` as a 1-D float64 array; ``None`` becomes NaN. Raises ``ValueError`` otherwise."""
    arr = np.array(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected one value per respondent, got {arr.ndim} dimensions")
    if np.isinf(arr).any():
        raise ValueError(f"{name}: infinite values are not ratings or scores")
    return arr


def as_groups(groups: Sequence[str], n: int) -> list[str]:
    """The group key of each of ``n`` rows; raises ``ValueError`` when the lengths differ."""
    keys = [str(g) for g in groups]
    if len(keys) != n:
        raise ValueError(f"groups: {len(keys)} group keys for {n} rows")
    return keys


def group_rows(keys: Sequence[str]) -> dict[str, list[int]]:
    """Row indices of each group, groups in order of first appearance, rows in input order."""
    rows: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        rows.setdefault(key, []).append(i)
    return rows


def complete_rows(matrix: FloatArray) -> FloatArray:
    """The rows of ``matrix`` with every column present (listwise deletion)."""
    return matrix[~np.isnan(matrix).any(axis=1)]
