"""The view model of the readiness profile (sections, factors, EIF layers) and of "Barriers and enablers"
(each factor's weakest and strongest statement and the respondents' evidence notes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Factor, Item, Questionnaire
from ids_assess.core.plan import EifLayer
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render.report.view_common import (
    Cite,
    Context,
    cite,
    display_width,
    fence_safe,
    pad,
    scale_line,
    score_kind,
    text_bar,
)

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile


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
    in_overall: bool = True  # whether the section counts in the overall score (``Section.in_overall``)


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
    withheld: bool = False  # too few answers for a verdict (the scoring's ``withheld``/``verdict``)


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
    code: str = ""  # the respondents' anonymous codes ("R2"; "R2, R4" for a note several wrote alike)


@dataclass(frozen=True)
class FactorDetail:
    rank: int
    factor: FactorView
    worst: ItemView | None
    best: ItemView | None  # None when the factor has a single scored statement
    evidence: tuple[EvidenceView, ...]
    finding: str  # the research finding: the factor's description


def factor_view(ctx: Context, q: Questionnaire, f: Factor, profile: AgencyProfile, detailed: set[str]) -> FactorView:
    num = ctx.num
    fp = profile.factors[f.id]
    section = next(s for s in q.sections if s.id == f.section_id)
    verdict = getattr(fp, "verdict", None)  # the scoring's verdict where it has one (a neutral band around 50)
    kind = verdict if verdict in ("barrier", "enabler", "neutral") else score_kind(fp.score)
    withheld = bool(getattr(fp, "withheld", False)) or verdict == "withheld"
    return FactorView(
        id=f.id, anchor=f"f-{f.id}", title=f.title.get(ctx.lang), description=f.description.get(ctx.lang),
        section_id=section.id, section_title=section.title.get(ctx.lang), weight=num.weight(f.weight),
        kind=kind, kind_label=ctx.t["withheld"] if withheld else ctx.t[f"kind_{kind}"], score=num.score(fp.score),
        range=num.range(fp.low, fp.high),
        spread=num.range(fp.min, fp.max), sd=num.score(fp.sd), n=fp.n, coverage=num.percent(fp.coverage),
        dk_share=num.percent(fp.dk_share), disagreement=fp.disagreement,
        eif=num.join([ctx.label("eif", layer) for layer in f.eif]), source=cite(ctx, f.source),
        bar=text_bar(fp.score), detailed=f.id in detailed, withheld=withheld)


def item_views(ctx: Context, q: Questionnaire, f: Factor,
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


MAX_EVIDENCE = 2  # evidence notes quoted per factor (the notes are the answer files' own; the rest stay there)


def respondent_codes(profile: AgencyProfile) -> dict[str, str]:
    """An anonymous code per answer file of the agency: ``R1``, ``R2`` ... in the order of the files."""
    return {source: f"R{n}" for n, source in enumerate(profile.sources, 1)}


def _evidence(ctx: Context, q: Questionnaire, profile: AgencyProfile, factor_id: str) -> tuple[EvidenceView, ...]:
    """The factor's evidence notes, at most MAX_EVIDENCE; one note written alike by several respondents is
    quoted once."""
    grouped: dict[tuple[str, str, str], list[EvidenceView]] = {}
    for view in _evidence_notes(ctx, q, profile, factor_id):
        grouped.setdefault((" ".join(view.text.split()), view.item, view.rating), []).append(view)
    sep = "；" if ctx.lang == "zh" else "; "
    return tuple(EvidenceView(views[0].text, sep.join(v.who for v in views), sep.join(v.attribution for v in views),
                              views[0].item, views[0].rating, views[0].about,
                              ctx.num.join([v.code for v in views if v.code]))
                 for views in list(grouped.values())[:MAX_EVIDENCE])


def _evidence_notes(ctx: Context, q: Questionnaire, profile: AgencyProfile, factor_id: str) -> list[EvidenceView]:
    out = []
    codes = respondent_codes(profile)
    for note in profile.evidence.get(factor_id, ()):
        role = ctx.label("role", note.role or "unspecified")
        name = None if ctx.anonymous else note.respondent
        who = f"{name}{'，' if ctx.lang == 'zh' else ', '}{role}" if name else role
        role_text = who[:1].upper() + who[1:] if ctx.lang == "en" and not name else who
        code = codes.get(note.source, "")
        if code:
            role_text += ctx.num.paren(code)
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
                                                                 rating=rating), code))
    return out


def section_views(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> tuple[SectionView, ...]:
    num, lang = ctx.num, ctx.lang
    sections = []
    for s in q.sections:
        st = profile.sections.get(s.id)
        score = st.score if st else None
        band = q.band_for(score)
        sections.append(SectionView(s.id, s.title.get(lang), num.score(score),
                                    num.range(st.low if st else None, st.high if st else None),
                                    num.percent(st.coverage if st else None), band.label.get(lang) if band else "",
                                    score_kind(score), text_bar(score),
                                    bool(getattr(s, "in_overall", getattr(st, "in_overall", True)))))
    return tuple(sections)


def factor_details(ctx: Context, q: Questionnaire, profile: AgencyProfile, ids: Sequence[str],
             views: Mapping[str, FactorView]) -> tuple[FactorDetail, ...]:
    """The entries under "Barriers and enablers" of the factors ``ids``, ranked as given."""
    out = []
    for rank, fid in enumerate(ids, 1):
        f = q.factors[fid]
        worst, best = item_views(ctx, q, f, profile)
        out.append(FactorDetail(rank, views[fid], worst, best, _evidence(ctx, q, profile, fid),
                                f.description.get(ctx.lang)))
    return tuple(out)


def layer_views(ctx: Context, q: Questionnaire, layers: Sequence[EifLayer]) -> tuple[LayerView, ...]:
    return tuple(LayerView(layer.layer, ctx.label("eif", layer.layer), ctx.num.score(layer.score), len(layer.factors),
                           ctx.num.join([q.factors[fid].title.get(ctx.lang) for fid in layer.factors]),
                           text_bar(layer.score)) for layer in layers)


def md_factor_chart(ctx: Context, groups: Sequence[FactorGroup]) -> str:
    t = ctx.t
    rows = [f for g in groups for f in g.factors]
    width = min(42, max([display_width(f.title) for f in rows] + [8]))
    marks = {"barrier": "\u25bc", "enabler": "\u25b2", "neutral": "\u25c6", "unscored": " "}
    head = f"{' ' * (width + 5)}{scale_line()}  {pad(t['score'], 6)} {pad(t['range'], 13)}{t['spread_short']}"
    lines = [head.rstrip()]
    for g in groups:
        lines.append(fence_safe(g.section.title))
        for f in g.factors:
            line = (f"  {pad(f.title, width)} {marks[f.kind]} {f.bar} {f.score:>5}  "
                    f"{pad(f.range, 12)} {f.spread if f.n > 1 else ''}")
            lines.append(line.rstrip())
    lines.append("")
    num = ctx.num
    lines.append(f"\u25bc {t['legend_barrier']}   \u25b2 {t['legend_enabler']}   \u25c6 {t['legend_neutral']}")
    lines.append(f"{num.labelled(t['range'], t['legend_range_col'])}   "
                 f"{num.labelled(t['spread_short'], t['legend_spread'])}")
    return "\n".join(lines)
