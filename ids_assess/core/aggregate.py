"""Many answer sets -> agency profiles, cross-agency views and the relationship network. Pure: no I/O.

Streaming: :class:`Aggregator` keeps running sums per agency, factor and item, never the answer sets
themselves, so memory grows with the number of agencies and factors, not with the number of files.

Rules (README, "Many respondents, many agencies"):

* answer sets are grouped by questionnaire id and version and by agency (``agency_id``, else the agency
  name normalised for case, width and surrounding space): one agency answering two versions has two
  profiles (and a warning);
* an agency's factor, section and overall scores, bounds and coverage are the plain means of its
  respondents' values (each respondent once; nulls left out); a level whose mean coverage is below the
  questionnaire's ``min_coverage`` gets no verdict (band, barrier/enabler status);
* the relationship is per partner: the respondents naming one partner (or none) form a group whose pull,
  push and net are the means of theirs, whose status follows from the mean net, whose strongest push and
  tension risk follow from the mean determinant scores; two partners are never averaged. The agency-level
  ``relationship`` (deprecated) is that group when there is a single one, else empty;
* a factor is flagged for disagreement when its respondents' scores differ by ``disagreement`` points or
  more (max - min); ``dk_share`` is the share of ``dk`` among the factor's answers that are not ``na``;
* systemic barriers: factors that are barriers (below ``50 - margin``) in at least half of the agencies
  that assessed them (with a verdict);
* a respondent naming a ``partner`` describes a directed tie; where both directions exist, the pair is
  asymmetric when the nets differ by ``asymmetry`` points or more, or the statuses differ.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ids_assess.core.model import (
    PLAIN_ANSWERS,
    Questionnaire,
    Relationship,
    Result,
    Score,
    agency_key,
    normalise,
    qref,
)
from ids_assess.core.profiles import (
    AgencyProfile,
    Edge,
    Evidence,
    FactorProfile,
    ItemProfile,
    Network,
    Node,
    Overview,
    PartnerRelationship,
    Stat,
)
from ids_assess.core.scoring import ITEM_SCORES, rank, relationship_of, settle, status_for, withheld

__all__ = ["ASYMMETRY", "DISAGREEMENT", "AgencyProfile", "Aggregator", "Edge", "Evidence", "FactorProfile",
           "ItemProfile", "Network", "Node", "Overview", "PartnerRelationship", "Stat", "aggregate", "normalise",
           "slug"]

DISAGREEMENT = 50.0
ASYMMETRY = 25.0
EVIDENCE_PER_FACTOR = 12
UNSPECIFIED = "unspecified"


def slug(name: str) -> str:
    """A node id for an agency known only by name."""
    folded = normalise(name)
    text = re.sub(r"[^\w]+", "-", folded).strip("-")
    return text or "agency"


# --- accumulation ----------------------------------------------------------------------------------

class _Mean:
    """Running mean, min, max and population standard deviation of the non-null values added.

    Means are settled to 9 decimals (:func:`settle`), so float noise from the order in which respondents
    come never shows, not even in the second decimal of a rounded output."""

    __slots__ = ("max", "min", "n", "sq", "total")

    def __init__(self) -> None:
        self.n = 0
        self.total = 0.0
        self.sq = 0.0
        self.min = math.inf
        self.max = -math.inf

    def add(self, value: float | None) -> None:
        if value is None:
            return
        self.n += 1
        self.total += value
        self.sq += value * value
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value

    def merge(self, other: _Mean) -> None:
        self.n += other.n
        self.total += other.total
        self.sq += other.sq
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)

    def value(self) -> float | None:
        return settle(self.total / self.n) if self.n else None

    def sd(self) -> float | None:
        if not self.n:
            return None
        mean = self.total / self.n
        return settle(math.sqrt(max(0.0, self.sq / self.n - mean * mean)))


class _Slots:
    """Score, bounds and coverage accumulated for many levels at once (overall, sections, factors),
    in flat lists indexed by level, so that adding a respondent is one tight loop."""

    __slots__ = ("bn", "cn", "csum", "hsum", "lsum", "max", "min", "n", "sq", "total")

    def __init__(self, size: int) -> None:
        self.n = [0] * size
        self.total = [0.0] * size
        self.sq = [0.0] * size
        self.min = [math.inf] * size
        self.max = [-math.inf] * size
        self.bn = [0] * size
        self.lsum = [0.0] * size
        self.hsum = [0.0] * size
        self.cn = [0] * size
        self.csum = [0.0] * size

    def add(self, scores: list[Score | None]) -> None:
        n, total, sq, mn, mx = self.n, self.total, self.sq, self.min, self.max
        bn, lsum, hsum, cn, csum = self.bn, self.lsum, self.hsum, self.cn, self.csum
        i = -1
        for part in scores:
            i += 1
            if part is None:
                continue
            value, low, high, coverage = part.score, part.low, part.high, part.coverage
            if value is not None:
                n[i] += 1
                total[i] += value
                sq[i] += value * value
                if value < mn[i]:
                    mn[i] = value
                if value > mx[i]:
                    mx[i] = value
            if low is not None and high is not None:
                bn[i] += 1
                lsum[i] += low
                hsum[i] += high
            if coverage is not None:
                cn[i] += 1
                csum[i] += coverage

    def stat(self, i: int, min_coverage: float = 0.0) -> Stat:
        n, bn, cn = self.n[i], self.bn[i], self.cn[i]
        if n:
            mean = self.total[i] / n
            score: float | None = settle(mean)
            sd: float | None = settle(math.sqrt(max(0.0, self.sq[i] / n - mean * mean)))
        else:
            score = sd = None
        coverage = settle(self.csum[i] / cn) if cn else None
        return Stat(score, settle(self.lsum[i] / bn) if bn else None, settle(self.hsum[i] / bn) if bn else None,
                    coverage, n, self.min[i] if n else None, self.max[i] if n else None, sd,
                    withheld(coverage, min_coverage))


_COUNT_INDEX = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, "dk": 5, "na": 6}
_PLAIN_INDEX = {id(answer): _COUNT_INDEX[rating] for rating, answer in PLAIN_ANSWERS.items()}
_COUNT_KEYS = ("1", "2", "3", "4", "5", "dk", "na", "unanswered")


class _Agency:
    """Running sums for one agency and questionnaire."""

    def __init__(self, q: Questionnaire, agency_id: str | None) -> None:
        self.questionnaire = q
        self.agency_id = agency_id
        self.names: set[str] = set()
        self.respondents = 0
        self.roles: Counter[str] = Counter()
        nf = len(q.factors)
        self.levels = _Slots(1 + len(q.sections) + nf)  # overall, sections, factors
        self.answered = [0] * nf
        self.dk = [0] * nf
        self.na = [0] * nf
        self.by_role: dict[str, tuple[list[int], list[float]]] = {}
        self.item_counts = [[0] * 8 for _ in q.items]
        self.item_n = [0] * len(q.items)
        self.item_sum = [0.0] * len(q.items)
        self.low_confidence = [0] * len(q.items)
        self.evidence: dict[str, list[tuple[tuple[int, str, str], Evidence]]] = {}
        self.sources: list[str] = []
        self.dates: set[str] = set()
        self.item_level = True


@dataclass
class _Tie:
    """The running sums of one agency's respondents naming one partner (or none)."""

    questionnaire: Questionnaire
    ties: Counter[str] = field(default_factory=Counter)
    respondents: int = 0
    pull: _Mean = field(default_factory=_Mean)
    push: _Mean = field(default_factory=_Mean)
    net: _Mean = field(default_factory=_Mean)
    determinants: dict[str, _Mean] = field(default_factory=dict)

    def add(self, result: Result) -> None:
        self.respondents += 1
        if result.answers.tie:
            self.ties[result.answers.tie] += 1
        rel = result.relationship
        if rel.net is not None:
            self.pull.add(rel.pull)
            self.push.add(rel.push)
            self.net.add(rel.net)
        for fid in _determinants(self.questionnaire):
            factor = result.factors.get(fid)
            if factor is not None and factor.score is not None:
                self.determinants.setdefault(fid, _Mean()).add(factor.score)

    def tie(self) -> str | None:
        kinds = sorted(self.ties.items(), key=lambda kv: (-kv[1], kv[0]))
        return kinds[0][0] if kinds else None

    def relationship(self) -> Relationship:
        """Means of pull, push and net; status from the mean net; strongest push and tension risk from the
        mean determinant scores."""
        net = self.net.value()
        if net is None:
            return Relationship(None, None, None, None)
        q = self.questionnaire
        means = relationship_of(q, {fid: m.value() for fid, m in self.determinants.items()})
        return Relationship(self.pull.value(), self.push.value(), net, status_for(net, q.scoring.tension_threshold),
                            means.strongest_push, means.tension_risk)


class Aggregator:
    """Add results one by one (any order), then :meth:`finish` for the :class:`Overview`."""

    def __init__(self, lookup: Callable[[str], Questionnaire], disagreement: float = DISAGREEMENT,
                 asymmetry: float = ASYMMETRY, keep_sources: bool = True, item_level: bool = True,
                 on_warning: Callable[[str], None] | None = None) -> None:
        """``lookup`` finds a questionnaire by ``id@version``. ``item_level=False`` skips the per-item
        distributions and evidence (faster; profiles have no items). ``on_warning`` hears of an agency
        answering two versions of one questionnaire (it gets a profile per version)."""
        self.lookup = lookup
        self.on_warning = on_warning
        self.warnings: list[str] = []
        self._versions: dict[tuple[str, str], set[str]] = {}
        self.item_level = item_level
        self.disagreement = disagreement
        self.asymmetry = asymmetry
        self.keep_sources = keep_sources
        self._agencies: dict[tuple[str, str], _Agency] = {}
        # (questionnaire id@version, agency key, partner name or None) -> the respondents naming that partner
        self._ties: dict[tuple[str, str, str | None], _Tie] = {}

    def add(self, result: Result, item_level: bool = True) -> None:
        """Add one respondent's result. ``item_level=False`` for results without their answers (JSON)."""
        a = result.answers
        key = agency_key(a.agency, a.agency_id)
        q = self.lookup(qref(result.questionnaire, result.version))
        agency = self._agencies.get((q.ref, key))
        if agency is None:
            agency = self._agencies[(q.ref, key)] = _Agency(q, a.agency_id)
            seen = self._versions.setdefault((q.id, key), set())
            seen.add(q.version)
            if len(seen) == 2:
                self._warn(f"agency '{a.agency}' answered versions {' and '.join(sorted(seen))} of '{q.id}': "
                           "scored as separate profiles, one per version")
        agency.names.add(a.agency)
        agency.respondents += 1
        role = a.role or UNSPECIFIED
        agency.roles[role] += 1
        if self.keep_sources:
            agency.sources.append(a.source)
        if a.date:
            agency.dates.add(a.date)
        section_ids, factor_ids = _ids(q)
        fscores = list(map(result.factors.get, factor_ids))
        agency.levels.add([result.overall, *map(result.sections.get, section_ids), *fscores])
        role_sums = agency.by_role.get(role)
        if role_sums is None:
            role_sums = agency.by_role[role] = ([0] * len(factor_ids), [0.0] * len(factor_ids))
        rn, rsum = role_sums
        answered, dk, na = agency.answered, agency.dk, agency.na
        i = -1
        for f in fscores:
            i += 1
            if f is None:
                continue
            answered[i] += f.answered
            dk[i] += f.dk
            na[i] += f.na
            if f.score is not None:
                rn[i] += 1
                rsum[i] += f.score
        if not (item_level and self.item_level):
            agency.item_level = False
        else:
            self._add_items(agency, q, result)
        tie = self._ties.get((q.ref, key, a.partner))
        if tie is None:
            tie = self._ties[(q.ref, key, a.partner)] = _Tie(q)
        tie.add(result)

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)

    def _add_items(self, agency: _Agency, q: Questionnaire, result: Result) -> None:
        answers = result.answers.answers
        counts, item_n, item_sum, low = agency.item_counts, agency.item_n, agency.item_sum, agency.low_confidence
        index = _positions(q)[0]
        table = _item_scores(q)
        plain = _PLAIN_INDEX
        for item_id, answer in answers.items():
            i = index[item_id]
            shared = plain.get(id(answer))
            if shared is not None:  # a plain answer (most are): no confidence, no evidence to look at
                counts[i][shared] += 1
                if shared < 5:
                    item_n[i] += 1
                    item_sum[i] += table[i][shared + 1]  # the shared answers are counted from rating 1
                continue
            rating = answer.rating
            counts[i][_COUNT_INDEX[rating]] += 1
            if type(rating) is int:
                item_n[i] += 1
                item_sum[i] += table[i][rating]
            if answer.confidence == "low":
                low[i] += 1
            if answer.evidence:
                a = result.answers
                note = Evidence(item_id, answer.evidence, a.role, a.respondent, answer.confidence, rating, a.source)
                bucket = agency.evidence.setdefault(q.items[item_id].factor_id, [])
                bucket.append(((i, a.source, answer.evidence), note))
                if len(bucket) >= 4 * EVIDENCE_PER_FACTOR:  # keep memory bounded, the same notes whatever the order
                    bucket.sort(key=lambda entry: entry[0])
                    del bucket[EVIDENCE_PER_FACTOR:]
        unanswered = len(q.items) - len(answers)
        if unanswered:
            for item_id in q.items:
                if item_id not in answers:
                    counts[index[item_id]][7] += 1

    @property
    def agencies(self) -> int:
        """How many agency profiles have been started (one per agency and questionnaire)."""
        return len(self._agencies)

    def finish(self) -> Overview:
        """The agency profiles, systemic barriers and network of everything added so far."""
        profiles = tuple(sorted((self._profile(key, a) for (_, key), a in self._agencies.items()),
                                key=lambda p: (p.questionnaire, p.agency.casefold(), p.key, _vkey(p.version))))
        network, groups = self._network(profiles)
        profiles = tuple(_with_relationships(p, groups.get((p.ref, p.key), [])) for p in profiles)
        return Overview(profiles, _systemic(profiles), network, self.disagreement, self.asymmetry)

    def _profile(self, key: str, a: _Agency) -> AgencyProfile:
        q = a.questionnaire
        ns = len(q.sections)
        min_coverage = q.scoring.min_coverage
        factors: dict[str, FactorProfile] = {}
        for i, fid in enumerate(q.factors):
            st = a.levels.stat(1 + ns + i, min_coverage)
            countable = a.answered[i] + a.dk[i]
            spread = (st.max - st.min) if st.max is not None and st.min is not None else 0.0
            factors[fid] = FactorProfile(
                st.score, st.low, st.high, st.coverage, st.n, st.min, st.max, st.sd, st.withheld,
                dk_share=a.dk[i] / countable if countable else None,
                disagreement=st.n >= 2 and settle(spread) >= self.disagreement,
                answered=a.answered[i], dk=a.dk[i], na=a.na[i])
        sections = {s.id: a.levels.stat(1 + j, min_coverage) for j, s in enumerate(q.sections)}
        overall = a.levels.stat(0, min_coverage)
        barriers, enablers = rank(q, {fid: f.score for fid, f in factors.items()},
                                  [fid for fid, f in factors.items() if f.withheld])
        info = sorted((fid for fid, f in factors.items() if f.dk_share),
                      key=lambda fid: (-(factors[fid].dk_share or 0), _findex(q, fid)))
        items = {}
        if a.item_level:
            for i, item_id in enumerate(q.items):
                n = a.item_n[i]
                items[item_id] = ItemProfile(item_id, dict(zip(_COUNT_KEYS, a.item_counts[i], strict=True)),
                                             settle(a.item_sum[i] / n) if n else None, a.low_confidence[i])
        evidence = {fid: tuple(note for _, note in sorted(bucket, key=lambda e: e[0])[:EVIDENCE_PER_FACTOR])
                    for fid, bucket in a.evidence.items()}
        by_role = {role: {fid: (settle(sums[1][i] / sums[0][i]) if sums[0][i] else None)
                          for i, fid in enumerate(q.factors)}
                   for role, sums in sorted(a.by_role.items())}
        return AgencyProfile(
            key=key, agency=min(a.names), agency_id=a.agency_id, questionnaire=q.id, version=q.version,
            respondents=a.respondents, roles=dict(sorted(a.roles.items())), overall=overall,
            band=None if overall.withheld else q.band_for(overall.score), sections=sections, factors=factors,
            relationship=Relationship(None, None, None, None),
            by_role=by_role, barriers=barriers, enablers=enablers,
            disagreements=tuple(fid for fid in q.factors if factors[fid].disagreement),
            information_needed=tuple(info), items=items, evidence=evidence,
            sources=tuple(sorted(a.sources)), dates=tuple(sorted(a.dates)))

    def _network(self, profiles: tuple[AgencyProfile, ...]
                 ) -> tuple[Network, dict[tuple[str, str], list[PartnerRelationship]]]:
        """The network, and each profile's relationships per partner (keyed by questionnaire ref and agency)."""
        by_name: dict[tuple[str, str], str] = {}
        labels: dict[str, str] = {}
        for p in profiles:
            labels.setdefault(p.key, p.agency)
            by_name[(p.questionnaire, normalise(p.agency))] = p.key
            if p.agency_id:
                by_name[(p.questionnaire, normalise(p.agency_id))] = p.key
        for (_, key), agency in self._agencies.items():
            for name in agency.names:  # every spelling an agency's own files use
                by_name.setdefault((agency.questionnaire.id, normalise(name)), key)
        any_questionnaire = {name: key for (_, name), key in sorted(by_name.items())}
        merged: dict[tuple[str, str, str | None], list[tuple[str | None, _Tie]]] = {}
        for (ref, source, partner), tie in self._ties.items():
            target: str | None = None
            if partner is not None:
                folded = normalise(partner)  # the partner as assessed with this questionnaire, else with another
                target = (by_name.get((tie.questionnaire.id, folded)) or any_questionnaire.get(folded)
                          or slug(partner))
                labels.setdefault(target, partner)
            merged.setdefault((ref, source, target), []).append((partner, tie))
        groups: dict[tuple[str, str], list[PartnerRelationship]] = {}
        edges: dict[tuple[str, str, str], Edge] = {}
        for (ref, source, target), parts in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                    kv[0][2] is not None,
                                                                                    kv[0][2] or "")):
            tie = _merge([t for _, t in parts])
            rel = tie.relationship()
            names = Counter(name for name, t in parts for _ in range(t.respondents))
            shown = sorted(names.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0][0]
            groups.setdefault((ref, source), []).append(
                PartnerRelationship(shown, target, tie.tie(), tie.respondents, rel))
            if target is None:
                continue
            q = tie.questionnaire
            edges[(ref, source, target)] = Edge(source, target, tie.tie(), tie.respondents, rel.pull, rel.push,
                                                rel.net, rel.status, questionnaire=q.id, version=q.version,
                                                strongest_push=rel.strongest_push, tension_risk=rel.tension_risk)
        final = []
        for (ref, source, target), edge in sorted(edges.items()):
            back = edges.get((ref, target, source))
            asymmetric = back is not None and source != target and _asymmetric(edge, back, self.asymmetry)
            final.append(Edge(**{**edge.__dict__, "asymmetric": asymmetric}))
        assessed = {p.key for p in profiles}
        used = {e.source for e in final} | {e.target for e in final} | assessed
        nodes = tuple(Node(k, labels.get(k, k), k in assessed) for k in sorted(used))
        return Network(nodes, tuple(final)), groups


def _with_relationships(p: AgencyProfile, groups: list[PartnerRelationship]) -> AgencyProfile:
    """The profile with its relationships per partner, and the deprecated agency-level one: the single
    group's when its respondents name one partner (or all name none), else empty."""
    single = groups[0].relationship if len(groups) == 1 else Relationship(None, None, None, None)
    return AgencyProfile(**{**p.__dict__, "relationships": tuple(groups), "relationship": single})


def _vkey(version: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-+]", version))


@lru_cache(maxsize=64)
def _determinants(q: Questionnaire) -> tuple[str, ...]:
    return tuple(fid for fid, f in q.factors.items() if f.determinant)


def _asymmetric(a: Edge, b: Edge, threshold: float) -> bool:
    if a.net is not None and b.net is not None and settle(abs(a.net - b.net)) >= threshold:
        return True
    return a.status is not None and b.status is not None and a.status != b.status


def _merge(ties: list[_Tie]) -> _Tie:
    if len(ties) == 1:
        return ties[0]
    out = _Tie(ties[0].questionnaire)
    for t in ties:  # spelling variants of one partner's name merge into one tie
        out.ties.update(t.ties)
        out.respondents += t.respondents
        for name in ("pull", "push", "net"):
            getattr(out, name).merge(getattr(t, name))
        for fid, mean in t.determinants.items():
            out.determinants.setdefault(fid, _Mean()).merge(mean)
    return out


def _systemic(profiles: Iterable[AgencyProfile]) -> tuple[str, ...]:
    assessed: Counter[tuple[str, str]] = Counter()
    barrier: Counter[tuple[str, str]] = Counter()
    order: dict[tuple[str, str], int] = {}
    for p in profiles:
        barriers = set(p.barriers)
        for i, (fid, f) in enumerate(p.factors.items()):
            order.setdefault((p.questionnaire, fid), i)
            if f.score is not None and not f.withheld:
                assessed[(p.questionnaire, fid)] += 1
                if fid in barriers:  # below 50 - margin
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


@lru_cache(maxsize=64)
def _ids(q: Questionnaire) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(s.id for s in q.sections), tuple(q.factors)


@lru_cache(maxsize=64)
def _item_scores(q: Questionnaire) -> list[tuple[float, ...]]:
    """Each item's row of :data:`ids_assess.core.scoring.ITEM_SCORES`, in item order."""
    return [ITEM_SCORES[item.polarity] for item in q.items.values()]


def _findex(q: Questionnaire, factor_id: str) -> int:
    return _positions(q)[1][factor_id]


def aggregate(results: Iterable[Result], lookup: Callable[[str], Questionnaire],
              disagreement: float = DISAGREEMENT, asymmetry: float = ASYMMETRY) -> Overview:
    """Aggregate results in one call (see :class:`Aggregator`)."""
    agg = Aggregator(lookup, disagreement, asymmetry)
    for result in results:
        agg.add(result)
    return agg.finish()

