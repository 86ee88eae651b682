"""Agency profiles, systemic barriers and the network as JSON-ready dicts and CSV rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ids_assess.core.aggregate import AgencyProfile, FactorProfile, Overview, Stat
from ids_assess.core.model import Questionnaire, Result, qref, verdict
from ids_assess.core.plan import action_plan, eif_layers
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


#: The columns of an action to fill in when the plan is used as the plan: empty in every format.
PLAN_COLUMNS = {"owner": "", "due": "", "status": ""}


def plan_list(q: Questionnaire, p: AgencyProfile) -> list[dict[str, Any]]:
    """The action plan as JSON: one entry per factor, most urgent first, each with its actions: who can act
    (``actor``) and the ``horizon`` where the questionnaire says (else null), and ``owner``, ``due`` and
    ``status`` as empty strings, the columns of the plan to fill in."""
    return [{"rank": rank, "factor": e.factor, "section": e.section, "score": r2(e.score), "gap": r2(e.gap),
             "weight": e.weight, "priority": r2(e.priority),
             "actions": [{"text": rec.text.as_dict(), "source": rec.source.as_dict(), "actor": rec.actor,
                          "horizon": rec.horizon, **PLAN_COLUMNS} for rec in e.actions]}
            for rank, e in enumerate(action_plan(q, p).entries, 1)]


def layers_dict(q: Questionnaire, p: AgencyProfile) -> dict[str, Any]:
    """The EIF layers as JSON: ``{layer: {score, low, high}}`` (empty without an EIF crosswalk)."""
    return {layer.layer: {"score": r2(layer.score), "low": r2(layer.low), "high": r2(layer.high)}
            for layer in eif_layers(q, p)}


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
        "action_plan": plan_list(q, p), "eif_layers": layers_dict(q, p),
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
               "low", "high", "coverage", "rating", "rating_coded", "item_score", "confidence"]
#: The trailing item-level columns, empty on the overall, section and factor rows.
ITEM_COLUMNS = 4


def long_rows(result: Result, q: Questionnaire | None = None, code: str | None = None) -> Iterator[str]:
    """Tidy long-format rows of one result: one per level and id (overall, sections, factors), then, with
    the questionnaire ``q``, one per item (level ``item``): the rating as given (1-5, dk, na; empty when
    unanswered), the readiness-coded rating (a barrier's ``r`` is ``6 - r``), the item score (0-100) and the
    confidence. Item rows name the respondent by the anonymous ``code`` and role only (no source, no name)."""
    a = result.answers
    head = [a.source, result.questionnaire, a.agency, a.agency_id, a.respondent, a.role]
    blank = [None] * ITEM_COLUMNS
    o = result.overall
    yield csv_line([*head, "overall", "overall", r2(o.score), r2(o.low), r2(o.high), r2(o.coverage), *blank])
    for sid, s in result.sections.items():
        yield csv_line([*head, "section", sid, r2(s.score), r2(s.low), r2(s.high), r2(s.coverage), *blank])
    for fid, f in result.factors.items():
        yield csv_line([*head, "factor", fid, r2(f.score), r2(f.low), r2(f.high), r2(f.coverage), *blank])
    if q is None:
        return
    anonymous = [None, result.questionnaire, a.agency, a.agency_id, code, a.role, "item"]
    for item_id, item in q.items.items():
        answer = a.answers.get(item_id)
        rating = None if answer is None else answer.rating
        coded = item_score = None
        if type(rating) is int:
            coded = rating if item.polarity == "enabler" else 6 - rating
            item_score = (coded - 1) * 25.0
        yield csv_line([*anonymous, item_id, r2(item_score), None, None, None, rating, coded, r2(item_score),
                        None if answer is None else answer.confidence])
