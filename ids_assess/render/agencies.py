"""Agency profiles, systemic barriers and the network as JSON-ready dicts and CSV rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ids_assess.core.aggregate import AgencyProfile, FactorProfile, Overview, Stat
from ids_assess.core.model import Questionnaire, Result, qref, verdict
from ids_assess.render.numbers import r2
from ids_assess.render.results_csv import csv_line
from ids_assess.render.results_json import relationship_dict


def _stat(stat: Stat, q: Questionnaire | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"score": r2(stat.score), "low": r2(stat.low), "high": r2(stat.high),
                           "coverage": r2(stat.coverage)}
    if q is not None:
        band = None if stat.withheld else q.band_for(stat.score)
        out["band"] = band.id if band else None
        out["band_withheld"] = stat.withheld
    return out


def _factor(f: FactorProfile, q: Questionnaire) -> dict[str, Any]:
    return {"score": r2(f.score), "low": r2(f.low), "high": r2(f.high), "coverage": r2(f.coverage), "n": f.n,
            "min": r2(f.min), "max": r2(f.max), "sd": r2(f.sd), "dk_share": r2(f.dk_share),
            "disagreement": f.disagreement, "answered": f.answered, "dk": f.dk, "na": f.na,
            "verdict": None if f.withheld else verdict(f.score, q.scoring.margin), "verdict_withheld": f.withheld}


def relationships_list(p: AgencyProfile) -> list[dict[str, Any]]:
    """The relationship per partner (``partner`` null: the respondents who name none)."""
    return [{"partner": g.partner, "partner_key": g.partner_key, "tie": g.tie, "n": g.n,
             **relationship_dict(g.relationship)} for g in p.relationships]


def agency_dict(p: AgencyProfile, lookup: Callable[[str], Questionnaire]) -> dict[str, Any]:
    """One agency profile as the ``score --by agency`` JSON contract describes it."""
    q = lookup(qref(p.questionnaire, p.version))
    return {
        "agency": p.agency, "agency_id": p.agency_id, "key": p.key, "questionnaire": p.questionnaire,
        "version": p.version, "respondents": p.respondents, "roles": dict(p.roles),
        "overall": _stat(p.overall, q),
        "sections": {sid: _stat(s, q) for sid, s in p.sections.items()},
        "factors": {fid: _factor(f, q) for fid, f in p.factors.items()},
        "relationships": relationships_list(p),
        # deprecated (see "relationships"): the one group's, or null when the respondents name several partners
        "relationship": relationship_dict(p.relationship) if len(p.relationships) == 1 else None,
        "by_role": {role: {fid: r2(s) for fid, s in scores.items()} for role, scores in p.by_role.items()},
        "barriers": list(p.barriers), "enablers": list(p.enablers),
        "disagreements": list(p.disagreements), "information_needed": list(p.information_needed),
    } | ({"items": {iid: {"counts": dict(i.counts), "mean": r2(i.mean), "low_confidence": i.low_confidence}
                    for iid, i in p.items.items()}} if p.items else {})


def network_dict(overview: Overview) -> dict[str, Any]:
    net = overview.network
    return {
        "nodes": [{"id": n.id, "label": n.label, "assessed": n.assessed} for n in net.nodes],
        "edges": [{"source": e.source, "target": e.target, "tie": e.tie, "respondents": e.respondents,
                   "pull": r2(e.pull), "push": r2(e.push), "net": r2(e.net), "status": e.status,
                   "asymmetric": e.asymmetric, "questionnaire": e.questionnaire, "version": e.version,
                   "strongest_push": e.strongest_push, "tension_risk": e.tension_risk} for e in net.edges],
    }


def overview_extra(overview: Overview, lookup: Callable[[str], Questionnaire]) -> dict[str, Any]:
    """The three keys ``--by agency`` adds to the score JSON."""
    return {"agencies": [agency_dict(p, lookup) for p in overview.profiles],
            "systemic_barriers": list(overview.systemic_barriers),
            "network": network_dict(overview)}


AGENCY_HEADER = ["agency", "agency_id", "questionnaire", "version", "respondents", "roles", "overall",
                 "overall_low", "overall_high", "coverage", "band", "pull", "push", "net", "status",
                 "barriers", "enablers", "disagreements"]


def agencies_csv(overview: Overview, lookup: Callable[[str], Questionnaire],
                 warn: Callable[[str], None]) -> Iterator[str]:
    """One row per agency; columns of the first questionnaire seen."""
    yield "\ufeff"
    first: Questionnaire | None = None
    for p in overview.profiles:
        q = lookup(qref(p.questionnaire, p.version))
        if first is None:
            first = q
            yield csv_line(AGENCY_HEADER + [f"section.{s.id}" for s in q.sections] + [f"factor.{f}" for f in q.factors])
        if q.ref != first.ref:
            warn(f"agency '{p.agency}': questionnaire '{q.ref}' differs from '{first.ref}' of this CSV; not written")
            continue
        band = p.band
        rel = p.relationship
        row: list[Any] = [p.agency, p.agency_id, p.questionnaire, p.version, p.respondents,
                          "; ".join(f"{k}:{v}" for k, v in p.roles.items()), r2(p.overall.score), r2(p.overall.low),
                          r2(p.overall.high), r2(p.overall.coverage), band.id if band else None, r2(rel.pull),
                          r2(rel.push), r2(rel.net), rel.status, " ".join(p.barriers), " ".join(p.enablers),
                          " ".join(p.disagreements)]
        row += [r2(p.sections[s.id].score) for s in first.sections]
        row += [r2(p.factors[f].score) for f in first.factors]
        yield csv_line(row)


LONG_HEADER = ["source", "questionnaire", "agency", "agency_id", "respondent", "role", "level", "id", "score",
               "low", "high", "coverage"]


def long_rows(result: Result) -> Iterator[str]:
    """Tidy long-format rows of one result: one per level and id (overall, sections, factors)."""
    a = result.answers
    head = [a.source, result.questionnaire, a.agency, a.agency_id, a.respondent, a.role]
    o = result.overall
    yield csv_line([*head, "overall", "overall", r2(o.score), r2(o.low), r2(o.high), r2(o.coverage)])
    for sid, s in result.sections.items():
        yield csv_line([*head, "section", sid, r2(s.score), r2(s.low), r2(s.high), r2(s.coverage)])
    for fid, f in result.factors.items():
        yield csv_line([*head, "factor", fid, r2(f.score), r2(f.low), r2(f.high), r2(f.coverage)])
