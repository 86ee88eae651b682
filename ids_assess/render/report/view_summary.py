"""The view model of an agency report's summary: overall score, coverage, respondents and roles, the
relationship in a sentence, and the strongest barriers and enablers in a sentence each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render.report.view_common import Context
from ids_assess.render.report.view_factors import item_views

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile


TOP = 3  # barriers and enablers in the summary


@dataclass(frozen=True)
class RoleCount:
    id: str
    label: str
    n: int


@dataclass(frozen=True)
class Summary:
    score: str
    band: str
    band_id: str
    range: str
    coverage: str
    respondents: int
    respondents_text: str
    roles: tuple[RoleCount, ...]
    roles_text: str
    status: str  # "symbiosis", "balanced", "tension" or "" (not answered)
    status_label: str
    status_text: str  # "Balanced (net +2.6)", or "" (not answered)
    pull: str
    push: str
    net: str
    respondents_roles: str  # "4 respondents (leader: 1, IT staff: 3)"
    overall_sentence: str
    coverage_sentence: str
    lede: str  # the two sentences above, joined as the language joins sentences
    relationship_sentence: str
    barriers: tuple[str, ...]  # one sentence each, strongest first
    enablers: tuple[str, ...]


def _summary_sentence(ctx: Context, q: Questionnaire, profile: AgencyProfile, fid: str, kind: str) -> str:
    f = q.factors[fid]
    fp = profile.factors[fid]
    worst, best = item_views(ctx, q, f, profile)
    item = worst if kind == "barrier" else (best or worst)
    title = f.title.get(ctx.lang)
    score = ctx.num.score(fp.score)
    if item is not None:
        # say whether respondents agreed or disagreed: a barrier statement can carry an enabler, and back
        stance = ctx.t["stance_disagree" if item.stance == "disagree" else "stance_agree"]
        return ctx.t[f"s_{kind}"].format(factor=title, score=score, item=item.text, item_score=item.score,
                                         stance=stance)
    gap = abs((fp.score or 0.0) - MIDPOINT)
    return ctx.t[f"s_{kind}_plain"].format(factor=title, score=score, gap=ctx.num.points(gap))


def _roles(ctx: Context, profile: AgencyProfile) -> tuple[tuple[RoleCount, ...], str]:
    order = ["leader", "business", "it", "legal", "other", "unspecified"]
    roles = sorted(profile.roles.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))
    counts = tuple(RoleCount(r, ctx.label("role", r), n) for r, n in roles)
    if ctx.lang == "zh":
        text = ctx.num.join([f"{c.label} {c.n} 名" for c in counts])
    else:
        text = ctx.num.join([f"{c.label}: {c.n}" for c in counts])
    return counts, text


def _respondents(ctx: Context, n: int) -> str:
    return ctx.t["s_respondents_1"] if n == 1 else ctx.t["s_respondents_n"].format(n=ctx.num.count(n))


def summary_view(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> Summary:
    t, num, lang = ctx.t, ctx.num, ctx.lang
    ov = profile.overall
    band = profile.band
    roles, roles_text = _roles(ctx, profile)
    rel = profile.relationship
    has_determinants = any(f.determinant for f in q.factors.values())
    if ov.score is None:
        overall_sentence = t["s_overall_none"].format(agency=profile.agency)
    else:
        overall_sentence = t["s_overall"].format(agency=profile.agency, score=num.score(ov.score),
                                                 band=band.label.get(lang) if band else "",
                                                 range=num.range(ov.low, ov.high))
    respondents_text = _respondents(ctx, profile.respondents)
    coverage_sentence = t["s_coverage"].format(respondents=respondents_text, coverage=num.percent(ov.coverage),
                                               roles=roles_text)
    status_label = ctx.label("status", rel.status)
    if not has_determinants:
        rel_sentence = t["s_no_relationship"]
    elif rel.status is None:
        rel_sentence = t["s_relationship_none"]
    else:
        rel_sentence = t["s_relationship"].format(status=status_label, pull=num.score(rel.pull),
                                                  push=num.score(rel.push), net=num.signed(rel.net))
    status_title = ctx.label("status_title", rel.status)
    return Summary(
        score=num.score(ov.score), band=band.label.get(lang) if band else "", band_id=band.id if band else "",
        range=num.range(ov.low, ov.high), coverage=num.percent(ov.coverage), respondents=profile.respondents,
        respondents_text=respondents_text, roles=roles, roles_text=roles_text, status=rel.status or "",
        status_label=status_title,
        status_text=t["s_status_net"].format(status=status_title, net=num.signed(rel.net)) if rel.status else "",
        pull=num.score(rel.pull), push=num.score(rel.push), net=num.signed(rel.net),
        respondents_roles=respondents_text + (num.paren(roles_text) if roles_text else ""),
        overall_sentence=overall_sentence, coverage_sentence=coverage_sentence,
        lede=overall_sentence + ("" if lang == "zh" else " ") + coverage_sentence,
        relationship_sentence=rel_sentence,
        barriers=tuple(_summary_sentence(ctx, q, profile, fid, "barrier") for fid in profile.barriers[:TOP]),
        enablers=tuple(_summary_sentence(ctx, q, profile, fid, "enabler") for fid in profile.enablers[:TOP]))
