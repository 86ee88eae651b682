"""The view model of the overview's city-wide pieces: the action plan for the systemic barriers (who must act:
each agency, pairs of agencies, or the higher level) and its three actions to take first, which open the
overview; the ranking's change since the baseline; and the agency x agency matrix of relationship status that
replaces the network diagram for large networks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.profiles import versioned
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render.report.view_actions import actor_of, horizon_label, horizon_of
from ids_assess.render.report.view_common import Cite, Context, cite, city_edges, same_questionnaire

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Overview

#: With more agencies than this, the overview shows the relationship matrix instead of the node diagram.
MATRIX_FROM = 12
#: The overview opens with the first action of each of this many systemic barriers (in their order).
TOP_CITY = 3


@dataclass(frozen=True)
class CityAction:
    number: int
    text: str
    factor_id: str
    factor_title: str
    questionnaire: str
    actor: str  # "agency" (each agency on its own), "with_partner" (pairs), "higher_level"
    actor_label: str
    who: str  # "Each agency: A, B and C", "Pairs: A – B", "The higher level (for A, B)"
    agencies: tuple[str, ...]  # the agencies where the factor is a barrier
    horizon: str
    horizon_label: str
    source: Cite
    owner: str = ""
    due: str = ""
    status: str = ""
    barrier_text: str = ""  # "Feedback and recognition (a barrier in 6 of 7 agencies)"


@dataclass(frozen=True)
class CityGroup:
    """The actions of one systemic barrier, with the agencies where it is a barrier (named once)."""

    factor_id: str
    factor_title: str
    questionnaire: str
    agencies: tuple[str, ...]
    agencies_text: str  # "Barrier in: A, B, C"
    actions: tuple[CityAction, ...]


@dataclass(frozen=True)
class CityPlanView:
    intro: str
    none: str
    actions: tuple[CityAction, ...]
    groups: tuple[CityGroup, ...] = ()  # the same actions, by systemic barrier
    top: tuple[CityAction, ...] = ()  # the first action of each of the three first systemic barriers
    top_more: str = ""  # where the whole plan is


@dataclass(frozen=True)
class MatrixCell:
    status: str
    status_label: str
    net: str
    text: str  # "Tension −12.0", or "" where the row agency did not describe a tie with the column agency


@dataclass(frozen=True)
class MatrixRow:
    number: int
    agency: str
    href: str
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class MatrixView:
    intro: str
    numbers: tuple[int, ...]  # the column heads: the agencies' numbers (the rows carry the names)
    rows: tuple[MatrixRow, ...]


def city_plan(ctx: Context, overview: Overview, systemic: Sequence[tuple[str, str]]) -> CityPlanView:
    """The recommendations of the systemic barriers (``(id@version, factor)`` pairs, in their order)."""
    t, num = ctx.t, ctx.num
    labels = {n.id: n.label for n in overview.network.nodes}
    out: list[CityAction] = []
    groups: list[CityGroup] = []
    several_versions = versioned(overview.profiles)
    for ref, fid in systemic:
        first = len(out)
        q = ctx.lookup(ref)
        qid = q.id
        f = q.factors[fid]
        # one questionnaire in two versions: which version's barrier (its title may be the same in both)
        title = f"{f.title.get(ctx.lang)} \u00b7 {qid} {q.version}" if qid in several_versions \
            else f.title.get(ctx.lang)
        where = [p for p in overview.profiles if p.ref == ref and fid in p.factors
                 and p.factors[fid].score is not None and (p.factors[fid].score or 0.0) < MIDPOINT]
        names = tuple(p.agency for p in where)
        assessed = sum(1 for p in overview.profiles if p.ref == ref and fid in p.factors
                       and p.factors[fid].score is not None)
        barrier_text = t["city_top_barrier"].format(factor=title, n=num.count(len(names)),
                                                    total=num.count(assessed))
        keys = {p.key for p in where}
        pairs = sorted({tuple(sorted((labels.get(e.source, e.source), labels.get(e.target, e.target))))
                        for e in overview.network.edges
                        if e.source in keys and e.target in keys and e.source != e.target
                        and same_questionnaire(e, qid, q.version)})
        for rec in f.recommendations:
            actor = actor_of(rec)
            joined = num.join(list(names))
            if actor == "higher_level":
                who = t["city_higher_level"].format(agencies=joined)
            elif actor == "with_partner":
                who = (t["city_pairs"].format(pairs=num.join([f"{a} \u2013 {b}" for a, b in pairs])) if pairs
                       else t["city_pairs_none"].format(agencies=joined))
            else:
                who = t["city_each_agency"].format(agencies=joined)
            horizon = horizon_of(rec)
            out.append(CityAction(len(out) + 1, rec.text.get(ctx.lang), fid, title, qid, actor,
                                  t[f"city_actor_{actor}"], who, names, horizon, horizon_label(ctx, horizon),
                                  cite(ctx, rec.source), barrier_text=barrier_text))
        groups.append(CityGroup(fid, title, qid, names,
                                t["city_barrier_in"].format(agencies=num.join(list(names))), tuple(out[first:])))
    top = tuple(g.actions[0] for g in groups if g.actions)[:TOP_CITY]
    return CityPlanView(t["s_city_plan_intro"], t["s_no_city_plan"], tuple(out), tuple(groups), top,
                        t["s_city_top_more"])


def matrix_view(ctx: Context, overview: Overview) -> MatrixView | None:
    """The agency x agency matrix of relationship status, for networks of more than MATRIX_FROM agencies."""
    nodes = overview.network.nodes
    if len(nodes) <= MATRIX_FROM or not overview.network.edges:  # (the same edges as city_edges' or none)
        return None
    num = ctx.num
    edges = {(e.source, e.target): e for e in city_edges(overview)}
    rows = []
    for i, a in enumerate(nodes, 1):
        cells = []
        for b in nodes:
            e = edges.get((a.id, b.id))
            if e is None:
                cells.append(MatrixCell("", "", "", ""))
                continue
            label = ctx.label("status_title", e.status)
            cells.append(MatrixCell(e.status or "", label, num.signed(e.net), f"{label} {num.signed(e.net)}".strip()))
        rows.append(MatrixRow(i, a.label, ctx.hrefs.get(a.id, ""), tuple(cells)))
    return MatrixView(ctx.t["s_matrix_intro"].format(n=MATRIX_FROM), tuple(range(1, len(nodes) + 1)), tuple(rows))
