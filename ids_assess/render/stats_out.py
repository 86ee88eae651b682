"""The ``ids-assess stats`` output: JSON (``schemas/stats.schema.json``), tidy CSV and terminal tables.

Statistics are rounded to 4 decimals, scores and interval ends to 2; a figure that is undefined is
``null`` with its reason in ``<name>_why`` beside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ids_assess import __version__
from ids_assess.core.statsresult import (
    AgencyStats,
    Criterion,
    Estimate,
    FactorReliability,
    QuestionnaireStats,
    Rho,
    StatsReport,
)
from ids_assess.render.jsontext import escape_bidi
from ids_assess.render.numbers import one, r2, r4
from ids_assess.render.results_csv import csv_line


def _put(out: dict[str, Any], name: str, value: Any, why: str | None) -> None:
    """``out[name] = value``, and ``out[name + "_why"]`` when the value is undefined."""
    out[name] = value
    if value is None:
        out[name + "_why"] = why or "undefined"


def tool_dict(report: StatsReport) -> dict[str, Any]:
    return {"name": "ids-assess", "version": __version__, "seed": report.seed, "draws": report.draws,
            "level": report.level, "rwg_min": report.rwg_min}


def _estimate(e: Estimate) -> dict[str, Any]:
    out: dict[str, Any] = {"mean": r2(e.mean), "n": e.n}
    if e.mean is None:
        out["mean_why"] = "no respondent has a score"
    interval = None if e.low is None or e.high is None else [r2(e.low), r2(e.high)]
    _put(out, "interval", interval, e.why)
    return out


def _rho(r: Rho) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "rho", r4(r.rho), r.why)
    out["n"] = r.n
    return out


def _factor(f: FactorReliability) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "alpha", r4(f.alpha), f.alpha_why)
    out["alpha_n"] = f.alpha_n
    items: dict[str, Any] = {}
    for item_id, item in f.items.items():
        entry: dict[str, Any] = {}
        _put(entry, "item_rest", r4(item.item_rest), item.why)
        _put(entry, "alpha_if_deleted", r4(item.alpha_if_deleted), item.why)
        items[item_id] = entry
    out["items"] = items
    _put(out, "icc1", r4(f.icc1), f.icc1_why)
    _put(out, "icc2", r4(f.icc2), f.icc2_why)
    return out


def agency_dict(a: AgencyStats) -> dict[str, Any]:
    """One agency's figures (also what ``score --by agency --stats`` adds under the agency's "stats")."""
    out: dict[str, Any] = {"key": a.key, "agency": a.agency, "agency_id": a.agency_id, "respondents": a.respondents,
                           "overall": _estimate(a.overall), "rank": a.rank}
    interval = None if a.rank_low is None or a.rank_high is None else [r4(a.rank_low), r4(a.rank_high)]
    _put(out, "rank_interval", interval, a.rank_why)
    factors: dict[str, Any] = {}
    for fid, f in a.factors.items():
        entry = _estimate(f.estimate)
        _put(entry, "rwg_j", r4(f.rwg_j), f.rwg_why)
        _put(entry, "ad_m", r4(f.ad_m), f.rwg_why)
        entry["n_rwg"] = f.n_rwg
        _put(entry, "aggregation_ok", f.aggregation_ok, f.rwg_why)
        _put(entry, "class", f.label, f.label_why)
        factors[fid] = entry
    out["factors"] = factors
    out["top_barrier_stability"] = {fid: r4(share) for fid, share in a.barrier_stability.items()}
    return out


def _criterion(c: Criterion) -> dict[str, Any]:
    return {"outcomes_section": c.section, "agencies": _rho(c.agencies), "respondents": _rho(c.respondents),
            "sections": {sid: _rho(r) for sid, r in c.sections.items()}}


def questionnaire_dict(q: QuestionnaireStats, agencies: bool = True) -> dict[str, Any]:
    """One questionnaire's figures; without the agencies for ``score --stats``, which puts them per agency."""
    out: dict[str, Any] = {"id": q.id, "version": q.version, "respondents": q.respondents,
                           "agencies_n": q.agencies_n, "margin": q.margin,
                           "factors": {fid: _factor(f) for fid, f in q.factors.items()}}
    if agencies:
        out["agencies"] = [agency_dict(a) for a in q.agencies]
    out["files"] = [{"source": f.source, "key": f.key, "flags": list(f.flags)} for f in q.files]
    out["criterion"] = _criterion(q.criterion)
    return out


def report_dict(report: StatsReport) -> dict[str, Any]:
    return {"tool": tool_dict(report), "questionnaires": [questionnaire_dict(q) for q in report.questionnaires]}


def to_json(report: StatsReport) -> str:
    """The JSON document: the same bytes for the same input and seed."""
    return escape_bidi(json.dumps(report_dict(report), ensure_ascii=False, allow_nan=False, indent=2)) + "\n"


def attach(extra: dict[str, Any], report: StatsReport) -> dict[str, Any]:
    """``score --by agency --stats``: each agency profile (a dict of ``extra["agencies"]``) gains its figures
    under "stats", and a top-level "stats" holds the per-questionnaire figures."""
    by_key = {(q.id, a.key): a for q in report.questionnaires for a in q.agencies}
    for profile in extra.get("agencies", []):
        found = by_key.get((profile.get("questionnaire"), profile.get("key")))
        if found is not None:
            profile["stats"] = agency_dict(found)
    extra["stats"] = {"tool": tool_dict(report),
                      "questionnaires": [questionnaire_dict(q, agencies=False) for q in report.questionnaires]}
    return extra


# --- CSV ---------------------------------------------------------------------------------------------

CSV_HEADER = ["questionnaire", "version", "level", "agency", "factor", "item", "source", "statistic", "value", "why"]


def _rows(q: QuestionnaireStats) -> Iterator[list[Any]]:
    head = [q.id, q.version]
    for fid, f in q.factors.items():
        for name, value, why in (("alpha", r4(f.alpha), f.alpha_why), ("alpha_n", f.alpha_n, None),
                                 ("icc1", r4(f.icc1), f.icc1_why), ("icc2", r4(f.icc2), f.icc2_why)):
            yield [*head, "factor", "", fid, "", "", name, value, why if value is None else ""]
        for item_id, item in f.items.items():
            for name, value in (("item_rest", r4(item.item_rest)), ("alpha_if_deleted", r4(item.alpha_if_deleted))):
                yield [*head, "item", "", fid, item_id, "", name, value, item.why if value is None else ""]
    for a in q.agencies:
        o = a.overall
        for name, value, why in (("respondents", a.respondents, None), ("mean", r2(o.mean), None),
                                 ("low", r2(o.low), o.why), ("high", r2(o.high), o.why), ("rank", a.rank, a.rank_why),
                                 ("rank_low", r4(a.rank_low), a.rank_why), ("rank_high", r4(a.rank_high), a.rank_why)):
            yield [*head, "agency", a.key, "", "", "", name, value, why if value is None else ""]
        for fid, af in a.factors.items():
            e = af.estimate
            cells: list[tuple[str, Any, str | None]] = [
                ("mean", r2(e.mean), None), ("low", r2(e.low), e.why), ("high", r2(e.high), e.why),
                ("rwg_j", r4(af.rwg_j), af.rwg_why), ("ad_m", r4(af.ad_m), af.rwg_why), ("n_rwg", af.n_rwg, None),
                ("aggregation_ok", af.aggregation_ok, af.rwg_why), ("class", af.label, af.label_why)]
            for name, value, why in cells:
                yield [*head, "agency_factor", a.key, fid, "", "", name, value, why if value is None else ""]
        for fid, share in a.barrier_stability.items():
            yield [*head, "agency_factor", a.key, fid, "", "", "top_barrier_stability", r4(share), ""]
    for file in q.files:
        yield [*head, "file", file.key, "", "", file.source, "flags", " ".join(file.flags), ""]
    c = q.criterion
    for name, r in (("rho_agencies", c.agencies), ("rho_respondents", c.respondents),
                    *((f"rho_section.{sid}", r) for sid, r in c.sections.items())):
        yield [*head, "criterion", "", "", "", "", name, r4(r.rho), r.why if r.rho is None else ""]


def to_csv(report: StatsReport) -> Iterator[str]:
    """Tidy rows: one statistic a row (questionnaire, version, level, agency, factor, item, source, statistic,
    value, why); a file's row has its flags, space-separated, as the value."""
    yield "\ufeff" + csv_line(CSV_HEADER)
    for q in report.questionnaires:
        for row in _rows(q):
            yield csv_line(row)


# --- tables ------------------------------------------------------------------------------------------

def _f(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _first(names: list[str], count: int = 3) -> str:
    """The first ``count`` names, and how many more."""
    if not names:
        return "–"
    shown = ", ".join(names[:count])
    return shown + (f" +{len(names) - count}" if len(names) > count else "")


def _interval(low: float | None, high: float | None) -> str:
    return "–" if low is None or high is None else f"{one(low)}–{one(high)}"


def to_table(report: StatsReport, plain: bool = False) -> str:
    """Per questionnaire: factor reliability, agencies with intervals and classes, and the flagged files."""
    from rich.table import Table
    from rich.text import Text

    from ids_assess.core.safetext import clean
    from ids_assess.render.tables import rendered, table_or_blocks

    def text(value: str) -> Text:
        return Text(clean(value))

    parts: list[str] = []
    for q in report.questionnaires:
        head = f"{q.id} {q.version}: {q.respondents} respondents, {q.agencies_n} agencies"
        reliability = Table(title=head + " — reliability", title_justify="left")
        for column in ("factor", "alpha", "n", "ICC(1)", "ICC(2)", "weakest item (item-rest r)"):
            reliability.add_column(column, justify="left" if column.startswith(("factor", "weakest")) else "right")
        for fid, f in q.factors.items():
            rated = [(v.item_rest, iid) for iid, v in f.items.items() if v.item_rest is not None]
            weakest = min(rated)[1] + f" ({min(rated)[0]:.2f})" if rated else "–"
            reliability.add_row(text(fid), _f(f.alpha), str(f.alpha_n), _f(f.icc1), _f(f.icc2), text(weakest))
        parts.append(rendered(reliability, plain=plain))
        heads = ("agency", "n", "overall", "interval", "rank", "confirmed barriers (lowest first)", "uncertain",
                 "agreement < rwg min")
        rows = []
        for a in q.agencies:
            confirmed = [fid for fid, f in sorted(a.factors.items(), key=lambda kv: kv[1].estimate.mean or 0.0)
                         if f.label == "confirmed_barrier"]
            uncertain = sum(1 for f in a.factors.values() if f.label in ("uncertain_barrier", "uncertain_enabler"))
            weak = sum(1 for f in a.factors.values() if f.aggregation_ok is False)
            rank = "–" if a.rank_low is None else f"{a.rank} ({a.rank_low:g}–{a.rank_high:g})"
            rows.append((a.agency, str(a.respondents), one(a.overall.mean), _interval(a.overall.low, a.overall.high),
                         rank, _first(confirmed), str(uncertain), str(weak)))
        # a table when it fits, else a block per agency: no interval or rank is cut or broken (80 columns)
        parts.append(table_or_blocks(f"{q.id} {q.version} — agencies (90% intervals)", heads, rows,
                                     right=(1, 2, 3, 4, 6, 7), no_wrap=(1, 2, 3, 4, 6, 7), plain=plain))
        flagged = [f for f in q.files if f.flags]
        lines = [f"{len(flagged)} of {len(q.files)} file(s) with response-style flags (flags only: none is left out)"]
        lines += [f"  {f.source}: {', '.join(f.flags)}" for f in flagged[:10]]
        if len(flagged) > 10:
            lines.append(f"  … and {len(flagged) - 10} more (see --format json)")
        c = q.criterion
        lines.append("criterion validity: " + (
            f"Spearman rho of readiness and {c.section} across agencies {_f(c.agencies.rho)} (n={c.agencies.n}), "
            f"across respondents {_f(c.respondents.rho)} (n={c.respondents.n})" if c.section is not None
            else c.agencies.why or "–"))
        parts.append(rendered(*(text(line) for line in lines), text(""), plain=plain))
    return "".join(parts)
