"""``questionnaire show --format json``: the questionnaire as a documented JSON contract."""

from __future__ import annotations

import json
from typing import Any

from ids_assess.core.model import Questionnaire, Rationale, Text


def _t(text: Text | None) -> dict[str, str] | None:
    return text.as_dict() if text else None


def _rationale(r: Rationale | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {**r.text.as_dict(), "source": r.source.as_dict() if r.source else None}


def questionnaire_dict(q: Questionnaire) -> dict[str, Any]:
    """Everything in the questionnaire, both languages, in questionnaire order."""
    return {
        "id": q.id, "version": q.version, "title": _t(q.title), "description": _t(q.description),
        "languages": ["en", "zh"],
        "sources": {k: {"short": _t(s.short), "citation": s.citation} for k, s in q.sources.items()},
        "scale": {"labels": {str(k): _t(v) for k, v in q.scale.labels.items()}, "dk": _t(q.scale.dk),
                  "na": _t(q.scale.na)},
        "bands": [{"id": b.id, "min": b.min, "label": _t(b.label)} for b in q.bands],
        "relationship": {"threshold": q.scoring.tension_threshold},  # deprecated: scoring.tension_threshold
        "scoring": q.scoring.as_dict(),
        "estimated_minutes": q.estimated_minutes,
        "header_fields": [{"id": h.id, "label": _t(h.label), "help": _t(h.help), "required": h.required}
                          for h in q.header_fields],
        "reverse_pairs": [list(pair) for pair in q.reverse_pairs],
        "sections": [{
            "id": s.id, "title": _t(s.title), "description": _t(s.description), "weight": s.weight,
            "weight_rationale": _rationale(s.weight_rationale), "in_overall": s.in_overall,
            "eif": list(s.eif),
            "factors": [{
                "id": f.id, "title": _t(f.title), "description": _t(f.description), "weight": f.weight,
                "weight_rationale": _rationale(f.weight_rationale), "replaces": list(f.replaces),
                "source": f.source.as_dict(), "determinant": f.determinant, "eif": list(f.eif),
                "recommendations": [{"text": _t(r.text), "source": r.source.as_dict(), "origin": r.origin,
                                     "actor": r.actor, "kind": r.kind, "horizon": r.horizon}
                                    for r in f.recommendations],
                "items": [{"id": i.id, "text": _t(i.text), "polarity": i.polarity, "weight": i.weight,
                           "help": _t(i.help), "origin": i.origin,
                           "source": i.source.as_dict() if i.source else None} for i in f.items],
            } for f in s.factors],
        } for s in q.sections],
    }


def render(q: Questionnaire) -> str:
    return json.dumps(questionnaire_dict(q), ensure_ascii=False, indent=2) + "\n"
