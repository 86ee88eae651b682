"""The view model of the change since the baseline, in an agency report and in the overview, with the rounds'
warnings and, with three rounds or more, each agency's trend line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.render.report.view_common import Context, Safe, chart_desc, joined

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile
    from ids_assess.core.compare import Change, History

#: The fewest rounds (the current one included) for which reports draw each agency's trend.
TREND_ROUNDS = 3


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
    trend_text: str = ""  # with three rounds or more: "2025-11-18 47.9 → 2026-11-19 51.1 → 2027-11-18 55.0"


@dataclass(frozen=True)
class ComparisonView:
    intro: str
    rows: tuple[ChangeRow, ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]
    only_old_text: str
    only_new_text: str
    rounds_text: str = ""  # "Rounds, earliest first: A → B → C. “Before” is B."
    cautions: tuple[str, ...] = ()  # the warnings about whole rounds: their date order, questionnaire versions
    people_note: str = ""  # how many agencies' respondents or role mix changed ("" when none did)
    show_trend: bool = False  # three rounds or more: the rows carry ``trend_text``


@dataclass(frozen=True)
class TrendView:
    """One agency's overall score in each round, earliest first."""

    labels: tuple[str, ...]
    scores: tuple[str, ...]  # as printed ("n/a" for a round without its score)
    text: str  # "2025-11-18 47.9 → 2026-11-19 51.1 → 2027-11-18 55.0"
    dashed_note: str  # why a segment is dashed ("" when none is)
    chart: Safe  # inline SVG in HTML, "" in Markdown


def agency_change(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> AgencyChangeView | None:
    if ctx.comparison is None:
        return None
    match = next((a for a in ctx.comparison.agencies
                  if a.key == profile.key and a.ref == profile.ref), None)
    if match is None:
        return None
    sections = {s.id: s.title.get(ctx.lang) for s in q.sections}
    items = {c.id: _change_item(ctx, c.id, sections.get(c.id, c.id), c) for c in match.changes
             if c.level in ("overall", "section")}
    overall = items.pop("overall")
    became = tuple(q.factors[f].title.get(ctx.lang) for f in match.became_barriers)
    stopped = tuple(q.factors[f].title.get(ctx.lang) for f in match.stopped_barriers)
    return AgencyChangeView(overall, tuple(items.values()), became, stopped, joined(ctx, became),
                            joined(ctx, stopped), match.old_respondents, match.new_respondents)


def _change_item(ctx: Context, id_: str, title: str, c: Change) -> ChangeItem:
    num = ctx.num
    return ChangeItem(id_, title if id_ != "overall" else ctx.t["overall_readiness"], num.score(c.old),
                      num.score(c.new), num.signed(c.delta), c.trend or "", ctx.label("trend", c.trend))


def comparison_view(ctx: Context, links: Mapping[tuple[str, str], str]) -> ComparisonView | None:
    cmp = ctx.comparison
    if cmp is None:
        return None
    num = ctx.num
    found = _labelled(ctx)
    show_trend = found is not None and len(found[0]) >= TREND_ROUNDS
    rows = []
    for a in cmp.agencies:
        q = ctx.lookup(a.ref)
        overall = next(c for c in a.changes if c.level == "overall")
        became = tuple(q.factors[f].title.get(ctx.lang) for f in a.became_barriers)
        stopped = tuple(q.factors[f].title.get(ctx.lang) for f in a.stopped_barriers)
        trend = found[1].trend(a.questionnaire, a.key) if show_trend and found else None
        trend_text = " \u2192 ".join(num.score(s) for s in trend.scores) if trend else ""
        rows.append(ChangeRow(a.agency, links.get((a.ref, a.key), ""), num.score(overall.old),
                              num.score(overall.new), num.signed(overall.delta), overall.trend or "",
                              ctx.label("trend", overall.trend), became, stopped, joined(ctx, became),
                              joined(ctx, stopped), trend_text))
    cautions: tuple[str, ...] = ()
    people_note = rounds = ""
    if found is not None:
        labels, history = found
        rounds = rounds_text(ctx, labels)
        warnings = [w for c in history.comparisons for w in c.warnings]
        cautions = tuple(w.text(ctx.lang) for w in warnings if w.kind != "people")
        people = {(w.questionnaire, w.key or w.agency) for w in warnings if w.kind == "people"}
        people_note = (ctx.t["people_changed_one"] if len(people) == 1 else
                       ctx.t["people_changed"].format(n=num.count(len(people)))) if people else ""
    return ComparisonView(ctx.t["s_change_intro"], tuple(rows), cmp.only_old, cmp.only_new,
                          joined(ctx, cmp.only_old), joined(ctx, cmp.only_new), rounds, cautions, people_note,
                          show_trend)


def round_labels(ctx: Context, history: History) -> tuple[str, ...]:
    """Each round's name in the reports: its median date, else its folder's name, else "round N"; a name that
    two rounds share gets the round's number."""
    t = ctx.t
    labels = [r.date.isoformat() if r.date else r.name or t["round_n"].format(n=ctx.num.count(i))
              for i, r in enumerate(history.rounds, 1)]
    return tuple(t["round_named"].format(label=label, n=ctx.num.count(i)) if labels.count(label) > 1 else label
                 for i, label in enumerate(labels, 1))


def _labelled(ctx: Context) -> tuple[tuple[str, ...], History] | None:
    if ctx.history is None:
        return None
    labels = round_labels(ctx, ctx.history)
    return labels, ctx.history.renamed(labels)


def rounds_text(ctx: Context, labels: tuple[str, ...]) -> str:
    return ctx.t["rounds_text"].format(rounds=" \u2192 ".join(labels), old=ctx.t["old"], baseline=labels[-2])


def agency_cautions(ctx: Context, profile: AgencyProfile, last: bool = False) -> tuple[str, ...]:
    """The rounds' warnings about this agency's change, in the report's language (``last``: those of the change
    since the baseline only)."""
    found = _labelled(ctx)
    if found is None:
        return ()
    return tuple(w.text(ctx.lang) for w in found[1].warnings_for(profile.questionnaire, profile.key, last))


def agency_trend(ctx: Context, profile: AgencyProfile) -> TrendView | None:
    """The agency's trend line, with three rounds or more and a score in two of them."""
    found = _labelled(ctx)
    if found is None or len(found[0]) < TREND_ROUNDS:
        return None
    labels, history = found
    trend = history.trend(profile.questionnaire, profile.key)
    if trend is None:
        return None
    scores = tuple(ctx.num.score(s) for s in trend.scores)
    text = " \u2192 ".join(f"{label} {score}" for label, score in zip(labels, scores, strict=True))
    dashed = ctx.t["trend_dashed"] if any(trend.changed) else ""
    chart = ""
    if ctx.format == "html":
        from ids_assess.render.svg_trend import TrendPoint, trend_chart

        points = [TrendPoint(label, s, v) for label, s, v in zip(labels, trend.scores, scores, strict=True)]
        chart = trend_chart(points, trend.changed, "c-trend", ctx.t["chart_trend_title"],
                            chart_desc(ctx, ctx.t["chart_trend_desc"], list(zip(labels, scores, strict=True)))
                            + ((" " if ctx.lang == "en" else "") + dashed if dashed else ""), colon=ctx.num.colon)
    return TrendView(labels, scores, text, dashed, Safe(chart))
