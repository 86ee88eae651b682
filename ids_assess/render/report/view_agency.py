"""The view model of one agency's report: :class:`AgencyReport`, built section by section by
:func:`build_agency`, with its pre-rendered charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.core.plan import EifLayer, action_plan, eif_layers
from ids_assess.render import svg
from ids_assess.render.report.view_actions import (
    TOP_ACTIONS,
    ActionGroup,
    ActionView,
    DisagreementView,
    action_groups,
    action_views,
    disagreement_view,
)
from ids_assess.render.report.view_common import (
    Context,
    QuestionnaireView,
    Safe,
    chart_desc,
    generated_line,
    html_lang,
    kicker,
    md_bars,
    questionnaire_view,
    score_kind,
)
from ids_assess.render.report.view_factors import (
    FactorDetail,
    FactorGroup,
    FactorView,
    LayerView,
    SectionView,
    factor_details,
    factor_view,
    layer_views,
    md_factor_chart,
    section_views,
)
from ids_assess.render.report.view_front import FrontPage, front_page, partner_lines
from ids_assess.render.report.view_groups import GroupBreakdownView, role_breakdown
from ids_assess.render.report.view_method import MethodView, ProblemsView, method_view, problems_view
from ids_assess.render.report.view_relationship import RelationshipView, md_push_pull, relationship_view
from ids_assess.render.report.view_summary import Summary, summary_view
from ids_assess.render.report.view_trust import TrustPanel, trust_panel

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview
    from ids_assess.render.report.view_change import AgencyChangeView, TrendView


@dataclass(frozen=True)
class AgencyCharts:
    """Pre-rendered charts for the output format: inline SVG (HTML) or text blocks (Markdown); "" if none."""

    sections: Safe
    factors: Safe
    eif: Safe
    push_pull: Safe


@dataclass(frozen=True)
class AgencyReport:
    format: str  # "html" or "md"
    lang: str  # "en" or "zh"
    html_lang: str  # "en" or "zh-Hans"
    t: Mapping[str, str]
    title: str
    kind: str
    kicker: str  # the line above the agency's name: the kind, after --title when one was given
    agency: str
    agency_id: str
    questionnaire: QuestionnaireView
    generated: str
    dates: str
    overview_href: str  # "index.html" when part of a set, else ""
    summary: Summary
    sections: tuple[SectionView, ...]
    levels_note: str  # under the sections chart: why the overall is not their mean ("" for one respondent)
    factor_groups: tuple[FactorGroup, ...]
    factors: tuple[FactorView, ...]
    eif: tuple[LayerView, ...]
    eif_intro: str
    barriers: tuple[FactorDetail, ...]
    enablers: tuple[FactorDetail, ...]
    no_barriers: str
    no_enablers: str
    relationship: RelationshipView
    disagreement: DisagreementView
    actions: tuple[ActionView, ...]  # every action, most urgent first
    actions_top: tuple[ActionView, ...]  # the first TOP_ACTIONS (10), shown in full
    actions_more: tuple[ActionView, ...]  # the rest, listed compactly
    actions_more_intro: str  # "29 further recommendations, by priority:" ("" when there are none)
    actions_intro: str
    change: AgencyChangeView | None
    method: MethodView
    problems: ProblemsView
    charts: AgencyCharts
    # the decision page and the annex (added for decision-ready reports)
    front: FrontPage  # page one
    barriers_full: tuple[FactorDetail, ...]  # the barriers of page one's actions, in full (the rest as rows)
    by_role: GroupBreakdownView  # the priority barriers by role, with small groups suppressed
    privacy_note: str  # how respondents are shown ("" with --named)
    action_groups: tuple[ActionGroup, ...]  # ``actions`` grouped by the barrier they answer
    trust: TrustPanel | None  # page one's "Can these numbers be trusted?" (None without statistics)
    # several rounds (--baseline)
    cautions: tuple[str, ...] = ()  # the rounds' warnings about this agency's change, in the report's language
    trend: TrendView | None = None  # the overall score in each round (three rounds or more), else None


def build_agency(ctx: Context, profile: AgencyProfile, overview: Overview) -> AgencyReport:
    """The view model of one agency's report."""
    q = ctx.lookup(profile.ref)
    t, num, lang = ctx.t, ctx.num, ctx.lang
    detailed = set(profile.barriers) | set(profile.enablers)
    sections = section_views(ctx, q, profile)
    factor_views = {fid: factor_view(ctx, q, f, profile, detailed) for fid, f in q.factors.items()}
    groups = tuple(FactorGroup(sv, tuple(factor_views[f.id] for f in s.factors))
                   for sv, s in zip(sections, q.sections, strict=True))
    eif = eif_layers(q, profile)
    layers = layer_views(ctx, q, eif)
    has_determinants = any(f.determinant for f in q.factors.values())
    relationship = relationship_view(ctx, q, profile, overview, has_determinants)
    plan = action_plan(q, profile)
    partners = partner_lines(ctx, q, profile, overview)
    named = [p.partner for p in partners if p.partner != t["partners_unnamed"]]
    actions, actions_intro = action_views(ctx, plan, factor_views, named[0] if len(named) == 1 else "")
    change: AgencyChangeView | None = None
    cautions: tuple[str, ...] = ()
    trend: TrendView | None = None
    last_cautions = 0  # the warnings of the last change alone, which page one points to
    if ctx.comparison is not None:  # the change views are imported only for a report with a baseline
        from ids_assess.render.report.view_change import agency_cautions, agency_change, agency_trend

        change = agency_change(ctx, q, profile)
        if change is not None:
            cautions, trend = agency_cautions(ctx, profile), agency_trend(ctx, profile)
            last_cautions = len(agency_cautions(ctx, profile, last=True)) if cautions else 0
    front = front_page(ctx, q, profile, overview, plan, factor_views, change, partners,
                       last_cautions)
    barriers = factor_details(ctx, q, profile, profile.barriers, factor_views)
    full = set(front.barriers and [a.barrier_id for a in front.actions])
    charts = _agency_charts(ctx, sections, q, profile, groups, layers, eif, relationship)
    ov = profile.overall
    several = profile.respondents > 1
    levels_note = t["s_levels_note"].format(overall=num.score(ov.score)) if several and ov.score is not None else ""
    return AgencyReport(
        format=ctx.format, lang=lang, html_lang=html_lang(lang), t=t, title=ctx.title or t["default_title"],
        kind=t["report_kind"], kicker=kicker(ctx, t["report_kind"]),
        agency=profile.agency, agency_id=profile.agency_id or "", questionnaire=questionnaire_view(ctx, q),
        generated=generated_line(ctx, [q]),
        dates=t["answers_dated"].format(dates=num.join(list(profile.dates))) if profile.dates else "",
        overview_href=ctx.overview_href, summary=summary_view(ctx, q, profile), sections=sections,
        levels_note=levels_note, factor_groups=groups,
        factors=tuple(factor_views.values()), eif=layers, eif_intro=t["s_eif_intro"] if layers else t["s_no_eif"],
        barriers=barriers,
        enablers=factor_details(ctx, q, profile, profile.enablers, factor_views), no_barriers=t["s_no_barriers"],
        no_enablers=t["s_no_enablers"], relationship=relationship,
        disagreement=disagreement_view(ctx, q, profile, overview, factor_views), actions=actions,
        actions_top=actions[:TOP_ACTIONS], actions_more=actions[TOP_ACTIONS:],
        actions_more_intro=(t["s_more_actions"].format(n=num.count(len(actions) - TOP_ACTIONS))
                            if len(actions) > TOP_ACTIONS else ""),
        actions_intro=actions_intro, change=change,
        method=method_view(ctx, [q], profile.dates, overview.disagreement, profile.respondents),
        problems=problems_view(ctx), charts=charts, front=front,
        barriers_full=tuple(d for d in barriers if d.factor.id in full),
        by_role=role_breakdown(ctx, q, profile, [e.factor for e in plan.entries] or list(profile.barriers),
                               ctx.min_group),
        privacy_note=t["s_respondent_code"] if ctx.anonymous else "", action_groups=action_groups(actions),
        trust=trust_panel(ctx, q, profile), cautions=cautions, trend=trend)


def _agency_charts(ctx: Context, sections: Sequence[SectionView], q: Questionnaire, profile: AgencyProfile,
                   groups: Sequence[FactorGroup], layers: Sequence[LayerView], eif: Sequence[EifLayer],
                   relationship: RelationshipView) -> AgencyCharts:
    t, num = ctx.t, ctx.num
    uid = "c"
    if ctx.format == "md":
        return AgencyCharts(
            Safe(md_bars([(s.title, s.bar, s.score, s.range) for s in sections])),
            Safe(md_factor_chart(ctx, groups)),
            Safe(md_bars([(lv.label, lv.bar, lv.score, "") for lv in layers])) if layers else Safe(""),
            Safe(md_push_pull(ctx, relationship)) if relationship.available else Safe(""))
    sec_rows = []
    for s in q.sections:
        st = profile.sections.get(s.id)
        sc = st.score if st else None
        low, high = (st.low, st.high) if st else (None, None)
        sec_rows.append(svg.BarRow(s.title.get(ctx.lang), sc, low, high, score_kind(sc),
                                   num.score(sc) + num.paren(num.range(low, high))))
    sections_svg = svg.bar_chart(sec_rows, f"{uid}-sec", t["chart_sections_title"],
                                 chart_desc(ctx, t["chart_sections_desc"], [(r.label, r.value) for r in sec_rows]),
                                 colon=num.colon)
    dot_groups = []
    desc = []
    for g, s in zip(groups, q.sections, strict=True):
        rows = []
        for fv, f in zip(g.factors, s.factors, strict=True):
            fp = profile.factors[f.id]
            rows.append(svg.DotRow(fv.title, fp.score, fp.low, fp.high, fp.min, fp.max, fv.kind, fv.score))
            desc.append((fv.title, fv.score + num.paren(("；" if ctx.lang == "zh" else "; ").join(
                [fv.range, fv.spread]))))
        dot_groups.append(svg.DotGroup(g.section.title, tuple(rows)))
    factors_svg = svg.dot_chart(dot_groups, f"{uid}-fac", t["chart_factors_title"],
                                chart_desc(ctx, t["chart_factors_desc"], desc),
                                [t["legend_score"], t["legend_range"], t["legend_spread"], t["legend_barrier"],
                                 t["legend_enabler"], t["legend_neutral"]], colon=num.colon)
    eif_svg = ""
    if layers:
        eif_rows = [svg.BarRow(lv.label, layer.score, None, None, score_kind(layer.score), lv.score)
                    for lv, layer in zip(layers, eif, strict=True)]
        eif_svg = svg.bar_chart(eif_rows, f"{uid}-eif", t["chart_eif_title"],
                                chart_desc(ctx, t["chart_eif_desc"], [(r.label, r.value) for r in eif_rows]),
                                colon=num.colon)
    pp_svg = ""
    if relationship.available:
        pp_rows = []
        for d in relationship.determinants:
            score = profile.factors[d.id].score
            pp_rows.append(svg.PushPullRow(d.title, score, d.score + num.paren(d.amount)))
        pp_svg = svg.push_pull_chart(pp_rows, f"{uid}-pp", t["chart_pushpull_title"],
                                     chart_desc(ctx, t["chart_pushpull_desc"], [(r.label, r.value) for r in pp_rows]),
                                     t["axis_push"], t["axis_pull"], colon=num.colon)
    return AgencyCharts(Safe(sections_svg), Safe(factors_svg), Safe(eif_svg), Safe(pp_svg))
