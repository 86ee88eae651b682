"""The view model of the overview report: rankings and heat maps per questionnaire, systemic barriers,
the network, the change since the baseline, and the links to the agency reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.aggregate import systemic_by_version
from ids_assess.core.model import Questionnaire, normalise
from ids_assess.core.profiles import versioned as several_versions
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render import svg
from ids_assess.render.report.view_change import ComparisonView, comparison_view
from ids_assess.render.report.view_city import CityPlanView, city_plan
from ids_assess.render.report.view_common import (
    Cite,
    Context,
    QuestionnaireView,
    cite,
    css_percent,
    generated_line,
    html_lang,
    questionnaire_view,
    text_bar,
)
from ids_assess.render.report.view_method import MethodView, ProblemsView, method_view, problems_view
from ids_assess.render.report.view_network import NetworkView, network_view
from ids_assess.render.report.view_trust import ReliabilityTable, rank_interval, reliability_tables

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview


@dataclass(frozen=True)
class AgencyRow:
    rank: int
    agency: str
    href: str
    questionnaire: str
    score: str
    band: str
    band_id: str
    range: str
    coverage: str
    respondents: int
    status: str
    status_label: str
    net: str
    barriers: int
    bar: str
    percent: str  # the score as a CSS width, "0" to "100"
    delta: str = ""  # the change of the overall score since the baseline ("" without one)
    trend: str = ""
    trend_label: str = ""
    rank_interval: str = ""  # the rank's 5th-95th percentile when the weights vary ("" without statistics)


@dataclass(frozen=True)
class HeatCell:
    score: str
    background: str
    colour: str
    barrier: bool
    title: str


@dataclass(frozen=True)
class HeatRow:
    id: str
    title: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatSection:
    title: str
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class RankingView:
    """The agencies that answered one questionnaire, best first (scores of different questionnaires never mix)."""

    questionnaire: QuestionnaireView
    rows: tuple[AgencyRow, ...]


@dataclass(frozen=True)
class HeatMap:
    questionnaire: QuestionnaireView
    agencies: tuple[AgencyLink, ...]
    sections: tuple[HeatSection, ...]


@dataclass(frozen=True)
class AgencyLink:
    number: int
    agency: str
    href: str
    label: str = ""  # the agency, with the questionnaire when the overview holds several


@dataclass(frozen=True)
class SystemicRow:
    id: str
    title: str
    questionnaire: str
    count: str  # "4 of 6"
    barrier_in: int
    assessed_in: int
    mean: str
    source: Cite
    ref: str = ""  # id@version of the questionnaire (``questionnaire`` is what the report shows)


@dataclass(frozen=True)
class OverviewReport:
    format: str
    lang: str
    html_lang: str
    t: Mapping[str, str]
    title: str
    kind: str
    kicker: str
    generated: str
    intro: str
    agencies: int
    respondents: int
    rankings: tuple[RankingView, ...]  # one per questionnaire
    ranking: tuple[AgencyRow, ...]  # the rows of every ranking, in order (ranks restart per questionnaire)
    show_questionnaire: bool  # more than one questionnaire among the agencies: title rankings and heat maps
    heatmaps: tuple[HeatMap, ...]
    heatmap_intro: str
    systemic: tuple[SystemicRow, ...]
    systemic_intro: str
    no_systemic: str
    network: NetworkView
    change: ComparisonView | None
    reports: tuple[AgencyLink, ...]
    method: MethodView
    problems: ProblemsView
    city_plan: CityPlanView  # the actions for the systemic barriers, with who must act
    show_change: bool  # the ranking has a change column (a baseline was given)
    reliability: tuple[ReliabilityTable, ...]  # per questionnaire: alpha, ICC(1), ICC(2) (none without statistics)
    show_stats: bool  # the report has statistics: the ranking has rank intervals


def build_overview(ctx: Context, overview: Overview, links: Mapping[tuple[str, str], str]) -> OverviewReport:
    """The view model of the overview; ``links`` maps (questionnaire, agency key) to the agency's report file.

    Scores of different questionnaires are never ranked or mapped together: there is a ranking and a heat map
    per questionnaire, in the order the questionnaires first appear among the agencies.
    """
    t, num, lang = ctx.t, ctx.num, ctx.lang
    refs = list(dict.fromkeys(p.ref for p in overview.profiles))  # one questionnaire answered in two versions: two
    questionnaires = [ctx.lookup(ref) for ref in refs]
    several = len(refs) > 1
    versioned = several_versions(overview.profiles)
    ordered = overview.ranking()
    rankings = tuple(RankingView(questionnaire_view(ctx, q, versioned), tuple(
        _agency_row(ctx, rank, p, links, versioned)
        for rank, p in enumerate([p for p in ordered if p.ref == q.ref], 1))) for q in questionnaires)
    heatmaps = tuple(_heatmap(ctx, q, [p for p in overview.profiles if p.ref == q.ref], links, versioned)
                     for q in questionnaires)
    systemic = _systemic(ctx, overview, questionnaires, versioned)
    network = network_view(ctx, overview)
    change = comparison_view(ctx, links)
    titles = {q.ref: f"{q.title.get(lang)} {q.version}" if q.id in versioned else q.title.get(lang)
              for q in questionnaires}
    reports = tuple(AgencyLink(i, p.agency, links.get((p.ref, p.key), ""),
                               f"{p.agency} \u00b7 {titles[p.ref]}" if several else p.agency)
                    for i, p in enumerate(overview.profiles, 1))
    respondents = sum(p.respondents for p in overview.profiles)
    agencies = len({normalise(p.agency) for p in overview.profiles})  # one agency may answer several questionnaires
    dates = sorted({d for p in overview.profiles for d in p.dates})
    if not questionnaires:
        raise ValueError("an overview needs at least one agency")
    method = method_view(ctx, questionnaires, dates, overview.disagreement, respondents)
    ids = len({q.id for q in questionnaires})
    if several and ids < len(refs):  # two versions of one questionnaire are not two questionnaires
        key = "s_agencies_intro_versions_one" if ids == 1 else "s_agencies_intro_versions"
        intro = t[key].format(agencies=num.count(agencies), questionnaires=num.count(ids),
                              versions=num.count(len(refs)), respondents=num.count(respondents))
    elif several:
        intro = t["s_agencies_intro_multi"].format(agencies=num.count(agencies), questionnaires=num.count(len(refs)),
                                                   respondents=num.count(respondents))
    else:
        intro = t["s_agencies_intro"].format(agencies=num.count(agencies), respondents=num.count(respondents))
    return OverviewReport(
        format=ctx.format, lang=lang, html_lang=html_lang(lang), t=t, title=ctx.title or t["default_title"],
        kind=t["overview_kind"], kicker=t["overview_kind"], generated=generated_line(ctx, questionnaires), intro=intro,
        agencies=agencies, respondents=respondents, rankings=rankings,
        ranking=tuple(row for r in rankings for row in r.rows), show_questionnaire=several, heatmaps=heatmaps,
        heatmap_intro=t["s_heatmap_intro"], systemic=systemic, systemic_intro=t["s_systemic_intro"],
        no_systemic=t["s_no_systemic"], network=network, change=change, reports=reports, method=method,
        problems=problems_view(ctx), city_plan=city_plan(ctx, overview, [(r.ref, r.id) for r in systemic]),
        show_change=ctx.comparison is not None, reliability=reliability_tables(ctx, questionnaires, versioned),
        show_stats=ctx.stats is not None)


def _shown(qid: str, version: str, versioned: frozenset[str]) -> str:
    return f"{qid} {version}" if qid in versioned else qid


def _agency_row(ctx: Context, rank: int, p: AgencyProfile, links: Mapping[tuple[str, str], str],
                versioned: frozenset[str] = frozenset()) -> AgencyRow:
    num, lang = ctx.num, ctx.lang
    delta, trend = "", ""
    if ctx.comparison is not None:
        match = next((a for a in ctx.comparison.agencies if a.key == p.key and a.ref == p.ref), None)
        overall = next((c for c in match.changes if c.level == "overall"), None) if match else None
        if overall is not None:
            delta, trend = num.signed(overall.delta), overall.trend or ""
    return AgencyRow(
        rank, p.agency, links.get((p.ref, p.key), ""), _shown(p.questionnaire, p.version, versioned),
        num.score(p.overall.score),
        p.band.label.get(lang) if p.band else "", p.band.id if p.band else "",
        num.range(p.overall.low, p.overall.high), num.percent(p.overall.coverage), p.respondents,
        p.relationship.status or "", ctx.label("status_title", p.relationship.status), num.signed(p.relationship.net),
        len(p.barriers), text_bar(p.overall.score), css_percent(num, p.overall.score), delta, trend,
        ctx.label("trend", trend) if trend else "", rank_interval(ctx, p))


def _heatmap(ctx: Context, q: Questionnaire, profiles: Sequence[AgencyProfile],
             links: Mapping[tuple[str, str], str], versioned: frozenset[str] = frozenset()) -> HeatMap:
    num = ctx.num
    agencies = tuple(AgencyLink(i, p.agency, links.get((p.ref, p.key), ""), p.agency)
                     for i, p in enumerate(profiles, 1))
    sections = []
    for s in q.sections:
        rows = []
        for f in s.factors:
            cells = []
            for p in profiles:
                score = p.factors[f.id].score if f.id in p.factors else None
                bg, fg = svg.heat_colour(score)
                cells.append(HeatCell(num.score(score) if score is not None else "", bg, fg,
                                      score is not None and score < MIDPOINT,
                                      num.labelled(f"{p.agency} \u2013 {f.title.get(ctx.lang)}", num.score(score))))
            rows.append(HeatRow(f.id, f.title.get(ctx.lang), tuple(cells)))
        sections.append(HeatSection(s.title.get(ctx.lang), tuple(rows)))
    return HeatMap(questionnaire_view(ctx, q, versioned), agencies, tuple(sections))


def _systemic(ctx: Context, overview: Overview, questionnaires: Sequence[Questionnaire],
              versioned: frozenset[str]) -> tuple[SystemicRow, ...]:
    found: list[tuple[float, float, int, SystemicRow]] = []
    where = set(systemic_by_version(overview.profiles))  # a factor systemic in one questionnaire, not in all
    for fid in overview.systemic_barriers:
        for q in questionnaires:
            if fid not in q.factors or (q.id, q.version, fid) not in where:
                continue
            scores = [p.factors[fid].score for p in overview.profiles
                      if p.ref == q.ref and fid in p.factors and p.factors[fid].score is not None]
            if not scores:
                continue
            below = sum(1 for s in scores if s is not None and s < MIDPOINT)
            if below * 2 < len(scores):
                continue
            mean = sum(s for s in scores if s is not None) / len(scores)
            count = ctx.t["s_agencies_count"].format(n=ctx.num.count(below), total=ctx.num.count(len(scores)))
            f = q.factors[fid]
            row = SystemicRow(fid, f.title.get(ctx.lang), _shown(q.id, q.version, versioned), count, below,
                              len(scores), ctx.num.score(mean), cite(ctx, f.source), q.ref)
            found.append((-below / len(scores), mean, len(found), row))
    found.sort(key=lambda e: e[:3])
    return tuple(e[3] for e in found)
