"""The view model of the readiness reports: plain frozen dataclasses, numbers already formatted.

Templates receive an :class:`AgencyReport` or an :class:`OverviewReport` and never compute anything; every
field is documented in docs/reports.md. User text (agency names, evidence notes, partner names) is kept as
plain ``str`` and escaped by the template engine on output (HTML escaping for ``.html`` templates,
Markdown escaping for ``.md`` templates); only the pre-rendered charts are :class:`Safe`.

This module imports neither jinja2 nor anything of the command line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ids_assess.core.model import Factor, Item, Questionnaire, SourceRef
from ids_assess.core.plan import ActionPlan, EifLayer, action_plan, eif_layers
from ids_assess.render import svg
from ids_assess.render.report.i18n import LABELS, STRINGS, Numbers

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Edge, Overview
    from ids_assess.core.compare import Change, Comparison
    from ids_assess.core.errors import Problem

MIDPOINT = 50.0
TOP = 3  # barriers and enablers in the summary
TOP_ACTIONS = 10  # actions shown in full; the rest are listed compactly as "further actions"
MANY_DK = 0.10  # a factor is listed under "information needed" from this share of "don't know"
MAX_DK_ROWS = 12
MAX_LOW_CONFIDENCE = 15
MAX_PROBLEMS = 100
BAR_CELLS = 20


class Safe(str):
    """Text already safe for the output format (a pre-rendered chart): templates output it as it is."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


# --- shared pieces ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cite:
    """A place in a source: ``short`` citation, ``section``, and both as one ``text``."""

    key: str
    short: str
    section: str
    text: str


@dataclass(frozen=True)
class SourceView:
    """A source with its full citation."""

    key: str
    short: str
    citation: str


@dataclass(frozen=True)
class QuestionnaireView:
    id: str
    version: str
    title: str
    description: str
    label: str  # "Interagency data sharing readiness (core), ids-core 1.0.0"


@dataclass(frozen=True)
class ProblemsView:
    """Invalid input files, each problem as ``path:line:col: message``."""

    lines: tuple[str, ...]
    more: str  # "... and N more problem(s)." or ""
    count: int  # problems in all


@dataclass(frozen=True)
class MethodView:
    scale: tuple[tuple[str, str], ...]  # (value, label): ("1", "Strongly disagree") ... ("dk", "Don't know")
    scale_text: str
    rules: tuple[str, ...]
    bands: tuple[str, ...]
    research: str
    questionnaire: QuestionnaireView  # the agency's (in the overview: the first one)
    questionnaires: tuple[QuestionnaireView, ...]  # every questionnaire of the report (one for an agency)
    questionnaires_text: str  # their labels, joined
    tool: str
    tool_version: str
    sources: tuple[SourceView, ...]
    files: int
    dates: str
    disagreement_threshold: str


# --- the agency report -----------------------------------------------------------------------------

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


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    score: str
    range: str
    coverage: str
    band: str
    kind: str
    bar: str  # text bar for Markdown: ██████████░░░░░░░░░░


@dataclass(frozen=True)
class FactorView:
    id: str
    anchor: str  # "f-<id>", the id of the factor's entry under "Barriers and enablers"
    title: str
    description: str
    section_id: str
    section_title: str
    weight: str
    kind: str  # "barrier", "enabler", "neutral" (exactly 50) or "unscored"
    kind_label: str
    score: str
    range: str
    spread: str  # lowest-highest respondent
    sd: str
    n: int  # respondents with a score for this factor
    coverage: str
    dk_share: str
    disagreement: bool
    eif: str  # the layers it maps to, joined
    source: Cite
    bar: str
    detailed: bool  # whether it has an entry under "Barriers and enablers" (i.e. the anchor exists)


@dataclass(frozen=True)
class FactorGroup:
    section: SectionView
    factors: tuple[FactorView, ...]


@dataclass(frozen=True)
class LayerView:
    id: str
    label: str
    score: str
    factors: int
    factor_titles: str
    bar: str


@dataclass(frozen=True)
class ItemView:
    id: str
    text: str
    score: str
    stance: str  # "agree", "disagree" or "neutral": how the respondents answered the statement, on average
    stance_label: str  # "respondents agree"
    note: str  # "respondents agree; item readiness 18.8"
    quoted: str  # "“text” (respondents agree; item readiness 18.8)", with the language's parentheses


@dataclass(frozen=True)
class EvidenceView:
    text: str  # the note, as written (escaped on output)
    who: str  # "IT staff", or "Name, IT staff" where the answer file names the respondent ("; " between several)
    attribution: str  # who, with the confidence where given (for each respondent who wrote the same note)
    item: str  # the statement the note is about
    rating: str  # "2 · Disagree", "Don't know" ...
    about: str  # "Statement: “item” (2 · Disagree)", with the language's colon and parentheses


@dataclass(frozen=True)
class FactorDetail:
    rank: int
    factor: FactorView
    worst: ItemView | None
    best: ItemView | None  # None when the factor has a single scored statement
    evidence: tuple[EvidenceView, ...]
    finding: str  # the research finding: the factor's description


@dataclass(frozen=True)
class DeterminantView:
    id: str
    title: str
    score: str
    direction: str  # "push", "pull", "none" (exactly 50) or "unscored"
    amount: str  # distance from 50, signed: "+12.5" pulls, "−7.5" pushes
    bar: str  # Markdown: push bar left of │, pull bar right of it


@dataclass(frozen=True)
class TieView:
    partner: str
    partner_href: str  # link to the partner's report in the same folder, or ""
    tie: str  # "vertical", "horizontal" or ""
    tie_label: str
    status: str
    status_label: str
    net: str
    pull: str
    push: str
    respondents: int
    asymmetric: bool


@dataclass(frozen=True)
class AsymmetryView:
    partner: str
    our_status: str
    our_status_label: str
    our_net: str
    their_status: str
    their_status_label: str
    their_net: str
    sentence: str


@dataclass(frozen=True)
class RelationshipView:
    available: bool  # the questionnaire has determinant factors
    status: str
    status_label: str
    pull: str
    push: str
    net: str
    total_sentence: str
    note: str  # under the push/pull chart: why pull and push are not the sums of the bars ("" for one respondent)
    determinants: tuple[DeterminantView, ...]
    partners: tuple[TieView, ...]
    asymmetric: tuple[AsymmetryView, ...]
    no_asymmetric: str  # the sentence for when ``asymmetric`` is empty (no mutual pair, or pairs that agree)


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


@dataclass(frozen=True)
class ChangeItem:
    id: str
    title: str
    old: str
    new: str
    delta: str
    trend: str  # "improved", "worsened", "steady" or ""
    trend_label: str


@dataclass(frozen=True)
class AgencyChangeView:
    overall: ChangeItem
    sections: tuple[ChangeItem, ...]
    became: tuple[str, ...]  # factor titles that became barriers
    stopped: tuple[str, ...]
    became_text: str  # the same, joined ("none" when empty)
    stopped_text: str
    old_respondents: int
    new_respondents: int


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


# --- the overview report ---------------------------------------------------------------------------

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


@dataclass(frozen=True)
class NodeView:
    number: int
    label: str
    href: str
    assessed: bool


@dataclass(frozen=True)
class EdgeView:
    source: str
    target: str
    tie: str
    tie_label: str
    status: str
    status_label: str
    net: str
    respondents: int
    asymmetric: bool


@dataclass(frozen=True)
class NetworkView:
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    chart: Safe  # inline SVG (HTML) or a Mermaid flowchart (Markdown)
    legend: str


@dataclass(frozen=True)
class ChangeRow:
    agency: str
    href: str
    old: str
    new: str
    delta: str
    trend: str
    trend_label: str
    became: tuple[str, ...]
    stopped: tuple[str, ...]
    became_text: str
    stopped_text: str


@dataclass(frozen=True)
class ComparisonView:
    intro: str
    rows: tuple[ChangeRow, ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]
    only_old_text: str
    only_new_text: str


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


# --- building --------------------------------------------------------------------------------------

@dataclass
class Context:
    """What every view needs: language, format, numbers, and how to find a questionnaire."""

    lang: str
    format: str
    lookup: Callable[[str], Questionnaire]
    tool_version: str
    title: str | None = None
    problems: Sequence[Problem] = ()
    hrefs: Mapping[str, str] = field(default_factory=dict)  # agency key -> report file (in a set)
    overview_href: str = ""  # the overview report, when the agency reports are part of a set
    comparison: Comparison | None = None
    anonymous: bool = False  # attribute evidence by role only, even where an answer file names the respondent

    def __post_init__(self) -> None:
        self.t = STRINGS[self.lang]
        self.labels = LABELS[self.lang]
        self.num = Numbers(self.lang)

    def label(self, vocabulary: str, key: str | None) -> str:
        if not key:
            return ""
        return self.labels[vocabulary].get(key, key)


def _html_lang(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else "en"


def _cite(ctx: Context, ref: SourceRef) -> Cite:
    short = ref.source.short.get(ctx.lang)
    sep = "，" if ctx.lang == "zh" else ", "
    section = ref.section
    return Cite(ref.source.key, short, section, f"{short}{sep}{section}")


def _kind(score: float | None) -> str:
    if score is None:
        return "unscored"
    return "barrier" if score < MIDPOINT else "enabler" if score > MIDPOINT else "neutral"


def text_bar(score: float | None, cells: int = BAR_CELLS) -> str:
    """``██████████░░░░░░░░░░`` for 50: one cell per 5 points (blank for no score)."""
    if score is None:
        return "\u00b7" * cells
    full = int(min(100.0, max(0.0, score)) / (100 / cells) + 0.5)
    return "\u2588" * full + "\u2591" * (cells - full)


def _questionnaire(ctx: Context, q: Questionnaire) -> QuestionnaireView:
    title = q.title.get(ctx.lang)
    return QuestionnaireView(q.id, q.version, title, q.description.get(ctx.lang) if q.description else "",
                             ctx.t["q_label"].format(title=title, id=q.id, version=q.version))


def _kicker(ctx: Context, kind: str) -> str:
    """The kind of report, after the user's ``--title`` when one was given (the default title is not repeated)."""
    return f"{ctx.title} \u00b7 {kind}" if ctx.title else kind


def _problems(ctx: Context) -> ProblemsView:
    lines = tuple(p.format() for p in ctx.problems[:MAX_PROBLEMS])
    rest = len(ctx.problems) - len(lines)
    more = ctx.t["s_appendix_more"].format(n=rest) if rest > 0 else ""
    return ProblemsView(lines, more, len(ctx.problems))


def _method(ctx: Context, qs: Sequence[Questionnaire], dates: Sequence[str], disagreement: float,
            files: int) -> MethodView:
    """The method section; ``qs`` are the report's questionnaires (the first gives the scale and the bands)."""
    t, num = ctx.t, ctx.num
    q = qs[0]
    scale = tuple((str(k), v.get(ctx.lang)) for k, v in sorted(q.scale.labels.items()))
    scale += (("dk", q.scale.dk.get(ctx.lang)), ("na", q.scale.na.get(ctx.lang)))
    bands = []
    for i, band in enumerate(q.bands):
        last = i + 1 == len(q.bands)
        upper = 100.0 if last else q.bands[i + 1].min
        bands.append(t["s_bands_last" if last else "s_bands_row"].format(
            label=band.label.get(ctx.lang), min=num.plain(band.min), max=num.plain(upper)))
    rules = [t["m_rule_item"], t["m_rule_factor"], t["m_rule_range"], t["m_rule_barrier"]]
    with_determinants = next((x for x in qs if any(f.determinant for f in x.factors.values())), None)
    if with_determinants is not None:
        rules.append(t["m_rule_relationship"].format(threshold=num.plain(with_determinants.threshold)))
    rules.append(t["m_rule_agency"])
    seen: dict[str, SourceView] = {}
    for x in qs:
        for s in x.sources.values():
            seen.setdefault(s.key, SourceView(s.key, s.short.get(ctx.lang), s.citation))
    views = tuple(_questionnaire(ctx, x) for x in qs)
    return MethodView(scale, t["m_scale"], tuple(rules), tuple(bands), t["m_research"], views[0], views,
                      num.join([v.label for v in views]), "ids-assess", ctx.tool_version, tuple(seen.values()),
                      files, num.join(list(dates)), num.points(disagreement))


def _generated(ctx: Context, qs: Sequence[Questionnaire]) -> str:
    if len(qs) == 1:
        return ctx.t["generated_by"].format(tool="ids-assess", version=ctx.tool_version, questionnaire=qs[0].id,
                                            qversion=qs[0].version)
    return ctx.t["generated_by_multi"].format(tool="ids-assess", version=ctx.tool_version,
                                              questionnaires=ctx.num.series([f"{q.id} {q.version}" for q in qs]))


def _factor_view(ctx: Context, q: Questionnaire, f: Factor, profile: AgencyProfile, detailed: set[str]) -> FactorView:
    num = ctx.num
    fp = profile.factors[f.id]
    section = next(s for s in q.sections if s.id == f.section_id)
    kind = _kind(fp.score)
    return FactorView(
        id=f.id, anchor=f"f-{f.id}", title=f.title.get(ctx.lang), description=f.description.get(ctx.lang),
        section_id=section.id, section_title=section.title.get(ctx.lang), weight=num.weight(f.weight),
        kind=kind, kind_label=ctx.t[f"kind_{kind}"], score=num.score(fp.score), range=num.range(fp.low, fp.high),
        spread=num.range(fp.min, fp.max), sd=num.score(fp.sd), n=fp.n, coverage=num.percent(fp.coverage),
        dk_share=num.percent(fp.dk_share), disagreement=fp.disagreement,
        eif=num.join([ctx.label("eif", layer) for layer in f.eif]), source=_cite(ctx, f.source),
        bar=text_bar(fp.score), detailed=f.id in detailed)


def _item_views(ctx: Context, q: Questionnaire, f: Factor,
                profile: AgencyProfile) -> tuple[ItemView | None, ItemView | None]:
    scored: list[tuple[float, int, Item]] = []
    for n, i in enumerate(f.items):
        ip = profile.items.get(i.id)
        if ip is not None and ip.mean is not None:
            scored.append((ip.mean, n, i))
    if not scored:
        return None, None
    scored.sort(key=lambda e: (e[0], e[1]))
    worst_mean, _, worst = scored[0]
    best_mean, _, best = scored[-1]
    worst_view = _item_view(ctx, worst, worst_mean)
    if len(scored) == 1:
        return worst_view, None
    return worst_view, _item_view(ctx, best, best_mean)


def _stance(polarity: str, mean: float) -> str:
    """Whether respondents agreed with a statement, on average, from its readiness score and its polarity:
    ``agree``, ``disagree``, or ``neutral`` when the mean shows as 50.0 (the scale's midpoint, "Neutral")."""
    agreement = mean if polarity == "enabler" else 100 - mean
    if abs(agreement - MIDPOINT) < 0.05:
        return "neutral"
    return "agree" if agreement > MIDPOINT else "disagree"


def _item_view(ctx: Context, item: Item, mean: float) -> ItemView:
    text, score = item.text.get(ctx.lang), ctx.num.score(mean)
    stance = _stance(item.polarity, mean)
    stance_label = ctx.t[f"stance_{stance}_short"]
    note = ctx.t["s_item_note"].format(stance=stance_label, score=score)
    return ItemView(item.id, text, score, stance, stance_label, note, f"\u201c{text}\u201d{ctx.num.paren(note)}")


def _evidence(ctx: Context, q: Questionnaire, profile: AgencyProfile, factor_id: str) -> tuple[EvidenceView, ...]:
    """The factor's evidence notes; one note written alike by several respondents is quoted once."""
    grouped: dict[tuple[str, str, str], list[EvidenceView]] = {}
    for view in _evidence_notes(ctx, q, profile, factor_id):
        grouped.setdefault((" ".join(view.text.split()), view.item, view.rating), []).append(view)
    sep = "；" if ctx.lang == "zh" else "; "
    return tuple(EvidenceView(views[0].text, sep.join(v.who for v in views), sep.join(v.attribution for v in views),
                              views[0].item, views[0].rating, views[0].about) for views in grouped.values())


def _evidence_notes(ctx: Context, q: Questionnaire, profile: AgencyProfile, factor_id: str) -> list[EvidenceView]:
    out = []
    for note in profile.evidence.get(factor_id, ()):
        role = ctx.label("role", note.role or "unspecified")
        name = None if ctx.anonymous else note.respondent
        who = f"{name}{'，' if ctx.lang == 'zh' else ', '}{role}" if name else role
        role_text = who[:1].upper() + who[1:] if ctx.lang == "en" and not name else who
        if note.confidence:
            attribution = ctx.t["s_evidence_conf"].format(who=role_text,
                                                          confidence=ctx.label("confidence", note.confidence))
        else:
            attribution = ctx.t["s_evidence_by"].format(who=role_text)
        item = q.items.get(note.item_id)
        if isinstance(note.rating, int):
            label = q.scale.labels.get(note.rating)
            rating = f"{note.rating} · {label.get(ctx.lang)}" if label else str(note.rating)
        else:
            rating = (q.scale.dk if note.rating == "dk" else q.scale.na).get(ctx.lang)
        item_text = item.text.get(ctx.lang) if item else note.item_id
        out.append(EvidenceView(note.text, role_text, attribution, item_text, rating,
                                ctx.t["s_evidence_about"].format(label=ctx.t["statement"], item=item_text,
                                                                 rating=rating)))
    return out


def _summary_sentence(ctx: Context, q: Questionnaire, profile: AgencyProfile, fid: str, kind: str) -> str:
    f = q.factors[fid]
    fp = profile.factors[fid]
    worst, best = _item_views(ctx, q, f, profile)
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


def build_agency(ctx: Context, profile: AgencyProfile, overview: Overview) -> AgencyReport:
    """The view model of one agency's report."""
    q = ctx.lookup(profile.questionnaire)
    t, num, lang = ctx.t, ctx.num, ctx.lang
    detailed = set(profile.barriers) | set(profile.enablers)

    # 2. profile
    sections = []
    for s in q.sections:
        st = profile.sections.get(s.id)
        score = st.score if st else None
        band = q.band_for(score)
        sections.append(SectionView(s.id, s.title.get(lang), num.score(score),
                                    num.range(st.low if st else None, st.high if st else None),
                                    num.percent(st.coverage if st else None), band.label.get(lang) if band else "",
                                    _kind(score), text_bar(score)))
    factor_views = {fid: _factor_view(ctx, q, f, profile, detailed) for fid, f in q.factors.items()}
    groups = tuple(FactorGroup(sv, tuple(factor_views[f.id] for f in s.factors))
                   for sv, s in zip(sections, q.sections, strict=True))
    eif = eif_layers(q, profile)
    layers = _layers(ctx, q, eif)

    # 3. barriers and enablers
    def details(ids: Sequence[str]) -> tuple[FactorDetail, ...]:
        out = []
        for rank, fid in enumerate(ids, 1):
            f = q.factors[fid]
            worst, best = _item_views(ctx, q, f, profile)
            out.append(FactorDetail(rank, factor_views[fid], worst, best, _evidence(ctx, q, profile, fid),
                                    f.description.get(lang)))
        return tuple(out)

    # 1. summary
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
    summary = Summary(
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

    relationship = _relationship(ctx, q, profile, overview, has_determinants)
    actions, actions_intro = _actions(ctx, action_plan(q, profile), factor_views)
    charts = _agency_charts(ctx, sections, q, profile, groups, layers, eif, relationship)
    change = _agency_change(ctx, q, profile)
    title = ctx.title or t["default_title"]
    several = profile.respondents > 1
    levels_note = t["s_levels_note"].format(overall=num.score(ov.score)) if several and ov.score is not None else ""
    return AgencyReport(
        format=ctx.format, lang=lang, html_lang=_html_lang(lang), t=t, title=title, kind=t["report_kind"],
        kicker=_kicker(ctx, t["report_kind"]),
        agency=profile.agency, agency_id=profile.agency_id or "", questionnaire=_questionnaire(ctx, q),
        generated=_generated(ctx, [q]),
        dates=t["answers_dated"].format(dates=num.join(list(profile.dates))) if profile.dates else "",
        overview_href=ctx.overview_href, summary=summary, sections=tuple(sections), levels_note=levels_note,
        factor_groups=groups,
        factors=tuple(factor_views.values()), eif=layers, eif_intro=t["s_eif_intro"] if layers else t["s_no_eif"],
        barriers=details(profile.barriers), enablers=details(profile.enablers), no_barriers=t["s_no_barriers"],
        no_enablers=t["s_no_enablers"], relationship=relationship,
        disagreement=_disagreement(ctx, q, profile, overview, factor_views), actions=actions,
        actions_top=actions[:TOP_ACTIONS], actions_more=actions[TOP_ACTIONS:],
        actions_more_intro=(t["s_more_actions"].format(n=num.count(len(actions) - TOP_ACTIONS))
                            if len(actions) > TOP_ACTIONS else ""),
        actions_intro=actions_intro, change=change,
        method=_method(ctx, [q], profile.dates, overview.disagreement, profile.respondents), problems=_problems(ctx),
        charts=charts)


def _layers(ctx: Context, q: Questionnaire, layers: Sequence[EifLayer]) -> tuple[LayerView, ...]:
    return tuple(LayerView(layer.layer, ctx.label("eif", layer.layer), ctx.num.score(layer.score), len(layer.factors),
                           ctx.num.join([q.factors[fid].title.get(ctx.lang) for fid in layer.factors]),
                           text_bar(layer.score)) for layer in layers)


def _relationship(ctx: Context, q: Questionnaire, profile: AgencyProfile, overview: Overview,
                  available: bool) -> RelationshipView:
    num, t = ctx.num, ctx.t
    rel = profile.relationship
    determinants = []
    for f in q.factors.values():
        if not f.determinant:
            continue
        score = profile.factors[f.id].score
        direction = ("unscored" if score is None else "push" if score < MIDPOINT else "pull" if score > MIDPOINT
                     else "none")
        determinants.append(DeterminantView(f.id, f.title.get(ctx.lang), num.score(score), direction,
                                            num.signed(None if score is None else score - MIDPOINT),
                                            _push_pull_bar(score)))
    labels = {n.id: n.label for n in overview.network.nodes}
    edges = {(e.source, e.target): e for e in overview.network.edges}
    partners, asymmetric = [], []
    mutual = 0  # partners that described their tie with this agency too
    for e in overview.network.edges:
        if e.source != profile.key:
            continue
        partner = labels.get(e.target, e.target)
        partners.append(_tie_view(ctx, e, partner))
        back = edges.get((e.target, e.source))
        mutual += back is not None
        if e.asymmetric and back is not None:
            asymmetric.append(AsymmetryView(
                partner, e.status or "", ctx.label("status_title", e.status), num.signed(e.net), back.status or "",
                ctx.label("status_title", back.status), num.signed(back.net),
                t["s_asymmetric"].format(agency=profile.agency, partner=partner,
                                         our_status=ctx.label("status_title", e.status), our_net=num.signed(e.net),
                                         their_status=ctx.label("status_title", back.status),
                                         their_net=num.signed(back.net))))
    total = (t["s_pushpull_total"].format(pull=num.score(rel.pull), push=num.score(rel.push), net=num.signed(rel.net),
                                          status=ctx.label("status_title", rel.status))
             if rel.status else t["s_relationship_none"])
    note = (t["s_pushpull_note"].format(pull=num.score(rel.pull), push=num.score(rel.push))
            if available and rel.status and profile.respondents > 1 else "")
    return RelationshipView(available, rel.status or "", ctx.label("status_title", rel.status),
                            num.score(rel.pull), num.score(rel.push), num.signed(rel.net), total, note,
                            tuple(determinants), tuple(partners), tuple(asymmetric),
                            t["s_no_asymmetric"] if mutual else t["s_no_mutual"])


def _tie_view(ctx: Context, e: Edge, partner: str) -> TieView:
    num = ctx.num
    return TieView(partner, ctx.hrefs.get(e.target, ""), e.tie or "", ctx.label("tie", e.tie), e.status or "",
                   ctx.label("status_title", e.status), num.signed(e.net), num.score(e.pull), num.score(e.push),
                   e.respondents, e.asymmetric)


def _push_pull_bar(score: float | None, half: int = 10) -> str:
    if score is None:
        return " " * half + "\u2502" + " " * half
    cells = int(abs(score - MIDPOINT) / (MIDPOINT / half) + 0.5)
    cells = min(half, cells)
    if score < MIDPOINT:
        return " " * (half - cells) + "\u2588" * cells + "\u2502" + " " * half
    return " " * half + "\u2502" + "\u2588" * cells + " " * (half - cells)


def _disagreement(ctx: Context, q: Questionnaire, profile: AgencyProfile, overview: Overview,
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


def _actions(ctx: Context, plan: ActionPlan, views: Mapping[str, FactorView]) -> tuple[tuple[ActionView, ...], str]:
    """The action plan's recommendations, numbered, most urgent first, and the sentence introducing them."""
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
            _cite(ctx, rec.source)))
    return tuple(actions), t["s_actions_intro" if plan.basis == "barriers" else "s_actions_intro_none"]


def _agency_change(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> AgencyChangeView | None:
    if ctx.comparison is None:
        return None
    match = next((a for a in ctx.comparison.agencies
                  if a.key == profile.key and a.questionnaire == profile.questionnaire), None)
    if match is None:
        return None
    sections = {s.id: s.title.get(ctx.lang) for s in q.sections}
    items = {c.id: _change_item(ctx, c.id, sections.get(c.id, c.id), c) for c in match.changes
             if c.level in ("overall", "section")}
    overall = items.pop("overall")
    became = tuple(q.factors[f].title.get(ctx.lang) for f in match.became_barriers)
    stopped = tuple(q.factors[f].title.get(ctx.lang) for f in match.stopped_barriers)
    return AgencyChangeView(overall, tuple(items.values()), became, stopped, _joined(ctx, became),
                            _joined(ctx, stopped), match.old_respondents, match.new_respondents)


def _joined(ctx: Context, parts: Sequence[str]) -> str:
    return ctx.num.join(list(parts)) if parts else ctx.t["none"]


def _percent(num: Numbers, score: float | None) -> str:
    """The score as a CSS width, ``0`` to ``100``, rounded like the score it stands for."""
    return "0" if score is None else num.score(min(100.0, max(0.0, score)))


def _change_item(ctx: Context, id_: str, title: str, c: Change) -> ChangeItem:
    num = ctx.num
    return ChangeItem(id_, title if id_ != "overall" else ctx.t["overall_readiness"], num.score(c.old),
                      num.score(c.new), num.signed(c.delta), c.trend or "", ctx.label("trend", c.trend))


# --- charts ----------------------------------------------------------------------------------------

def _agency_charts(ctx: Context, sections: Sequence[SectionView], q: Questionnaire, profile: AgencyProfile,
                   groups: Sequence[FactorGroup], layers: Sequence[LayerView], eif: Sequence[EifLayer],
                   relationship: RelationshipView) -> AgencyCharts:
    t, num = ctx.t, ctx.num
    uid = "c"
    if ctx.format == "md":
        return AgencyCharts(
            Safe(_md_bars([(s.title, s.bar, s.score, s.range) for s in sections])),
            Safe(_md_factor_chart(ctx, groups)),
            Safe(_md_bars([(lv.label, lv.bar, lv.score, "") for lv in layers])) if layers else Safe(""),
            Safe(_md_push_pull(ctx, relationship)) if relationship.available else Safe(""))
    sec_rows = []
    for s in q.sections:
        st = profile.sections.get(s.id)
        sc = st.score if st else None
        low, high = (st.low, st.high) if st else (None, None)
        sec_rows.append(svg.BarRow(s.title.get(ctx.lang), sc, low, high, _kind(sc),
                                   num.score(sc) + num.paren(num.range(low, high))))
    sections_svg = svg.bar_chart(sec_rows, f"{uid}-sec", t["chart_sections_title"],
                                 _desc(ctx, t["chart_sections_desc"], [(r.label, r.value) for r in sec_rows]),
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
                                _desc(ctx, t["chart_factors_desc"], desc),
                                [t["legend_score"], t["legend_range"], t["legend_spread"], t["legend_barrier"],
                                 t["legend_enabler"], t["legend_neutral"]], colon=num.colon)
    eif_svg = ""
    if layers:
        eif_rows = [svg.BarRow(lv.label, layer.score, None, None, _kind(layer.score), lv.score)
                    for lv, layer in zip(layers, eif, strict=True)]
        eif_svg = svg.bar_chart(eif_rows, f"{uid}-eif", t["chart_eif_title"],
                                _desc(ctx, t["chart_eif_desc"], [(r.label, r.value) for r in eif_rows]),
                                colon=num.colon)
    pp_svg = ""
    if relationship.available:
        pp_rows = []
        for d in relationship.determinants:
            score = profile.factors[d.id].score
            pp_rows.append(svg.PushPullRow(d.title, score, d.score + num.paren(d.amount)))
        pp_svg = svg.push_pull_chart(pp_rows, f"{uid}-pp", t["chart_pushpull_title"],
                                     _desc(ctx, t["chart_pushpull_desc"], [(r.label, r.value) for r in pp_rows]),
                                     t["axis_push"], t["axis_pull"], colon=num.colon)
    return AgencyCharts(Safe(sections_svg), Safe(factors_svg), Safe(eif_svg), Safe(pp_svg))


def _desc(ctx: Context, intro: str, pairs: Sequence[tuple[str, str]]) -> str:
    """A chart's description: what it shows, then every label with its value, in the language's punctuation."""
    return intro + ("" if ctx.lang == "zh" else " ") + _describe(ctx, pairs)


def _describe(ctx: Context, pairs: Sequence[tuple[str, str]]) -> str:
    return ctx.num.clauses([ctx.num.labelled(label, value) for label, value in pairs])


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Terminal columns of ``text`` (wide CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """``text`` cut with an ellipsis or padded with spaces to ``width`` columns."""
    text = _fence_safe(text)
    if display_width(text) > width:
        out = ""
        for ch in text:
            if display_width(out + ch) > width - 1:
                break
            out += ch
        text = out + "\u2026"
    return text + " " * (width - display_width(text))


def _fence_safe(text: str) -> str:
    """Text for inside a fenced code block: one line, and no backtick that could close the fence."""
    return " ".join(text.split()).replace("`", "\u02cb")


def _md_bars(rows: Sequence[tuple[str, str, str, str]]) -> str:
    width = min(42, max([display_width(r[0]) for r in rows] + [8]))
    lines = [" " * (width + 2) + _scale_line()]
    for label, bar, score, rng in rows:
        line = f"{_pad(label, width)}  {bar} {score:>5}"
        if rng:
            line += f"  {_fence_safe(rng)}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def _scale_line() -> str:
    return "0" + " " * 8 + "50" + " " * 7 + "100"


def _md_factor_chart(ctx: Context, groups: Sequence[FactorGroup]) -> str:
    t = ctx.t
    rows = [f for g in groups for f in g.factors]
    width = min(42, max([display_width(f.title) for f in rows] + [8]))
    marks = {"barrier": "\u25bc", "enabler": "\u25b2", "neutral": "\u25c6", "unscored": " "}
    head = f"{' ' * (width + 5)}{_scale_line()}  {_pad(t['score'], 6)} {_pad(t['range'], 13)}{t['spread_short']}"
    lines = [head.rstrip()]
    for g in groups:
        lines.append(_fence_safe(g.section.title))
        for f in g.factors:
            line = (f"  {_pad(f.title, width)} {marks[f.kind]} {f.bar} {f.score:>5}  "
                    f"{_pad(f.range, 12)} {f.spread if f.n > 1 else ''}")
            lines.append(line.rstrip())
    lines.append("")
    num = ctx.num
    lines.append(f"\u25bc {t['legend_barrier']}   \u25b2 {t['legend_enabler']}   \u25c6 {t['legend_neutral']}")
    lines.append(f"{num.labelled(t['range'], t['legend_range_col'])}   "
                 f"{num.labelled(t['spread_short'], t['legend_spread'])}")
    return "\n".join(lines)


def _md_push_pull(ctx: Context, rel: RelationshipView) -> str:
    t = ctx.t
    width = min(42, max([display_width(d.title) for d in rel.determinants] + [8]))
    push, pull = t["axis_push"], t["axis_pull"]
    head = " " * max(0, width + 2 + 10 - display_width(push)) + push + "\u2502" + pull
    lines = [head]
    for d in rel.determinants:
        lines.append(f"{_pad(d.title, width)}  {d.bar} {d.score:>5}  {d.amount}".rstrip())
    return "\n".join(lines)


# --- overview --------------------------------------------------------------------------------------

def build_overview(ctx: Context, overview: Overview, links: Mapping[tuple[str, str], str]) -> OverviewReport:
    """The view model of the overview; ``links`` maps (questionnaire, agency key) to the agency's report file.

    Scores of different questionnaires are never ranked or mapped together: there is a ranking and a heat map
    per questionnaire, in the order the questionnaires first appear among the agencies.
    """
    t, num, lang = ctx.t, ctx.num, ctx.lang
    qids = list(dict.fromkeys(p.questionnaire for p in overview.profiles))
    questionnaires = [ctx.lookup(qid) for qid in qids]
    several = len(qids) > 1
    ordered = overview.ranking()
    rankings = tuple(RankingView(_questionnaire(ctx, q), tuple(
        _agency_row(ctx, rank, p, links) for rank, p in enumerate([p for p in ordered if p.questionnaire == q.id], 1)))
        for q in questionnaires)
    heatmaps = tuple(_heatmap(ctx, q, [p for p in overview.profiles if p.questionnaire == q.id], links)
                     for q in questionnaires)
    systemic = _systemic(ctx, overview, qids)
    network = _network(ctx, overview)
    change = _comparison(ctx, links)
    titles = {q.id: q.title.get(lang) for q in questionnaires}
    reports = tuple(AgencyLink(i, p.agency, links.get((p.questionnaire, p.key), ""),
                               f"{p.agency} \u00b7 {titles[p.questionnaire]}" if several else p.agency)
                    for i, p in enumerate(overview.profiles, 1))
    respondents = sum(p.respondents for p in overview.profiles)
    agencies = len({_folded(p.agency) for p in overview.profiles})  # one agency may answer several questionnaires
    dates = sorted({d for p in overview.profiles for d in p.dates})
    if not questionnaires:
        raise ValueError("an overview needs at least one agency")
    method = _method(ctx, questionnaires, dates, overview.disagreement, respondents)
    if several:
        intro = t["s_agencies_intro_multi"].format(agencies=num.count(agencies), questionnaires=num.count(len(qids)),
                                                   respondents=num.count(respondents))
    else:
        intro = t["s_agencies_intro"].format(agencies=num.count(agencies), respondents=num.count(respondents))
    return OverviewReport(
        format=ctx.format, lang=lang, html_lang=_html_lang(lang), t=t, title=ctx.title or t["default_title"],
        kind=t["overview_kind"], kicker=t["overview_kind"], generated=_generated(ctx, questionnaires), intro=intro,
        agencies=agencies, respondents=respondents, rankings=rankings,
        ranking=tuple(row for r in rankings for row in r.rows), show_questionnaire=several, heatmaps=heatmaps,
        heatmap_intro=t["s_heatmap_intro"], systemic=systemic, systemic_intro=t["s_systemic_intro"],
        no_systemic=t["s_no_systemic"], network=network, change=change, reports=reports, method=method,
        problems=_problems(ctx))


def _folded(name: str) -> str:
    """An agency name folded for case, width and white space, to count agencies across questionnaires."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _agency_row(ctx: Context, rank: int, p: AgencyProfile, links: Mapping[tuple[str, str], str]) -> AgencyRow:
    num, lang = ctx.num, ctx.lang
    return AgencyRow(
        rank, p.agency, links.get((p.questionnaire, p.key), ""), p.questionnaire, num.score(p.overall.score),
        p.band.label.get(lang) if p.band else "", p.band.id if p.band else "",
        num.range(p.overall.low, p.overall.high), num.percent(p.overall.coverage), p.respondents,
        p.relationship.status or "", ctx.label("status_title", p.relationship.status), num.signed(p.relationship.net),
        len(p.barriers), text_bar(p.overall.score), _percent(num, p.overall.score))


def _heatmap(ctx: Context, q: Questionnaire, profiles: Sequence[AgencyProfile],
             links: Mapping[tuple[str, str], str]) -> HeatMap:
    num = ctx.num
    agencies = tuple(AgencyLink(i, p.agency, links.get((p.questionnaire, p.key), ""), p.agency)
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
    return HeatMap(_questionnaire(ctx, q), agencies, tuple(sections))


def _systemic(ctx: Context, overview: Overview, qids: Sequence[str]) -> tuple[SystemicRow, ...]:
    found: list[tuple[float, float, int, SystemicRow]] = []
    for fid in overview.systemic_barriers:
        for qid in qids:
            q = ctx.lookup(qid)
            if fid not in q.factors:
                continue
            scores = [p.factors[fid].score for p in overview.profiles
                      if p.questionnaire == qid and fid in p.factors and p.factors[fid].score is not None]
            if not scores:
                continue
            below = sum(1 for s in scores if s is not None and s < MIDPOINT)
            if below * 2 < len(scores):
                continue
            mean = sum(s for s in scores if s is not None) / len(scores)
            count = ctx.t["s_agencies_count"].format(n=ctx.num.count(below), total=ctx.num.count(len(scores)))
            f = q.factors[fid]
            row = SystemicRow(fid, f.title.get(ctx.lang), qid, count, below, len(scores), ctx.num.score(mean),
                              _cite(ctx, f.source))
            found.append((-below / len(scores), mean, len(found), row))
    found.sort(key=lambda e: e[:3])
    return tuple(e[3] for e in found)


def _network(ctx: Context, overview: Overview) -> NetworkView:
    t, num = ctx.t, ctx.num
    numbers = {n.id: i for i, n in enumerate(overview.network.nodes, 1)}
    labels = {n.id: n.label for n in overview.network.nodes}
    nodes = tuple(NodeView(numbers[n.id], n.label, ctx.hrefs.get(n.id, ""), n.assessed)
                  for n in overview.network.nodes)
    edges = tuple(EdgeView(labels.get(e.source, e.source), labels.get(e.target, e.target), e.tie or "",
                           ctx.label("tie", e.tie), e.status or "", ctx.label("status_title", e.status),
                           num.signed(e.net), e.respondents, e.asymmetric) for e in overview.network.edges)
    legend = {"symbiosis": ctx.label("status_title", "symbiosis"), "balanced": ctx.label("status_title", "balanced"),
              "tension": ctx.label("status_title", "tension"), "vertical": t["vertical_tie"],
              "horizontal": t["horizontal_tie"], "unknown": t["unknown_tie"], "assessed": t["assessed"],
              "not_assessed": t["not_assessed"]}
    legend_text = num.join(list(legend.values()))
    if not overview.network.edges:
        return NetworkView(nodes, edges, Safe(""), legend_text)
    if ctx.format == "md":
        chart = _mermaid(ctx, overview)
    else:
        net_nodes = [svg.NetNode(n.id, n.label, numbers[n.id], n.assessed) for n in overview.network.nodes]
        sep = "，" if ctx.lang == "zh" else ", "
        net_edges = [svg.NetEdge(e.source, e.target, e.tie, e.status, num.signed(e.net), num.labelled(
                                 f"{labels.get(e.source, e.source)} \u2192 {labels.get(e.target, e.target)}",
                                 f"{ctx.label('status_title', e.status)}{sep}{t['net']} {num.signed(e.net)}"))
                     for e in overview.network.edges]
        desc = _desc(ctx, t["chart_network_desc"], [
            (f"{ev.source} \u2192 {ev.target}",
             f"{ev.status_label}{num.paren(ev.tie_label) if ev.tie_label else ''}{sep}{t['net']} {ev.net}")
            for ev in edges])
        chart = svg.network_chart(net_nodes, net_edges, "c-net", t["chart_network_title"], desc, legend)
    return NetworkView(nodes, edges, Safe(chart), legend_text)


def _mermaid_text(text: str) -> str:
    """A label for inside a quoted Mermaid string: entity codes for anything that could end it."""
    text = " ".join(text.split())
    out = []
    for ch in text:
        if ch in '"#<>`|%&;\\[]{}()':
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def _mermaid(ctx: Context, overview: Overview) -> str:
    lines = ["flowchart LR"]
    ids = {n.id: f"n{i}" for i, n in enumerate(overview.network.nodes, 1)}
    for n in overview.network.nodes:
        label = _mermaid_text(n.label)
        lines.append(f'  {ids[n.id]}["{label}"]' if n.assessed else f'  {ids[n.id]}(["{label}"])')
    styles = []
    for i, e in enumerate(overview.network.edges):
        arrow = {"vertical": "==>", "horizontal": "-.->"}.get(e.tie or "", "-->")
        label = _mermaid_text(f"{ctx.label('status_title', e.status)} {ctx.num.signed(e.net)}")
        lines.append(f'  {ids[e.source]} {arrow}|"{label}"| {ids[e.target]}')
        colour = svg.STATUS_COLOURS.get(e.status, svg.STATUS_COLOURS[None])
        styles.append(f"  linkStyle {i} stroke:{colour},color:{colour}")
    lines += styles
    lines += ["  classDef partner fill:#ffffff,stroke:#24435f",
              "  classDef agency fill:#24435f,color:#ffffff,stroke:#24435f"]
    assessed = [ids[n.id] for n in overview.network.nodes if n.assessed]
    others = [ids[n.id] for n in overview.network.nodes if not n.assessed]
    if assessed:
        lines.append(f"  class {','.join(assessed)} agency")
    if others:
        lines.append(f"  class {','.join(others)} partner")
    return "\n".join(lines)


def _comparison(ctx: Context, links: Mapping[tuple[str, str], str]) -> ComparisonView | None:
    cmp = ctx.comparison
    if cmp is None:
        return None
    num = ctx.num
    rows = []
    for a in cmp.agencies:
        q = ctx.lookup(a.questionnaire)
        overall = next(c for c in a.changes if c.level == "overall")
        became = tuple(q.factors[f].title.get(ctx.lang) for f in a.became_barriers)
        stopped = tuple(q.factors[f].title.get(ctx.lang) for f in a.stopped_barriers)
        rows.append(ChangeRow(a.agency, links.get((a.questionnaire, a.key), ""), num.score(overall.old),
                              num.score(overall.new), num.signed(overall.delta), overall.trend or "",
                              ctx.label("trend", overall.trend), became, stopped, _joined(ctx, became),
                              _joined(ctx, stopped)))
    return ComparisonView(ctx.t["s_change_intro"], tuple(rows), cmp.only_old, cmp.only_new,
                          _joined(ctx, cmp.only_old), _joined(ctx, cmp.only_new))

