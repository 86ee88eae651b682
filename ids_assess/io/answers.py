"""Load and validate answer files against their questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, UsageError
from ids_assess.core.model import PLAIN_ANSWERS, Answer, AnswerSet
from ids_assess.io import checks, schema, yamlio
from ids_assess.io.checks import Pending, located
from ids_assess.io.questionnaires import Registry
from ids_assess.io.yamlio import YamlDocument


def load_answers(path: Path | str, registry: Registry, display: str | None = None) -> AnswerSet:
    """Load one answer file and check it against its questionnaire; raise :class:`InvalidInput`."""
    return from_document(yamlio.load(path, display), registry)


def from_document(doc: YamlDocument, registry: Registry) -> AnswerSet:
    """Build an :class:`AnswerSet` from a loaded document: schema first, then the questionnaire's items."""
    data = doc.data
    pending = [] if schema.answers_ok(data) else list(schema.pending(doc, "answers"))
    questionnaire = None
    # an id, never a path: a received answer file must not make us read other files (the schema says why)
    if isinstance(data, dict) and isinstance(data.get("questionnaire"), str) and \
            schema.is_questionnaire_id(data["questionnaire"]):
        try:
            questionnaire = registry.get(data["questionnaire"])
        except UsageError as exc:
            pending.append(Pending(("questionnaire",), str(exc)))
    if questionnaire is not None:
        semantic = list(checks.against(doc, questionnaire))
        places = {p.place for p in semantic}
        # an unknown item id is said once, by the questionnaire check that can name the nearest real id
        pending = [p for p in pending if p.place not in places]
        pending.extend(semantic)
    if pending:
        raise InvalidInput(located(doc, pending))
    assert questionnaire is not None
    return _build(data, doc.path)


def _rating(value: Any) -> Any:
    """Ratings as ints (``4.0`` is the schema's integer 4), ``dk``/``na`` as they are."""
    return int(value) if isinstance(value, float) else value


def _build(data: dict[str, Any], source: str) -> AnswerSet:
    answers: dict[str, Answer] = {}
    plain = PLAIN_ANSWERS  # shared objects: one per rating instead of one per item
    for item_id, raw in (data.get("answers") or {}).items():
        if raw is None:
            continue  # left blank: unanswered
        shared = plain.get(raw) if type(raw) is int or type(raw) is str else None
        if shared is not None:
            answers[item_id] = shared
        elif isinstance(raw, dict):
            evidence = raw.get("evidence")
            answers[item_id] = Answer(_rating(raw["rating"]), raw.get("confidence"),
                                      evidence.strip() if isinstance(evidence, str) and evidence.strip() else None)
        else:
            answers[item_id] = Answer(_rating(raw))
    return AnswerSet(
        source=source, questionnaire=data["questionnaire"], agency=data["agency"].strip(), answers=answers,
        agency_id=data.get("agency_id"), respondent=_opt(data.get("respondent")), role=data.get("role"),
        date=_opt(data.get("date")), partner=_opt(data.get("partner")), tie=data.get("tie"))


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def to_document(answer_set: AnswerSet, version: str | None = None) -> dict[str, Any]:
    """The answer file form of ``answer_set`` (as the survey writes it)."""
    out: dict[str, Any] = {"questionnaire": answer_set.questionnaire}
    if version:
        out["version"] = version
    out["agency"] = answer_set.agency
    for key in ("agency_id", "respondent", "role", "date", "partner", "tie"):
        value = getattr(answer_set, key)
        if value is not None:
            out[key] = value
    body: dict[str, Any] = {}
    for item_id, answer in answer_set.answers.items():
        if answer.confidence is None and answer.evidence is None:
            body[item_id] = answer.rating
        else:
            entry: dict[str, Any] = {"rating": answer.rating}
            if answer.confidence:
                entry["confidence"] = answer.confidence
            if answer.evidence:
                entry["evidence"] = answer.evidence
            body[item_id] = entry
    out["answers"] = body
    return out
