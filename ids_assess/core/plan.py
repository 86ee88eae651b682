"""An agency's action plan and its scores by EIF layer: domain rules, computed once, shown by every output.

Pure: no I/O, no formatting. The reports present these (``render/report``), the ``score --by agency`` JSON
writes them (``render/agencies``); neither computes them again.

Rules (the reports' "Action plan" and "By European Interoperability Framework layer" sections show them):

* the action plan holds the recommendations of the agency's barriers, each barrier's *gap* being
  ``50 - score``; an agency without barriers gets those of its ``FALLBACK_ACTIONS`` (3) weakest scored
  factors instead, the gap then being ``100 - score``;
* a factor's *priority* is ``gap x weight``; the plan is ranked by priority, most urgent first, ties in
  the questionnaire's order of factors; a factor's recommendations keep the questionnaire's order;
* a layer's score, low and high are the plain means of the score, low and high of the factors mapped to it
  that have a score; a questionnaire without an EIF crosswalk has no layers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from ids_assess.core.model import Questionnaire, Recommendation
from ids_assess.core.vocab import EIF_LAYERS, MIDPOINT

if TYPE_CHECKING:
    from dataclasses import dataclass
else:  # the same frozen dataclasses, their methods compiled ahead of time
    from ids_assess.core.records import dataclass

#: The weakest factors whose recommendations are given when no factor is a barrier.
FALLBACK_ACTIONS = 3
#: The score a fallback factor's gap is measured to (a barrier's is the midpoint).
TOP_SCORE = 100.0


class _Scored(Protocol):
    @property
    def score(self) -> float | None: ...

    @property
    def low(self) -> float | None: ...

    @property
    def high(self) -> float | None: ...


class Scores(Protocol):
    """What the rules read: ranked barrier ids and factor scores (an agency profile or one result)."""

    @property
    def barriers(self) -> Sequence[str]: ...

    @property
    def factors(self) -> Mapping[str, _Scored]: ...


@dataclass(frozen=True)
class PlanEntry:
    """One factor of the action plan: its score, its gap to the target, its weight and priority, its actions."""

    factor: str
    section: str
    score: float
    gap: float  # 50 - score for a barrier; 100 - score for one of the weakest factors (no barrier at all)
    weight: float
    priority: float  # gap x weight
    actions: tuple[Recommendation, ...]  # the factor's recommendations, in the questionnaire's order


@dataclass(frozen=True)
class ActionPlan:
    """The ranked entries, and what they were chosen from."""

    basis: str  # "barriers", "weakest" (no barrier: the weakest scored factors) or "none" (nothing scored)
    entries: tuple[PlanEntry, ...]  # most urgent first

    def actions(self) -> tuple[tuple[PlanEntry, Recommendation], ...]:
        """Every action with its entry, most urgent first (the order the reports number them in)."""
        return tuple((entry, rec) for entry in self.entries for rec in entry.actions)


@dataclass(frozen=True)
class EifLayer:
    """A layer of the European Interoperability Framework: the mean readiness of the factors mapped to it."""

    layer: str
    score: float | None
    low: float | None
    high: float | None
    factors: tuple[str, ...]  # the factors mapped to the layer, in the questionnaire's order (scored or not)


def action_plan(q: Questionnaire, scores: Scores) -> ActionPlan:
    """The action plan of an agency profile (or of one result) of questionnaire ``q``."""
    order = {fid: n for n, fid in enumerate(q.factors)}
    if scores.barriers:
        chosen, target, basis = list(scores.barriers), MIDPOINT, "barriers"
    else:
        scored = [fid for fid, f in scores.factors.items() if f.score is not None]
        scored.sort(key=lambda fid: (scores.factors[fid].score, order[fid]))
        chosen, target, basis = scored[:FALLBACK_ACTIONS], TOP_SCORE, "weakest"
    if not chosen:
        return ActionPlan("none", ())
    entries = []
    for fid in chosen:
        f = q.factors[fid]
        score = scores.factors[fid].score or 0.0
        gap = target - score
        entries.append(PlanEntry(fid, f.section_id, score, gap, f.weight, gap * f.weight, f.recommendations))
    entries.sort(key=lambda e: (-e.priority, order[e.factor]))
    return ActionPlan(basis, tuple(entries))


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def eif_layers(q: Questionnaire, scores: Scores) -> tuple[EifLayer, ...]:
    """Every EIF layer's scores, in the vocabulary's order; none when ``q`` maps no factor to a layer."""
    if not any(f.eif for f in q.factors.values()):
        return ()
    out = []
    for layer in EIF_LAYERS:
        mapped = tuple(fid for fid, f in q.factors.items() if layer in f.eif)
        scored = [scores.factors[fid] for fid in mapped if scores.factors[fid].score is not None]
        out.append(EifLayer(layer, _mean([s.score for s in scored]), _mean([s.low for s in scored]),
                            _mean([s.high for s in scored]), mapped))
    return tuple(out)
