"""Percentile bootstrap intervals of a group's mean scores, deterministic for a seed.

Method, for one group (an agency) and its respondents x columns matrix of scores (NaN for missing):

1. ``draws`` resamples of the group's respondents, each ``n`` rows drawn with replacement, where ``n`` is
   the number of respondents in the group. The same resampled respondents serve every column, so the
   columns (the factors and the overall score) stay paired as they were answered.
2. In each draw, a column's statistic is the mean of its non-missing values among the drawn rows. A draw
   in which no drawn row has a value for the column is left out for that column (``Interval.draws`` counts
   the draws used).
3. The interval is the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of those draw means (0.05 and
   0.95 for the default 90%) by ``numpy.quantile(..., method="linear")``, which is R's
   ``quantile(type = 7)``: for sorted values ``x[0..m-1]`` and probability ``p``, ``h = (m - 1) p`` and the
   quantile is ``x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])``.
4. A column with fewer than ``MIN_RESPONDENTS`` (3) respondents who have a value gets no interval.

Determinism: the random stream of a group is ``numpy.random.default_rng(SeedSequence([seed, *h]))`` where
``h`` are the first 16 bytes of the SHA-256 of the group key (UTF-8) read as four 32-bit words. It depends
on the seed and the key alone, never on Python's ``hash()`` or on which groups are processed or in which
order. The draws do depend on the order of the rows: **callers pass each group's respondents in a
canonical order** (ids-assess sorts them by answer file path) so that the same data give the same interval.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import FloatArray, as_matrix, as_vector

DRAWS = 2000
SEED = 0
LEVEL = 0.90
MIN_RESPONDENTS = 3


@dataclass(frozen=True)
class Interval:
    """A column's observed mean and its percentile bootstrap interval.

    ``mean`` is the mean of the column's ``n`` non-missing values (``None`` when ``n`` is 0); ``low`` and
    ``high`` are ``None`` with ``why`` when there is no interval. ``draws`` is the number of draws used.
    """

    mean: float | None
    low: float | None
    high: float | None
    n: int
    draws: int = 0
    why: str | None = None


@dataclass(frozen=True)
class GroupBootstrap:
    """The intervals of one group: one per column of the matrix, and of the overall score if given."""

    key: str
    columns: tuple[Interval, ...]
    overall: Interval | None = None


def group_rng(key: str, seed: int = SEED) -> np.random.Generator:
    """The random stream of group ``key`` for ``seed``: from the seed and a SHA-256 of the key only."""
    if seed < 0:
        raise ValueError("the seed must be a non-negative integer")
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    words = [int.from_bytes(digest[i:i + 4], "little") for i in range(0, 16, 4)]
    return np.random.default_rng(np.random.SeedSequence([seed, *words]))


def percentile_interval(values: npt.ArrayLike, level: float = LEVEL) -> tuple[float, float]:
    """The ``(1-level)/2`` and ``(1+level)/2`` quantiles of ``values`` (NaN left out), R's type 7.

    Raises ``ValueError`` when no value is left.
    """
    v = as_vector(values)
    v = v[~np.isnan(v)]
    if v.size == 0:
        raise ValueError("no values to take quantiles of")
    lo, hi = np.quantile(v, [(1.0 - level) / 2.0, (1.0 + level) / 2.0], method="linear")
    return float(lo), float(hi)


def resample_counts(n: int, rng: np.random.Generator, draws: int = DRAWS) -> npt.NDArray[np.int64]:
    """A ``draws`` x ``n`` matrix: how often each of ``n`` rows is drawn in each resample of size ``n``."""
    flat = rng.integers(0, n, size=(draws, n))
    flat += (np.arange(draws, dtype=np.int64) * n)[:, None]  # in place: one draws x n matrix, not two
    return np.bincount(flat.ravel(), minlength=draws * n).reshape(draws, n).astype(np.int64, copy=False)


#: Resamples drawn and weighed at a time by :func:`weight_blocks` and :func:`bootstrap_group`: a multiple of
#: any matrix kernel's row tile, and even, so that the random stream is drawn exactly as one call for every
#: resample would draw it.
BLOCK = 256


def weight_blocks(n: int, rng: np.random.Generator, draws: int = DRAWS) -> Iterator[FloatArray]:
    """:func:`resample_counts` as floats, :data:`BLOCK` resamples (rows) at a time: the same values from the
    same random stream, so that no ``draws`` x ``n`` matrix is ever held (an agency of 400 respondents would
    need 6 MiB for it; a block needs 0.8 MiB)."""
    offsets = np.arange(BLOCK, dtype=np.int64)[:, None] * n
    for start in range(0, draws, BLOCK):
        rows = min(BLOCK, draws - start)
        flat = rng.integers(0, n, size=(rows, n))
        flat += offsets[:rows]
        yield np.bincount(flat.ravel(), minlength=rows * n).reshape(rows, n).astype(np.float64)


def draw_means(scores: npt.ArrayLike, counts: npt.ArrayLike) -> FloatArray:
    """The draws x columns matrix of resample means: ``counts`` (draws x respondents, from
    :func:`resample_counts`) weighting the respondents x columns ``scores``, each mean over the non-missing
    values drawn; NaN where a draw has none for a column."""
    x = as_matrix(scores, "scores")
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim != 2 or c.shape[1] != x.shape[0]:
        raise ValueError(f"counts: a draws x respondents matrix for {x.shape[0]} respondents, not shape {c.shape}")
    return _block_means(x, [c], c.shape[0])


def percentile_columns(means: npt.ArrayLike, level: float = LEVEL) -> FloatArray:
    """A 2 x columns matrix: the ``(1-level)/2`` and ``(1+level)/2`` quantiles of each column of ``means``
    over its non-NaN values (R's type 7), NaN for a column without any."""
    m = as_matrix(means, "means")
    out: FloatArray = np.full((2, m.shape[1]), np.nan)
    probs = [(1.0 - level) / 2.0, (1.0 + level) / 2.0]
    present = ~np.isnan(m)
    full = present.all(axis=0)
    some = present.any(axis=0) & ~full
    if full.any():  # the common case, vectorised: nanquantile goes column by column
        out[:, full] = np.quantile(m[:, full], probs, axis=0, method="linear")
    if some.any():
        out[:, some] = np.nanquantile(m[:, some], probs, axis=0, method="linear")
    return out


def _block_means(x: FloatArray, blocks: Iterable[FloatArray], draws: int) -> FloatArray:
    """:func:`draw_means` of ``x`` for every block of resample weights, one block after the other."""
    present = ~np.isnan(x)
    values = np.where(present, x, 0.0)
    numbers_of = present.astype(np.float64)
    means: FloatArray = np.empty((draws, x.shape[1]))
    start = 0
    for counts in blocks:
        sums = counts @ values
        numbers = counts @ numbers_of
        block = means[start:start + counts.shape[0]]
        np.divide(sums, numbers, out=block, where=numbers > 0)
        block[numbers <= 0] = np.nan
        start += counts.shape[0]
    return means


def _intervals(x: FloatArray, n: int, rng: np.random.Generator | None, draws: int,
               level: float) -> list[Interval]:
    present = ~np.isnan(x)
    counted = present.sum(axis=0)
    enough = counted >= MIN_RESPONDENTS
    if enough.any() and rng is not None:
        means = _block_means(x[:, enough], weight_blocks(n, rng, draws), draws)
    else:
        means = np.zeros((draws, 0))
    bounds = np.full((2, x.shape[1]), np.nan)
    used = np.zeros(x.shape[1], dtype=np.int64)
    bounds[:, enough] = percentile_columns(means, level)
    used[enough] = (~np.isnan(means)).sum(axis=0)
    out: list[Interval] = []
    for col in range(x.shape[1]):
        n = int(counted[col])
        mean = float(x[present[:, col], col].mean()) if n else None
        if not enough[col]:
            why = f"an interval needs at least {MIN_RESPONDENTS} respondents with a score, there are {n}"
            out.append(Interval(mean, None, None, n, 0, why))
        else:
            out.append(Interval(mean, float(bounds[0, col]), float(bounds[1, col]), n, int(used[col])))
    return out


def bootstrap_group(scores: npt.ArrayLike, key: str, *, overall: npt.ArrayLike | None = None,
                    draws: int = DRAWS, seed: int = SEED, level: float = LEVEL) -> GroupBootstrap:
    """Percentile bootstrap intervals of the mean of every column of one group at once.

    ``scores`` is the group's respondents x factors matrix of factor scores (0-100, NaN where a respondent
    has none), rows in canonical order (see the module documentation); ``overall`` optionally the same
    respondents' overall scores, resampled together with the factors. ``key`` names the group and, with
    ``seed``, fixes its random stream. ``draws`` resamples; a ``level`` interval (0.90: 5th to 95th
    percentile). Vectorised: each block of :data:`BLOCK` resamples is a count matrix (resamples x
    respondents) times the score matrix.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0.0 < level < 1.0:
        raise ValueError("level must be between 0 and 1")
    x = as_matrix(scores, "scores")
    if overall is not None:
        o = as_vector(overall, "overall")
        if o.shape[0] != x.shape[0]:
            raise ValueError(f"overall: {o.shape[0]} values for {x.shape[0]} respondents")
        x = np.hstack([x, o.reshape(-1, 1)])
    n = x.shape[0]
    results = _intervals(x, n, group_rng(key, seed) if n else None, draws, level)
    if overall is not None:
        return GroupBootstrap(key, tuple(results[:-1]), results[-1])
    return GroupBootstrap(key, tuple(results))


def bootstrap_groups(scores: Mapping[str, npt.ArrayLike], *, overall: Mapping[str, npt.ArrayLike] | None = None,
                     draws: int = DRAWS, seed: int = SEED, level: float = LEVEL) -> dict[str, GroupBootstrap]:
    """:func:`bootstrap_group` of every group: ``scores`` maps each group key to its respondents x factors
    matrix (rows in canonical order), ``overall`` optionally to the same respondents' overall scores.

    The result is in sorted key order; each group's intervals are those :func:`bootstrap_group` gives it.
    """
    return {key: bootstrap_group(scores[key], key, overall=None if overall is None else overall[key],
                                 draws=draws, seed=seed, level=level) for key in sorted(scores)}


def bootstrap_mean(values: npt.ArrayLike, key: str, *, draws: int = DRAWS, seed: int = SEED,
                   level: float = LEVEL) -> Interval:
    """The interval of one column: ``bootstrap_group`` of a single score per respondent."""
    return bootstrap_group(as_vector(values), key, draws=draws, seed=seed, level=level).columns[0]
