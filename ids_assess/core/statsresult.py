"""What ``ids-assess stats`` computes, as plain frozen dataclasses (no numpy): made by
``ids_assess.stats.collect`` and rendered by ``ids_assess.render.stats_out``, which may not import the
statistics layer, so the shapes live here, in the core both of them may use.

Every figure that can be undefined is ``None`` with the reason in the ``*_why`` field beside it.
Definitions: ``docs/statistics.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemStat:
    """One item of a factor: item-rest correlation and alpha of the other items."""

    item_rest: float | None
    alpha_if_deleted: float | None
    why: str | None = None


@dataclass(frozen=True)
class FactorReliability:
    """A factor across every respondent of a questionnaire: Cronbach's alpha (listwise) and ICC(1)/ICC(2)
    of the respondents' factor scores by agency."""

    alpha: float | None
    alpha_n: int
    items: Mapping[str, ItemStat]
    icc1: float | None
    icc2: float | None
    alpha_why: str | None = None
    icc1_why: str | None = None
    icc2_why: str | None = None


@dataclass(frozen=True)
class Estimate:
    """An agency's mean score (0-100) over ``n`` respondents with a score, and its bootstrap interval."""

    mean: float | None
    low: float | None
    high: float | None
    n: int
    why: str | None = None


@dataclass(frozen=True)
class AgencyFactor:
    """One factor in one agency: its estimate, within-agency agreement and class."""

    estimate: Estimate
    rwg_j: float | None
    ad_m: float | None
    n_rwg: int
    aggregation_ok: bool | None
    label: str | None
    rwg_why: str | None = None
    label_why: str | None = None


@dataclass(frozen=True)
class AgencyStats:
    """One agency of one questionnaire."""

    key: str
    agency: str
    agency_id: str | None
    respondents: int
    overall: Estimate
    rank: int | None
    rank_low: float | None
    rank_high: float | None
    factors: Mapping[str, AgencyFactor]
    #: The agency's top three barriers (factor id) and the share of weight draws they stay in its top three.
    barrier_stability: Mapping[str, float]
    rank_why: str | None = None


@dataclass(frozen=True)
class FileFlags:
    """The response-style flags of one answer file (flags only: the file is never left out)."""

    source: str
    key: str
    flags: tuple[str, ...]
    role: str | None = None  # the respondent's role, which reports show instead of the file


@dataclass(frozen=True)
class Rho:
    """A Spearman correlation over ``n`` complete pairs; ``None`` with ``why`` when undefined."""

    rho: float | None
    n: int
    why: str | None = None


@dataclass(frozen=True)
class Criterion:
    """Criterion validity: readiness against the outcomes section's score.

    ``section`` is the outcomes section's id (``None`` when the questionnaire has none, and then every
    correlation is ``None`` with the reason and ``sections`` is empty).
    """

    section: str | None
    agencies: Rho
    respondents: Rho
    sections: Mapping[str, Rho]


@dataclass(frozen=True)
class QuestionnaireStats:
    """Everything of one questionnaire and version."""

    id: str
    version: str
    respondents: int
    margin: float
    factors: Mapping[str, FactorReliability]
    agencies: tuple[AgencyStats, ...]
    files: tuple[FileFlags, ...]
    criterion: Criterion

    @property
    def agencies_n(self) -> int:
        return len(self.agencies)


@dataclass(frozen=True)
class StatsReport:
    """The whole ``stats`` result, questionnaires sorted by id and version."""

    questionnaires: tuple[QuestionnaireStats, ...]
    draws: int
    seed: int
    level: float
    rwg_min: float
