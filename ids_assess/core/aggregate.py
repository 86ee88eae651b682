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

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from ids_assess.core.model import (
    Questionnaire,
    Relationship,
    Result,
    agency_key,
    normalise,
    qref,
    version_key,
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
from ids_assess.core.scoring import ITEM_SCORES, rank, settle
from ids_assess.core.sums import (
    COUNT_INDEX,
    COUNT_KEYS,
    KEEP_OVER,
    NOTE_ORDER,
    PLAIN_INDEX,
    AgencySums,
    TieSums,
    evidence_of,
    floats,
    keep_shown,
    merge_ties,
)

__all__ = ["ASYMMETRY", "DISAGREEMENT", "AgencyProfile", "Aggregator", "Edge", "Evidence", "FactorProfile",
           "ItemProfile", "Network", "Node", "Overview", "PartnerRelationship", "Stat", "aggregate", "normalise",
           "slug"]

DISAGREEMENT = 50.0
ASYMMETRY = 25.0
UNSPECIFIED = "unspecified"


def slug(name: str) -> str:
    """A node id for an agency known only by name."""
    folded = normalise(name)
    text = re.sub(r"[^\w]+", "-", folded).strip("-")
    return text or "agency"


# --- aggregation -------------------------------------------------------------------------------


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
        self._agencies: dict[tuple[str, str], AgencySums] = {}
        # (questionnaire id@version, agency key, partner name or None) -> the respondents naming that partner
        self._ties: dict[tuple[str, str, str | None], TieSums] = {}
        # profiles whose sums come later (:meth:`announce`), in the order of their first files: the agency id
        # and name in that file; and the ties, in the same order (:meth:`announce_ties`)
        self._announced: dict[tuple[str, str], tuple[str | None, str]] = {}
        self._announced_ties: dict[tuple[str, str, str | None], None] = {}

    def add(self, result: Result, item_level: bool = True) -> tuple[str, str, str | None]:
        """Add one respondent's result. ``item_level=False`` for results without their answers (JSON).
        Returns the tie it went to: the questionnaire's ``id@version``, the agency's key (the two: its
        profile) and the partner named (or ``None``)."""
        a = result.answers
        key = agency_key(a.agency, a.agency_id)
        q = self.lookup(qref(result.questionnaire, result.version))
        agency = self._agencies.get((q.ref, key))
        if agency is None:
            agency = self._agencies[(q.ref, key)] = AgencySums(q, a.agency_id, a.agency)
            message = self._version_seen(q, key, a.agency)
            if message:
                self._warn(message)
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
            role_sums = agency.by_role[role] = ([0] * len(factor_ids), floats(len(factor_ids)))
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
        named = (q.ref, key, a.partner)
        tie = self._ties.get(named)
        if tie is None:
            tie = self._ties[named] = TieSums(q)
        tie.add(result)
        return named

    def _version_seen(self, q: Questionnaire, key: str, name: str) -> str | None:
        """The warning when agency ``key`` is now seen answering a second version of ``q``'s questionnaire."""
        seen = self._versions.setdefault((q.id, key), set())
        seen.add(q.version)
        if len(seen) == 2:
            return (f"agency '{name}' answered versions {' and '.join(sorted(seen))} of '{q.id}': "
                    "scored as separate profiles, one per version")
        return None

    def announce(self, ref: str, key: str, name: str, agency_id: str | None = None) -> str | None:
        """Take note of a profile whose sums :meth:`merge` adds later (``announced=True``): agency ``key``
        answering questionnaire ``ref`` (``id@version``), ``name`` and ``agency_id`` as in its first file
        (announced in file order). Returns the warning of a second version that :meth:`merge` would raise for
        it then, if this is its first note (kept in ``warnings``, not told: the caller tells it in its file's
        turn, with :meth:`tell`)."""
        if (ref, key) in self._agencies or (ref, key) in self._announced:
            return None
        self._announced[(ref, key)] = (agency_id, name)
        message = self._version_seen(self.lookup(ref), key, name)
        if message:
            self.warnings.append(message)
        return message

    def announce_ties(self, ties: Iterable[tuple[str, str, str | None]]) -> None:
        """Take note, in file order, of the ties (questionnaire ``id@version``, agency key, partner) whose sums
        :meth:`merge` adds later."""
        for tie in ties:
            self._announced_ties.setdefault(tie)

    def in_file_order(self) -> None:
        """Once every announced sum is merged (in whatever order the workers sent them): the profiles and
        ties in the order of their first files, each profile with the agency id and name of its first file,
        as if every result had been added here in file order (which partner spelling leads to which agency,
        and a profile's ``agency_id``, depend on it). Those added before any announcement stay first."""
        if self._announced:
            at = {k: i for i, k in enumerate(self._announced)}
            self._agencies = dict(sorted(self._agencies.items(), key=lambda kv: at.get(kv[0], -1)))
            for k, (agency_id, name) in self._announced.items():
                sums = self._agencies.get(k)
                if sums is not None:
                    sums.agency_id, sums.first_name = agency_id, name
        if self._announced_ties:
            tie_at = {k: i for i, k in enumerate(self._announced_ties)}
            self._ties = dict(sorted(self._ties.items(), key=lambda kv: tie_at.get(kv[0], -1)))
        self._announced, self._announced_ties = {}, {}

    def merge(self, other: Aggregator, announced: bool = False) -> None:
        """Add everything ``other`` accumulated, as if its results had been added here after this one's
        (``other`` may come from another process: its questionnaires are looked up here again). ``other``
        is consumed: its sums become this one's.

        The warnings this raises (a second version) are told to ``on_warning`` at once and kept in
        ``warnings``. With ``announced`` (every profile of ``other`` given to :meth:`announce` first, in file
        order) none is raised again, and :meth:`in_file_order` puts the merged sums in file order at the end."""
        found: dict[str, Questionnaire] = {}

        def lookup(ref: str) -> Questionnaire:
            q = found.get(ref)
            if q is None:
                q = found[ref] = self.lookup(ref)
            return q

        for (ref, key), theirs in other._agencies.items():
            theirs.attach(lookup)
            mine = self._agencies.get((ref, key))
            if mine is None:
                self._agencies[(ref, key)] = theirs
                if announced:
                    continue
                message = self._version_seen(theirs.questionnaire, key, theirs.first_name)
                if message:
                    self._warn(message)
            else:
                mine.merge(theirs)
        for k, tie in other._ties.items():
            tie.attach(lookup)
            mine_tie = self._ties.get(k)
            self._ties[k] = tie if mine_tie is None else merge_ties([mine_tie, tie])

    def trim(self) -> None:
        """Drop what no profile will show (the evidence notes beyond those a factor shows): before the sums
        travel from a worker; the profiles are the same."""
        for agency in self._agencies.values():
            agency.trim()

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["lookup"] = state["on_warning"] = None  # the parent's own take their place (:meth:`merge`)
        return state

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        self.tell(message)

    def tell(self, message: str) -> None:
        """Pass a warning to ``on_warning`` (those :meth:`merge` deferred)."""
        if self.on_warning is not None:
            self.on_warning(message)

    def _add_items(self, agency: AgencySums, q: Questionnaire, result: Result) -> None:
        """Count each answer's rating (and low confidence, and keep its evidence note) under its item: one
        increment for most answers; how many rated an item and their mean, and how many left it unanswered,
        are worked out from the counts when the profile is made (:meth:`_items`)."""
        counts, low, cuts = agency.item_counts, agency.low_confidence, agency.cuts
        slot, factor_of = _slots(q)
        plain = PLAIN_INDEX
        for item_id, answer in result.answers.answers.items():
            shared = plain.get(id(answer))
            if shared is not None:  # a plain answer (most are): no confidence, no evidence to look at
                counts[slot[item_id] + shared] += 1
                continue
            k = slot[item_id]
            rating = answer.rating
            counts[k + COUNT_INDEX[rating]] += 1
            if answer.confidence == "low":
                low[k >> 3] += 1
            if answer.evidence:
                a = result.answers
                fid = factor_of[item_id]
                at = k >> 3
                cut = cuts.get(fid)
                if cut is not None and (at > cut[0] or (at == cut[0] and (a.source, answer.evidence) >= cut[1:])):
                    continue  # at or after the last note kept at the factor's last cut: never shown
                bucket = agency.evidence.setdefault(fid, [])
                bucket.append((at, a.source, answer.evidence, item_id, a.role, a.respondent, answer.confidence,
                               rating))
                if len(bucket) >= KEEP_OVER:
                    keep_shown(bucket)  # memory bounded, the same notes whatever the order
                    cuts[fid] = NOTE_ORDER(bucket[-1])

    @property
    def agencies(self) -> int:
        """How many agency profiles have been started (one per agency and questionnaire)."""
        return len(self._agencies)

    def finish(self) -> Overview:
        """The agency profiles, systemic barriers and network of everything added so far."""
        profiles = tuple(sorted((self._profile(key, a) for (_, key), a in self._agencies.items()),
                                key=lambda p: (p.questionnaire, p.agency.casefold(), p.key, version_key(p.version))))
        network, groups = self._network(profiles)
        profiles = tuple(_with_relationships(p, groups.get((p.ref, p.key), [])) for p in profiles)
        return Overview(profiles, _systemic(profiles), network, self.disagreement, self.asymmetry)

    def _profile(self, key: str, a: AgencySums) -> AgencyProfile:
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
        items = _items(q, a) if a.item_level else {}
        # in the questionnaire's order, whichever factor's notes came (or were merged) first
        evidence = {fid: evidence_of(a.evidence[fid]) for fid in q.factors if fid in a.evidence}
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
        merged: dict[tuple[str, str, str | None], list[tuple[str | None, TieSums]]] = {}
        for (ref, source, partner), tie in self._ties.items():
            target: str | None = None
            if partner is not None:
                folded = normalise(partner)  # the partner as assessed with this questionnaire, else with another
                target = (by_name.get((tie.questionnaire.id, folded)) or any_questionnaire.get(folded)
                          or slug(partner))
                labels.setdefault(target, partner)
            merged.setdefault((ref, source, target), []).append((partner, tie))
        groups: dict[tuple[str, str], list[PartnerRelationship]] = {}
        # (ref, source, target) -> the edge's fields but ``asymmetric``, known once both directions are
        edges: dict[tuple[str, str, str], tuple[TieSums, str | None, Relationship]] = {}
        for (ref, source, target), parts in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                    kv[0][2] is not None,
                                                                                    kv[0][2] or "")):
            tie = merge_ties([t for _, t in parts])
            rel = tie.relationship()
            kind = tie.tie()
            shown: str | None
            if len(parts) == 1:
                shown = parts[0][0]
            else:  # spellings of one partner: the one most respondents use (ties: the first in order)
                names: Counter[str | None] = Counter()
                for spelling, t in parts:
                    names[spelling] += t.respondents
                shown = min(names.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0]
            groups.setdefault((ref, source), []).append(PartnerRelationship(shown, target, kind, tie.respondents, rel))
            if target is not None:
                edges[(ref, source, target)] = (tie, kind, rel)
        final = []
        for (ref, source, target), (tie, kind, rel) in sorted(edges.items(), key=lambda kv: kv[0]):
            back = edges.get((ref, target, source))
            asymmetric = back is not None and source != target and _asymmetric(rel, back[2], self.asymmetry)
            q = tie.questionnaire
            final.append(Edge(source, target, kind, tie.respondents, rel.pull, rel.push, rel.net, rel.status,
                              asymmetric, questionnaire=q.id, version=q.version,
                              strongest_push=rel.strongest_push, tension_risk=rel.tension_risk))
        assessed = {p.key for p in profiles}
        used = {e.source for e in final} | {e.target for e in final} | assessed
        nodes = tuple(Node(k, labels.get(k, k), k in assessed) for k in sorted(used))
        return Network(nodes, tuple(final)), groups


def _with_relationships(p: AgencyProfile, groups: list[PartnerRelationship]) -> AgencyProfile:
    """The profile with its relationships per partner, and the deprecated agency-level one: the single
    group's when its respondents name one partner (or all name none), else empty."""
    single = groups[0].relationship if len(groups) == 1 else Relationship(None, None, None, None)
    return AgencyProfile(**{**p.__dict__, "relationships": tuple(groups), "relationship": single})


def _asymmetric(a: Relationship, b: Relationship, threshold: float) -> bool:
    if a.net is not None and b.net is not None and settle(abs(a.net - b.net)) >= threshold:
        return True
    return a.status is not None and b.status is not None and a.status != b.status


def _systemic(profiles: Iterable[AgencyProfile]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _, _, fid in systemic_by_version(profiles):
        seen.setdefault(fid, None)
    return tuple(seen)


def systemic_by_version(profiles: Iterable[AgencyProfile]) -> tuple[tuple[str, str, str], ...]:
    """The systemic barriers as (questionnaire id, version, factor), counted within each questionnaire and
    version (two versions of a questionnaire are not pooled), by questionnaire, version and factor order."""
    assessed: Counter[tuple[str, str, str]] = Counter()
    barrier: Counter[tuple[str, str, str]] = Counter()
    order: dict[tuple[str, str, str], int] = {}
    for p in profiles:
        barriers = set(p.barriers)
        for i, (fid, f) in enumerate(p.factors.items()):
            k = (p.questionnaire, p.version, fid)
            order.setdefault(k, i)
            if f.score is not None and not f.withheld:
                assessed[k] += 1
                if fid in barriers:  # below 50 - margin
                    barrier[k] += 1
    found = [k for k, n in assessed.items() if barrier[k] * 2 >= n]
    found.sort(key=lambda k: (k[0], version_key(k[1]), order[k]))
    return tuple(found)


@lru_cache(maxsize=64)
def _positions(q: Questionnaire) -> tuple[dict[str, int], dict[str, int]]:
    return ({item_id: i for i, item_id in enumerate(q.items)}, {fid: i for i, fid in enumerate(q.factors)})


@lru_cache(maxsize=64)
def _slots(q: Questionnaire) -> tuple[dict[str, int], dict[str, str]]:
    """Where each item's 8 counts start in :attr:`AgencySums.item_counts` (8 x its position), and each item's
    factor."""
    return ({item_id: 8 * i for i, item_id in enumerate(q.items)},
            {item_id: item.factor_id for item_id, item in q.items.items()})


def _items(q: Questionnaire, a: AgencySums) -> dict[str, ItemProfile]:
    """Each item's counts (ratings 1-5, dk, na, unanswered), mean item score and low-confidence count, from
    the counts :meth:`Aggregator._add_items` kept: every respondent of the profile was counted item by item
    (``item_level``), so those who left an item unanswered are the others. The item scores are multiples of
    25, so the mean is exactly that of the ratings added one by one."""
    items = {}
    counts, respondents = a.item_counts, a.respondents
    for i, (item_id, scores) in enumerate(zip(q.items, _item_scores(q), strict=True)):
        c = counts[8 * i:8 * i + 7]
        n = c[0] + c[1] + c[2] + c[3] + c[4]
        total = c[0] * scores[1] + c[1] * scores[2] + c[2] * scores[3] + c[3] * scores[4] + c[4] * scores[5]
        items[item_id] = ItemProfile(item_id, dict(zip(COUNT_KEYS, (*c, respondents - sum(c)), strict=True)),
                                     settle(total / n) if n else None, a.low_confidence[i])
    return items


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

