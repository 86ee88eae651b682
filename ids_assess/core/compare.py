"""Change over time: two rounds of an assessment, agency by agency and factor by factor. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from ids_assess.core.aggregate import AgencyProfile, Overview
from ids_assess.core.scoring import settle
from ids_assess.core.vocab import MIDPOINT

CHANGE = 10.0


@dataclass(frozen=True)
class Change:
    """One score in two rounds."""

    id: str  # "overall", a section id or a factor id
    level: str  # "overall", "section" or "factor"
    old: float | None
    new: float | None
    delta: float | None
    trend: str | None  # "improved", "worsened", "steady", or None when a round has no score


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


@dataclass(frozen=True)
class Comparison:
    agencies: tuple[AgencyChange, ...]
    only_old: tuple[str, ...]  # agencies assessed only in the old round
    only_new: tuple[str, ...]
    threshold: float


def _change(id_: str, level: str, old: float | None, new: float | None, threshold: float) -> Change:
    if old is None or new is None:
        return Change(id_, level, old, new, None, None)
    delta = settle(new - old)  # 9.999999999999998 is a change of 10
    trend = "improved" if delta >= threshold else "worsened" if delta <= -threshold else "steady"
    return Change(id_, level, old, new, delta, trend)


def compare_profiles(old: AgencyProfile, new: AgencyProfile, threshold: float = CHANGE) -> AgencyChange:
    """How one agency changed between two rounds."""
    changes = [_change("overall", "overall", old.overall.score, new.overall.score, threshold)]
    changes += [_change(sid, "section", old.sections[sid].score if sid in old.sections else None, s.score, threshold)
                for sid, s in new.sections.items()]
    became, stopped = [], []
    for fid, f in new.factors.items():
        before = old.factors[fid].score if fid in old.factors else None
        changes.append(_change(fid, "factor", before, f.score, threshold))
        if before is not None and f.score is not None:
            old_s, new_s = settle(before), settle(f.score)
            if old_s >= MIDPOINT > new_s:
                became.append(fid)
            elif new_s >= MIDPOINT > old_s:
                stopped.append(fid)
    return AgencyChange(new.key, new.agency, new.questionnaire, old.respondents, new.respondents, tuple(changes),
                        tuple(became), tuple(stopped))


def compare(old: Overview, new: Overview, threshold: float = CHANGE) -> Comparison:
    """Every agency assessed in both rounds (matched by questionnaire and agency key)."""
    before = {(p.questionnaire, p.key): p for p in old.profiles}
    after = {(p.questionnaire, p.key): p for p in new.profiles}
    both = [k for k in after if k in before]
    agencies = tuple(compare_profiles(before[k], after[k], threshold) for k in both)
    return Comparison(agencies, tuple(sorted(before[k].agency for k in before if k not in after)),
                      tuple(sorted(after[k].agency for k in after if k not in before)), threshold)
