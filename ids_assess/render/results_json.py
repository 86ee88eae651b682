"""The ``score --format json`` output: a documented contract (``schemas/results.schema.json``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ids_assess import __version__
from ids_assess.core.model import Relationship, Result, Score
from ids_assess.core.outcome import Outcome
from ids_assess.render.jsontext import any_bidi, escape_bidi
from ids_assess.render.numbers import r2


def score_dict(score: Score) -> dict[str, Any]:
    return {"score": r2(score.score), "low": r2(score.low), "high": r2(score.high),
            "coverage": r2(score.coverage)}


def relationship_dict(rel: Relationship) -> dict[str, Any]:
    return {"pull": r2(rel.pull), "push": r2(rel.push), "net": r2(rel.net), "status": rel.status,
            "strongest_push": rel.strongest_push, "tension_risk": rel.tension_risk}


def banded(score: Score, band_id: str | None) -> dict[str, Any]:
    """A section or overall score with its band; ``band_withheld`` when coverage is below the minimum."""
    return {**score_dict(score), "band": None if score.withheld else band_id, "band_withheld": score.withheld}


def result_dict(result: Result) -> dict[str, Any]:
    """One result as the JSON contract describes it."""
    a = result.answers
    return {
        "source": a.source, "questionnaire": result.questionnaire, "version": result.version,
        "agency": a.agency, "agency_id": a.agency_id, "respondent": a.respondent, "role": a.role,
        "date": a.date, "partner": a.partner, "tie": a.tie, "dataset": a.dataset,
        "overall": banded(result.overall, result.band.id if result.band else None),
        "sections": {sid: banded(s, result.section_bands.get(sid)) for sid, s in result.sections.items()},
        # score_dict's keys written out, then the counts and the verdict
        "factors": {fid: {"score": r2(f.score), "low": r2(f.low), "high": r2(f.high), "coverage": r2(f.coverage),
                          "answered": f.answered, "dk": f.dk, "na": f.na, "verdict": f.verdict,
                          "verdict_withheld": f.withheld} for fid, f in result.factors.items()},
        "relationship": relationship_dict(result.relationship),
        "barriers": list(result.barriers), "enablers": list(result.enablers),
    }


def dumps(value: Any) -> str:
    return escape_bidi(json.dumps(value, ensure_ascii=False, allow_nan=False, indent=2))


def line(value: Any) -> str:
    """Compact one-line JSON (the C encoder): one result per line keeps large outputs fast and greppable."""
    return escape_bidi(_one_line(value))


def _one_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def encode(result: Result) -> str:
    """One result as its JSON line (used by batch workers): :func:`line` of :func:`result_dict`. Its only text
    that is not an identifier, a number or a word of the contract is the answer file's and the questionnaire's
    (:func:`free_text`), so only those are searched for bidirectional controls, not the whole line."""
    text = _one_line(result_dict(result))
    return escape_bidi(text) if any_bidi(free_text(result)) else text


def free_text(result: Result) -> tuple[str | None, ...]:
    """The texts of :func:`result_dict` that the schemas do not hold to identifiers' characters."""
    a = result.answers
    return (a.source, result.questionnaire, result.version, a.agency, a.agency_id, a.respondent, a.role,
            a.date, a.partner, a.tie, a.dataset)


def render(outcomes: Iterable[Outcome], extra: Callable[[], dict[str, Any]] | None = None) -> Iterator[str]:
    """Stream the JSON document: results as they come, one per line, then errors, then the keys that
    ``extra()`` returns once every outcome has been consumed (e.g. agency profiles)."""
    errors: list[dict[str, Any]] = []
    yield '{\n  "tool": ' + json.dumps({"name": "ids-assess", "version": __version__}) + ',\n  "results": ['
    first = True
    for outcome in outcomes:
        for p in outcome.problems:
            errors.append({"source": p.path, "line": p.line or None, "column": p.column or None,
                           "message": p.message + (f" ({p.hint})" if p.hint else "")})
        text = outcome.line if outcome.line is not None else (
            encode(outcome.result) if outcome.result is not None else None)
        if text is None:
            continue
        yield ("\n    " if first else ",\n    ") + text
        first = False
    yield ("\n  ]" if not first else "]") + ',\n  "errors": ' + dumps(errors).replace("\n", "\n  ")
    for key, value in (extra() if extra else {}).items():
        if isinstance(value, list) and value:  # one element a line, like the results
            yield f',\n  {json.dumps(key)}: [\n    ' + ",\n    ".join(line(v) for v in value) + "\n  ]"
        else:
            yield f',\n  {json.dumps(key)}: ' + line(value)
    yield "\n}\n"
