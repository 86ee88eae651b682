"""The relationship network as JSON, Graphviz DOT and Mermaid text: the only DOT and Mermaid writer (the
Markdown overview report draws its network with :func:`to_mermaid` too). Colours are ``vocab.STATUS_COLOURS``."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from ids_assess.core.aggregate import Edge, Network, Overview
from ids_assess.core.safetext import clean
from ids_assess.core.vocab import STATUS_COLOURS
from ids_assess.render.agencies import network_dict
from ids_assess.render.jsontext import escape_bidi
from ids_assess.render.numbers import r2


def to_json(overview: Overview) -> str:
    return escape_bidi(json.dumps(network_dict(overview), ensure_ascii=False, indent=2)) + "\n"


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


def _plain_label(e: Edge) -> str:
    """An edge's label in English: its status, net balance and whether it is asymmetric."""
    return _edge_label(e.net, e.status, e.asymmetric)


def to_dot(network: Network, label: Callable[[Edge], str] = _plain_label) -> str:
    """Graphviz DOT: edges coloured by status; vertical ties solid, horizontal ties dashed. ``label`` gives an
    edge's text (default: its status, net and whether it is asymmetric, in English); it is quoted here."""
    lines = ["digraph ids_network {", "  rankdir=LR;", '  node [shape=box, style="rounded"];']
    for node in network.nodes:
        style = "" if node.assessed else ", style=\"rounded,dotted\""
        lines.append(f"  {_dot_str(node.id)} [label={_dot_str(node.label)}{style}];")
    for e in network.edges:
        style = "dashed" if e.tie == "horizontal" else "solid" if e.tie == "vertical" else "dotted"
        width = ", penwidth=2.5" if e.asymmetric else ""
        text = _dot_str(label(e))
        lines.append(f"  {_dot_str(e.source)} -> {_dot_str(e.target)} [label={text}, "
                     f"color={_dot_str(STATUS_COLOURS.get(e.status, STATUS_COLOURS[None]))}, style={style}{width}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


#: The arrow of each tie, as the reports' legend describes them: thick for vertical, dotted for horizontal;
#: a plain ``-->`` is a tie not stated.
MERMAID_ARROWS: Mapping[str, str] = {"vertical": "==>", "horizontal": "-.->"}
_MERMAID_SPECIAL = frozenset('"#<>`|%&;\\[]{}()')


def mermaid_text(text: str) -> str:
    """A label for inside a quoted Mermaid string: one line, control characters shown, and entity codes
    (``#34;``) for anything that could end the string or be read as markup."""
    text = clean(" ".join(text.split()))
    return "".join(f"#{ord(ch)};" if ch in _MERMAID_SPECIAL else ch for ch in text)


def to_mermaid(network: Network, label: Callable[[Edge], str] = _plain_label) -> str:
    """Mermaid flowchart, the only one written (``network --format mermaid`` and the Markdown overview):
    ``==>`` vertical ties, ``-.->`` horizontal ties, ``-->`` ties not stated; edges coloured by status;
    assessed agencies filled, named partners that were not assessed in rounded boxes. ``label`` gives an
    edge's text (default: its status, net and whether it is asymmetric, in English)."""
    lines = ["flowchart LR"]
    ids = {n.id: f"n{i}" for i, n in enumerate(network.nodes, 1)}
    for n in network.nodes:
        text = mermaid_text(n.label)
        lines.append(f'  {ids[n.id]}["{text}"]' if n.assessed else f'  {ids[n.id]}(["{text}"])')
    styles = []
    for i, e in enumerate(network.edges):
        arrow = MERMAID_ARROWS.get(e.tie or "", "-->")
        lines.append(f'  {ids[e.source]} {arrow}|"{mermaid_text(label(e))}"| {ids[e.target]}')
        colour = STATUS_COLOURS.get(e.status, STATUS_COLOURS[None])
        styles.append(f"  linkStyle {i} stroke:{colour},color:{colour}")
    lines += styles
    lines += ["  classDef partner fill:#ffffff,stroke:#24435f",
              "  classDef agency fill:#24435f,color:#ffffff,stroke:#24435f"]
    assessed = [ids[n.id] for n in network.nodes if n.assessed]
    others = [ids[n.id] for n in network.nodes if not n.assessed]
    if assessed:
        lines.append(f"  class {','.join(assessed)} agency")
    if others:
        lines.append(f"  class {','.join(others)} partner")
    return "\n".join(lines) + "\n"
