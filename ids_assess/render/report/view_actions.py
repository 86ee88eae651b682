"""The view model of "Disagreement and information needed" and of the action plan (computed in
:mod:`ids_assess.core.plan`, numbered and worded here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.core.plan import ActionPlan
from ids_assess.render.report.view_common import Cite, Context, cite
from ids_assess.render.report.view_factors import FactorView

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview


TOP_ACTIONS = 10  # actions shown in full; the rest are listed compactly as "further actions"
MANY_DK = 0.10  # a factor is listed under "information needed" from this share of "don't know"
MAX_DK_ROWS = 12
MAX_LOW_CONFIDENCE = 15


@dataclass(frozen=True)
class DisagreementRow:
    title: str
    anchor: str
    detailed: bool
    min: str
    max: str
    sd: str
    n: int


@dataclass(frozen=True)
class DkRow:
    title: str
    anchor: str
    detailed: bool
    dk_share: str
    dk: int
    answers: int


@dataclass(frozen=True)
class LowConfidenceRow:
    item: str
    factor: str
    count: str  # "2 of 5"
    n: int


@dataclass(frozen=True)
class DisagreementView:
    threshold: str
    intro: str
    none: str
    factors: tuple[DisagreementRow, ...]
    dk_intro: str
    dk_none: str
    information_needed: tuple[DkRow, ...]
    low_confidence_intro: str
    low_confidence_none: str
    low_confidence: tuple[LowConfidenceRow, ...]


@dataclass(frozen=True)
class ActionView:
    number: int
    text: str
    factor_id: str
    factor_title: str
    anchor: str
    detailed: bool
    score: str
    gap: str
    weight: str
    priority: str
    priority_formula: str
    source: Cite
    # who can act, and when (``Recommendation.actor``/``horizon`` where the questionnaire gives them)
    actor: str = "agency"  # "agency", "with_partner" or "higher_level"
    actor_label: str = ""
    horizon: str = ""  # "quick_win", "long_term" or "" (not classified)
    horizon_label: str = ""
    kind: str = ""  # the recommendation's kind, where given
    # columns the agency fills in when it adopts the plan: always empty in a report
    owner: str = ""
    due: str = ""
    status: str = ""


@dataclass(frozen=True)
class ActionGroup:
    """The actions of one factor of the plan, under its barrier (how the annex's table lists them)."""

    factor_id: str
    factor_title: str
    anchor: str
    detailed: bool
    score: str
    priority: str
    priority_formula: str
    actions: tuple[ActionView, ...]


def action_groups(actions: tuple[ActionView, ...]) -> tuple[ActionGroup, ...]:
    """The actions grouped by factor, in the plan's order (a factor's actions are consecutive)."""
    groups: dict[str, list[ActionView]] = {}
    for a in actions:
        groups.setdefault(a.factor_id, []).append(a)
    return tuple(ActionGroup(fid, acts[0].factor_title, acts[0].anchor, acts[0].detailed, acts[0].score,
                             acts[0].priority, acts[0].priority_formula, tuple(acts)) for fid, acts in groups.items())


ACTORS = ("agency", "with_partner", "higher_level")
HORIZONS = ("quick_win", "long_term")


def actor_of(rec: object) -> str:
    """Who can take a recommendation: its ``actor`` where the model has one, else the agency itself."""
    actor = getattr(rec, "actor", None)
    return actor if actor in ACTORS else "agency"


def horizon_of(rec: object) -> str:
    """A recommendation's ``horizon`` (``quick_win``, ``long_term``), or ``""`` where it has none."""
    horizon = getattr(rec, "horizon", None)
    return horizon if horizon in HORIZONS else ""


def actor_label(ctx: Context, actor: str, partner: str = "") -> str:
    if actor == "with_partner" and partner:
        return ctx.t["actor_with_partner_named"].format(partner=partner)
    return ctx.t[f"actor_{actor}"]


def horizon_label(ctx: Context, horizon: str) -> str:
    return ctx.t[f"horizon_{horizon or 'unset'}"]


def disagreement_view(ctx: Context, q: Questionnaire, profile: AgencyProfile, overview: Overview,
                  views: Mapping[str, FactorView]) -> DisagreementView:
    num, t = ctx.num, ctx.t
    threshold = num.points(overview.disagreement)
    rows = tuple(DisagreementRow(views[fid].title, views[fid].anchor, views[fid].detailed,
                                 num.score(profile.factors[fid].min), num.score(profile.factors[fid].max),
                                 num.score(profile.factors[fid].sd), profile.factors[fid].n)
                 for fid in profile.disagreements)
    dk_rows: list[DkRow] = []
    for fid in profile.information_needed:
        fp = profile.factors[fid]
        if (fp.dk_share or 0) >= MANY_DK and len(dk_rows) < MAX_DK_ROWS:
            dk_rows.append(DkRow(views[fid].title, views[fid].anchor, views[fid].detailed, num.percent(fp.dk_share),
                                 fp.dk, fp.answered + fp.dk))
    low: list[LowConfidenceRow] = []
    order = {iid: n for n, iid in enumerate(q.items)}
    for iid, ip in sorted(profile.items.items(), key=lambda kv: (-kv[1].low_confidence, order.get(kv[0], 0))):
        if ip.low_confidence <= 0 or len(low) >= MAX_LOW_CONFIDENCE:
            continue
        item = q.items[iid]
        total = sum(v for k, v in ip.counts.items() if k != "unanswered")
        low.append(LowConfidenceRow(item.text.get(ctx.lang), q.factors[item.factor_id].title.get(ctx.lang),
                                    t["s_lc_count"].format(n=ip.low_confidence, total=total), ip.low_confidence))
    return DisagreementView(threshold, t["s_disagreement_intro"].format(threshold=threshold),
                            t["s_no_disagreement"].format(threshold=threshold), rows, t["s_dk_intro"], t["s_no_dk"],
                            tuple(dk_rows), t["s_low_conf_intro"], t["s_no_low_confidence"], tuple(low))


def action_views(ctx: Context, plan: ActionPlan, views: Mapping[str, FactorView],
                 partner: str = "") -> tuple[tuple[ActionView, ...], str]:
    """The action plan's recommendations, numbered, most urgent first, and the sentence introducing them;
    ``partner`` names the partner in "With ..." when the agency has exactly one."""
    num, t = ctx.num, ctx.t
    if not plan.entries:
        return (), t["s_no_actions"]
    actions = []
    for n, (entry, rec) in enumerate(plan.actions(), 1):
        view = views[entry.factor]
        actions.append(ActionView(
            n, rec.text.get(ctx.lang), entry.factor, view.title, view.anchor, view.detailed, num.score(entry.score),
            num.score(entry.gap), num.weight(entry.weight), num.score(entry.priority),
            t["s_priority"].format(gap=num.score(entry.gap), weight=num.weight(entry.weight)),
            cite(ctx, rec.source), actor_of(rec), actor_label(ctx, actor_of(rec), partner), horizon_of(rec),
            horizon_label(ctx, horizon_of(rec)), str(getattr(rec, "kind", "") or "")))
    return tuple(actions), t["s_actions_intro" if plan.basis == "barriers" else "s_actions_intro_none"]
