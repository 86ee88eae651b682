"""The view model's shared pieces: the :class:`Context` every builder takes, citations, questionnaire
labels, score kinds, text bars, the padding of the Markdown text charts, and :class:`Safe` for the charts.

Templates receive an :class:`~ids_assess.render.report.view_agency.AgencyReport` or an
:class:`~ids_assess.render.report.view_overview.OverviewReport` and never compute anything; every field is
documented in docs/reports.md. User text (agency names, evidence notes, partner names) is kept as plain
``str`` and escaped by the template engine on output (HTML escaping for ``.html`` templates, Markdown
escaping for ``.md`` templates); only the pre-rendered charts are :class:`Safe`. Every number is formatted
by ``ctx.num`` (:class:`~ids_assess.render.report.i18n.Numbers`); no ``view*.py`` module formats one itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire, SourceRef, version_key
from ids_assess.core.vocab import MIDPOINT
from ids_assess.render.report.i18n import LABELS, STRINGS, Numbers

if TYPE_CHECKING:
    from ids_assess.core.compare import Comparison, History
    from ids_assess.core.errors import Problem
    from ids_assess.core.profiles import Edge, Overview
    from ids_assess.core.statsresult import StatsReport


BAR_CELLS = 20  # cells of a Markdown text bar: one per 5 points


class Safe(str):
    """Text already safe for the output format (a pre-rendered chart): templates output it as it is."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


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
    anchor: str = ""  # its sections' HTML ids: the id, and the version where a report holds several of one id


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
    #: (id@version, agency key) -> report file: an agency that answered two versions has a report for each
    ref_hrefs: Mapping[tuple[str, str], str] = field(default_factory=dict)
    overview_href: str = ""  # the overview report, when the agency reports are part of a set
    comparison: Comparison | None = None
    anonymous: bool = True  # attribute evidence by role (and code) only; False with --named
    min_group: int = 3  # a breakdown by role shows no group with fewer respondents (--min-group)
    stats: StatsReport | None = None  # the statistics of the report's batch (None: --no-stats)
    history: History | None = None  # every round, with --baseline: the rounds' warnings and each agency's trend

    def __post_init__(self) -> None:
        self.t = STRINGS[self.lang]
        self.labels = LABELS[self.lang]
        self.num = Numbers(self.lang)

    def href(self, key: str, ref: str = "") -> str:
        """The report of agency ``key`` in the set: with ``ref`` (``id@version``) its report on that
        questionnaire and version (``""`` when it has none: a partner that answered only another version is
        not linked, as in a set of that version alone), else its first; ``""`` outside a set."""
        if ref and self.ref_hrefs:
            return self.ref_hrefs.get((ref, key), "")
        return self.hrefs.get(key, "")

    def label(self, vocabulary: str, key: str | None) -> str:
        if not key:
            return ""
        return self.labels[vocabulary].get(key, key)


def same_questionnaire(e: Edge, questionnaire: str, version: str) -> bool:
    """Whether tie ``e`` was scored on that questionnaire and version (a tie without one: on any)."""
    return e.questionnaire in ("", questionnaire) and e.version in ("", version)


def city_edges(overview: Overview) -> tuple[Edge, ...]:
    """The ties the overview's network shows: of a questionnaire answered in several versions, the newest
    version's tie of each pair (two rounds' ties of one pair would be drawn over each other)."""
    newest: dict[str, tuple[tuple[int, object], ...]] = {}
    for e in overview.network.edges:
        key = version_key(e.version)
        if e.questionnaire not in newest or key > newest[e.questionnaire]:
            newest[e.questionnaire] = key
    if all(version_key(e.version) == newest[e.questionnaire] for e in overview.network.edges):
        return overview.network.edges
    return tuple(e for e in overview.network.edges if version_key(e.version) == newest[e.questionnaire])


def html_lang(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else "en"


def cite(ctx: Context, ref: SourceRef) -> Cite:
    short = ref.source.short.get(ctx.lang)
    sep = "，" if ctx.lang == "zh" else ", "
    section = ref.section
    return Cite(ref.source.key, short, section, f"{short}{sep}{section}")


def score_kind(score: float | None) -> str:
    """``barrier`` below the midpoint, ``enabler`` above it, ``neutral`` at it, ``unscored`` for none."""
    if score is None:
        return "unscored"
    return "barrier" if score < MIDPOINT else "enabler" if score > MIDPOINT else "neutral"


def text_bar(score: float | None, cells: int = BAR_CELLS) -> str:
    """``██████████░░░░░░░░░░`` for 50: one cell per 5 points (blank for no score)."""
    if score is None:
        return "\u00b7" * cells
    full = int(min(100.0, max(0.0, score)) / (100 / cells) + 0.5)
    return "\u2588" * full + "\u2591" * (cells - full)


def questionnaire_view(ctx: Context, q: Questionnaire, versioned: frozenset[str] = frozenset()) -> QuestionnaireView:
    """``versioned``: the ids of the questionnaires a report holds in more than one version."""
    title = q.title.get(ctx.lang)
    return QuestionnaireView(q.id, q.version, title, q.description.get(ctx.lang) if q.description else "",
                             ctx.t["q_label"].format(title=title, id=q.id, version=q.version),
                             f"{q.id}-{q.version}" if q.id in versioned else q.id)


def kicker(ctx: Context, kind: str) -> str:
    """The kind of report, after the user's ``--title`` when one was given (the default title is not repeated)."""
    return f"{ctx.title} \u00b7 {kind}" if ctx.title else kind


def generated_line(ctx: Context, qs: Sequence[Questionnaire]) -> str:
    if len(qs) == 1:
        return ctx.t["generated_by"].format(tool="ids-assess", version=ctx.tool_version, questionnaire=qs[0].id,
                                            qversion=qs[0].version)
    return ctx.t["generated_by_multi"].format(tool="ids-assess", version=ctx.tool_version,
                                              questionnaires=ctx.num.series([f"{q.id} {q.version}" for q in qs]))


def joined(ctx: Context, parts: Sequence[str]) -> str:
    return ctx.num.join(list(parts)) if parts else ctx.t["none"]


def css_percent(num: Numbers, score: float | None) -> str:
    """The score as a CSS width, ``0`` to ``100``, rounded like the score it stands for."""
    return "0" if score is None else num.score(min(100.0, max(0.0, score)))


def chart_desc(ctx: Context, intro: str, pairs: Sequence[tuple[str, str]]) -> str:
    """A chart's description: what it shows, then every label with its value, in the language's punctuation."""
    return intro + ("" if ctx.lang == "zh" else " ") + describe_pairs(ctx, pairs)


def describe_pairs(ctx: Context, pairs: Sequence[tuple[str, str]]) -> str:
    return ctx.num.clauses([ctx.num.labelled(label, value) for label, value in pairs])


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Terminal columns of ``text`` (wide CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` cut with an ellipsis or padded with spaces to ``width`` columns."""
    text = fence_safe(text)
    if display_width(text) > width:
        out = ""
        for ch in text:
            if display_width(out + ch) > width - 1:
                break
            out += ch
        text = out + "\u2026"
    return text + " " * (width - display_width(text))


def fence_safe(text: str) -> str:
    """Text for inside a fenced code block: one line, and no backtick that could close the fence."""
    return " ".join(text.split()).replace("`", "\u02cb")


def md_bars(rows: Sequence[tuple[str, str, str, str]]) -> str:
    width = min(42, max([display_width(r[0]) for r in rows] + [8]))
    lines = [" " * (width + 2) + scale_line()]
    for label, bar, score, rng in rows:
        line = f"{pad(label, width)}  {bar} {score:>5}"
        if rng:
            line += f"  {fence_safe(rng)}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def scale_line() -> str:
    return "0" + " " * 8 + "50" + " " * 7 + "100"
