"""Breakdowns by respondent group (role) and their suppression: a group with fewer than ``min_group``
respondents is never shown, and neither is any group from which a suppressed one could be worked out.

Rules (docs/reports.md, "Privacy"):

* *primary* suppression: a group with fewer than ``min_group`` respondents is not shown;
* *complementary* suppression: the agency's total is always shown, so the hidden groups together can be
  worked out from it and the shown groups. While fewer than two groups are hidden, or the hidden groups hold
  fewer than ``min_group`` respondents together, the smallest shown group is hidden too (ties by name).
  3 IT + 1 legal: legal is hidden, and then IT as well (its mean beside the agency's would give legal away),
  so no breakdown is shown at all;
* when no group or only one group is left to show beside the total, the breakdown is not shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.render.report.view_common import Context

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile
    from ids_assess.core.model import Questionnaire

MIN_GROUP = 3  # the default of --min-group
ROLE_ORDER = ("leader", "business", "it", "legal", "other", "unspecified")
MAX_ROWS = 8  # factors in the table by role


def suppressed(sizes: Mapping[str, int], k: int = MIN_GROUP) -> frozenset[str]:
    """The groups not to show, of groups of ``sizes`` respondents, when any group needs ``k`` or more."""
    hidden = {g for g, n in sizes.items() if n < k}
    if not hidden:
        return frozenset()
    shown = sorted((g for g in sizes if g not in hidden), key=lambda g: (sizes[g], g))
    while shown and (len(hidden) < 2 or sum(sizes[g] for g in hidden) < k):
        hidden.add(shown.pop(0))
    return frozenset(hidden)


def shown_groups(sizes: Mapping[str, int], k: int = MIN_GROUP) -> tuple[str, ...]:
    """The groups a breakdown may show beside the total (none when fewer than two could be)."""
    hidden = suppressed(sizes, k)
    shown = tuple(g for g in sizes if g not in hidden)
    return shown if len(shown) >= 2 else ()


@dataclass(frozen=True)
class GroupRow:
    title: str
    anchor: str
    values: tuple[str, ...]  # one per shown group, then the agency's
    total: str


@dataclass(frozen=True)
class GroupBreakdownView:
    """Scores by role for the agency's priority barriers, with the groups that are not shown."""

    min_group: int
    intro: str
    groups: tuple[str, ...]  # labels of the shown groups, with their n
    rows: tuple[GroupRow, ...]
    hidden: tuple[str, ...]  # labels of the suppressed groups
    hidden_text: str  # "Not shown (...): Legal staff, Leaders." or ""
    none: str  # the sentence when no breakdown is shown ("" when there is one)


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _ordered(roles: Mapping[str, int]) -> list[str]:
    return sorted(roles, key=lambda r: (ROLE_ORDER.index(r) if r in ROLE_ORDER else 99, r))


def role_breakdown(ctx: Context, q: Questionnaire, profile: AgencyProfile, factor_ids: Sequence[str],
                   min_group: int = MIN_GROUP) -> GroupBreakdownView:
    t, num = ctx.t, ctx.num
    roles = {r: profile.roles[r] for r in _ordered(profile.roles)}
    hidden = suppressed(roles, min_group)
    shown = list(shown_groups(roles, min_group))
    hidden_labels = tuple(ctx.label("role", r) for r in roles if r in hidden)
    intro = t["s_by_role_intro"].format(k=min_group)
    if not shown:
        if len(roles) <= 1 and not hidden:
            reason = t["s_by_role_single"]
        else:
            reason = t["s_by_role_suppressed"].format(k=min_group, groups=num.join(list(hidden_labels)))
        none = t["s_by_role_none"].format(reason=reason)
        return GroupBreakdownView(min_group, intro, (), (), hidden_labels, "", none)
    rows = []
    for fid in list(factor_ids)[:MAX_ROWS]:
        f = q.factors[fid]
        values = tuple(num.score(profile.by_role.get(r, {}).get(fid)) for r in shown)
        rows.append(GroupRow(f.title.get(ctx.lang), f"f-{fid}", values, num.score(profile.factors[fid].score)))
    groups = tuple(_capital(ctx.label("role", r)) + num.paren(t["n_text"].format(n=roles[r])) for r in shown)
    hidden_text = (t["s_suppressed_groups"].format(k=min_group, groups=num.join(list(hidden_labels)))
                   if hidden_labels else "")
    return GroupBreakdownView(min_group, intro, groups, tuple(rows), hidden_labels, hidden_text, "")
