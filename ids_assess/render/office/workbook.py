"""One Excel workbook (XlsxWriter) of a set of agencies: for ``report --format xlsx`` and
``score --format xlsx``.

Sheets: agencies, factors (a heat map by conditional formatting), items (one row per respondent and
statement), action plan (with owner, due and status columns to fill in), relationships, statistics and
reliability (when the batch's statistics are given: the figures of ``ids-assess stats``, rounded as its JSON
rounds them) and method. Every sheet has a frozen header row, an autofilter and columns as wide as their
contents; with ``lang="zh"`` sheet and column names are Chinese.

It reads the ``score --by agency`` JSON dict (:func:`ids_assess.render.agencies.overview_extra`) with
``.get()``, so keys added later (per-partner relationships, statistics, who acts) appear when they exist.
Respondents are shown by an anonymous code (R001 ...) and their role, never by name or file, unless
``named`` is given. User text is ALWAYS written with ``write_string``: a name beginning with ``=``, ``+``,
``-`` or ``@`` stays text and never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import xlsxwriter

from ids_assess.core.model import qref
from ids_assess.render.numbers import r2, r4
from ids_assess.render.office.text import hex_rgb, plain, ramp, words
from ids_assess.render.report.view_common import Context, display_width
from ids_assess.render.report.view_method import method_view
from ids_assess.render.report.view_trust import reliability_tables

if TYPE_CHECKING:
    from ids_assess.core.model import Questionnaire, Result
    from ids_assess.core.statsresult import StatsReport

MAX_WIDTH = 50  # characters: longer text wraps
SHEET_NAMES = {
    "en": {"agencies": "agencies", "factors": "factors", "items": "items", "plan": "action plan",
           "relationships": "relationships", "stats": "statistics", "reliability": "reliability", "method": "method"},
    "zh": {"agencies": "部门", "factors": "因素热图", "items": "题目作答", "plan": "行动计划",
           "relationships": "部门关系", "stats": "统计", "reliability": "信度", "method": "方法说明"},
}


@dataclass(frozen=True)
class Book:
    """What the workbook is made of."""

    data: Mapping[str, Any]  # the score JSON of ``--by agency``: agencies, systemic_barriers, network (+ stats)
    lookup: Callable[[str], Questionnaire]
    lang: str
    tool_version: str
    results: Sequence[Result] = ()  # the scored answer sets, for the items sheet
    named: bool = False  # show respondents' names and answer files (only with --named)
    disagreement: float = 50.0
    #: The batch's statistics (``ids-assess stats``): the statistics and reliability sheets (None: neither).
    stats: StatsReport | None = None


class _Sheet:
    """A sheet being written: rows of typed cells, widths measured as they are written."""

    def __init__(self, wb: Any, name: str, header: Sequence[str], fmt: Mapping[str, Any],
                 head_cap: int = MAX_WIDTH) -> None:
        self.ws = wb.add_worksheet(name)
        self.fmt = fmt
        self.widths = [min(head_cap, display_width(h) + 3) for h in header]
        self.percent: set[int] = set()
        self.coef: set[int] = set()  # coefficients, shown with two decimals
        if any(display_width(h) + 3 > head_cap for h in header):
            self.ws.set_row(0, 42)  # headers wrap onto three lines
        self.row = 0
        for col, text in enumerate(header):
            self.ws.write_string(0, col, plain(text), fmt["head"])
        self.row = 1

    def add(self, values: Sequence[Any]) -> None:
        for col, value in enumerate(values):
            self.put(self.row, col, value)
        self.row += 1

    def put(self, row: int, col: int, value: Any) -> None:
        while col >= len(self.widths):
            self.widths.append(8)
        if value is None or value == "":
            self.ws.write_blank(row, col, None)
            return
        if isinstance(value, bool):
            self.ws.write_boolean(row, col, value)
            width = 6
        elif isinstance(value, (int, float)):
            kind = "percent" if col in self.percent else "coef" if col in self.coef else "num"
            number = self.fmt[kind] if isinstance(value, float) else None
            self.ws.write_number(row, col, value, number)
            width = len(f"{value:g}") + 2
        else:
            text = plain(value)
            long = display_width(text) > MAX_WIDTH or "\n" in text
            self.ws.write_string(row, col, text, self.fmt["wrap"] if long else None)  # never write(): no formulas
            width = min(MAX_WIDTH, max(display_width(line) for line in text.split("\n")) + 2)
        self.widths[col] = max(self.widths[col], width)

    def finish(self) -> None:
        """Freeze the header row, filter, size the columns (shares in the ``percent`` columns as percentages)."""
        ws = self.ws
        ws.freeze_panes(1, 0)
        last = max(self.row - 1, 1)
        ws.autofilter(0, 0, last, max(len(self.widths) - 1, 0))
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, min(MAX_WIDTH, width), self.fmt["percent"] if col in self.percent else None)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
        ws.repeat_rows(0)


def _text(value: Any, lang: str) -> str:
    """A text that may be ``{"en": .., "zh": ..}`` (a questionnaire's words) in ``lang``."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def workbook(book: Book) -> bytes:
    """The workbook as bytes."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False})
    font = "SimSun" if book.lang == "zh" else "Calibri"
    base = {"font_name": font, "font_size": 10}
    fmt = {"head": wb.add_format({**base, "bold": True, "bg_color": "#E7ECF2", "bottom": 1, "text_wrap": True,
                                  "valign": "top"}),
           "num": wb.add_format({**base, "num_format": "0.0"}),
           "percent": wb.add_format({**base, "num_format": "0%"}),
           "coef": wb.add_format({**base, "num_format": "0.00"}),
           "wrap": wb.add_format({**base, "text_wrap": True, "valign": "top"})}
    wb.formats[0].set_font_name(font)  # the default cell format
    names = SHEET_NAMES.get(book.lang, SHEET_NAMES["en"])
    ctx = Context(book.lang, "xlsx", book.lookup, book.tool_version, stats=book.stats)
    agencies = list(book.data.get("agencies") or [])
    _agencies(wb, names["agencies"], fmt, ctx, agencies)
    _factors(wb, names["factors"], fmt, ctx, agencies)
    _items(wb, names["items"], fmt, ctx, book)
    _plan(wb, names["plan"], fmt, ctx, agencies)
    _relationships(wb, names["relationships"], fmt, ctx, book.data, agencies)
    if book.stats is not None:
        _statistics(wb, names["stats"], fmt, ctx, book.stats)
        _reliability(wb, names["reliability"], fmt, ctx, book.stats)
    elif book.data.get("stats"):  # statistics of another shape, as they are
        _records(wb, names["stats"], fmt, ctx, book.data["stats"])
    _method(wb, names["method"], fmt, ctx, agencies, book)
    wb.set_properties({"title": ctx.t["default_title"], "comments": f"ids-assess {book.tool_version}"})
    wb.close()
    return buffer.getvalue()


def _ref(agency: Mapping[str, Any]) -> str:
    """The questionnaire an agency profile was scored against, by id and version."""
    return qref(str(agency.get("questionnaire", "")), agency.get("version"))


def _questionnaire(ctx: Context, qid: str) -> Questionnaire | None:
    try:
        return ctx.lookup(qid)
    except Exception:  # a questionnaire not in the registry: ids are shown instead of titles
        return None


def _factor_titles(ctx: Context, qid: str, ids: Iterable[str]) -> str:
    q = _questionnaire(ctx, qid)
    return "; ".join(q.factors[f].title.get(ctx.lang) if q and f in q.factors else f for f in ids)


def _band_label(ctx: Context, qid: str, band: str | None) -> str:
    q = _questionnaire(ctx, qid)
    for b in (q.bands if q else ()):
        if b.id == band:
            return b.label.get(ctx.lang)
    return band or ""


def _agencies(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, agencies: Sequence[Mapping[str, Any]]) -> None:
    t, w = ctx.t, words(ctx.lang)
    sheet = _Sheet(wb, name, [t["rank"], t["agency"], w["agency_id"], t["questionnaire"], w["version"],
                              t["respondents"], t["roles"], t["overall_readiness"], w["low"], w["high"], t["coverage"],
                              t["band"], t["relationship_status"], t["pull"], t["push"], t["net"], t["h_barriers"],
                              w["enablers"], w["disagreements"]], fmt)
    sheet.percent = {10}
    ranks: dict[int, int] = {}
    for qid in dict.fromkeys(_ref(a) for a in agencies):
        same = [i for i, a in enumerate(agencies) if _ref(a) == qid]
        same.sort(key=lambda i: (agencies[i].get("overall", {}).get("score") is None,
                                 -(agencies[i].get("overall", {}).get("score") or 0), agencies[i].get("agency", "")))
        ranks.update({i: r for r, i in enumerate(same, 1)})
    for i, a in enumerate(agencies):
        qid = _ref(a)
        ov, rel = a.get("overall") or {}, a.get("relationship") or {}
        roles = "; ".join(f"{ctx.label('role', k)}: {v}" for k, v in (a.get("roles") or {}).items())
        sheet.add([ranks.get(i), a.get("agency"), a.get("agency_id"), qid, a.get("version"), a.get("respondents"),
                   roles, ov.get("score"), ov.get("low"), ov.get("high"), ov.get("coverage"),
                   _band_label(ctx, qid, ov.get("band")), ctx.label("status_title", rel.get("status")),
                   rel.get("pull"), rel.get("push"), rel.get("net"),
                   _factor_titles(ctx, qid, a.get("barriers") or ()), _factor_titles(ctx, qid, a.get("enablers") or ()),
                   _factor_titles(ctx, qid, a.get("disagreements") or ())])
    sheet.finish()


def _factors(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, agencies: Sequence[Mapping[str, Any]]) -> None:
    """Factors down, agencies across: a heat map by a three-colour scale (orange 0, grey 50, blue 100)."""
    t, w = ctx.t, words(ctx.lang)
    fixed = [t["questionnaire"], t["section"], w["factor_id"], t["factor"]]
    sheet = _Sheet(wb, name, fixed + [str(a.get("agency", "")) for a in agencies], fmt, head_cap=16)
    for qid in dict.fromkeys(_ref(a) for a in agencies):
        q = _questionnaire(ctx, qid)
        fids = list(q.factors) if q else list(dict.fromkeys(f for a in agencies if _ref(a) == qid
                                                                 for f in a.get("factors") or {}))
        for fid in fids:
            f = q.factors[fid] if q else None
            section = next((s.title.get(ctx.lang) for s in q.sections if s.id == f.section_id), "") if q and f else ""
            row: list[Any] = [qid, section, fid, f.title.get(ctx.lang) if f else fid]
            for a in agencies:
                fp = (a.get("factors") or {}).get(fid) if _ref(a) == qid else None
                row.append(fp.get("score") if fp else None)
            sheet.add(row)
    if agencies and sheet.row > 1:
        first, last = len(fixed), len(fixed) + len(agencies) - 1
        sheet.ws.conditional_format(1, first, sheet.row - 1, last, {
            "type": "3_color_scale", "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 50,
            "max_type": "num", "max_value": 100, "min_color": "#" + hex_rgb(ramp(12.5)),
            "mid_color": "#" + hex_rgb(ramp(50)), "max_color": "#" + hex_rgb(ramp(87.5))})
    sheet.finish()


def _items(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, book: Book) -> None:
    """One row per respondent and statement, respondents by an anonymous code and role."""
    from ids_assess.core.scoring import item_score

    t, w = ctx.t, words(ctx.lang)
    header = [w["respondent"], w["role"], t["agency"], t["questionnaire"], t["section"], t["factor"], w["item"],
              t["statement"], w["rating"], w["rating_label"], w["item_score"], w["confidence"], w["evidence"]]
    if book.named:
        header += [w["name"], w["source_file"]]
    sheet = _Sheet(wb, name, header, fmt)
    results = sorted(book.results, key=lambda r: (r.answers.agency, r.answers.role or "", r.answers.source))
    for n, result in enumerate(results, 1):
        a = result.answers
        q = _questionnaire(ctx, qref(result.questionnaire, result.version))
        if q is None or not a.answers:  # a result read from score JSON keeps no answers
            continue
        code = f"R{n:03d}"
        sections = {s.id: s.title.get(ctx.lang) for s in q.sections}
        for iid, item in q.items.items():
            answer = a.answers.get(iid)
            rating = answer.rating if answer else None
            if rating is None:
                label = ""
            elif rating == "dk":
                label = q.scale.dk.get(ctx.lang)
            elif rating == "na":
                label = q.scale.na.get(ctx.lang)
            else:
                label = q.scale.labels[rating].get(ctx.lang) if rating in q.scale.labels else ""
            f = q.factors.get(item.factor_id)
            row: list[Any] = [code, ctx.label("role", a.role or "unspecified"), a.agency, q.id,
                              sections.get(f.section_id, "") if f else "", f.title.get(ctx.lang) if f else "", iid,
                              item.text.get(ctx.lang), rating if isinstance(rating, int) else (rating or None), label,
                              item_score(item, rating) if isinstance(rating, int) else None,
                              ctx.label("confidence", answer.confidence) if answer and answer.confidence else None,
                              answer.evidence if answer else None]
            if book.named:
                row += [a.respondent, a.source]
            sheet.add(row)
    sheet.finish()


def _versioned(agencies: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """The questionnaire ids the agencies answered in more than one version (their rows name the version)."""
    seen: dict[str, set[Any]] = {}
    for a in agencies:
        seen.setdefault(str(a.get("questionnaire", "")), set()).add(a.get("version"))
    return frozenset(qid for qid, versions in seen.items() if len(versions) > 1)


def _plan(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, agencies: Sequence[Mapping[str, Any]]) -> None:
    t, w = ctx.t, words(ctx.lang)
    sep = "，" if ctx.lang == "zh" else ", "
    versioned = _versioned(agencies)
    sheet = _Sheet(wb, name, ["#", t["agency"], t["rank"], t["factor"], t["section"], t["score"], t["gap"],
                              t["weight"], t["priority"], t["action"], w["who_acts"], w["horizon"], t["source"],
                              w["owner"], w["due"], w["progress"]], fmt)
    n = 0
    for a in agencies:
        qid = _ref(a)
        q = _questionnaire(ctx, qid)
        for entry in a.get("action_plan") or []:
            fid = entry.get("factor", "")
            title = q.factors[fid].title.get(ctx.lang) if q and fid in q.factors else fid
            section = next((s.title.get(ctx.lang) for s in q.sections if s.id == entry.get("section")),
                           entry.get("section")) if q else entry.get("section")
            for action in entry.get("actions") or []:
                n += 1
                source = action.get("source") or {}
                cite = source.get("short") if isinstance(source, Mapping) else source
                where = source.get("section", "") if isinstance(source, Mapping) else ""
                agency = a.get("agency")
                if a.get("questionnaire") in versioned:  # one agency's plan on each version
                    agency = f"{agency} \u00b7 {a.get('questionnaire')} {a.get('version')}"
                sheet.add([n, agency, entry.get("rank"), title, section, entry.get("score"), entry.get("gap"),
                           entry.get("weight"), entry.get("priority"), _text(action.get("text"), ctx.lang),
                           _text(action.get("actor"), ctx.lang), _text(action.get("horizon"), ctx.lang),
                           sep.join(x for x in (_text(cite, ctx.lang), str(where or "")) if x), "", "", ""])
    sheet.finish()


def _relationships(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, data: Mapping[str, Any],
                   agencies: Sequence[Mapping[str, Any]]) -> None:
    """The ties of the network, or the per-partner relationships when the data has them."""
    if isinstance(data.get("relationships"), list) and data["relationships"]:
        _records(wb, name, fmt, ctx, data["relationships"])
        return
    t, w = ctx.t, words(ctx.lang)
    net = data.get("network") or {}
    labels = {n.get("id"): n.get("label", n.get("id")) for n in net.get("nodes") or []}
    sheet = _Sheet(wb, name, [w["from"], w["to"], t["questionnaire"], t["tie"], t["respondents"], t["pull"],
                              t["push"], t["net"], t["status"], w["asymmetric"]], fmt)
    versioned = _versioned(agencies)
    for e in net.get("edges") or []:
        shown = f"{e.get('questionnaire')} {e.get('version')}" if e.get("questionnaire") in versioned \
            else e.get("questionnaire")
        sheet.add([labels.get(e.get("source"), e.get("source")), labels.get(e.get("target"), e.get("target")),
                   shown, ctx.label("tie", e.get("tie")), e.get("respondents"), e.get("pull"),
                   e.get("push"), e.get("net"), ctx.label("status_title", e.get("status")),
                   bool(e.get("asymmetric"))])
    sheet.finish()


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list):
        return {prefix: "; ".join(str(x) for x in value)}
    return {prefix: value}


def _records(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, data: Any) -> None:
    """Any list of records (or a mapping of them) as a table: one column per (flattened) key."""
    if isinstance(data, Mapping):
        rows = [{"": k} | _flat(v) if isinstance(v, Mapping) else {"": k, "value": v} for k, v in data.items()]
    else:
        rows = [_flat(r) if isinstance(r, Mapping) else {"value": r} for r in data]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    sheet = _Sheet(wb, name, [k or words(ctx.lang)["key"] for k in keys], fmt)
    for r in rows:
        sheet.add([r.get(k) if isinstance(r.get(k), (int, float, bool)) or r.get(k) is None else str(r.get(k))
                   for k in keys])
    sheet.finish()


def _statistics(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, stats: StatsReport) -> None:
    """One row per agency and factor, the agency's overall score first: its interval, agreement, class and (on
    the overall row) rank interval and flagged files."""
    t, w = ctx.t, words(ctx.lang)
    level = ctx.num.percent(stats.level)
    sheet = _Sheet(wb, name, [t["questionnaire"], t["agency"], w["agency_id"], w["factor_id"], t["factor"],
                              w["n_scored"], w["mean"], w["ci_low"].format(level=level),
                              w["ci_high"].format(level=level), w["rwg"], w["ad_m"], w["n_rwg"], w["agrees"],
                              w["class"], w["top_three"], t["rank"], w["rank_low"], w["rank_high"], w["files"],
                              t["trust_flags"]], fmt)
    sheet.coef, sheet.percent = {9, 10}, {14}
    for qs in stats.questionnaires:
        ref = qref(qs.id, qs.version)
        q = _questionnaire(ctx, ref)
        for a in qs.agencies:
            o = a.overall
            files = [f for f in qs.files if f.key == a.key]
            sheet.add([ref, a.agency, a.agency_id, None, w["overall"], o.n, r2(o.mean), r2(o.low), r2(o.high),
                       None, None, None, None, None, None, a.rank, r4(a.rank_low), r4(a.rank_high), len(files),
                       sum(1 for f in files if f.flags)])
            for fid, f in a.factors.items():
                e = f.estimate
                title = q.factors[fid].title.get(ctx.lang) if q and fid in q.factors else fid
                label = w.get(f"class_{f.label}", f.label) if f.label else None
                share = a.barrier_stability.get(fid)
                sheet.add([ref, a.agency, a.agency_id, fid, title, e.n, r2(e.mean), r2(e.low), r2(e.high),
                           r4(f.rwg_j), r4(f.ad_m), f.n_rwg, f.aggregation_ok, label,
                           None if share is None else r4(share)])
    sheet.finish()


def _reliability(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, stats: StatsReport) -> None:
    """One row per factor of each questionnaire: alpha, ICC(1) and ICC(2), and the overview's reading of ICC(2)."""
    t, w = ctx.t, words(ctx.lang)
    sheet = _Sheet(wb, name, [t["questionnaire"], w["factor_id"], t["factor"], t["alpha"], w["alpha_n"], t["icc1"],
                              t["icc2"], t["reading"]], fmt)
    sheet.coef = {3, 5, 6}
    for qs in stats.questionnaires:
        ref = qref(qs.id, qs.version)
        q = _questionnaire(ctx, ref)
        rows = {r.id: r for table in (reliability_tables(ctx, [q]) if q else ()) for r in table.rows}
        for fid, f in qs.factors.items():
            row = rows.get(fid)
            sheet.add([ref, fid, row.title if row else fid, r4(f.alpha), f.alpha_n, r4(f.icc1), r4(f.icc2),
                       row.reading if row else None])
    sheet.finish()


def _method(wb: Any, name: str, fmt: Mapping[str, Any], ctx: Context, agencies: Sequence[Mapping[str, Any]],
            book: Book) -> None:
    t, w = ctx.t, words(ctx.lang)
    qs = [q for q in (_questionnaire(ctx, qid) for qid in dict.fromkeys(_ref(a) for a in agencies))
          if q is not None]
    sheet = _Sheet(wb, name, [w["key"], w["value"]], fmt)
    sheet.add([t["tool"], f"ids-assess {book.tool_version}"])
    if qs:
        m = method_view(ctx, qs, (), book.disagreement, sum(int(a.get("respondents") or 0) for a in agencies))
        sheet.add([t["questionnaire"], m.questionnaires_text])
        sheet.add([w["scale"], "; ".join(f"{v} = {label}" for v, label in m.scale)])
        for rule in m.rules:
            sheet.add([w["rules"], rule])
        for band in m.bands:
            sheet.add([w["bands"], band])
        sheet.add([t["disagreement_threshold"], m.disagreement_threshold])
        for src in m.sources:
            sheet.add([w["sources"], src.citation])
        for rule in m.stats_rules:
            sheet.add([t["h_stats_method"], rule])
        for citation in m.stats_citations:
            sheet.add([w["sources"], citation])
    sheet.add([w["respondent"], w["respondent_codes"]])
    sheet.finish()
