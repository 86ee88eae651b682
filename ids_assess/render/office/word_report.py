"""Readiness reports as editable Word documents: one per agency and one for the overview (``index.docx``).

They are built from the same view model as the HTML and Markdown reports (:mod:`ids_assess.render.report.view`),
so they say the same things in the same words; only the layout is Word's: real Heading 1/2/3 styles (the
navigation pane and a table of contents work), tables for scores, barriers and the action plan (with empty
owner, due and status columns to fill in), the heat map as a table shaded by readiness band, a running
header and page numbers. The summary comes first: the score with its range, its interval (when the report has
the batch's statistics) and band, the rank, the three actions to take first (who acts, where the recommendation
comes from) and the barriers they answer. The statistics' "Can these numbers be trusted?" panel opens the
annex, as in the HTML; the overview gives the factors' reliability and the rank intervals.

Fields the view model gains later (who acts, a horizon) are read with ``getattr`` and shown when present.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ids_assess.render.office.text import band_colours, words
from ids_assess.render.office.word import Doc, Noted, fix_widths, shade, tight
from ids_assess.render.report.files import FileNamer
from ids_assess.render.report.view import AgencyReport, build_agency, build_overview

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview
    from ids_assess.render.report.build import Options
    from ids_assess.render.report.view_actions import ActionView
    from ids_assess.render.report.view_overview import OverviewReport

EXTENSION = ".docx"
TOP = 3  # actions (and the barriers they answer) in the summary
EVIDENCE_SHOWN = 2  # evidence notes per factor, as in the HTML annex


def _attr(obj: object, *names: str) -> str:
    """The first of ``names`` that ``obj`` has and that is not empty, as text ("" if none)."""
    for name in names:
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return ""


def top_actions(actions: Sequence[ActionView], n: int = TOP) -> list[ActionView]:
    """The first action of each of the ``n`` most urgent factors: three actions that answer three barriers."""
    chosen: list[ActionView] = []
    seen: set[str] = set()
    for a in actions:
        if a.factor_id not in seen:
            seen.add(a.factor_id)
            chosen.append(a)
        if len(chosen) == n:
            break
    return chosen


def rank_of(profile: AgencyProfile, overview: Overview) -> tuple[int, int]:
    """The agency's rank among the agencies of its questionnaire, and how many there are."""
    same = [p for p in overview.ranking() if p.questionnaire == profile.questionnaire]
    return next(i for i, p in enumerate(same, 1) if p is profile), len(same)


# --- one agency --------------------------------------------------------------------------------------

def agency_document(options: Options, overview: Overview, index: int = 0, hrefs: dict[str, str] | None = None) -> bytes:
    """The Word report of agency ``index`` of the overview."""
    ctx = options.context(hrefs=hrefs or {})
    profile = overview.profiles[index]
    view = build_agency(ctx, profile, overview)
    doc = Doc(options.lang, f"{view.title} \u00b7 {view.agency}")
    _agency(doc, view, profile, overview)
    return doc.bytes()


def _agency(doc: Doc, v: AgencyReport, profile: AgencyProfile, overview: Overview) -> None:
    t, w, colon = v.t, words(v.lang), v.t["colon"]
    s = v.summary
    doc.heading(v.agency, 0)
    doc.para(v.kicker + " \u00b7 " + t["questionnaire"] + colon + v.questionnaire.label
             + (" \u00b7 " + v.dates if v.dates else ""), italic=True, size=9)

    # 1. the summary: what to decide, on page one
    doc.heading(t["h_summary"], 1)
    doc.labelled(t["overall_readiness"], w["score_line"].format(score=s.score, range=s.range,
                                                                band=s.band or t["no_value"]), colon)
    if v.front.stat_interval is not None:
        doc.labelled(v.front.stat_interval.label, v.front.stat_interval.text, colon)
    rank, total = rank_of(profile, overview)
    doc.labelled(t["rank"], w["rank"].format(rank=rank, total=total), colon)
    doc.para(s.lede)
    doc.para(s.relationship_sentence)
    chosen = top_actions(v.actions)
    doc.heading(w["top_actions"], 2)
    if not chosen:
        doc.para(v.actions_intro)
    for n, a in enumerate(chosen):
        p = doc.numbered(("b", a.text), first=n == 0)
        actor = _attr(a, "actor_label", "actor")
        horizon = _attr(a, "horizon_label", "horizon")
        meta = [f"{w['who_acts']}{colon}{actor or w['not_stated']}"]
        if horizon:
            meta.append(f"{w['horizon']}{colon}{horizon}")
        meta.append(f"{t['source']}{colon}{a.source.text}")
        doc.run(p, "\n" + " \u00b7 ".join(meta), size=9)
    doc.heading(w["barriers_answered"] if chosen else t["h_strongest_barriers"], 2)
    details = {d.factor.id: d for d in v.barriers}
    answered = [details[a.factor_id] for a in chosen if a.factor_id in details]
    if answered:
        for d in answered:
            p = doc.para(("b", f"{d.factor.title} \u2014 {d.factor.score}"), style="List Bullet")
            if d.worst:
                doc.run(p, "\n" + t["worst_item"] + colon + d.worst.quoted, size=9)
    elif s.barriers:
        for sentence in s.barriers:
            doc.para(sentence, style="List Bullet")
    else:
        doc.para(v.no_barriers)
    if v.change:
        c = v.change
        doc.heading(t["h_change"], 2)
        doc.table([t["section"], t["old"], t["new"], t["delta"], t["trend"]],
                  [[x.title, x.old, x.new, x.delta, x.trend_label] for x in (c.overall, *c.sections)],
                  numeric=(1, 2, 3))
        doc.labelled(t["became_barriers"], c.became_text, colon)
        doc.labelled(t["stopped_barriers"], c.stopped_text, colon)
        if v.trend:
            doc.labelled(t["trend_line"], v.trend.text, colon)
        for text in v.cautions:  # the rounds' warnings about this change
            doc.para(("b", t["read_with_care"]), "" if v.lang == "zh" else " ", text, size=9, italic=True)

    # 2. the profile, opened by whether its numbers can be trusted (the annex's first section in HTML)
    doc.heading(t["h_profile"], 1)
    if v.trust is not None:
        doc.heading(v.trust.title, 2)
        doc.pairs([(r.label, r.text, r.stat) for r in v.trust.rows], widths=(3.0, 14.2), size=8.5)
    doc.heading(t["h_by_section"], 2)
    doc.table([t["section"], t["score"], t["range"], t["coverage"], t["band"]],
              [[x.title, x.score, x.range, x.coverage, x.band or t["no_value"]] for x in v.sections],
              widths=(7.5, 2, 3, 2, 2.5), numeric=(1, 3))
    if v.levels_note:
        doc.para(v.levels_note, size=9, italic=True)
    doc.heading(t["h_by_factor"], 2)
    _factor_table(doc, v)
    if v.eif:
        doc.heading(t["h_by_eif"], 2)
        doc.para(v.eif_intro, size=9)
        doc.table([t["layer"], t["score"], t["factors"]], [[x.label, x.score, x.factor_titles] for x in v.eif],
                  widths=(4, 1.8, 11), size=8.5, numeric=(1,))

    # 3. barriers and enablers
    doc.heading(t["h_barriers_enablers"], 1)
    for heading, entries, empty in ((t["h_barriers"], v.barriers, v.no_barriers),
                                    (t["h_enablers"], v.enablers, v.no_enablers)):
        doc.heading(heading, 2)
        if not entries:
            doc.para(empty)
        for d in entries:
            f = d.factor
            doc.heading(f"{d.rank}. {f.title} \u2014 {f.score}", 3)
            meta = [f.section_title, f"{t['range']} {f.range}"]
            if f.n > 1:
                meta.append(f"{t['spread_short']} {f.spread}")
            meta += [f"{t['coverage']} {f.coverage}", f"{t['weight']} {f.weight}"]
            doc.para(" \u00b7 ".join(meta), italic=True, size=8.5)
            if d.worst:
                doc.labelled(t["worst_item"], d.worst.quoted, colon, style="List Bullet", size=9)
            if d.best:
                doc.labelled(t["best_item"], d.best.quoted, colon, style="List Bullet", size=9)
            doc.para(("b", t["finding"] + colon), d.finding + " \u2014 ", ("i", f.source.text), style="List Bullet",
                     size=9)
            if d.evidence:
                doc.para(("b", t["evidence"]), size=9)
                for e in d.evidence[:EVIDENCE_SHOWN]:
                    p = doc.para(("i", e.text), size=8.5)
                    p.paragraph_format.left_indent = doc_cm(0.6)
                    p.paragraph_format.space_after = doc_pt(1)
                    doc.run(p, f"  \u2014 {e.attribution} \u00b7 {e.about}", size=7.5, colour="444444")

    # 4. the relationship
    rel = v.relationship
    doc.heading(t["h_relationship"], 1)
    if rel.available:
        doc.heading(t["h_push_pull"], 2)
        doc.para(rel.total_sentence)
        doc.table([t["factor"], t["score"], t["direction"], t["net"]],
                  [[d.title, d.score, t[d.direction] if d.direction in ("push", "pull") else t["no_value"], d.amount]
                   for d in rel.determinants],
                  widths=(9, 2, 3, 2.5), numeric=(1, 3))
        if rel.note:
            doc.para(rel.note, size=9, italic=True)
    else:
        doc.para(s.relationship_sentence)
    doc.heading(t["h_partners"], 2)
    if rel.partners:
        doc.table([t["partner"], t["tie"], t["status"], t["net"], t["pull"], t["push"], t["respondents"]],
                  [[p.partner, p.tie_label or t["no_value"], p.status_label or t["no_value"], p.net, p.pull, p.push,
                    str(p.respondents)] for p in rel.partners], numeric=(3, 4, 5, 6))
    else:
        doc.para(t["s_no_partners"])
    doc.heading(t["h_asymmetric"], 2)
    for asym in rel.asymmetric:
        doc.para(asym.sentence, style="List Bullet")
    if not rel.asymmetric:
        doc.para(rel.no_asymmetric)

    # 5. disagreement and information needed
    dis = v.disagreement
    doc.heading(t["h_disagreement"], 1)
    doc.heading(t["h_disagree_factors"], 2)
    if dis.factors:
        doc.para(dis.intro)
        doc.table([t["factor"], t["min"], t["max"], t["sd"], t["respondents"]],
                  [[r.title, r.min, r.max, r.sd, str(r.n)] for r in dis.factors], numeric=(1, 2, 3, 4))
    else:
        doc.para(dis.none)
    doc.heading(t["h_dk_factors"], 2)
    if dis.information_needed:
        doc.para(dis.dk_intro)
        doc.table([t["factor"], t["dk_share"]], [[r.title, r.dk_share] for r in dis.information_needed],
                  numeric=(1,))
    else:
        doc.para(dis.dk_none)
    doc.heading(t["h_low_confidence"], 2)
    if dis.low_confidence:
        doc.para(dis.low_confidence_intro)
        doc.table([t["statement"], t["factor"], t["low_confidence_answers"]],
                  [[r.item, r.factor, r.count] for r in dis.low_confidence], size=8.5, widths=(9, 5, 3))
    else:
        doc.para(dis.low_confidence_none)

    # 6. the action plan, to fill in
    doc.heading(t["h_actions"], 1)
    doc.para(v.actions_intro)
    if v.actions:
        has_actor = any(_attr(a, "actor_label", "actor") for a in v.actions)
        header = ["#", t["action"], t["recommendation_for"], t["priority"]]
        header += [w["who_acts"]] if has_actor else []
        header += [w["owner"], w["due"], w["progress"]]
        rows: list[list[str | Noted]] = []
        for a in v.actions:
            # the source under the action, in the width of its column: a column of its own was too narrow
            row: list[str | Noted] = [str(a.number), Noted(a.text, t["source"] + colon + a.source.text),
                                      a.factor_title, a.priority]
            row += [_attr(a, "actor_label", "actor")] if has_actor else []
            rows.append([*row, "", "", ""])
        widths = (0.7, 9.0 - (1.5 if has_actor else 0), 2.3, 1.5) + ((1.5,) if has_actor else ()) + (1.2, 1.3, 1.2)
        doc.table(header, rows, widths=widths, size=7.5, numeric=(0, 3))

    # 7. method and sources
    _method(doc, v.t, v.method, s.respondents_roles)
    _appendix(doc, v.t, v.problems)
    doc.para(v.generated, size=8, italic=True)


def _factor_table(doc: Doc, v: AgencyReport) -> None:
    """The factors, grouped under a shaded row per section."""
    t, w = v.t, words(v.lang)
    table = doc.table([t["factor"], t["score"], t["range"], t["spread_short"], w["kind"]], [],
                      widths=(7.6, 1.5, 2.5, 2.5, 3.1), size=8)
    for group in v.factor_groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        doc.cell_text(merged, f"{group.section.title} \u2014 {group.section.score}", 8, bold=True)
        shade(merged, "F4F6F8")
        for f in group.factors:
            cells = table.add_row().cells
            for n, text in enumerate((f.title, f.score, f.range, f.spread, f.kind_label)):
                doc.cell_text(cells[n], text, 8, right=n == 1)
    fix_widths(table, (7.6, 1.5, 2.5, 2.5, 3.1))


def doc_pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def doc_cm(value: float) -> Any:
    from docx.shared import Cm

    return Cm(value)


def _method(doc: Doc, t: Any, m: Any, respondents: str) -> None:
    colon = t["colon"]
    doc.heading(t["h_method"], 1)
    doc.heading(t["h_scale"], 2)
    doc.para(m.scale_text, size=8.5)
    doc.table([value for value, _ in m.scale], [[label for _, label in m.scale]], size=8)
    doc.heading(t["h_scoring"], 2)
    for rule in m.rules:
        doc.para(rule, style="List Bullet", size=8.5)
    doc.heading(t["h_bands"], 2)
    for band in m.bands:
        doc.para(band, style="List Bullet", size=8.5)
    doc.heading(t["h_data"], 2)
    doc.labelled(t["questionnaire"], m.questionnaires_text, colon, style="List Bullet")
    doc.labelled(t["tool"], f"{m.tool} {m.tool_version}", colon, style="List Bullet")
    if respondents:
        doc.labelled(t["respondents"], respondents, colon, style="List Bullet")
    if m.dates:
        doc.labelled(t["answer_dates"], m.dates, colon, style="List Bullet")
    doc.labelled(t["disagreement_threshold"], m.disagreement_threshold, colon, style="List Bullet")
    doc.heading(t["h_sources"], 2)
    doc.para(m.research, size=8.5)
    for n, src in enumerate(m.sources):
        doc.numbered(src.citation, first=n == 0, size=8.5)
    if m.stats_rules:  # the statistics' method (none with --no-stats)
        doc.heading(t["h_stats_method"], 2)
        for rule in m.stats_rules:
            doc.para(rule, style="List Bullet", size=8.5)
        for n, citation in enumerate(m.stats_citations):
            doc.numbered(citation, first=n == 0, size=8.5)


def _appendix(doc: Doc, t: Any, problems: Any) -> None:
    if not problems.lines:
        return
    doc.heading(t["h_appendix"], 1)
    doc.para(t["s_appendix_intro"])
    for line in problems.lines:
        doc.para(line, style="List Bullet", size=8.5)
    if problems.more:
        doc.para(problems.more, style="List Bullet", size=8.5)


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
    doc.heading(t["h_ranking"], 1)
    for ranking in v.rankings:
        if v.show_questionnaire:
            doc.heading(ranking.questionnaire.label, 2)
        _ranking_table(doc, v, ranking.rows)
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
    doc.heading(t["h_network"], 1)
    doc.para(v.network.legend, size=9)
    if v.network.edges:
        doc.table([w["from"], w["to"], t["tie"], t["status"], t["net"], t["respondents"], w["asymmetric"]],
                  [[e.source, e.target, e.tie_label or t["no_value"], e.status_label or t["no_value"], e.net,
                    str(e.respondents), "\u2713" if e.asymmetric else ""] for e in v.network.edges],
                  size=8.5, numeric=(4, 5))
    if v.change:
        doc.heading(t["h_change"], 1)
        sep = "" if v.lang == "zh" else " "
        doc.para(v.change.intro, sep if v.change.rounds_text else "", v.change.rounds_text)
        for text in (*v.change.cautions, v.change.people_note):  # the rounds' warnings
            if text:
                doc.para(("b", t["read_with_care"]), sep, text, size=9, italic=True)
        doc.table([t["agency"], t["old"], t["new"], t["delta"], t["trend"], t["became_barriers"],
                   t["stopped_barriers"]],
                  [[r.agency, r.old, r.new, r.delta, r.trend_label, r.became_text, r.stopped_text]
                   for r in v.change.rows], size=8.5, numeric=(1, 2, 3))
    doc.heading(t["h_reports"], 1)
    doc.table(["#", t["agency"], w["file"]], [[str(r.number), r.label, r.href] for r in v.reports],
              widths=(1, 9, 7), size=9, numeric=(0,))
    _method(doc, t, v.method, "")
    _appendix(doc, t, v.problems)
    doc.para(v.generated, size=8, italic=True)


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
    q = options.lookup(heat.questionnaire.id)
    profiles = [p for p in overview.profiles if p.questionnaire == q.id]
    legend = "; ".join(f"{a.number} = {a.agency}" for a in heat.agencies)
    doc.para(w["heat_legend"] + legend, size=8.5)
    table = doc.doc.add_table(rows=1, cols=1 + len(profiles))
    table.style = doc.doc.styles["Table Grid"]
    tight(table)
    size = 8 if len(profiles) <= 12 else 7
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
    rest = (17.2 - 6.0) / max(1, len(profiles))
    fix_widths(table, (6.0, *([rest] * len(profiles))))
    doc.para("")


# --- the set -----------------------------------------------------------------------------------------

def document_set(options: Options, overview: Overview) -> Iterator[tuple[str, bytes]]:
    """``index.docx``, then one Word report per agency, each with a safe, unique file name (as the HTML set)."""
    namer = FileNamer(EXTENSION)
    several = len({p.questionnaire for p in overview.profiles}) > 1
    names = {(p.questionnaire, p.key): namer.name(f"{p.agency} {p.questionnaire}" if several else p.agency)
             for p in overview.profiles}
    by_key: dict[str, str] = {}
    for (_, key), name in names.items():
        by_key.setdefault(key, name)
    yield f"index{EXTENSION}", overview_document(options, overview, dict(names), by_key)
    for i, p in enumerate(overview.profiles):
        yield names[(p.questionnaire, p.key)], agency_document(options, overview, i, by_key)
