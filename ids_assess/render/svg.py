"""Inline SVG charts for the HTML reports: no scripts, no fonts, no external references.

Each function takes rows whose labels and value texts are already localised and formatted, and returns
one ``<svg>`` element as a string. Every piece of text is escaped here. Charts carry ``role="img"``, an
``aria-labelledby`` pointing at their ``<title>`` and ``<desc>``, and scale to the width of their container
(``viewBox``; font sizes are in the chart's own units). Colours are colour-blind safe (Okabe-Ito and a
blue-orange diverging scale) and meaning never rests on colour alone (markers, dashes and numbers).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import pairwise

from ids_assess.core.vocab import STATUS_COLOURS

# Okabe-Ito
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
GREY = "#707070"
INK = "#1b2733"
MUTED = "#5b6673"
RULE = "#d5d9de"
TONES = {"barrier": VERMILLION, "enabler": BLUE, "neutral": GREY, "unscored": "#a0a0a0"}
TIE_DASH = {"vertical": "", "horizontal": "7 4", None: "2 3"}

# blue-orange diverging scale: readiness 0 (orange, a barrier) .. 50 (grey) .. 100 (blue, an enabler)
_STOPS = ((0.0, (166, 72, 10)), (25.0, (240, 164, 90)), (50.0, (238, 238, 238)), (75.0, (106, 166, 214)),
          (100.0, (22, 80, 140)))

WIDTH = 720
FONT = 13
SMALL = 11
LABEL_CAP = 300.0  # the widest label column; longer labels wrap onto a second line
LINE_H = 15.0  # between the lines of a wrapped label


#: The edge labels' text, darker than the lines of their status so that 11 px text on white reaches WCAG AA
#: (4.5:1; the lines' Okabe-Ito orange and grey do not).
LABEL_INK = {"symbiosis": "#0072B2", "balanced": "#666666", "tension": "#B04E00", None: "#595959"}


def heat_colour(score: float | None) -> tuple[str, str]:
    """Background and text colour of a heat-map cell for ``score`` (grey and muted for no score)."""
    if score is None:
        return "#ffffff", MUTED
    s = min(100.0, max(0.0, score))
    for (x0, c0), (x1, c1) in pairwise(_STOPS):
        if s <= x1:
            f = (s - x0) / (x1 - x0)
            rgb = tuple(round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
            break
    lum = luminance(rgb)
    # the text colour of the two with the higher contrast: never under 4.58:1 (WCAG AA asks 4.5:1)
    return "#{:02x}{:02x}{:02x}".format(*rgb), ("#ffffff" if 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05
                                                 else "#000000")


def luminance(rgb: Sequence[int]) -> float:
    """The WCAG relative luminance of an sRGB colour."""
    return 0.2126 * _lin(rgb[0]) + 0.7152 * _lin(rgb[1]) + 0.0722 * _lin(rgb[2])


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = (luminance([int(c[i:i + 2], 16) for i in (1, 3, 5)]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _lin(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=8192)  # the same labels are measured in every report
def text_width(text: str, size: float = FONT) -> float:
    """An estimate of the rendered width of ``text`` in a sans-serif font (wide CJK characters count 1 em)."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch.isdigit() or ch in "\u2013\u2212+~\uff5e":
            width += 0.64
        elif ch in "il.,:;'|!()[] ":
            width += 0.32
        elif ch.isupper() or ch in "mwMW":
            width += 0.68
        else:
            width += 0.54
    return width * size


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text``, cut with an ellipsis to fit ``width``."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "\u2026", size) > width:
            break
        out += ch
    return out.rstrip() + "\u2026"


def wrap(text: str, width: float, size: float = FONT, lines: int = 2) -> list[str]:
    """``text`` broken into at most ``lines`` lines that fit ``width`` (at spaces, or anywhere in CJK text)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current}{joiner}{word}" if current else word
        if text_width(candidate, size) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = joiner.join([current, *words[i + 1:]])
            break
    out.append(current)
    return [fit(line, width, size) for line in out[:lines]]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _f(x: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _label_width(labels: Sequence[str], least: float, pad: float) -> float:
    """The width of a chart's label column: the widest label plus ``pad``, at most LABEL_CAP."""
    return min(LABEL_CAP, max([text_width(label) for label in labels] + [least]) + pad)


def _label_text(x: float, cy: float, lines: Sequence[str]) -> str:
    """A right-aligned label of one or two lines, centred on ``cy``."""
    first = cy + 4 - LINE_H * (len(lines) - 1) / 2
    if len(lines) == 1:
        return f'<text x="{_f(x)}" y="{_f(first)}" text-anchor="end">{_e(lines[0])}</text>'
    spans = "".join(f'<tspan x="{_f(x)}" dy="{0 if i == 0 else _f(LINE_H)}">{_e(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{_f(x)}" y="{_f(first)}" text-anchor="end">{spans}</text>'


def _open(uid: str, height: float, title: str, desc: str, width: float = WIDTH) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" font-size="{FONT}" fill="{INK}">',
        f'<title id="{uid}-t">{_e(title)}</title>',
        f'<desc id="{uid}-d">{_e(desc)}</desc>',
    ]


def _axis(x: Callable[[float], float], top: float, bottom: float,
          ticks: Sequence[float] = (0, 25, 50, 75, 100)) -> list[str]:
    out = ['<g class="axis" aria-hidden="true">']
    for t in ticks:
        xx = x(t)
        mid = t == 50
        stroke = "#8a939c" if mid else RULE
        dash = ' stroke-dasharray="4 3"' if mid else ""
        out.append(f'<line x1="{_f(xx)}" y1="{_f(top)}" x2="{_f(xx)}" y2="{_f(bottom)}" stroke="{stroke}" '
                   f'stroke-width="1"{dash}/>')
        out.append(f'<text x="{_f(xx)}" y="{_f(top - 6)}" text-anchor="middle" font-size="{SMALL}" '
                   f'fill="{MUTED}">{t:g}</text>')
    out.append("</g>")
    return out


@dataclass(frozen=True)
class BarRow:
    """One bar: a label, a score 0-100 (or None), its range, a tone and the text shown at its end."""

    label: str
    score: float | None
    low: float | None
    high: float | None
    tone: str
    value: str


def bar_chart(rows: Sequence[BarRow], uid: str, title: str, desc: str, colon: str = ": ") -> str:
    """Horizontal bars 0-100 with range whiskers, a dashed line at the midpoint, and the value at the end.

    Labels wider than the label column wrap onto a second line (the row grows), so none is cut short.
    """
    label_w = _label_width([r.label for r in rows], 60.0, 12)
    value_w = max([text_width(r.value, SMALL) for r in rows] + [40.0]) + 22
    x0, x1 = label_w + 6, WIDTH - value_w
    row_h, top = 30.0, 28.0
    labels = [wrap(r.label, label_w - 4) for r in rows]
    heights = [row_h + LINE_H * (len(lines) - 1) for lines in labels]
    height = top + sum(heights) + 8

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / 100

    out = _open(uid, height, title, desc)
    out += _axis(x, top, height - 6)
    y_top = top
    for r, lines, h in zip(rows, labels, heights, strict=True):
        y = y_top + h / 2
        y_top += h
        out.append(f'<g><title>{_e(r.label)}{_e(colon)}{_e(r.value)}</title>')
        out.append(_label_text(label_w, y, lines))
        colour = TONES.get(r.tone, GREY)
        if r.score is not None:
            out.append(f'<rect x="{_f(x0)}" y="{_f(y - 8)}" width="{_f(max(1.0, x(r.score) - x0))}" height="16" '
                       f'fill="{colour}" fill-opacity="0.85" rx="1.5"/>')
        if r.low is not None and r.high is not None:
            out.append(f'<path d="M{_f(x(r.low))} {_f(y)}H{_f(x(r.high))}M{_f(x(r.low))} {_f(y - 5)}v10'
                       f'M{_f(x(r.high))} {_f(y - 5)}v10" stroke="{INK}" stroke-width="1.4" fill="none"/>')
        out.append(f'<text x="{_f(x1 + 8)}" y="{_f(y + 4)}" font-size="{SMALL}" fill="{MUTED}">{_e(r.value)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class DotRow:
    """One factor: score, range (low-high) and respondents' spread (min-max), all 0-100 or None."""

    label: str
    score: float | None
    low: float | None
    high: float | None
    min: float | None
    max: float | None
    tone: str
    value: str
    href: str = ""


@dataclass(frozen=True)
class DotGroup:
    label: str
    rows: tuple[DotRow, ...]


def dot_chart(groups: Sequence[DotGroup], uid: str, title: str, desc: str, legend: Sequence[str],
              colon: str = ": ") -> str:
    """A dot plot of factor scores, grouped by section: dot = score, pale band = range, dark line = spread.

    ``legend`` holds the texts for: score, range, spread, barrier, enabler, and at the midpoint. Labels wider
    than the label column wrap onto a second line (the row grows), so none is cut short.
    """
    rows = [r for g in groups for r in g.rows]
    label_w = _label_width([r.label for r in rows], 80.0, 16)
    value_w = max([text_width(r.value, SMALL) for r in rows] + [36.0]) + 20
    x0, x1 = label_w + 10, WIDTH - value_w
    row_h, head_h = 24.0, 28.0
    top = 44.0 + 20.0 * _legend_rows(legend)  # room for the legend, then the axis labels
    labels = {id(r): wrap(r.label, label_w - 16) for r in rows}
    height = top + sum(row_h + LINE_H * (len(lines) - 1) for lines in labels.values()) + head_h * len(groups) + 10

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / 100

    out = _open(uid, height, title, desc)
    out += _legend_dots(legend)
    out += _axis(x, top, height - 6)
    y = top
    for g in groups:
        out.append(f'<text x="0" y="{_f(y + 19)}" font-weight="600">{_e(fit(g.label, WIDTH - 10))}</text>')
        y += head_h
        for r in g.rows:
            lines = labels[id(r)]
            h = row_h + LINE_H * (len(lines) - 1)
            cy = y + h / 2
            colour = TONES.get(r.tone, GREY)
            out.append(f'<g><title>{_e(r.label)}{_e(colon)}{_e(r.value)}</title>')
            out.append(_label_text(label_w, cy, lines))
            if r.low is not None and r.high is not None:
                out.append(f'<rect x="{_f(x(r.low))}" y="{_f(cy - 6)}" width="{_f(max(1.5, x(r.high) - x(r.low)))}" '
                           f'height="12" fill="{colour}" fill-opacity="0.2" rx="2"/>')
            if r.min is not None and r.max is not None and r.max > r.min:
                out.append(f'<path d="M{_f(x(r.min))} {_f(cy)}H{_f(x(r.max))}M{_f(x(r.min))} {_f(cy - 4)}v8'
                           f'M{_f(x(r.max))} {_f(cy - 4)}v8" stroke="{INK}" stroke-width="1.3" fill="none"/>')
            if r.score is not None:
                if r.tone == "barrier":  # a shape as well as a colour: barriers are diamonds
                    out.append(f'<path d="M{_f(x(r.score))} {_f(cy - 6.5)}l6.5 6.5l-6.5 6.5l-6.5 -6.5z" '
                               f'fill="{colour}" stroke="#fff" stroke-width="1"/>')
                else:
                    out.append(f'<circle cx="{_f(x(r.score))}" cy="{_f(cy)}" r="5.5" fill="{colour}" '
                               f'stroke="#fff" stroke-width="1"/>')
            out.append(f'<text x="{_f(x1 + 8)}" y="{_f(cy + 4)}" font-size="{SMALL}" fill="{MUTED}">'
                       f'{_e(r.value)}</text>')
            out.append("</g>")
            y += h
    out.append("</svg>")
    return "\n".join(out)


def _legend_items(legend: Sequence[str]) -> list[tuple[str, str]]:
    """(shape, text) per legend entry; shapes hold ``{x}``, ``{xl}``, ``{xr}`` and ``{y}`` placeholders."""
    score, rng, spread, barrier, enabler, *rest = legend
    del score
    items = [
        (f'<circle cx="{{x}}" cy="{{y4}}" r="5" fill="{BLUE}"/>', enabler),
        (f'<path d="M{{x}} {{y10}}l6 6l-6 6l-6 -6z" fill="{VERMILLION}"/>', barrier),
    ]
    if rest:  # factors exactly at the midpoint: a grey dot
        items.append((f'<circle cx="{{x}}" cy="{{y4}}" r="5" fill="{GREY}"/>', rest[0]))
    items += [
        (f'<rect x="{{xl}}" y="{{y9}}" width="22" height="10" fill="{BLUE}" fill-opacity="0.2"/>', rng),
        (f'<path d="M{{xl}} {{y4}}h22M{{xl}} {{y8}}v8M{{xr}} {{y8}}v8" stroke="{INK}" stroke-width="1.3"/>', spread),
    ]
    return items


def _legend_layout(legend: Sequence[str]) -> list[tuple[str, str, float, float]]:
    """Each legend entry with its x and baseline y, wrapped onto a new row where it would not fit."""
    out = []
    x, y = 0.0, 12.0
    for shape, text in _legend_items(legend):
        width = text_width(text, 11)
        if x > 0 and x + 30 + width > WIDTH:
            x, y = 0.0, y + 20
        out.append((shape, text, x, y))
        x += 28 + width + 22
    return out


def _legend_rows(legend: Sequence[str]) -> int:
    return len({y for _, _, _, y in _legend_layout(legend)})


def _legend_dots(legend: Sequence[str]) -> list[str]:
    out = ['<g class="legend" font-size="11" fill="#333">']
    for shape, text, x, y in _legend_layout(legend):
        out.append(shape.format(x=_f(x + 6), xl=_f(x), xr=_f(x + 22), y4=_f(y - 4), y8=_f(y - 8), y9=_f(y - 9),
                                y10=_f(y - 10)))
        out.append(f'<text x="{_f(x + 28)}" y="{_f(y)}">{_e(text)}</text>')
    out.append("</g>")
    return out


@dataclass(frozen=True)
class PushPullRow:
    label: str
    score: float | None
    value: str


def push_pull_chart(rows: Sequence[PushPullRow], uid: str, title: str, desc: str, axis_push: str,
                    axis_pull: str, colon: str = ": ") -> str:
    """Diverging bars from the midpoint: left (push) for scores below 50, right (pull) above 50."""
    label_w = _label_width([r.label for r in rows], 60.0, 12)
    value_w = max([text_width(r.value, SMALL) for r in rows] + [40.0]) + 22
    x0, x1 = label_w + 6, WIDTH - value_w
    row_h, top = 30.0, 46.0
    labels = [wrap(r.label, label_w - 4) for r in rows]
    heights = [row_h + LINE_H * (len(lines) - 1) for lines in labels]
    height = top + sum(heights) + 8

    def x(v: float) -> float:
        return x0 + (x1 - x0) * v / 100

    mid = x(50)
    out = _open(uid, height, title, desc)
    out.append(f'<text x="{_f(mid - 8)}" y="14" text-anchor="end" fill="{VERMILLION}" font-weight="600">'
               f'{_e(axis_push)}</text>')
    out.append(f'<text x="{_f(mid + 8)}" y="14" fill="{BLUE}" font-weight="600">{_e(axis_pull)}</text>')
    out += _axis(x, top, height - 6)
    y_top = top
    for r, lines, h in zip(rows, labels, heights, strict=True):
        y = y_top + h / 2
        y_top += h
        out.append(f'<g><title>{_e(r.label)}{_e(colon)}{_e(r.value)}</title>')
        out.append(_label_text(label_w, y, lines))
        if r.score is not None and abs(r.score - 50) > 1e-9:
            left, right = sorted((x(r.score), mid))
            colour = VERMILLION if r.score < 50 else BLUE
            out.append(f'<rect x="{_f(left)}" y="{_f(y - 8)}" width="{_f(max(1.0, right - left))}" height="16" '
                       f'fill="{colour}" fill-opacity="0.85" rx="1.5"/>')
        elif r.score is not None:
            out.append(f'<rect x="{_f(mid - 1.5)}" y="{_f(y - 8)}" width="3" height="16" fill="{GREY}"/>')
        out.append(f'<text x="{_f(x1 + 8)}" y="{_f(y + 4)}" font-size="{SMALL}" fill="{MUTED}">{_e(r.value)}</text>')
        out.append("</g>")
    out.append(f'<line x1="{_f(mid)}" y1="{_f(top)}" x2="{_f(mid)}" y2="{_f(height - 6)}" stroke="{INK}" '
               f'stroke-width="1.2"/>')
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class NetNode:
    id: str
    label: str
    number: int
    assessed: bool


@dataclass(frozen=True)
class NetEdge:
    source: str
    target: str
    tie: str | None
    status: str | None
    label: str  # e.g. the net, shown at the middle of the arrow
    title: str  # the full description, as a tooltip


def network_chart(nodes: Sequence[NetNode], edges: Sequence[NetEdge], uid: str, title: str, desc: str,
                  legend: dict[str, str], names: bool = True) -> str:
    """Agencies on a circle, ties as arrows coloured by status and dashed by kind, with a legend.

    ``names=False`` draws each agency's number only (its name goes in a key beside the chart), so that no
    name is ever cut or drawn over another.

    ``legend`` maps ``symbiosis``, ``balanced``, ``tension``, ``vertical``, ``horizontal``, ``unknown``,
    ``assessed`` and ``not_assessed`` to their texts.
    """
    n = max(1, len(nodes))
    label_room = min(170.0, max([text_width(nd.label, 12) for nd in nodes] + [40.0]) + 16) if names else 24.0
    radius = max(90.0, min(230.0, 40.0 + 26.0 * n))
    cx = WIDTH / 2
    radius = min(radius, cx - label_room - 12)
    legend_h = 58.0
    cy = legend_h + 30 + radius
    height = cy + radius + 44
    node_r = 15.0 if n <= 30 else 9.0
    pos: dict[str, tuple[float, float]] = {}
    for i, nd in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[nd.id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    out = _open(uid, height, title, desc)
    out.append("<defs>")
    for status, colour in STATUS_COLOURS.items():
        out.append(f'<marker id="{uid}-a-{status or "none"}" viewBox="0 0 10 10" refX="9" refY="5" '
                   f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                   f'<path d="M0 0L10 5L0 10z" fill="{colour}"/></marker>')
    out.append("</defs>")
    out += _network_legend(legend, uid)
    show_labels = len(edges) <= (40 if names else 16)
    labels: list[str] = []
    placed: list[tuple[float, float, float, float]] = []  # the labels' boxes: centre x, centre y, width, height
    for e in edges:
        if e.source not in pos or e.target not in pos:
            continue
        (xa, ya), (xb, yb) = pos[e.source], pos[e.target]
        colour = STATUS_COLOURS.get(e.status, STATUS_COLOURS[None])
        dash = TIE_DASH.get(e.tie, TIE_DASH[None])
        out.append(f"<g><title>{_e(e.title)}</title>")
        if e.source == e.target:  # a loop: an agency naming itself
            out.append(f'<circle cx="{_f(xa)}" cy="{_f(ya - node_r - 8)}" r="9" fill="none" stroke="{colour}" '
                       f'stroke-width="2"/>')
            out.append("</g>")
            continue
        dx, dy = xb - xa, yb - ya
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        nx, ny = uy, -ux  # to the left of the direction of travel: the two directions of a pair part ways
        bend = min(34.0, 0.14 * dist)
        mx, my = (xa + xb) / 2 + nx * bend, (ya + yb) / 2 + ny * bend
        # start and end on the node circles, aimed at the control point
        sx, sy = _towards(xa, ya, mx, my, node_r + 2)
        ex, ey = _towards(xb, yb, mx, my, node_r + 4)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path d="M{_f(sx)} {_f(sy)}Q{_f(mx)} {_f(my)} {_f(ex)} {_f(ey)}" fill="none" stroke="{colour}" '
                   f'stroke-width="2.2"{dash_attr} marker-end="url(#{uid}-a-{e.status or "none"})"/>')
        if show_labels and e.label:
            lx, ly = 0.25 * sx + 0.5 * mx + 0.25 * ex, 0.25 * sy + 0.5 * my + 0.25 * ey
            w, h = text_width(e.label, SMALL) + 6, SMALL + 3
            lx, ly = _free_spot(placed, lx, ly, w, h)
            ink = LABEL_INK.get(e.status, LABEL_INK[None])
            labels.append(f'<g><title>{_e(e.title)}</title><rect x="{_f(lx - w / 2)}" y="{_f(ly - h / 2)}" '
                          f'width="{_f(w)}" height="{_f(h)}" rx="3" fill="#fff"/><text x="{_f(lx)}" y="{_f(ly + 4)}" '
                          f'text-anchor="middle" font-size="{SMALL}" fill="{ink}" font-weight="600">'
                          f'{_e(e.label)}</text></g>')
        out.append("</g>")
    out += labels  # over every tie, each on a white box: no line runs through a label
    for nd in nodes:
        x, y = pos[nd.id]
        fill = "#24435f" if nd.assessed else "#ffffff"
        text_fill = "#ffffff" if nd.assessed else INK
        out.append(f"<g><title>{_e(nd.number)}. {_e(nd.label)}</title>")
        out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(node_r)}" fill="{fill}" stroke="#24435f" '
                   f'stroke-width="2"/>')
        if node_r >= 12:
            out.append(f'<text x="{_f(x)}" y="{_f(y + 4.5)}" text-anchor="middle" font-size="12" font-weight="700" '
                       f'fill="{text_fill}">{nd.number}</text>')
        if not names:
            out.append("</g>")
            continue
        ang = math.atan2(y - cy, x - cx)
        lx, ly = x + (node_r + 8) * math.cos(ang), y + (node_r + 8) * math.sin(ang)
        anchor = "start" if math.cos(ang) > 0.3 else "end" if math.cos(ang) < -0.3 else "middle"
        lines = wrap(nd.label, label_room - 10 if anchor != "middle" else 2 * label_room, 12)
        if math.sin(ang) > 0.7:  # below the node
            first = ly + 12
        elif math.sin(ang) < -0.7:  # above it
            first = ly - 15 * (len(lines) - 1)
        else:
            first = ly + 4 - 7.5 * (len(lines) - 1)
        out.append(f'<text x="{_f(lx)}" y="{_f(first)}" text-anchor="{anchor}" font-size="12">')
        for n_line, line in enumerate(lines):
            shift = "0" if n_line == 0 else "15"
            out.append(f'<tspan x="{_f(lx)}" dy="{shift}">{_e(line)}</tspan>')
        out.append("</text>")
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _free_spot(placed: list[tuple[float, float, float, float]], x: float, y: float, w: float,
               h: float) -> tuple[float, float]:
    """Where a label of ``w`` x ``h`` centred near (x, y) overlaps no label placed before it: moved up or down by
    a line at a time (at most three), and added to ``placed``."""
    for step in (0, 1, -1, 2, -2, 3, -3):
        cy = y + step * (h + 1)
        if all(abs(x - px) >= (w + pw) / 2 or abs(cy - py) >= (h + ph) / 2 for px, py, pw, ph in placed):
            placed.append((x, cy, w, h))
            return x, cy
    placed.append((x, y, w, h))
    return x, y


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    d = math.hypot(dx, dy) or 1.0
    return x + dx / d * distance, y + dy / d * distance


def _network_legend(legend: dict[str, str], uid: str) -> list[str]:
    out = ['<g class="legend" font-size="11" fill="#333">']
    entries: list[tuple[str, str]] = []
    for status in ("symbiosis", "balanced", "tension"):
        entries.append((f'<path d="M{{x}} {{y}}h26" stroke="{STATUS_COLOURS[status]}" stroke-width="2.4" '
                        f'marker-end="url(#{uid}-a-{status})"/>', legend[status]))
    for tie, key in (("vertical", "vertical"), ("horizontal", "horizontal"), (None, "unknown")):
        dash = TIE_DASH[tie]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        entries.append((f'<path d="M{{x}} {{y}}h26" stroke="{INK}" stroke-width="2"{dash_attr}/>', legend[key]))
    entries.append(('<circle cx="{cx}" cy="{y}" r="6" fill="#24435f"/>', legend["assessed"]))
    entries.append(('<circle cx="{cx}" cy="{y}" r="6" fill="#fff" stroke="#24435f" stroke-width="2"/>',
                    legend["not_assessed"]))
    x, y = 0.0, 14.0
    for shape, text in entries:
        width = 36 + text_width(text, 11)
        if x + width > WIDTH:
            x, y = 0.0, y + 20
        out.append(shape.format(x=_f(x), y=_f(y - 4), cx=_f(x + 13)))
        out.append(f'<text x="{_f(x + 34)}" y="{_f(y)}">{_e(text)}</text>')
        x += width + 18
    out.append("</g>")
    return out
