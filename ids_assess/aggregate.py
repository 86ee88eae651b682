"""Many answer sets -> agency profiles, cross-agency views and the relationship network. Pure: no I/O.

Streaming: :class:`Aggregator` keeps running sums per agency, factor and item, never the answer sets
themselves, so memory grows with the number of agencies and factors, not with the number of files.

Rules (README, "Many respondents, many agencies"):

* answer sets are grouped by questionnaire and agency (``agency_id``, else the agency name normalised for
  case, width and surrounding space);
* an agency's factor, section and overall scores, bounds and coverage, and the relationship's pull, push
  and net, are the plain means of its respondents' values (each respondent once; nulls left out); the
  status follows from the mean net;
* a factor is flagged for disagreement when its respondents' scores differ by ``disagreement`` points or
  more (max - min); ``dk_share`` is the share of ``dk`` among the factor's answers that are not ``na``;
* systemic barriers: factors that are barriers in at least half of the agencies that assessed them;
* a respondent naming a ``partner`` describes a directed tie; where both directions exist, the pair is
  asymmetric when the nets differ by ``asymmetry`` points or more, or the statuses differ.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Band, Questionnaire, Relationship, Result
from .scoring import MIDPOINT, item_score, rank, settle, status_for

DISAGREEMENT = 50.0
ASYMMETRY = 25.0
EVIDENCE_PER_FACTOR = 12
UNSPECIFIED = "unspecified"


def normalise(name: str) -> str:
    """An agency name folded for case, width (NFKC) and surrounding/inner runs of space."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def slug(name: str) -> str:
    """A node id for an agency known only by name."""
    folded = normalise(name)
    text = re.sub(r"[^\w]+", "-", folded).strip("-")
    return text or "agency"


# --- results ---------------------------------------------------------------------------------------

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


@dataclass(frozen=True)
class Node:
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


@dataclass(frozen=True)
class Network:
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


# --- accumulation ----------------------------------------------------------------------------------

class _Sum:
    """An exact running sum (Shewchuk's partials, as in ``math.fsum``): the same total in any order."""

    __slots__ = ("partials",)

    def __init__(self) -> None:
        self.partials: list[float] = []

    def add(self, x: float) -> None:
        i = 0
        partials = self.partials
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        partials[i:] = [x]

    def merge(self, other: _Sum) -> None:
        for x in other.partials:
            self.add(x)

    def value(self) -> float:
        return math.fsum(self.partials)


class _Mean:
    """Running mean, min, max and population standard deviation of the non-null values added.

    Sums are exact, so the results do not depend on the order in which respondents come."""

    __slots__ = ("max", "min", "n", "sq", "total")

    def __init__(self) -> None:
        self.n = 0
        self.total = _Sum()
        self.sq = _Sum()
        self.min = math.inf
        self.max = -math.inf

    def add(self, value: float | None) -> None:
        if value is None:
            return
        self.n += 1
        self.total.add(value)
        self.sq.add(value * value)
        self.min = min(self.min, value)
        self.max = max(self.max, value)

    def merge(self, other: _Mean) -> None:
        self.n += other.n
        self.total.merge(other.total)
        self.sq.merge(other.sq)
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)

    def value(self) -> float | None:
        return self.total.value() / self.n if self.n else None

    def sd(self) -> float | None:
        if not self.n:
            return None
        mean = self.total.value() / self.n
        return math.sqrt(max(0.0, self.sq.value() / self.n - mean * mean))


class _Level:
    """Accumulates score, bounds and coverage at one level (overall, a section or a factor)."""

    __slots__ = ("coverage", "high", "low", "score")

    def __init__(self) -> None:
        self.score, self.low, self.high, self.coverage = _Mean(), _Mean(), _Mean(), _Mean()

    def add(self, score: float | None, low: float | None, high: float | None, coverage: float | None) -> None:
        self.score.add(score)
        self.low.add(low)
        self.high.add(high)
        self.coverage.add(coverage)

    def stat(self) -> Stat:
        s = self.score
        return Stat(s.value(), self.low.value(), self.high.value(), self.coverage.value(), s.n,
                    s.min if s.n else None, s.max if s.n else None, s.sd())


@dataclass
class _Agency:
    questionnaire: Questionnaire
    names: set[str] = field(default_factory=set)
    agency_id: str | None = None
    respondents: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    overall: _Level = field(default_factory=_Level)
    sections: dict[str, _Level] = field(default_factory=dict)
    factors: dict[str, _Level] = field(default_factory=dict)
    answered: Counter[str] = field(default_factory=Counter)
    dk: Counter[str] = field(default_factory=Counter)
    na: Counter[str] = field(default_factory=Counter)
    pull: _Mean = field(default_factory=_Mean)
    push: _Mean = field(default_factory=_Mean)
    net: _Mean = field(default_factory=_Mean)
    by_role: dict[str, dict[str, _Mean]] = field(default_factory=dict)
    item_counts: dict[str, Counter[str]] = field(default_factory=dict)
    item_scores: dict[str, _Mean] = field(default_factory=dict)
    low_confidence: Counter[str] = field(default_factory=Counter)
    evidence: dict[str, list[tuple[tuple[int, str, str], Evidence]]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)
    item_level: bool = True


@dataclass
class _Tie:
    ties: Counter[str] = field(default_factory=Counter)
    respondents: int = 0
    pull: _Mean = field(default_factory=_Mean)
    push: _Mean = field(default_factory=_Mean)
    net: _Mean = field(default_factory=_Mean)
    threshold: float = 5.0


class Aggregator:
    """Add results one by one (any order), then :meth:`finish` for the :class:`Overview`."""

    def __init__(self, lookup: Callable[[str], Questionnaire], disagreement: float = DISAGREEMENT,
                 asymmetry: float = ASYMMETRY, keep_sources: bool = True) -> None:
        self.lookup = lookup
        self.disagreement = disagreement
        self.asymmetry = asymmetry
        self.keep_sources = keep_sources
        self._agencies: dict[tuple[str, str], _Agency] = {}
        self._ties: dict[tuple[str, str, str], _Tie] = {}  # (questionnaire, from key, partner name) -> tie

    def add(self, result: Result, item_level: bool = True) -> None:
        """Add one respondent's result. ``item_level=False`` for results without their answers (JSON)."""
        a = result.answers
        key = a.agency_id or normalise(a.agency)
        q = self.lookup(result.questionnaire)
        agency = self._agencies.get((q.id, key))
        if agency is None:
            agency = self._agencies[(q.id, key)] = _Agency(q, agency_id=a.agency_id)
        agency.names.add(a.agency)
        agency.respondents += 1
        role = a.role or UNSPECIFIED
        agency.roles[role] += 1
        if self.keep_sources:
            agency.sources.append(a.source)
        if a.date:
            agency.dates.add(a.date)
        o = result.overall
        agency.overall.add(o.score, o.low, o.high, o.coverage)
        for sid, s in result.sections.items():
            agency.sections.setdefault(sid, _Level()).add(s.score, s.low, s.high, s.coverage)
        role_means = agency.by_role.setdefault(role, {})
        for fid, f in result.factors.items():
            agency.factors.setdefault(fid, _Level()).add(f.score, f.low, f.high, f.coverage)
            agency.answered[fid] += f.answered
            agency.dk[fid] += f.dk
            agency.na[fid] += f.na
            role_means.setdefault(fid, _Mean()).add(f.score)
        rel = result.relationship
        agency.pull.add(rel.pull)
        agency.push.add(rel.push)
        agency.net.add(rel.net)
        if not item_level:
            agency.item_level = False
        else:
            self._add_items(agency, q, result)
        if a.partner:
            tie = self._ties.setdefault((q.id, key, a.partner), _Tie(threshold=q.threshold))
            tie.respondents += 1
            if a.tie:
                tie.ties[a.tie] += 1
            tie.pull.add(rel.pull)
            tie.push.add(rel.push)
            tie.net.add(rel.net)

    def _add_items(self, agency: _Agency, q: Questionnaire, result: Result) -> None:
        answers = result.answers.answers
        for item_id, item in q.items.items():
            counts = agency.item_counts.setdefault(item_id, Counter())
            answer = answers.get(item_id)
            if answer is None:
                counts["unanswered"] += 1
                continue
            counts[str(answer.rating)] += 1
            if isinstance(answer.rating, int):
                agency.item_scores.setdefault(item_id, _Mean()).add(item_score(item, answer.rating))
            if answer.confidence == "low":
                agency.low_confidence[item_id] += 1
            if answer.evidence:
                a = result.answers
                note = Evidence(item_id, answer.evidence, a.role, a.respondent, answer.confidence,
                                answer.rating, a.source)
                bucket = agency.evidence.setdefault(item.factor_id, [])
                bucket.append(((q_index(q, item_id), a.source, answer.evidence), note))
                if len(bucket) >= 4 * EVIDENCE_PER_FACTOR:  # keep memory bounded, the same notes whatever the order
                    bucket.sort(key=lambda entry: entry[0])
                    del bucket[EVIDENCE_PER_FACTOR:]

    def finish(self) -> Overview:
        """The agency profiles, systemic barriers and network of everything added so far."""
        profiles = tuple(sorted((self._profile(key, a) for (_, key), a in self._agencies.items()),
                                key=lambda p: (p.questionnaire, p.agency.casefold(), p.key)))
        return Overview(profiles, _systemic(profiles), self._network(profiles), self.disagreement,
                        self.asymmetry)

    def _profile(self, key: str, a: _Agency) -> AgencyProfile:
        q = a.questionnaire
        factors: dict[str, FactorProfile] = {}
        for fid in q.factors:
            level = a.factors.get(fid) or _Level()
            st = level.stat()
            countable = a.answered[fid] + a.dk[fid]
            spread = (st.max - st.min) if st.max is not None and st.min is not None else 0.0
            factors[fid] = FactorProfile(
                st.score, st.low, st.high, st.coverage, st.n, st.min, st.max, st.sd,
                dk_share=a.dk[fid] / countable if countable else None,
                disagreement=st.n >= 2 and spread >= self.disagreement,
                answered=a.answered[fid], dk=a.dk[fid], na=a.na[fid])
        sections = {s.id: (a.sections.get(s.id) or _Level()).stat() for s in q.sections}
        overall = a.overall.stat()
        net = a.net.value()
        relationship = Relationship(a.pull.value(), a.push.value(), net, status_for(net, q.threshold))
        barriers, enablers = rank(q, {fid: f.score for fid, f in factors.items()})
        info = sorted((fid for fid, f in factors.items() if f.dk_share),
                      key=lambda fid: (-(factors[fid].dk_share or 0), _findex(q, fid)))
        items = {}
        if a.item_level:
            for item_id in q.items:
                counts = a.item_counts.get(item_id, Counter())
                mean = a.item_scores.get(item_id)
                items[item_id] = ItemProfile(item_id, {k: counts.get(k, 0) for k in
                                                       ("1", "2", "3", "4", "5", "dk", "na", "unanswered")},
                                             mean.value() if mean else None, a.low_confidence[item_id])
        evidence = {fid: tuple(note for _, note in sorted(bucket, key=lambda e: e[0])[:EVIDENCE_PER_FACTOR])
                    for fid, bucket in a.evidence.items()}
        return AgencyProfile(
            key=key, agency=min(a.names), agency_id=a.agency_id, questionnaire=q.id, version=q.version,
            respondents=a.respondents, roles=dict(sorted(a.roles.items())), overall=overall,
            band=q.band_for(overall.score), sections=sections, factors=factors, relationship=relationship,
            by_role={role: {fid: m.value() for fid, m in means.items()}
                     for role, means in sorted(a.by_role.items())},
            barriers=barriers, enablers=enablers,
            disagreements=tuple(fid for fid in q.factors if factors[fid].disagreement),
            information_needed=tuple(info), items=items, evidence=evidence,
            sources=tuple(sorted(a.sources)), dates=tuple(sorted(a.dates)))

    def _network(self, profiles: tuple[AgencyProfile, ...]) -> Network:
        by_name: dict[tuple[str, str], str] = {}
        labels: dict[str, str] = {}
        for p in profiles:
            labels.setdefault(p.key, p.agency)
            by_name[(p.questionnaire, normalise(p.agency))] = p.key
            if p.agency_id:
                by_name[(p.questionnaire, normalise(p.agency_id))] = p.key
        for (qid, _), agency in self._agencies.items():
            for name in agency.names:  # every spelling an agency's own files use
                by_name.setdefault((qid, normalise(name)), _key_of(self._agencies, qid, agency))
        merged: dict[tuple[str, str], list[tuple[str, _Tie]]] = {}
        for (qid, source, partner), tie in self._ties.items():
            target = by_name.get((qid, normalise(partner))) or slug(partner)
            labels.setdefault(target, partner)
            merged.setdefault((source, target), []).append((partner, tie))
        edges: dict[tuple[str, str], Edge] = {}
        for (source, target), parts in merged.items():
            tie = _merge([t for _, t in parts])
            net = tie.net.value()
            kinds = sorted(tie.ties.items(), key=lambda kv: (-kv[1], kv[0]))
            edges[(source, target)] = Edge(source, target, kinds[0][0] if kinds else None, tie.respondents,
                                           tie.pull.value(), tie.push.value(), net,
                                           status_for(net, tie.threshold))
        final = []
        for (source, target), edge in sorted(edges.items()):
            back = edges.get((target, source))
            asymmetric = back is not None and source != target and _asymmetric(edge, back, self.asymmetry)
            final.append(Edge(**{**edge.__dict__, "asymmetric": asymmetric}))
        assessed = {p.key for p in profiles}
        used = {e.source for e in final} | {e.target for e in final} | assessed
        nodes = tuple(Node(k, labels.get(k, k), k in assessed) for k in sorted(used))
        return Network(nodes, tuple(final))


def _asymmetric(a: Edge, b: Edge, threshold: float) -> bool:
    if a.net is not None and b.net is not None and abs(a.net - b.net) >= threshold:
        return True
    return a.status is not None and b.status is not None and a.status != b.status


def _merge(ties: list[_Tie]) -> _Tie:
    if len(ties) == 1:
        return ties[0]
    out = _Tie(threshold=ties[0].threshold)
    for t in ties:  # spelling variants of one partner's name merge into one tie
        out.ties.update(t.ties)
        out.respondents += t.respondents
        for name in ("pull", "push", "net"):
            getattr(out, name).merge(getattr(t, name))
    return out


def _key_of(agencies: Mapping[tuple[str, str], _Agency], qid: str, agency: _Agency) -> str:
    for (q, key), a in agencies.items():
        if q == qid and a is agency:
            return key
    raise KeyError(qid)  # pragma: no cover


def _systemic(profiles: Iterable[AgencyProfile]) -> tuple[str, ...]:
    assessed: Counter[tuple[str, str]] = Counter()
    barrier: Counter[tuple[str, str]] = Counter()
    order: dict[tuple[str, str], int] = {}
    for p in profiles:
        for i, (fid, f) in enumerate(p.factors.items()):
            order.setdefault((p.questionnaire, fid), i)
            if f.score is not None:
                assessed[(p.questionnaire, fid)] += 1
                if settle(f.score) < MIDPOINT:
                    barrier[(p.questionnaire, fid)] += 1
    found = [k for k, n in assessed.items() if barrier[k] * 2 >= n]
    found.sort(key=lambda k: (k[0], order[k]))
    seen: dict[str, None] = {}
    for _, fid in found:
        seen.setdefault(fid, None)
    return tuple(seen)


@lru_cache(maxsize=64)
def _positions(q: Questionnaire) -> tuple[dict[str, int], dict[str, int]]:
    return ({item_id: i for i, item_id in enumerate(q.items)}, {fid: i for i, fid in enumerate(q.factors)})


def q_index(q: Questionnaire, item_id: str) -> int:
    """The position of an item in questionnaire order."""
    return _positions(q)[0][item_id]


def _findex(q: Questionnaire, factor_id: str) -> int:
    return _positions(q)[1][factor_id]


def aggregate(results: Iterable[Result], lookup: Callable[[str], Questionnaire],
              disagreement: float = DISAGREEMENT, asymmetry: float = ASYMMETRY) -> Overview:
    """Aggregate results in one call (see :class:`Aggregator`)."""
    agg = Aggregator(lookup, disagreement, asymmetry)
    for result in results:
        agg.add(result)
    return agg.finish()

