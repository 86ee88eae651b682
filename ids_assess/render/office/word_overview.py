"""The overview of the Word reports (``index.docx``) and the set of documents: the three city-wide actions to take
first, the ranking, the factors' reliability, the heat map as a shaded table, the systemic barriers and the
city-wide action plan for them (who must act, with owner, due and status columns to fill in), the network (an
agency x agency matrix beyond 12 agencies), the change since the baseline, the reports, the method.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ids_assess.core.model import qref
from ids_assess.render.office.text import band_colours, words
from ids_assess.render.office.word import Doc, fix_widths, shade, tight
from ids_assess.render.office.word_report import EXTENSION, agency_document, appendix_section, method_section
from ids_assess.render.report.files import report_names
from ids_assess.render.report.view import build_overview

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Overview
    from ids_assess.render.report.build import Options
    from ids_assess.render.report.view_overview import OverviewReport


# --- the overview ------------------------------------------------------------------------------------

def overview_document(options: Options, overview: Overview, links: dict[tuple[str, str], str],
                      hrefs: dict[str, str]) -> bytes:
    """The overview (``index.docx``): rankings, heat maps, systemic barriers, the network, the reports."""
    view = build_overview(options.context(hrefs=hrefs), overview, links)
    doc = Doc(options.lang, f"{view.title} \u00b7 {view.kind}")
    _overview(doc, view, overview, options)
    return doc.bytes()


def _overview(doc: Doc, v: OverviewReport, overview: Overview, options: Options) -> None:
    t, w = v.t, words(v.lang)
    doc.heading(v.title, 0)
    doc.para(v.kicker, italic=True, size=9)
    doc.para(v.intro)
    _city_top(doc, v)
    doc.heading(t["h_ranking"], 1)
    for ranking in v.rankings:
        if v.show_questionnaire:
            doc.heading(ranking.questionnaire.label, 2)
        _ranking_table(doc, v, ranking.rows)
    _change(doc, v)  # right after the ranking: each agency's score then and now
    _reliability(doc, v)
    doc.heading(t["h_heatmap"], 1)
    doc.para(v.heatmap_intro, size=9)
    for heat in v.heatmaps:
        if v.show_questionnaire:
            doc.heading(heat.questionnaire.label, 2)
        _heat_table(doc, heat, overview, options, w)
    doc.heading(t["h_systemic"], 1)
    if v.systemic:
        doc.para(v.systemic_intro)
        doc.table([t["factor"], t["in_agencies"], t["mean_score"], t["source"]],
                  [[r.title, r.count, r.mean, r.source.text] for r in v.systemic], widths=(6, 3, 2.2, 5.8),
                  numeric=(2,))
    else:
        doc.para(v.no_systemic)
    _city_plan(doc, v)
    doc.heading(t["h_network"], 1)
    doc.para(v.network.legend, size=9)
    if v.network.matrix is not None:
        _matrix(doc, v)
    elif v.network.edges:
        doc.table([w["from"], w["to"], t["tie"], t["status"], t["net"], t["respondents"], w["asymmetric"]],
                  [[e.source, e.target, e.tie_label or t["no_value"], e.status_label or t["no_value"], e.net,
                    str(e.respondents), "\u2713" if e.asymmetric else ""] for e in v.network.edges],
                  size=8.5, numeric=(4, 5))
    doc.heading(t["h_reports"], 1)
    doc.table(["#", t["agency"], w["file"]], [[str(r.number), r.label, r.href] for r in v.reports],
              widths=(1, 9, 7), size=9, numeric=(0,))
    method_section(doc, t, v.method, "")
    appendix_section(doc, t, v.problems)
    doc.para(v.generated, size=8, italic=True)


def _change(doc: Doc, v: OverviewReport) -> None:
    """The change since the baseline per agency, with the rounds' warnings (nothing without a baseline)."""
    if not v.change:
        return
    t, c = v.t, v.change
    doc.heading(t["h_change"], 1)
    sep = "" if v.lang == "zh" else " "
    doc.para(c.intro, sep if c.rounds_text else "", c.rounds_text)
    for text in (*c.cautions, c.people_note):  # the rounds' warnings
        if text:
            doc.para(("b", t["read_with_care"]), sep, text, size=9, italic=True)
    doc.table([t["agency"], t["old"], t["new"], t["delta"], t["trend"], t["became_barriers"], t["stopped_barriers"]],
              [[r.agency, r.old, r.new, r.delta, r.trend_label, r.became_text, r.stopped_text] for r in c.rows],
              widths=(5.0, 1.5, 1.5, 1.6, 2.4, 2.6, 2.6), size=8.5, numeric=(1, 2, 3))


def _city_top(doc: Doc, v: OverviewReport) -> None:
    """The first action of each of the three first systemic barriers: what the city does first, on page one."""
    t, colon = v.t, v.t["colon"]
    if not v.city_plan.top:
        return
    doc.heading(t["h_city_top"], 1)
    for n, a in enumerate(v.city_plan.top):
        p = doc.numbered(("b", a.text), first=n == 0)
        meta = [f"{t['who_must_act']}{colon}{a.actor_label}", f"{t['horizon']}{colon}{a.horizon_label}",
                f"{t['answers_systemic']}{colon}{a.barrier_text}", f"{t['source']}{colon}{a.source.text}"]
        doc.run(p, "\n" + " \u00b7 ".join(meta), size=9)
    doc.para(v.city_plan.top_more, size=9, italic=True)


def _city_plan(doc: Doc, v: OverviewReport) -> None:
    """The city-wide action plan: per systemic barrier its actions, who must act (the pairs under the action),
    the horizon, and the owner, due and status columns to fill in."""
    t, colon, plan = v.t, v.t["colon"], v.city_plan
    doc.heading(t["h_city_plan"], 1)
    if not plan.actions:
        doc.para(plan.none)
        return
    doc.para(plan.intro)
    w = words(v.lang)
    header = ["#", t["action"], t["who_must_act"], t["horizon"], w["owner"], w["due"], w["progress"]]
    widths = (0.7, 8.6, 2.2, 1.8, 1.3, 1.3, 1.3)
    table = doc.table(header, [], widths=widths, size=7.5)
    for g in plan.groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        doc.cell_text(merged, f"{t['recommendation_for']}{colon}{g.factor_title} \u00b7 {g.agencies_text}", 7.5,
                      bold=True)
        shade(merged, "F4F6F8")
        for a in g.actions:
            cells = table.add_row().cells
            note = t["source"] + colon + a.source.text
            if a.actor == "with_partner":
                note += "\n" + a.actor_label + colon + a.who
            for n, text in enumerate((str(a.number), a.text, a.actor_label, a.horizon_label, a.owner, a.due,
                                      a.status)):
                doc.cell_text(cells[n], text, 7.5, right=n == 0)
            doc.run(cells[1].paragraphs[0], "\n" + note, size=6.5, colour="444444")
    fix_widths(table, widths)


def _matrix(doc: Doc, v: OverviewReport) -> None:
    """Beyond 12 agencies: the agency x agency matrix of relationship status, numbered columns, named rows."""
    m = v.network.matrix
    assert m is not None
    t = v.t
    doc.heading(t["h_matrix"], 2)
    doc.para(m.intro, size=9)
    legend = "; ".join(f"{r.number} = {r.agency}" for r in m.rows)
    doc.para(legend, size=7.5)
    size = 6
    table = doc.doc.add_table(rows=1, cols=2 + len(m.numbers))
    table.style = doc.doc.styles["Table Grid"]
    tight(table, 20)
    head = table.rows[0].cells
    doc.cell_text(head[0], "#", size, bold=True)
    doc.cell_text(head[1], t["agency"], size, bold=True)
    for cell, number in zip(head[2:], m.numbers, strict=True):
        doc.cell_text(cell, str(number), size, bold=True, centre=True)
        shade(cell, "E7ECF2")
    fills = {"tension": "F6D5BF", "symbiosis": "CFE3F2", "balanced": "E8E8E8"}
    for row in m.rows:
        cells = table.add_row().cells
        doc.cell_text(cells[0], str(row.number), size, bold=True)
        doc.cell_text(cells[1], row.agency, size)
        for cell, c in zip(cells[2:], row.cells, strict=True):
            if c.text:
                shade(cell, fills.get(c.status, "FFFFFF"))
                doc.cell_text(cell, c.net or c.status_label, size, centre=True)
    rest = (17.2 - 0.6 - 4.0) / max(1, len(m.numbers))
    fix_widths(table, (0.6, 4.0, *([rest] * len(m.numbers))))
    # the key: each status on its shade (a cell holds the net; an empty cell is no tie described)
    labels = dict.fromkeys((c.status, c.status_label) for r in m.rows for c in r.cells if c.status)
    if labels:
        doc.para("")
        key = doc.doc.add_table(rows=1, cols=len(labels))
        key.style = doc.doc.styles["Table Grid"]
        tight(key)
        for cell, (status, label) in zip(key.rows[0].cells, labels, strict=True):
            shade(cell, fills.get(status, "FFFFFF"))
            doc.cell_text(cell, label, 7.5, centre=True)
        fix_widths(key, [3.0] * len(labels))
    doc.para("")


def _ranking_table(doc: Doc, v: OverviewReport, rows: Sequence[Any]) -> None:
    """The ranking; with the statistics, the rank interval beside the rank."""
    t = v.t
    stats = v.show_stats
    header = [t["rank"], *([t["rank_interval"]] if stats else []), t["agency"], t["score"], t["band"], t["range"],
              t["coverage"], t["respondents"], t["relationship_status"], t["barriers_count"]]
    body = [[str(r.rank), *([r.rank_interval or t["no_value"]] if stats else []), r.agency, r.score,
             r.band or t["no_value"], r.range, r.coverage, str(r.respondents), r.status_label or t["no_value"],
             str(r.barriers)] for r in rows]
    # the header in 7 pt, each column as wide as its longest word ("Respondents", "作答覆盖率") in the wide
    # fonts LibreOffice puts in Calibri's place: no header word is broken
    if stats:
        widths: tuple[float, ...] = (1.0, 1.4, 2.85, 1.1, 1.7, 1.75, 1.65, 2.15, 2.05, 1.55)
        numeric: tuple[int, ...] = (0, 1, 3, 6, 7, 9)
    else:
        widths, numeric = (1.0, 4.25, 1.1, 1.7, 1.75, 1.65, 2.15, 2.05, 1.55), (0, 2, 5, 6, 8)
    doc.table(header, body, widths=widths, size=8, numeric=numeric, head_size=7)


def _reliability(doc: Doc, v: OverviewReport) -> None:
    """Each factor's alpha, ICC(1) and ICC(2) with the reading of ICC(2): whether the agency means the ranking
    compares are reliable (none without statistics)."""
    if not v.reliability:
        return
    t = v.t
    doc.heading(t["h_reliability"], 2)
    doc.para(t["s_reliability_intro"], size=8.5)
    for table in v.reliability:
        if v.show_questionnaire:
            doc.heading(table.questionnaire.label, 3)
        doc.table([t["factor"], t["alpha"], t["icc1"], t["icc2"], t["reading"]],
                  [[r.title, r.alpha, r.icc1, r.icc2, r.reading] for r in table.rows],
                  widths=(6.4, 1.4, 1.4, 1.4, 6.6), size=8, numeric=(1, 2, 3))


def _heat_table(doc: Doc, heat: Any, overview: Overview, options: Options, w: Any) -> None:
    q = options.lookup(qref(heat.questionnaire.id, heat.questionnaire.version))
    profiles = [p for p in overview.profiles if p.ref == q.ref]
    legend = "; ".join(f"{a.number} = {a.agency}" for a in heat.agencies)
    doc.para(w["heat_legend"] + legend, size=8.5)
    table = doc.doc.add_table(rows=1, cols=1 + len(profiles))
    table.style = doc.doc.styles["Table Grid"]
    many = len(profiles) > 12  # narrower columns: a score and its barrier mark stay on one line
    tight(table, 20 if many else 57)
    size = 6 if many else 8
    head = table.rows[0].cells
    doc.cell_text(head[0], "", size)
    for cell, a in zip(head[1:], heat.agencies, strict=True):
        doc.cell_text(cell, str(a.number), size, bold=True, centre=True)
        shade(cell, "E7ECF2")
    for section in heat.sections:
        cells = table.add_row().cells
        doc.cell_text(cells[0], section.title, size, bold=True)
        for cell in cells:
            shade(cell, "F4F6F8")
        for row in section.rows:
            cells = table.add_row().cells
            doc.cell_text(cells[0], row.title, size)
            for cell, hc, p in zip(cells[1:], row.cells, profiles, strict=True):
                fp = p.factors.get(row.id)
                fill, ink = band_colours(q, fp.score if fp else None)
                shade(cell, fill)
                mark = "\u25bc " if hc.barrier else ""
                doc.cell_text(cell, mark + hc.score if hc.score else "\u2013", size, colour=ink, centre=True)
    first = 3.6 if many else 6.0
    rest = (17.2 - first) / max(1, len(profiles))
    fix_widths(table, (first, *([rest] * len(profiles))))
    doc.para("")


# --- the set -----------------------------------------------------------------------------------------

def document_set(options: Options, overview: Overview) -> Iterator[tuple[str, bytes]]:
    """``index.docx``, then one Word report per agency, each with a safe, unique file name (as the HTML set)."""
    names = report_names(overview.profiles, EXTENSION)
    by_key: dict[str, str] = {}
    for (_, key), name in names.items():
        by_key.setdefault(key, name)
    yield f"index{EXTENSION}", overview_document(options, overview, dict(names), by_key)
    for i, p in enumerate(overview.profiles):
        yield names[(p.ref, p.key)], agency_document(options, overview, i, by_key)
