"""The statistics layer: reliability, agreement, ICC, bootstrap intervals, classification, weight
robustness, response styles and rank correlation.

Pure functions on numpy arrays and plain sequences, returning frozen dataclasses or floats; ``None``
where a statistic is undefined, with the reason in a ``why`` field. This package imports numpy and the
standard library only (no command-line or rendering library, nothing else of ids-assess). Definitions
and references: ``docs/statistics.md``.
"""

from __future__ import annotations

import os

# One BLAS thread: the products here are small (resamples x respondents of one agency at a time), OpenBLAS's
# pool of threads costs more to start (40 to 60 ms of numpy's import on a busy two-core machine) than it could
# save, and with --jobs the processes are the parallelism. A setting of the user's own is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .agreement import Agreement, agreement_by_group, null_variance, rwg_j
from .bootstrap import (
    DRAWS,
    LEVEL,
    MIN_RESPONDENTS,
    SEED,
    GroupBootstrap,
    Interval,
    bootstrap_group,
    bootstrap_groups,
    bootstrap_mean,
    draw_means,
    group_rng,
    percentile_columns,
    percentile_interval,
    resample_counts,
)
from .classify import LABELS, Classification, Label, classify, classify_interval
from .correlation import Correlation, average_ranks, spearman
from .icc import ICC, icc
from .reliability import Alpha, ItemReliability, cronbach_alpha, pearson
from .response_style import ResponseStyle, response_style
from .robustness import (
    AgencyRobustness,
    BarrierStability,
    Robustness,
    top_barriers,
    weight_robustness,
    weighted_overall,
)

__all__ = [
    "DRAWS",
    "ICC",
    "LABELS",
    "LEVEL",
    "MIN_RESPONDENTS",
    "SEED",
    "AgencyRobustness",
    "Agreement",
    "Alpha",
    "BarrierStability",
    "Classification",
    "Correlation",
    "GroupBootstrap",
    "Interval",
    "ItemReliability",
    "Label",
    "ResponseStyle",
    "Robustness",
    "agreement_by_group",
    "average_ranks",
    "bootstrap_group",
    "bootstrap_groups",
    "bootstrap_mean",
    "classify",
    "classify_interval",
    "cronbach_alpha",
    "draw_means",
    "group_rng",
    "icc",
    "null_variance",
    "pearson",
    "percentile_columns",
    "percentile_interval",
    "resample_counts",
    "response_style",
    "rwg_j",
    "spearman",
    "top_barriers",
    "weight_robustness",
    "weighted_overall",
]
