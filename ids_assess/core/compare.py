"""Change over time: two rounds of an assessment, agency by agency and factor by factor. Pure.

Rounds may use different versions of a questionnaire. A factor of the new round is matched to the old one
by id, or through its ``replaces`` list. A level (factor, section, overall) whose definition changed
between the versions (other statements, polarities, weights or factors) is shown side by side but marked
``definition_changed`` and never called improved or worsened; a factor matched through ``replaces`` to
several old factors is set beside the plain mean of their scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ids_assess.core.aggregate import AgencyProfile, Overview
from ids_assess.core.model import Factor, Questionnaire, Section, qref
from ids_assess.core.scoring import settle

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


@dataclass(frozen=True)
class Comparison:
    agencies: tuple[AgencyChange, ...]
    only_old: tuple[str, ...]  # agencies assessed only in the old round
    only_new: tuple[str, ...]
    threshold: float


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
                        tuple(became), tuple(stopped), old.version, new.version)


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
