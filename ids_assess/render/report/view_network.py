"""The view model of the overview's relationship network: nodes, ties, and the chart (inline SVG in HTML,
the Mermaid flowchart of :mod:`ids_assess.render.network` in Markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ids_assess.render import svg
from ids_assess.render.network import to_mermaid
from ids_assess.render.report.view_city import MatrixView, matrix_view
from ids_assess.render.report.view_common import Context, Safe, chart_desc, city_edges

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Edge, Overview


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
    chart: Safe  # inline SVG (HTML) or a Mermaid flowchart (Markdown); "" when the matrix stands in for it
    legend: str
    matrix: MatrixView | None = None  # more than MATRIX_FROM agencies: the agency x agency matrix instead


def network_view(ctx: Context, overview: Overview) -> NetworkView:
    t, num = ctx.t, ctx.num
    shown = city_edges(overview)
    network = overview.network if shown is overview.network.edges else replace(overview.network, edges=shown)
    numbers = {n.id: i for i, n in enumerate(overview.network.nodes, 1)}
    labels = {n.id: n.label for n in overview.network.nodes}
    nodes = tuple(NodeView(numbers[n.id], n.label, ctx.hrefs.get(n.id, ""), n.assessed)
                  for n in overview.network.nodes)
    edges = tuple(EdgeView(labels.get(e.source, e.source), labels.get(e.target, e.target), e.tie or "",
                           ctx.label("tie", e.tie), e.status or "", ctx.label("status_title", e.status),
                           num.signed(e.net), e.respondents, e.asymmetric) for e in shown)
    legend = {"symbiosis": ctx.label("status_title", "symbiosis"), "balanced": ctx.label("status_title", "balanced"),
              "tension": ctx.label("status_title", "tension"), "vertical": t["vertical_tie"],
              "horizontal": t["horizontal_tie"], "unknown": t["unknown_tie"], "assessed": t["assessed"],
              "not_assessed": t["not_assessed"]}
    legend_text = num.join(list(legend.values()))
    if not shown:
        return NetworkView(nodes, edges, Safe(""), legend_text)
    matrix = matrix_view(ctx, overview)
    if matrix is not None:
        return NetworkView(nodes, edges, Safe(""), legend_text, matrix)
    if ctx.format == "md":
        def label(e: Edge) -> str:
            return f"{ctx.label('status_title', e.status)} {ctx.num.signed(e.net)}"

        chart = to_mermaid(network, label).removesuffix("\n")
    else:
        net_nodes = [svg.NetNode(n.id, n.label, numbers[n.id], n.assessed) for n in overview.network.nodes]
        sep = "，" if ctx.lang == "zh" else ", "
        net_edges = [svg.NetEdge(e.source, e.target, e.tie, e.status, num.signed(e.net), num.labelled(
                                 f"{labels.get(e.source, e.source)} \u2192 {labels.get(e.target, e.target)}",
                                 f"{ctx.label('status_title', e.status)}{sep}{t['net']} {num.signed(e.net)}"))
                     for e in shown]
        desc = chart_desc(ctx, t["chart_network_desc"], [
            (f"{ev.source} \u2192 {ev.target}",
             f"{ev.status_label}{num.paren(ev.tie_label) if ev.tie_label else ''}{sep}{t['net']} {ev.net}")
            for ev in edges])
        chart = svg.network_chart(net_nodes, net_edges, "c-net", t["chart_network_title"], desc, legend,
                                  names=False)
    return NetworkView(nodes, edges, Safe(chart), legend_text)
