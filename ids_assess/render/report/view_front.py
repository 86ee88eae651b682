"""The view model of an agency report's first page, the decision page: the score with its interval and band,
the rank among the agencies assessed and the city mean, the change since the baseline, the relationship with
each partner, and the three actions to take first with the barriers they answer.

The per-partner relationships and the recommendations' ``actor``/``horizon`` are read with ``getattr``, so
the page works with agency profiles that have ``relationships`` and with those that do not (then the
partners come from the network's ties of the agency, or one line from the agency's own relationship).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire, Recommendation, normalise
from ids_assess.core.plan import ActionPlan, PlanEntry
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render.report.view_actions import actor_label, actor_of, horizon_label, horizon_of
from ids_assess.render.report.view_common import Cite, Context, cite, same_questionnaire
from ids_assess.render.report.view_factors import FactorView
from ids_assess.render.report.view_trust import overall_interval

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview
    from ids_assess.render.report.view_change import AgencyChangeView

TOP_ACTIONS_FRONT = 3


@dataclass(frozen=True)
class Interval:
    """An interval around the score: ``range`` (bounds if the unanswered statements were answered) today;
    a statistics interval (``ci``) where the scores carry one."""

    kind: str  # "range" or "ci"
    label: str
    low: str
    high: str
    text: str  # "42.0–55.1"


@dataclass(frozen=True)
class PartnerLine:
    partner: str
    partner_href: str
    tie: str
    tie_label: str
    status: str
    status_label: str
    net: str
    n: int
    n_text: str  # "n = 3"
    strongest_push: str  # the determinant that pushes the agencies apart most ("" if none pushes)
    tension_risk: str  # "high", "medium", "low", or "" (unknown)
    tension_risk_label: str


@dataclass(frozen=True)
class TopAction:
    number: int
    text: str
    actor: str  # "agency", "with_partner", "higher_level"
    actor_label: str  # who can act
    horizon: str  # "quick_win", "long_term" or ""
    horizon_label: str
    barrier: str  # the title of the barrier it answers
    barrier_id: str
    barrier_score: str
    barrier_label: str  # "Departmentization (25.0)", in the language's parentheses
    anchor: str
    detailed: bool
    source: Cite
    owner: str = ""
    due: str = ""
    status: str = ""


@dataclass(frozen=True)
class FrontPage:
    score: str
    band: str
    band_id: str
    interval: Interval  # the range today
    stat_interval: Interval | None  # a statistics interval, where the scores carry one (else none)
    rank: int  # 0 when the agency is the only one assessed with its questionnaire
    rank_total: int
    rank_text: str  # "2 of 7 agencies assessed"
    city_mean: str
    city_mean_text: str  # "City mean 55.2 (−7.3)"
    change: str  # the signed change of the overall score since the baseline, or ""
    change_trend: str
    change_text: str  # "+3.2 (47.9 → 51.1)", or "No baseline"
    partners: tuple[PartnerLine, ...]
    partners_none: str
    actions: tuple[TopAction, ...]
    barriers: tuple[str, ...]  # the barriers the actions answer, in their order
    barriers_text: str  # "These actions answer the barriers A, B and C."
    actions_none: str
    see_annex: str
    change_caution: str = ""  # "Read with care: 2 warning(s), in A1" when the rounds warn of this change


def _interval(ctx: Context, kind: str, low: float | None, high: float | None) -> Interval:
    label = ctx.t["front_interval_range" if kind == "range" else "front_interval_ci"]
    return Interval(kind, label, ctx.num.score(low), ctx.num.score(high), ctx.num.range(low, high))


def _stat_interval(ctx: Context, profile: AgencyProfile) -> Interval | None:
    """The bootstrap interval of the statistics where the report has them, else the scores' own (if any)."""
    found = overall_interval(ctx, profile)
    if found is not None and ctx.stats is not None:
        lo, hi = found
        return Interval("ci", ctx.t["trust_ci_label"].format(level=ctx.num.percent(ctx.stats.level)),
                        ctx.num.score(lo), ctx.num.score(hi), ctx.num.range(lo, hi))
    ov = profile.overall
    low, high = getattr(ov, "ci_low", None), getattr(ov, "ci_high", None)
    if low is None or high is None:
        return None
    return _interval(ctx, "ci", low, high)


def _rank(ctx: Context, profile: AgencyProfile, overview: Overview) -> tuple[int, int, str, str, str]:
    t, num = ctx.t, ctx.num
    peers = [p for p in overview.ranking() if p.ref == profile.ref and p.overall.score is not None]
    if len(peers) < 2 or profile.overall.score is None:
        return 0, len(peers), t["front_rank_none"], "", ""
    rank = next((i for i, p in enumerate(peers, 1) if p.key == profile.key), 0)
    mean = sum(p.overall.score or 0.0 for p in peers) / len(peers)
    delta = profile.overall.score - mean
    return (rank, len(peers), t["front_rank_text"].format(rank=num.count(rank), total=num.count(len(peers))),
            num.score(mean), t["front_city_mean"].format(mean=num.score(mean), delta=num.signed(delta)))


def _risk(ctx: Context, value: object, status: str | None, net: float | None) -> tuple[str, str]:
    """The tension risk: the profile's where it has one (a word, a flag or a number), else from the status."""
    t = ctx.t
    if isinstance(value, bool):
        return ("high" if value else "low"), t["risk_yes" if value else "risk_no"]
    if isinstance(value, (int, float)):
        return "", ctx.num.score(float(value))
    if isinstance(value, str) and value:
        return value, t.get(f"risk_{value}", value)
    if status is None:
        return "", ""
    risk = "high" if status == "tension" else "medium" if status == "balanced" and (net or 0.0) < 0 else "low"
    return risk, t[f"risk_{risk}"]


def _strongest_push(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> str:
    """The agency's determinant with the lowest score below the midpoint (it pushes the agencies apart most)."""
    pushes = [(fp.score, i, fid) for i, (fid, fp) in enumerate(profile.factors.items())
              if fid in q.factors and q.factors[fid].determinant and fp.score is not None and fp.score < MIDPOINT]
    return q.factors[min(pushes)[2]].title.get(ctx.lang) if pushes else ""


def _field(obj: object, name: str) -> object:
    """``obj.name``, or ``obj[name]`` for a mapping (the scoring's relationship records may be either)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _push_title(ctx: Context, q: Questionnaire, value: object) -> str:
    if isinstance(value, (tuple, list)):  # (determinant, amount)
        value = value[0] if value else None
    if value is None or value == "":
        return ""
    text = str(_field(value, "id") or value) if not isinstance(value, str) else value
    return q.factors[text].title.get(ctx.lang) if text in q.factors else text


def partner_lines(ctx: Context, q: Questionnaire, profile: AgencyProfile,
                  overview: Overview) -> tuple[PartnerLine, ...]:
    """The relationship with each partner: ``profile.relationships`` where the scoring gives it, else the
    agency's ties in the network (with the agency's own strongest push), else one line of its relationship."""
    t, num = ctx.t, ctx.num
    labels = {n.id: n.label for n in overview.network.nodes}
    keys = {normalise(label): key for key, label in labels.items()}
    out = []
    rels = getattr(profile, "relationships", None)
    if rels:
        for r in (rels.values() if isinstance(rels, Mapping) else rels):
            name = str(_field(r, "partner") or "")
            node = _field(r, "partner_key")
            key = node if isinstance(node, str) and node in labels else \
                name if name in labels else keys.get(normalise(name), "")
            # a PartnerRelationship holds the scores in its ``relationship``; flat records hold them directly
            inner = _field(r, "relationship")
            scores = r if inner is None else inner
            status, net = _field(scores, "status"), _field(scores, "net")
            status = status if isinstance(status, str) else None
            net = float(net) if isinstance(net, (int, float)) and not isinstance(net, bool) else None
            n_value = _field(r, "n")
            n = int(n_value) if isinstance(n_value, (int, float)) else 0
            alert = _field(scores, "tension_risk")
            if inner is not None and alert is False:
                alert = None  # no push alert raised: the risk follows from the status
            risk, risk_label = _risk(ctx, alert, status, net)
            tie_value = _field(r, "tie")
            tie = tie_value if isinstance(tie_value, str) else None
            out.append(PartnerLine(labels.get(key, name) or t["partners_unnamed"], ctx.href(key, q.ref),
                                   tie or "", ctx.label("tie", tie), status or "", ctx.label("status_title", status),
                                   num.signed(net), n, t["n_text"].format(n=num.count(n)),
                                   _push_title(ctx, q, _field(scores, "strongest_push")), risk, risk_label))
        return tuple(out)
    push = _strongest_push(ctx, q, profile)
    for e in overview.network.edges:
        if e.source != profile.key or not same_questionnaire(e, profile.questionnaire, profile.version):
            continue
        risk, risk_label = _risk(ctx, None, e.status, e.net)
        out.append(PartnerLine(labels.get(e.target, e.target), ctx.href(e.target, q.ref), e.tie or "",
                               ctx.label("tie", e.tie), e.status or "", ctx.label("status_title", e.status),
                               num.signed(e.net), e.respondents, t["n_text"].format(n=num.count(e.respondents)),
                               push, risk, risk_label))
    rel = profile.relationship
    if not out and rel.status is not None:
        risk, risk_label = _risk(ctx, None, rel.status, rel.net)
        out.append(PartnerLine(t["partners_unnamed"], "", "", "", rel.status, ctx.label("status_title", rel.status),
                               num.signed(rel.net), profile.respondents,
                               t["n_text"].format(n=num.count(profile.respondents)), push, risk, risk_label))
    return tuple(out)


def _first_action(entry: PlanEntry) -> Recommendation | None:
    """The entry's first recommendation the agency can take itself, else its first."""
    own = [rec for rec in entry.actions if actor_of(rec) == "agency"]
    return own[0] if own else (entry.actions[0] if entry.actions else None)


def top_actions(ctx: Context, plan: ActionPlan, views: Mapping[str, FactorView],
                partner: str = "") -> tuple[TopAction, ...]:
    """The first action of each of the three highest-priority barriers (preferring the agency's own)."""
    out: list[TopAction] = []
    for entry in plan.entries:
        if len(out) == TOP_ACTIONS_FRONT:
            break
        rec = _first_action(entry)
        if rec is None:
            continue
        view = views[entry.factor]
        actor, horizon = actor_of(rec), horizon_of(rec)
        out.append(TopAction(len(out) + 1, rec.text.get(ctx.lang), actor, actor_label(ctx, actor, partner), horizon,
                             horizon_label(ctx, horizon), view.title, entry.factor, view.score,
                             view.title + ctx.num.paren(view.score), view.anchor,
                             view.detailed, cite(ctx, rec.source)))
    return tuple(out)


def front_page(ctx: Context, q: Questionnaire, profile: AgencyProfile, overview: Overview, plan: ActionPlan,
               views: Mapping[str, FactorView], change: AgencyChangeView | None,
               partners: Sequence[PartnerLine], cautions: int = 0) -> FrontPage:
    t, num, lang = ctx.t, ctx.num, ctx.lang
    ov = profile.overall
    band = profile.band
    rank, total, rank_text, mean, mean_text = _rank(ctx, profile, overview)
    named = [p.partner for p in partners if p.partner_href or p.partner != t["partners_unnamed"]]
    actions = top_actions(ctx, plan, views, named[0] if len(named) == 1 else "")
    barriers = tuple(a.barrier for a in actions)
    if change is not None:
        c = change.overall
        change_text = t["front_change_text"].format(delta=c.delta, old=c.old, new=c.new)
        delta, trend = c.delta, c.trend
    else:
        change_text, delta, trend = t["front_no_baseline"], "", ""
    return FrontPage(
        score=num.score(ov.score), band=band.label.get(lang) if band else "", band_id=band.id if band else "",
        interval=_interval(ctx, "range", ov.low, ov.high), stat_interval=_stat_interval(ctx, profile),
        rank=rank, rank_total=total, rank_text=rank_text, city_mean=mean, city_mean_text=mean_text,
        change=delta, change_trend=trend, change_text=change_text, partners=tuple(partners),
        partners_none=t["front_partners_none"], actions=actions, barriers=barriers,
        barriers_text=t["front_barriers_line"].format(barriers=num.series(list(barriers))) if barriers else "",
        actions_none=t["front_actions_none"], see_annex=t["front_see_annex"],
        change_caution=(t["front_change_caution_one"] if cautions == 1 else
                        t["front_change_caution"].format(n=num.count(cautions))) if cautions else "")
