"""Load and validate answer files against their questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, UsageError
from ids_assess.core.model import PLAIN_ANSWERS, Answer, AnswerSet, Questionnaire, qref
from ids_assess.core.vocab import HEADER_FIELDS
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
        version = data.get("version")
        named = version.strip() if isinstance(version, str) and version.strip() else None
        try:
            questionnaire = registry.get(qref(data["questionnaire"], named))
        except UsageError as exc:
            if named and "has no version" in str(exc):
                pending.append(Pending(("version",), f"answers are for version {named} of "
                                       f"'{data['questionnaire']}', which is not known "
                                       f"({str(exc).rpartition('(')[2]}"))
            else:
                try:  # name the questionnaire as the file does, not with the version it gives
                    registry.get(data["questionnaire"])
                    pending.append(Pending(("questionnaire",), str(exc)))
                except UsageError as bare:
                    pending.append(Pending(("questionnaire",), str(bare)))
    if questionnaire is not None:
        semantic = list(checks.against(doc, questionnaire))
        older = _older_version(data, questionnaire, registry) if semantic else None
        if older is not None:  # one problem instead of one per item id
            unknown = {("answers", item_id) for item_id in data["answers"]}
            semantic = [Pending(("questionnaire",), f"these answers use the item ids of version {older} of "
                                f"'{questionnaire.id}', not those of {questionnaire.version}, the latest",
                                hint=f"add 'version: {older}' to the file")] + \
                [p for p in semantic if tuple(p.where) not in unknown]
        places = {p.place for p in semantic}
        # an unknown item id is said once, by the questionnaire check that can name the nearest real id
        pending = [p for p in pending if p.place not in places]
        pending.extend(semantic)
    if pending:
        raise InvalidInput(located(doc, pending))
    assert questionnaire is not None
    return _build(data, doc.path)


def _older_version(data: dict[str, Any], questionnaire: Questionnaire, registry: Registry) -> str | None:
    """For a file that names no version and fails the latest: the newest older version that knows every one
    of its item ids (then the file is simply of that version), else ``None``."""
    if data.get("version") or not isinstance(data.get("answers"), dict) or not data["answers"]:
        return None
    ids = set(data["answers"])
    for q in reversed(registry.versions(questionnaire.id)):
        if q.version != questionnaire.version and ids <= set(q.items):
            return q.version
    return None

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
        date=_opt(data.get("date")), partner=_opt(data.get("partner")), tie=data.get("tie"),
        version=_opt(data.get("version")), dataset=_opt(data.get("dataset")))


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
    for key in (*(f for f in HEADER_FIELDS if f not in ("questionnaire", "version", "agency")), "dataset"):
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
