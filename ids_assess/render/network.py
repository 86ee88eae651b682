"""The relationship network as JSON, Graphviz DOT and Mermaid text."""

from __future__ import annotations

import json

from ids_assess.core.aggregate import Network, Overview
from ids_assess.core.safetext import clean
from ids_assess.render.agencies import network_dict
from ids_assess.render.numbers import r2

STATUS_COLOURS = {"symbiosis": "#0072B2", "balanced": "#999999", "tension": "#D55E00", None: "#BBBBBB"}


def to_json(overview: Overview) -> str:
    return json.dumps(network_dict(overview), ensure_ascii=False, indent=2) + "\n"


def _dot_str(text: str) -> str:
    text = clean(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _edge_label(net: float | None, status: str | None, asymmetric: bool) -> str:
    parts = [status or "no score"]
    if net is not None:
        parts.append(f"net {r2(net):+g}")
    if asymmetric:
        parts.append("asymmetric")
    return ", ".join(parts)


def to_dot(network: Network) -> str:
    """Graphviz DOT: edges coloured by status; vertical ties solid, horizontal ties dashed."""
    lines = ["digraph ids_network {", "  rankdir=LR;", '  node [shape=box, style="rounded"];']
    for node in network.nodes:
        style = "" if node.assessed else ", style=\"rounded,dotted\""
        lines.append(f"  {_dot_str(node.id)} [label={_dot_str(node.label)}{style}];")
    for e in network.edges:
        style = "dashed" if e.tie == "horizontal" else "solid" if e.tie == "vertical" else "dotted"
        width = ", penwidth=2.5" if e.asymmetric else ""
        label = _dot_str(_edge_label(e.net, e.status, e.asymmetric))
        lines.append(f"  {_dot_str(e.source)} -> {_dot_str(e.target)} [label={label}, "
                     f"color={_dot_str(STATUS_COLOURS.get(e.status, '#BBBBBB'))}, style={style}{width}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return clean(text).replace('"', "#quot;").replace("\n", " ").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(network: Network) -> str:
    """Mermaid flowchart: ``-->`` vertical ties, ``-.->`` horizontal ties; edges coloured by status."""
    ids = {node.id: f"n{i}" for i, node in enumerate(network.nodes)}
    lines = ["flowchart LR"]
    for node in network.nodes:
        lines.append(f'  {ids[node.id]}["{_mermaid_text(node.label)}"]')
    for i, e in enumerate(network.edges):
        arrow = "-.->" if e.tie == "horizontal" else "-->"
        label = _mermaid_text(_edge_label(e.net, e.status, e.asymmetric))
        lines.append(f'  {ids[e.source]} {arrow}|"{label}"| {ids[e.target]}')
        colour = STATUS_COLOURS.get(e.status, "#BBBBBB")
        lines.append(f"  linkStyle {i} stroke:{colour},stroke-width:{3 if e.asymmetric else 2}px")
    return "\n".join(lines) + "\n"
