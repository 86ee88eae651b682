"""Tables and trees for the terminal, drawn with rich. User text is never read as rich markup."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText
from rich.tree import Tree

from ids_assess.core.model import Questionnaire, Result, qref
from ids_assess.core.profiles import versioned
from ids_assess.core.safetext import clean
from ids_assess.core.vocab import ROLE_TERMS, STATUS_TERMS, TREND_TERMS
from ids_assess.render.numbers import one, percent, weight

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview
    from ids_assess.core.compare import Comparison


#: Below this many columns, the questionnaire list leaves out the folder each questionnaire came from.
NARROW = 100


def _fits(console: Console, heads: Sequence[str], rows: Sequence[Sequence[str]], no_wrap: Sequence[int]) -> bool:
    """A table of these cells fits the console with no word broken: each column as wide as its longest
    word (its longest cell for a ``no_wrap`` column), with rich's padding and borders (3 columns each, plus 1)."""
    total = 1
    for i, head in enumerate(heads):
        cells = [head, *(row[i] for row in rows)]
        if i in no_wrap:
            total += max(cell_len(c) for c in cells) + 3
        else:
            total += max((cell_len(w) for c in cells for w in c.split()), default=1) + 3
    return total <= console.width


def _columns() -> int | None:
    """``COLUMNS`` from the environment, if it is a width."""
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return width if width > 0 else None


def _console(file: IO[str] | None = None, plain: bool = False) -> Console:
    """A console to the terminal's width on a terminal; else ``COLUMNS`` when set (not for ``plain``
    text, which goes to a file), else 200 columns."""
    target = file or sys.stdout
    is_tty = hasattr(target, "isatty") and target.isatty() and not plain
    width = shutil.get_terminal_size((120, 24)).columns if is_tty else (None if plain else _columns()) or 200
    return Console(file=target, force_terminal=is_tty, no_color=not is_tty, highlight=False,
                   markup=False, emoji=False, width=width, soft_wrap=False)


#: The table's own words; statuses and trends are the vocabulary's (``core.vocab``).
WORDS = {
    "en": {"definition_changed": "definition changed", "risk": ", tension risk",
           "weight": "weight", "determinant": "determinant",
           "legend": "+ enabler (agreeing means more readiness)   − barrier (agreeing means less)",
           "became": "became barriers", "stopped": "no longer barriers", "only_old": "only in the earlier round",
           "only_new": "only in the later round", "overall": "overall"},
    "zh": {"definition_changed": "定义已变", "risk": "，有紧张风险", "weight": "权重", "determinant": "决定因素",
           "legend": "+ 促进因素（越同意越就绪）   − 障碍因素（越同意越不就绪）",
           "became": "新出现的障碍", "stopped": "已不再是障碍", "only_old": "仅在前一轮评估",
           "only_new": "仅在后一轮评估", "overall": "总分"},
}


def _word(key: str | None, lang: str) -> str:
    """A status, trend or label in ``lang`` (``–`` for none)."""
    if key is None:
        return "–"
    for terms in (STATUS_TERMS, TREND_TERMS):
        if key in terms:
            return terms[key].label(lang)
    return WORDS[lang].get(key, key)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _sep(lang: str) -> str:
    """Between the names of a list."""
    return "、" if lang == "zh" else ", "


def _role(role: str | None, lang: str) -> str:
    """A respondent's role: as given in English, the vocabulary's label in Chinese."""
    if not role:
        return "–"
    return ROLE_TERMS[role].label(lang) if lang == "zh" and role in ROLE_TERMS else role


def _stacked(console: Console, head: str, fields: Sequence[tuple[str, str]], lang: str) -> None:
    """One row as a block: its head, then ``label value`` pairs packed into lines that break only between
    pairs, so that a number, band or status is never broken (a pair wider than the line folds alone)."""
    console.print(_t(head, style="bold"))
    gap = "\u3000" if lang == "zh" else "   "
    width = max(console.width - 2, 10)
    lines: list[str] = []
    for name, value in fields:
        pair = f"{name}{_colon(lang) if lang == 'zh' else ' '}{value}"
        if lines and cell_len(lines[-1] + gap + pair) <= width:
            lines[-1] += gap + pair
        else:
            lines.append(pair)
    for line in lines:
        console.print(_t("  " + line), overflow="fold")


def _t(text: str, style: str = "") -> RichText:
    """User or questionnaire text for a table: never markup, control characters made visible."""
    return RichText(clean(text), style=style)


def _num(value: float | None) -> str:
    return one(value)


def _print(console: Console, *renderables: object) -> str:
    buffer = io.StringIO()
    console.file = buffer
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def rendered(*renderables: object, plain: bool = False) -> str:
    """``renderables`` drawn as text: in colour and to the terminal's width when stdout is a terminal
    (and not ``plain``), else plain and 200 columns wide."""
    buffer = io.StringIO()
    console = _console(plain=True) if plain else _console()
    console.file = buffer
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def table_or_blocks(title: str, heads: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int],
                    no_wrap: Sequence[int], lang: str = "en", plain: bool = False) -> str:
    """``rows`` under ``title`` as a table when it fits the width with no word broken and the ``no_wrap``
    columns (numbers, intervals, ranks) whole; else one block per row, headed by its first cell."""
    console = _console(plain=True) if plain else _console()
    buffer = io.StringIO()
    console.file = buffer
    if _fits(console, heads, rows, no_wrap):
        table = Table(title=title, title_justify="left")
        for i, head in enumerate(heads):
            table.add_column(head, justify="right" if i in right else "left", no_wrap=i in no_wrap, overflow="fold")
        for row in rows:
            table.add_row(*(_t(cell) for cell in row))
        console.print(table)
    else:
        console.print(_t(title))
        for row in rows:
            _stacked(console, row[0], list(zip(heads[1:], row[1:], strict=True)), lang)
    return buffer.getvalue()


def questionnaire_list_table(questionnaires: Sequence[Questionnaire], lang: str) -> str:
    """The known questionnaires, as a table."""
    console = _console()
    narrow = console.width < NARROW  # the folder each came from is left out
    heads = {"en": ("id", "version", "title", "sections", "factors", "items", "from"),
             "zh": ("编号", "版本", "标题", "部分", "因素", "题目", "来源")}[lang]
    table = Table(title=None, show_lines=False)
    for i, column in enumerate(heads[:6] if narrow else heads):
        table.add_column(column, justify="right" if i in (3, 4, 5) else "left", no_wrap=i != 2,
                         overflow="fold" if i == 2 else "ellipsis")
    for q in questionnaires:
        table.add_row(_t(q.id), _t(q.version), _t(q.title.get(lang)), str(len(q.sections)),
                      str(len(q.factors)), str(len(q.items)), *([] if narrow else [_t(q.origin)]))
    return _print(console, table)


def questionnaire_tree(q: Questionnaire, lang: str) -> str:
    """A questionnaire as a tree: sections, factors (with sources), items (with polarity)."""
    root = Tree(_t(f"{q.id} {q.version} — {q.title.get(lang)}", style="bold"))
    for section in q.sections:
        head = f"{section.id}: {section.title.get(lang)} ({_word('weight', lang)} {weight(section.weight)})"
        branch = root.add(_t(head, style="bold"))
        for factor in section.factors:
            mark = f" [{_word('determinant', lang)}]" if factor.determinant else ""
            fnode = branch.add(_t(f"{factor.id}: {factor.title.get(lang)}{mark} — "
                                        f"{factor.source.source.short.get(lang)}, {factor.source.section}"))
            for item in factor.items:
                sign = "+" if item.polarity == "enabler" else "−"
                fnode.add(_t(f"{sign} {item.id}: {item.text.get(lang)}"))
    return rendered(root, _t(_word("legend", lang)))


def score_table(results: Sequence[Result], lookup: Callable[[str], Questionnaire], lang: str,
                plain: bool = False) -> str:
    """The scores of many answer files as one table, rendered to text: with the file's name for its path when
    the whole path does not fit, one block per file when the table does not fit at all."""
    labels = {"en": ("file", "agency", "role", "overall", "range", "coverage", "band", "relationship",
                     "strongest barrier"),
              "zh": ("文件", "机构", "角色", "总分", "区间", "覆盖率", "等级", "关系", "最突出障碍")}[lang]
    console = _console(plain=True) if plain else _console()
    rows = []
    for r in results:
        q = lookup(qref(r.questionnaire, r.version))
        o = r.overall
        barrier = q.factors[r.barriers[0]].title.get(lang) if r.barriers else "–"
        rows.append((r.answers.source, r.answers.agency, _role(r.answers.role, lang), _num(o.score),
                     f"{_num(o.low)}–{_num(o.high)}", "–" if o.coverage is None else percent(o.coverage),
                     r.band.label.get(lang) if r.band else "–", _word(r.relationship.status, lang), barrier))
    def table(short: bool) -> Table:
        out = Table(show_lines=False)
        for i, name in enumerate(labels):
            out.add_column(name, justify="right" if i in (3, 4, 5) else "left",
                           no_wrap=i in (3, 4, 5, 6, 7), overflow="fold")
        for row in rows:
            out.add_row(*(_t(os.path.basename(cell) if short and i == 0 else cell) for i, cell in enumerate(row)))
        return out

    for short in (False, True):  # the whole path; else the file's name; else one block per file
        cells = [(os.path.basename(row[0]) if short else row[0], *row[1:]) for row in rows]
        if _fits(console, labels, cells, (3, 4, 5, 6, 7)):
            return _print(console, table(short))
    buffer = io.StringIO()
    console.file = buffer
    for row in rows:
        _stacked(console, f"{row[1]} · {row[2]} · {os.path.basename(row[0])}",
                 list(zip(labels[3:], row[3:], strict=True)), lang)
    return buffer.getvalue()


def _relationships(p: AgencyProfile, lang: str) -> str:
    """The status per partner (never averaged over partners); one partner: its status alone."""
    named = [g for g in p.relationships if g.relationship.status is not None]
    if len(named) <= 1:
        status = named[0].relationship.status if named else p.relationship.status
        return _word(status, lang) + (_word("risk", lang) if named and named[0].relationship.tension_risk else "")
    sep, (op, cp) = ("；", "（）") if lang == "zh" else ("; ", ("(", ")"))
    return sep.join(f"{_word(g.relationship.status, lang)}{_word('risk', lang) if g.relationship.tension_risk else ''}"
                    f"{'' if lang == 'zh' else ' '}{op}{g.partner}{cp}" for g in named)


def agency_table(overview: Overview, lookup: Callable[[str], Questionnaire], lang: str, plain: bool = False) -> str:
    """Agency profiles as a table, ranked by overall score (one block per agency when it does not fit)."""
    labels = {"en": ("agency", "respondents", "overall", "range", "coverage", "band", "relationship",
                     "strongest barrier", "disagreement"),
              "zh": ("机构", "答卷人数", "总分", "区间", "覆盖率", "等级", "关系", "最突出障碍", "意见分歧")}[lang]
    several = len({p.ref for p in overview.profiles}) > 1  # two versions of one questionnaire are two too
    several_versions = versioned(overview.profiles)
    console = _console(plain=True) if plain else _console()
    rows = []
    first = {ref: i for i, ref in reversed(list(enumerate(p.ref for p in overview.profiles)))}
    for p in sorted(overview.ranking(), key=lambda p: (p.questionnaire, first[p.ref])) if several \
            else overview.ranking():
        q = lookup(qref(p.questionnaire, p.version))
        o = p.overall
        barrier = q.factors[p.barriers[0]].title.get(lang) if p.barriers else "–"
        band = p.band
        disagree = _sep(lang).join(q.factors[f].title.get(lang) for f in p.disagreements[:3]) or "–"
        rows.append((p.agency, str(p.respondents), _num(o.score), f"{_num(o.low)}–{_num(o.high)}",
                     "–" if o.coverage is None else percent(o.coverage), band.label.get(lang) if band else "–",
                     _relationships(p, lang), barrier, disagree,
                     f"{p.questionnaire} {p.version}" if p.questionnaire in several_versions else p.questionnaire))
    table = Table(show_lines=False)
    for i, name in enumerate(labels):
        table.add_column(name, justify="right" if i in (1, 2, 3, 4) else "left",
                         no_wrap=i in (1, 2, 3, 4, 5), overflow="fold")
    if several:  # scores of different questionnaires are not comparable: group by questionnaire
        table.add_column("questionnaire" if lang == "en" else "问卷")
    for row in rows:
        table.add_row(*(_t(cell) for cell in (row if several else row[:9])))
    buffer = io.StringIO()
    console.file = buffer
    if _fits(console, labels + (("questionnaire",) if several else ()), [row if several else row[:9] for row in rows],
             (1, 2, 3, 4, 5)):
        console.print(table)
    else:  # one block per agency, so that no number, band or status is broken
        for row in rows:
            _stacked(console, row[0] + (f" · {row[9]}" if several else ""),
                     list(zip(labels[1:], row[1:9], strict=True)), lang)
    if overview.systemic_barriers:
        # each factor's title from a questionnaire that has it (not only the first agency's: a factor of
        # another questionnaire, or of another version, is systemic too)
        shown = [lookup(ref) for ref in dict.fromkeys(p.ref for p in overview.profiles)]
        names = _sep(lang).join(next(q.factors[f].title.get(lang) for q in shown if f in q.factors)
                                for f in overview.systemic_barriers if any(f in q.factors for q in shown))
        head = ("Systemic barriers (barriers in at least half of the agencies)" if lang == "en"
                else "系统性障碍（至少半数机构中的障碍）")
        console.print(_t(f"{head}{_colon(lang)}{names}"))
    return buffer.getvalue()


def compare_table(comparison: Comparison, lookup: Callable[[str], Questionnaire], lang: str) -> str:
    """Per agency: overall and the factors that changed by the threshold or more."""
    buffer = io.StringIO()
    console = _console()
    console.file = buffer
    for a in comparison.agencies:
        q = lookup(qref(a.questionnaire, a.new_version or None))
        table = Table(title=_t(a.agency), title_justify="left")
        for i, name in enumerate(("factor", "before", "after", "change", "trend") if lang == "en"
                                 else ("因素", "前", "后", "变化", "趋势")):
            table.add_column(name, justify="right" if i in (1, 2, 3) else "left", no_wrap=i != 0,
                             overflow="fold" if i == 0 else "ellipsis")
        for ch in a.changes:
            if ch.level == "section" or (ch.level == "factor" and ch.trend in (None, "steady")
                                         and not ch.definition_changed):
                continue
            name = _word("overall", lang) if ch.level == "overall" else q.factors[ch.id].title.get(lang)
            delta = one(ch.delta, signed=True)
            trend = _word("definition_changed" if ch.definition_changed else ch.trend, lang)
            table.add_row(_t(name), _num(ch.old), _num(ch.new), delta, _t(trend))
        console.print(table)
        for label, ids in (("became", a.became_barriers), ("stopped", a.stopped_barriers)):
            if ids:
                names = _sep(lang).join(q.factors[f].title.get(lang) for f in ids)
                console.print(_t(f"  {_word(label, lang)}{_colon(lang)}{names}"))
    for label, agencies in (("only_old", comparison.only_old), ("only_new", comparison.only_new)):
        if agencies:
            console.print(_t(f"{_word(label, lang)}{_colon(lang)}" + _sep(lang).join(agencies)))
    return buffer.getvalue()


def compare_rounds_table(comparisons: Sequence[Comparison], names: Sequence[str],
                         lookup: Callable[[str], Questionnaire], lang: str) -> str:
    """More than two rounds: each consecutive pair under a heading naming its two rounds."""
    parts = []
    for i, c in enumerate(comparisons):
        parts.append(rendered(_t(f"{names[i]} → {names[i + 1]}", style="bold")) + compare_table(c, lookup, lang))
    return "\n".join(parts)
