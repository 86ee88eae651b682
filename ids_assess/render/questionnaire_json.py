"""``questionnaire show --format json``: the questionnaire as a documented JSON contract."""

from __future__ import annotations

import json
from typing import Any

from ids_assess.core.model import Questionnaire, Text


def _t(text: Text | None) -> dict[str, str] | None:
    return text.as_dict() if text else None


def questionnaire_dict(q: Questionnaire) -> dict[str, Any]:
    """Everything in the questionnaire, both languages, in questionnaire order."""
    return {
        "id": q.id, "version": q.version, "title": _t(q.title), "description": _t(q.description),
        "languages": ["en", "zh"],
        "sources": {k: {"short": _t(s.short), "citation": s.citation} for k, s in q.sources.items()},
        "scale": {"labels": {str(k): _t(v) for k, v in q.scale.labels.items()}, "dk": _t(q.scale.dk),
                  "na": _t(q.scale.na)},
        "bands": [{"id": b.id, "min": b.min, "label": _t(b.label)} for b in q.bands],
        "relationship": {"threshold": q.threshold},
        "sections": [{
            "id": s.id, "title": _t(s.title), "description": _t(s.description), "weight": s.weight,
            "eif": list(s.eif),
            "factors": [{
                "id": f.id, "title": _t(f.title), "description": _t(f.description), "weight": f.weight,
                "source": f.source.as_dict(), "determinant": f.determinant, "eif": list(f.eif),
                "recommendations": [{"text": _t(r.text), "source": r.source.as_dict()}
                                    for r in f.recommendations],
                "items": [{"id": i.id, "text": _t(i.text), "polarity": i.polarity, "weight": i.weight,
                           "help": _t(i.help)} for i in f.items],
            } for f in s.factors],
        } for s in q.sections],
    }


def render(q: Questionnaire) -> str:
    return json.dumps(questionnaire_dict(q), ensure_ascii=False, indent=2) + "\n"
