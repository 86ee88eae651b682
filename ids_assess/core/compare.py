"""Change over time: two rounds of an assessment, agency by agency and factor by factor. Pure.

Rounds may use different versions of a questionnaire. A factor of the new round is matched to the old one
by id, or through its ``replaces`` list. A level (factor, section, overall) whose definition changed
between the versions (other statements, polarities, weights or factors) is shown side by side but marked
``definition_changed`` and never called improved or worsened; a factor matched through ``replaces`` to
several old factors is set beside the plain mean of their scores.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ids_assess.core.aggregate import AgencyProfile, Overview
from ids_assess.core.model import Factor, Questionnaire, Section, qref
from ids_assess.core.rounds import RoundDates as RoundDates
from ids_assess.core.rounds import round_date as round_date
from ids_assess.core.scoring import settle
from ids_assess.core.vocab import ROLE_TERMS, ROLE_UNSPECIFIED, label

CHANGE = 10.0


@dataclass(frozen=True)
class Change:
    """One score in two rounds."""

    id: str  # "overall", a section id or a factor id (the new round's)
    level: str  # "overall", "section" or "factor"
    old: float | None
    new: float | None
    delta: float | None
    trend: str | None  # "improved", "worsened", "steady", or None when a round has no score or the definition changed
    definition_changed: bool = False
    old_ids: tuple[str, ...] = ()  # the old round's factor ids it is matched to (by id or through replaces)


@dataclass(frozen=True)
class AgencyChange:
    key: str
    agency: str
    questionnaire: str
    old_respondents: int
    new_respondents: int
    changes: tuple[Change, ...]
    became_barriers: tuple[str, ...]
    stopped_barriers: tuple[str, ...]
    old_version: str = ""
    new_version: str = ""
    old_roles: dict[str, int] = field(default_factory=dict)
    new_roles: dict[str, int] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """``id@version`` of the questionnaire of the new round (the id alone when no version is known)."""
        return qref(self.questionnaire, self.new_version or None)


@dataclass(frozen=True)
class Comparison:
    agencies: tuple[AgencyChange, ...]
    only_old: tuple[str, ...]  # agencies assessed only in the old round
    only_new: tuple[str, ...]
    threshold: float
    #: What may make a change reflect who answered, or what, rather than readiness.
    warnings: tuple[RoundWarning, ...] = ()


def _change(id_: str, level: str, old: float | None, new: float | None, threshold: float,
            changed: bool = False, old_ids: tuple[str, ...] = ()) -> Change:
    if changed:
        return Change(id_, level, old, new, None, None, True, old_ids)
    if old is None or new is None:
        return Change(id_, level, old, new, None, None, False, old_ids)
    delta = settle(new - old)  # 9.999999999999998 is a change of 10
    trend = "improved" if delta >= threshold else "worsened" if delta <= -threshold else "steady"
    return Change(id_, level, old, new, delta, trend, False, old_ids)


def _factor_sig(f: Factor) -> tuple[object, ...]:
    return (f.weight, tuple(sorted((i.id, i.polarity, i.weight) for i in f.items)))


def _section_sig(s: Section) -> tuple[object, ...]:
    return (s.weight, s.in_overall, tuple((f.id, _factor_sig(f)) for f in s.factors))


def _overall_sig(q: Questionnaire) -> tuple[object, ...]:
    return tuple((s.id, _section_sig(s)) for s in q.sections if s.in_overall)


def _mean(values: list[float]) -> float | None:
    return settle(sum(values) / len(values)) if values else None


def compare_profiles(old: AgencyProfile, new: AgencyProfile, threshold: float = CHANGE,
                     lookup: Callable[[str], Questionnaire] | None = None) -> AgencyChange:
    """How one agency changed between two rounds (``lookup`` finds a questionnaire by ``id@version``; with
    it, levels whose definition changed between two versions are marked so)."""
    qo = lookup(qref(old.questionnaire, old.version)) if lookup else None
    qn = lookup(qref(new.questionnaire, new.version)) if lookup else None
    same = qo is None or qn is None or qo.ref == qn.ref
    changes = [_change("overall", "overall", old.overall.score, new.overall.score, threshold,
                       not same and qo is not None and qn is not None and _overall_sig(qo) != _overall_sig(qn))]
    for sid, s in new.sections.items():
        before = old.sections[sid].score if sid in old.sections else None
        changed = False
        if not same and qo is not None and qn is not None:
            olds = next((x for x in qo.sections if x.id == sid), None)
            news = next(x for x in qn.sections if x.id == sid)
            changed = olds is not None and _section_sig(olds) != _section_sig(news)
        changes.append(_change(sid, "section", before, s.score, threshold, changed))
    became, stopped = [], []
    old_barriers, new_barriers = set(old.barriers), set(new.barriers)
    for fid, f in new.factors.items():
        matched: tuple[str, ...] = (fid,) if fid in old.factors else ()
        changed = False
        if not same and qo is not None and qn is not None:
            nf = qn.factors[fid]
            if fid in qo.factors:
                changed = _factor_sig(qo.factors[fid]) != _factor_sig(nf)
            else:
                matched = tuple(r for r in nf.replaces if r in old.factors)
                changed = bool(matched)
        scores = [s for s in (old.factors[m].score for m in matched) if s is not None]
        before = scores[0] if len(matched) == 1 and scores else _mean(scores) if len(matched) > 1 else None
        changes.append(_change(fid, "factor", before, f.score, threshold, changed, matched))
        if matched == (fid,) and not changed and before is not None and f.score is not None:
            if fid in new_barriers and fid not in old_barriers:
                became.append(fid)
            elif fid in old_barriers and fid not in new_barriers:
                stopped.append(fid)
    return AgencyChange(new.key, new.agency, new.questionnaire, old.respondents, new.respondents, tuple(changes),
                        tuple(became), tuple(stopped), old.version, new.version,
                        dict(old.roles), dict(new.roles))


def compare(old: Overview, new: Overview, threshold: float = CHANGE,
            lookup: Callable[[str], Questionnaire] | None = None) -> Comparison:
    """Every agency assessed in both rounds (matched by questionnaire id and agency key, whatever the
    version; an agency with profiles in several versions of one round is matched by its latest)."""
    def latest(overview: Overview) -> dict[tuple[str, str], AgencyProfile]:
        out: dict[tuple[str, str], AgencyProfile] = {}
        for p in overview.profiles:  # profiles come sorted by version within an agency
            out[(p.questionnaire, p.key)] = p
        return out

    before, after = latest(old), latest(new)
    both = [k for k in after if k in before]
    agencies = tuple(compare_profiles(before[k], after[k], threshold, lookup) for k in both)
    return Comparison(agencies, tuple(sorted(before[k].agency for k in before if k not in after)),
                      tuple(sorted(after[k].agency for k in after if k not in before)), threshold)


def _roles(roles: dict[str, int], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{label(ROLE_TERMS, r, lang) if r in ROLE_TERMS else ROLE_UNSPECIFIED.label(lang)} {n}"
                    for r, n in sorted(roles.items())) or ("无" if lang == "zh" else "none")


def _same_mix(old: dict[str, int], new: dict[str, int]) -> bool:
    """The same roles in the same shares (counts may differ)."""
    to, tn = sum(old.values()), sum(new.values())
    return all(old.get(r, 0) * tn == new.get(r, 0) * to for r in set(old) | set(new))


@dataclass(frozen=True)
class RoundWarning:
    """Something that may make a change reflect who answered, or what, rather than readiness.

    ``kind`` is ``"people"`` (an agency's respondent count or role mix changed), ``"version"`` (a
    questionnaire's version differs; ``count`` agencies) or ``"order"`` (the later round's median date is
    before the earlier's)."""

    kind: str
    old_name: str
    new_name: str
    agency: str = ""
    questionnaire: str = ""
    old_respondents: int = 0
    new_respondents: int = 0
    old_roles: tuple[tuple[str, int], ...] = ()
    new_roles: tuple[tuple[str, int], ...] = ()
    old_version: str = ""
    new_version: str = ""
    count: int = 0
    old_date: str = ""
    new_date: str = ""
    key: str = ""  # the agency's key (``"people"``)

    def text(self, lang: str = "en") -> str:
        """The warning as a sentence in ``lang`` (``en`` or ``zh``)."""
        zh = lang == "zh"
        o, n = self.old_name, self.new_name
        if self.kind == "order":
            if zh:
                return (f"轮次日期顺序颠倒：{n}（日期中位数 {self.new_date}）排在 {o}（{self.old_date}）之后；"
                        "请先给出较早的一轮")
            return (f"rounds in reverse date order: {n} (median date {self.new_date}) is given after {o} "
                    f"({self.old_date}); give the earlier round first")
        if self.kind == "version":
            v1, v2 = self.old_version or "?", self.new_version or "?"
            if zh:
                return (f"{self.questionnaire} 在 {o} 为 {v1} 版，在 {n} 为 {v2} 版（{self.count} 个部门）：定义已变的"
                        "层级并列显示，不判定改善或下降")
            return (f"{self.questionnaire} {v1} in {o}, {v2} in {n} ({self.count} "
                    f"agenc{'y' if self.count == 1 else 'ies'}): levels whose definition changed are shown "
                    "side by side, not called improved or worsened")
        said = []
        r1, r2 = dict(self.old_roles), dict(self.new_roles)
        if self.old_respondents != self.new_respondents:
            said.append(f"答卷人数 {o} 为 {self.old_respondents}，{n} 为 {self.new_respondents}" if zh else
                        f"respondents {self.old_respondents} in {o}, {self.new_respondents} in {n}")
        if not _same_mix(r1, r2):
            said.append(f"角色构成有变（{_roles(r1, lang)}；后为{_roles(r2, lang)}）" if zh else
                        f"role mix changed ({_roles(r1, lang)}; then {_roles(r2, lang)})")
        if zh:
            return f"{self.agency}（{self.questionnaire}）：" + "；".join(said) + "：变化可能源于答卷人不同"
        return f"{self.agency} ({self.questionnaire}): " + "; ".join(said) + ": changes may reflect who answered"


def pair_warnings(c: Comparison, old_name: str, new_name: str) -> tuple[RoundWarning, ...]:
    """Who answered, and what, changed between two rounds: respondent counts and role mix (one warning per
    agency), questionnaire versions (one per pair of versions)."""
    out = []
    versions: dict[tuple[str, str, str], int] = {}
    for a in c.agencies:
        if a.old_respondents != a.new_respondents or not _same_mix(a.old_roles, a.new_roles):
            out.append(RoundWarning("people", old_name, new_name, a.agency, a.questionnaire, a.old_respondents,
                                    a.new_respondents, tuple(sorted(a.old_roles.items())),
                                    tuple(sorted(a.new_roles.items())), key=a.key))
        if a.old_version != a.new_version:
            key = (a.questionnaire, a.old_version, a.new_version)
            versions[key] = versions.get(key, 0) + 1
    for (qid, v1, v2), count in versions.items():
        out.append(RoundWarning("version", old_name, new_name, questionnaire=qid, old_version=v1, new_version=v2,
                                count=count))
    return tuple(out)


def order_warning(old_date: dt.date | None, new_date: dt.date | None, old_name: str,
                  new_name: str) -> RoundWarning | None:
    """A warning when the later round's median date is before the earlier's (no dates: none)."""
    if old_date is None or new_date is None or new_date >= old_date:
        return None
    return RoundWarning("order", old_name, new_name, old_date=old_date.isoformat(), new_date=new_date.isoformat())


def compare_rounds(rounds: Sequence[tuple[str, Overview, dt.date | None]], threshold: float = CHANGE,
                   lookup: Callable[[str], Questionnaire] | None = None) -> tuple[Comparison, ...]:
    """Each consecutive pair of ``rounds`` (name, overview, date) compared, with its warnings."""
    out = []
    for (n1, o1, d1), (n2, o2, d2) in itertools.pairwise(rounds):
        c = compare(o1, o2, threshold, lookup)
        order = order_warning(d1, d2, n1, n2)
        out.append(replace(c, warnings=((order,) if order else ()) + pair_warnings(c, n1, n2)))
    return tuple(out)


@dataclass(frozen=True)
class Trend:
    """One agency's overall score in each round, earliest first (``None``: not assessed, or no score)."""

    key: str
    agency: str
    questionnaire: str
    scores: tuple[float | None, ...]
    #: Per consecutive pair of rounds: the overall score's definition changed between their versions.
    changed: tuple[bool, ...]


@dataclass(frozen=True)
class Round:
    """One round of a report: what it may be called, and its date (the median of its files' dates)."""

    name: str  # "" when the report should name it by its number
    date: dt.date | None


@dataclass(frozen=True)
class History:
    """The rounds of a report, earliest first and the current round last: each consecutive pair compared
    (with its warnings), and the overall score of each agency of the current round in every round."""

    rounds: tuple[Round, ...]
    comparisons: tuple[Comparison, ...]
    trends: tuple[Trend, ...]

    def trend(self, questionnaire: str, key: str) -> Trend | None:
        """The agency's trend, if it has a score in two rounds or more."""
        found = next((t for t in self.trends if t.questionnaire == questionnaire and t.key == key), None)
        return found if found is not None and sum(s is not None for s in found.scores) >= 2 else None

    def warnings_for(self, questionnaire: str, key: str, last: bool = False) -> tuple[RoundWarning, ...]:
        """The warnings about one agency's changes: its respondents and role mix, its questionnaire's version
        where its own version changed, and the order of the rounds (``last``: of the last pair only, the
        change since the baseline; else of every pair)."""
        out: list[RoundWarning] = []
        for c in self.comparisons[-1:] if last else self.comparisons:
            mine = next((a for a in c.agencies if a.questionnaire == questionnaire and a.key == key), None)
            for w in c.warnings:
                if w.kind == "order" or (w.kind == "people" and w.questionnaire == questionnaire and w.key == key) \
                        or (w.kind == "version" and mine is not None and w.questionnaire == questionnaire
                            and (mine.old_version, mine.new_version) == (w.old_version, w.new_version)):
                    out.append(w)
        return tuple(out)

    def renamed(self, names: Sequence[str]) -> History:
        """The history with its warnings naming the rounds ``names`` (one per round, earliest first)."""
        comparisons = tuple(replace(c, warnings=tuple(replace(w, old_name=names[i], new_name=names[i + 1])
                                                      for w in c.warnings))
                            for i, c in enumerate(self.comparisons))
        return replace(self, comparisons=comparisons)


def history(rounds: Sequence[tuple[Round, Overview]], comparisons: Sequence[Comparison]) -> History:
    """The :class:`History` of ``rounds`` (earliest first, the current round last) and their consecutive
    ``comparisons`` (from :func:`compare_rounds`)."""
    def latest(overview: Overview) -> dict[tuple[str, str], AgencyProfile]:
        return {(p.questionnaire, p.key): p for p in overview.profiles}  # sorted by version: the latest wins

    if len(comparisons) != len(rounds) - 1:
        raise ValueError("one comparison per consecutive pair of rounds")
    each = [latest(o) for _, o in rounds]
    trends = []
    for (qid, key), p in each[-1].items():
        scores = tuple(r[(qid, key)].overall.score if (qid, key) in r else None for r in each)
        changed = []
        for c in comparisons:
            a = next((a for a in c.agencies if a.questionnaire == qid and a.key == key), None)
            changed.append(a is not None and any(ch.definition_changed for ch in a.changes if ch.level == "overall"))
        trends.append(Trend(key, p.agency, qid, scores, tuple(changed)))
    return History(tuple(r for r, _ in rounds), tuple(comparisons), tuple(trends))
