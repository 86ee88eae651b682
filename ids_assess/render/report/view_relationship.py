"""The view model of "The relationship with partner agencies": push and pull of the determinants, the
ties with named partners, and asymmetric perceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render.report.view_common import Context, display_width, pad, same_questionnaire

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Edge, Overview


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


def relationship_view(ctx: Context, q: Questionnaire, profile: AgencyProfile, overview: Overview,
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
    ours = [e for e in overview.network.edges if same_questionnaire(e, profile.questionnaire, profile.version)]
    edges = {(e.source, e.target): e for e in ours}
    partners, asymmetric = [], []
    mutual = 0  # partners that described their tie with this agency too
    for e in ours:
        if e.source != profile.key:
            continue
        partner = labels.get(e.target, e.target)
        partners.append(_tie_view(ctx, e, partner, profile.ref))
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


def _tie_view(ctx: Context, e: Edge, partner: str, ref: str) -> TieView:
    num = ctx.num
    return TieView(partner, ctx.href(e.target, ref), e.tie or "", ctx.label("tie", e.tie), e.status or "",
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


def md_push_pull(ctx: Context, rel: RelationshipView) -> str:
    t = ctx.t
    width = min(42, max([display_width(d.title) for d in rel.determinants] + [8]))
    push, pull = t["axis_push"], t["axis_pull"]
    head = " " * max(0, width + 2 + 10 - display_width(push)) + push + "\u2502" + pull
    lines = [head]
    for d in rel.determinants:
        lines.append(f"{pad(d.title, width)}  {d.bar} {d.score:>5}  {d.amount}".rstrip())
    return "\n".join(lines)
