"""The view model of the change since the baseline, in an agency report and in the overview."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.render.report.view_common import Context, joined

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile
    from ids_assess.core.compare import Change


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


@dataclass(frozen=True)
class ComparisonView:
    intro: str
    rows: tuple[ChangeRow, ...]
    only_old: tuple[str, ...]
    only_new: tuple[str, ...]
    only_old_text: str
    only_new_text: str


def agency_change(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> AgencyChangeView | None:
    if ctx.comparison is None:
        return None
    match = next((a for a in ctx.comparison.agencies
                  if a.key == profile.key and a.questionnaire == profile.questionnaire), None)
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
    rows = []
    for a in cmp.agencies:
        q = ctx.lookup(a.questionnaire)
        overall = next(c for c in a.changes if c.level == "overall")
        became = tuple(q.factors[f].title.get(ctx.lang) for f in a.became_barriers)
        stopped = tuple(q.factors[f].title.get(ctx.lang) for f in a.stopped_barriers)
        rows.append(ChangeRow(a.agency, links.get((a.questionnaire, a.key), ""), num.score(overall.old),
                              num.score(overall.new), num.signed(overall.delta), overall.trend or "",
                              ctx.label("trend", overall.trend), became, stopped, joined(ctx, became),
                              joined(ctx, stopped)))
    return ComparisonView(ctx.t["s_change_intro"], tuple(rows), cmp.only_old, cmp.only_new,
                          joined(ctx, cmp.only_old), joined(ctx, cmp.only_new))
