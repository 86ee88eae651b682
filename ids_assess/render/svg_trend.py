"""The trend chart of the HTML reports: one agency's overall score in each round, as an inline SVG line.

Like the charts of :mod:`ids_assess.render.svg` (whose text sizes, colours and text measure it shares): no
script, no font, no external reference; every piece of text escaped here; ``role="img"`` with a ``<title>``
and a ``<desc>``. It is drawn 360 units wide, half the others, so that the whole line fits a phone's screen
(390 px) with text of 11 units still at least 10 px (the stylesheet lets it shrink only there, and keeps it
at most 30rem wide elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ids_assess.render.svg import BLUE, FONT, INK, MUTED, RULE, SMALL, fit, text_width

WIDTH = 360
LEFT, RIGHT = 34.0, 14.0  # room for the scale on the left, and a margin on the right
TOP, PLOT = 30.0, 100.0  # the 100 line, and the height of 0 to 100
LABEL_LINE = 14.0  # between the two lines of round labels, when they alternate
DASH = "6 4"  # a segment between rounds whose definition of the overall score changed


@dataclass(frozen=True)
class TrendPoint:
    """One round: its label, the score (``None``: not assessed) and the score as printed."""

    label: str
    score: float | None
    value: str


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def trend_chart(points: Sequence[TrendPoint], changed: Sequence[bool], uid: str, title: str, desc: str,
                colon: str = ": ") -> str:
    """The rounds left to right (earliest first), each score a dot with its value above it, consecutive
    scores joined by a line, dashed where ``changed[i]`` says the definition changed between rounds i and
    i + 1; a round without a score has its label and no dot, and breaks the line."""
    if len(changed) != max(0, len(points) - 1):
        raise ValueError("one 'changed' flag per consecutive pair of rounds")
    bottom = TOP + PLOT
    step = (WIDTH - LEFT - RIGHT) / max(1, len(points) - 1)
    # labels too wide for their step alternate between two lines, each with twice the room
    stagger = len(points) > 2 and max(text_width(p.label, SMALL) for p in points) > step - 6
    room = (2 * step if stagger else step) - 8 if len(points) > 1 else WIDTH - LEFT - RIGHT
    height = bottom + 30 + (LABEL_LINE if stagger else 0)

    def x(i: int) -> float:
        return LEFT + step * i if len(points) > 1 else (LEFT + WIDTH - RIGHT) / 2

    def y(score: float) -> float:
        return bottom - PLOT * min(100.0, max(0.0, score)) / 100

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" font-size="{FONT}" fill="{INK}">',
        f'<title id="{uid}-t">{_e(title)}</title>',
        f'<desc id="{uid}-d">{_e(desc)}</desc>',
        '<g class="axis" aria-hidden="true">',
    ]
    for tick in (0, 50, 100):
        dash = ' stroke-dasharray="2 3"' if tick == 50 else ""
        stroke = "#8a939c" if tick == 50 else RULE
        out.append(f'<line x1="{_n(LEFT - 6)}" y1="{_n(y(tick))}" x2="{_n(WIDTH - 4)}" y2="{_n(y(tick))}" '
                   f'stroke="{stroke}" stroke-width="1"{dash}/>')
        out.append(f'<text x="{_n(LEFT - 10)}" y="{_n(y(tick) + 4)}" text-anchor="end" font-size="{SMALL}" '
                   f'fill="{MUTED}">{tick}</text>')
    out.append("</g>")
    for i in range(len(points) - 1):
        a, b = points[i].score, points[i + 1].score
        if a is None or b is None:
            continue
        dash = f' stroke-dasharray="{DASH}"' if changed[i] else ""
        out.append(f'<line x1="{_n(x(i))}" y1="{_n(y(a))}" x2="{_n(x(i + 1))}" y2="{_n(y(b))}" stroke="{BLUE}" '
                   f'stroke-width="2.2"{dash}/>')
    last = len(points) - 1
    for i, p in enumerate(points):
        anchor = "start" if i == 0 and last else "end" if i == last and last else "middle"
        shift = -5 if anchor == "start" else 5 if anchor == "end" else 0
        out.append(f'<g><title>{_e(p.label)}{_e(colon)}{_e(p.value)}</title>')
        if p.score is not None:
            out.append(f'<circle cx="{_n(x(i))}" cy="{_n(y(p.score))}" r="4" fill="{BLUE}"/>')
            out.append(f'<text x="{_n(x(i) + shift)}" y="{_n(y(p.score) - 9)}" text-anchor="{anchor}" '
                       f'font-weight="600">{_e(p.value)}</text>')
        line = bottom + 20 + (LABEL_LINE if stagger and i % 2 else 0)
        out.append(f'<text x="{_n(x(i) + shift)}" y="{_n(line)}" text-anchor="{anchor}" font-size="{SMALL}" '
                   f'fill="{MUTED}">{_e(fit(p.label, room, SMALL))}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
