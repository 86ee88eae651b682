"""Readiness reports as editable Word documents: one per agency and one for the overview (``index.docx``).

They are built from the same view model as the HTML and Markdown reports (:mod:`ids_assess.render.report.view`),
so they say the same things in the same words; only the layout is Word's: real Heading 1/2/3 styles (the
navigation pane and a table of contents work), tables for scores, barriers and the action plan (with empty
owner, due and status columns to fill in), the heat map as a table shaded by readiness band, a running
header and page numbers. The summary comes first, on page one, from the same view as the HTML's first
page: the score with its range, its interval (when the report has the batch's statistics) and band, the rank and
the city mean, the change since the baseline, the three actions to take first (who acts, the horizon, the
barrier each answers, where the recommendation comes from), the barriers they answer and the relationship with
each partner with its n. The statistics' "Can these numbers be trusted?" panel opens the
annex, as in the HTML; the overview gives the factors' reliability and the rank intervals.

Fields the view model gains later (who acts, a horizon) are read with ``getattr`` and shown when present.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ids_assess.render.office.text import words
from ids_assess.render.office.word import Doc, Noted, fix_widths, shade
from ids_assess.render.report.view import AgencyReport, build_agency

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile, Overview
    from ids_assess.render.report.build import Options

EXTENSION = ".docx"
EVIDENCE_SHOWN = 2  # evidence notes per factor, as in the HTML annex


def _attr(obj: object, *names: str) -> str:
    """The first of ``names`` that ``obj`` has and that is not empty, as text ("" if none)."""
    for name in names:
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return ""


def rank_of(profile: AgencyProfile, overview: Overview) -> tuple[int, int]:
    """The agency's rank among the agencies of its questionnaire, and how many there are."""
    same = [p for p in overview.ranking() if p.ref == profile.ref]
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

    # 1. the summary: what to decide, on page one (the same figures and actions as the HTML's first page)
    _front(doc, v, rank_of(profile, overview))

    # 2. the profile, opened by whether its numbers can be trusted (the annex's first section in HTML)
    doc.heading(t["h_profile"], 1)  # no page break before it: the 12 pages of a report are worth more
    if v.trust is not None:
        doc.heading(v.trust.title, 2)
        doc.pairs([(r.label, r.text, r.stat) for r in v.trust.rows], widths=(3.0, 14.2), size=8.5)
    if v.change:
        _change(doc, v)
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
    method_section(doc, v.t, v.method, s.respondents_roles)
    appendix_section(doc, v.t, v.problems)
    doc.para(v.generated, size=8, italic=True)


def _front(doc: Doc, v: AgencyReport, rank: tuple[int, int]) -> None:
    """Page one: the score with its range, interval and band, the rank and the city mean, the change since the
    baseline, the three actions to take first (who acts, horizon, the barrier it answers, the source), the
    barriers they answer and the relationship with each partner (with its n)."""
    t, w, colon = v.t, words(v.lang), v.t["colon"]
    s, f = v.summary, v.front
    doc.heading(t["h_summary"], 1)
    doc.labelled(t["overall_readiness"], w["score_line"].format(score=s.score, range=s.range,
                                                                band=s.band or t["no_value"]), colon)
    if f.stat_interval is not None:
        doc.labelled(f.stat_interval.label, f.stat_interval.text, colon)
    rank_text = w["rank"].format(rank=rank[0], total=rank[1])
    doc.labelled(t["rank"], rank_text + (" \u00b7 " + f.city_mean_text if f.city_mean_text else ""), colon)
    n = len(v.cautions)  # the warnings are in the change section of the annex (Word has no A1)
    caution = (w["caution_one"] if n == 1 else w["caution"]).format(n=n, where=t["h_change"]) if n else ""
    doc.labelled(t["front_change"], f.change_text + (" \u00b7 " + caution if caution else ""), colon)
    doc.para(s.lede)
    doc.heading(w["top_actions"], 2)
    if not f.actions:
        doc.para(f.actions_none)
    for n, a in enumerate(f.actions):
        p = doc.numbered(("b", a.text), first=n == 0)
        meta = [f"{w['who_acts']}{colon}{a.actor_label or w['not_stated']}"]
        if a.horizon_label:
            meta.append(f"{w['horizon']}{colon}{a.horizon_label}")
        meta.append(f"{t['answers_barrier']}{colon}{a.barrier_label}")
        meta.append(f"{t['source']}{colon}{a.source.text}")
        doc.run(p, "\n" + " \u00b7 ".join(meta), size=9)
    doc.heading(w["barriers_answered"] if f.actions else t["h_strongest_barriers"], 2)
    details = {d.factor.id: d for d in v.barriers}
    answered = [details[a.barrier_id] for a in f.actions if a.barrier_id in details]
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
    doc.heading(t["h_partner_relations"], 2)
    if f.partners:
        doc.table([t["partner"], t["status"], t["net"], t["strongest_push"], t["tension_risk"], t["n_short"]],
                  [[p.partner, p.status_label or t["no_value"], p.net, p.strongest_push or t["no_value"],
                    p.tension_risk_label or t["no_value"], str(p.n)] for p in f.partners],
                  widths=(6.2, 2.4, 1.6, 3.8, 2.2, 1.0), size=8.5, numeric=(2, 5))
    else:
        doc.para(f.partners_none)


def _change(doc: Doc, v: AgencyReport) -> None:
    """The change since the baseline, with the rounds' warnings about it (the annex's first pages)."""
    t, c, colon = v.t, v.change, v.t["colon"]
    assert c is not None
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


def method_section(doc: Doc, t: Any, m: Any, respondents: str) -> None:
    """The method and the sources (agency reports and the overview)."""
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


def appendix_section(doc: Doc, t: Any, problems: Any) -> None:
    """The files that could not be read, when there are some."""
    if not problems.lines:
        return
    doc.heading(t["h_appendix"], 1)
    doc.para(t["s_appendix_intro"])
    for line in problems.lines:
        doc.para(line, style="List Bullet", size=8.5)
    if problems.more:
        doc.para(problems.more, style="List Bullet", size=8.5)
