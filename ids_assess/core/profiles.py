"""What aggregation produces: agency profiles, relationships per partner, the network, the overview. Pure data.

Built by :mod:`ids_assess.core.aggregate` (which re-exports every name here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ids_assess.core.model import Band, Relationship, qref

if TYPE_CHECKING:
    from dataclasses import dataclass
else:  # the same frozen dataclasses, their methods compiled ahead of time
    from ids_assess.core.records import dataclass


@dataclass(frozen=True)
class Stat:
    """The mean of respondents' values at one level, with its spread."""

    score: float | None
    low: float | None
    high: float | None
    coverage: float | None
    n: int = 0
    min: float | None = None
    max: float | None = None
    sd: float | None = None
    withheld: bool = False  # mean coverage below the questionnaire's min_coverage: no verdict


@dataclass(frozen=True)
class FactorProfile(Stat):
    """A factor across an agency's respondents."""

    dk_share: float | None = None
    disagreement: bool = False
    answered: int = 0
    dk: int = 0
    na: int = 0


@dataclass(frozen=True)
class ItemProfile:
    """How an agency's respondents answered one item."""

    id: str
    counts: Mapping[str, int]  # "1".."5", "dk", "na", "unanswered"
    mean: float | None  # mean readiness score of the rated answers
    low_confidence: int


@dataclass(frozen=True)
class Evidence:
    """A respondent's evidence note, attributed by role (and by name only where the file gives one)."""

    item_id: str
    text: str
    role: str | None
    respondent: str | None
    confidence: str | None
    rating: int | str
    source: str


@dataclass(frozen=True)
class PartnerRelationship:
    """How an agency's respondents who name one partner (``None``: who name none) see the relationship."""

    partner: str | None  # the partner as the respondents name it
    partner_key: str | None  # the partner's node id in the network
    tie: str | None  # the tie most of them give (vertical, horizontal)
    n: int  # respondents
    relationship: Relationship


@dataclass(frozen=True)
class AgencyProfile:
    """One agency's answers to one questionnaire, aggregated over its respondents."""

    key: str
    agency: str
    agency_id: str | None
    questionnaire: str
    version: str
    respondents: int
    roles: Mapping[str, int]
    overall: Stat
    band: Band | None
    sections: Mapping[str, Stat]
    factors: Mapping[str, FactorProfile]
    relationship: Relationship
    by_role: Mapping[str, Mapping[str, float | None]]
    barriers: tuple[str, ...]
    enablers: tuple[str, ...]
    disagreements: tuple[str, ...]
    information_needed: tuple[str, ...]
    items: Mapping[str, ItemProfile]
    evidence: Mapping[str, tuple[Evidence, ...]]
    sources: tuple[str, ...]
    dates: tuple[str, ...]
    relationships: tuple[PartnerRelationship, ...] = ()

    @property
    def ref(self) -> str:
        """``id@version`` of the questionnaire the profile was scored against."""
        return qref(self.questionnaire, self.version)


@dataclass(frozen=True)
class Node:
    """An agency in the network: assessed (answer sets of its own) or only named as a partner."""

    id: str
    label: str
    assessed: bool  # whether the agency has answer sets of its own


@dataclass(frozen=True)
class Edge:
    """A directed tie: how ``source``'s respondents see their relationship with ``target``."""

    source: str
    target: str
    tie: str | None
    respondents: int
    pull: float | None
    push: float | None
    net: float | None
    status: str | None
    asymmetric: bool = False
    questionnaire: str = ""  # ties are compared only within one questionnaire's (and version's) determinants
    version: str = ""
    strongest_push: str | None = None
    tension_risk: bool = False


@dataclass(frozen=True)
class Network:
    """The relationship network: every agency assessed or named, and the directed ties between them."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Overview:
    """Everything across agencies."""

    profiles: tuple[AgencyProfile, ...]
    systemic_barriers: tuple[str, ...]
    network: Network
    disagreement: float
    asymmetry: float

    def ranking(self) -> list[AgencyProfile]:
        """Profiles by overall score, best first (unscored last), then by name."""
        return sorted(self.profiles, key=lambda p: (p.overall.score is None, -(p.overall.score or 0), p.agency))


def versioned(profiles: Iterable[AgencyProfile]) -> frozenset[str]:
    """The questionnaire ids answered in more than one version among ``profiles``: where a report, table or
    file name must say which version it shows."""
    seen: dict[str, set[str]] = {}
    for p in profiles:
        seen.setdefault(p.questionnaire, set()).add(p.version)
    return frozenset(qid for qid, versions in seen.items() if len(versions) > 1)
