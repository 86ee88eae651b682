"""Load and validate answer files against their questionnaire."""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import PLAIN_ANSWERS, Answer, AnswerSet, Questionnaire, normalise, qref
from ids_assess.io import schema, yamlio
from ids_assess.io.questionnaires import Registry
from ids_assess.io.yamlio import YamlDocument


def load_answers(path: Path | str, registry: Registry, display: str | None = None) -> AnswerSet:
    """Load one answer file and check it against its questionnaire; raise :class:`InvalidInput`."""
    return from_document(yamlio.load(path, display), registry)


def from_document(doc: YamlDocument, registry: Registry) -> AnswerSet:
    """Build an :class:`AnswerSet` from a loaded document: schema first, then the questionnaire's items."""
    data = doc.data
    problems = [] if schema.answers_ok(data) else schema.check(doc, "answers")
    questionnaire = None
    if isinstance(data, dict) and isinstance(data.get("questionnaire"), str):
        version = data.get("version")
        named = version.strip() if isinstance(version, str) and version.strip() else None
        try:
            questionnaire = registry.get(qref(data["questionnaire"], named))
        except UsageError as exc:
            if named and "has no version" in str(exc):
                problems.append(doc.problem(["version"], f"answers are for version {named} of "
                                            f"'{data['questionnaire']}', which is not known "
                                            f"({str(exc).rpartition('(')[2]}"))
            else:
                try:  # name the questionnaire as the file does, not with the version it gives
                    registry.get(data["questionnaire"])
                    problems.append(doc.problem(["questionnaire"], str(exc)))
                except UsageError as bare:
                    problems.append(doc.problem(["questionnaire"], str(bare)))
    if questionnaire is not None:
        semantic = _against(doc, questionnaire)
        older = _older_version(data, questionnaire, registry) if semantic else None
        if older is not None:  # one problem instead of one per item id
            spots = [doc.problem(["answers", item_id], "", key=True) for item_id in data["answers"]]
            unknown = {(pr.line, pr.column) for pr in spots}
            semantic = [doc.problem(["questionnaire"], f"these answers use the item ids of version {older} of "
                                    f"'{questionnaire.id}', not those of {questionnaire.version}, the latest",
                                    hint=f"add 'version: {older}' to the file")] + \
                [p for p in semantic if (p.line, p.column) not in unknown]
        places = {(p.line, p.column) for p in semantic}
        # an unknown item id is said once, by the questionnaire check that can name the nearest real id
        problems = [p for p in problems if (p.line, p.column) not in places]
        problems.extend(semantic)
    if problems:
        raise InvalidInput(problems)
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


def _against(doc: YamlDocument, questionnaire: Questionnaire) -> list[Problem]:
    data = doc.data
    problems = []
    version = data.get("version")
    if isinstance(version, str) and version.strip() and version.strip() != questionnaire.version:
        problems.append(doc.problem(["version"], f"answers are for version {version} of "
                                    f"'{questionnaire.id}', but version {questionnaire.version} is loaded"))
    declared = {h.id: h for h in questionnaire.header_fields}
    if "dataset" in data and "dataset" not in declared:
        problems.append(doc.problem(["dataset"], f"questionnaire '{questionnaire.id}' {questionnaire.version} "
                                    "has no 'dataset' field", key=True, hint="remove 'dataset'"))
    partner, agency, agency_id = data.get("partner"), data.get("agency"), data.get("agency_id")
    own = {_fold(agency), _fold(agency_id)} - {""}
    if isinstance(partner, str) and partner.strip() and _fold(partner) in own:
        problems.append(doc.problem(["partner"], "partner is the agency itself",
                                    hint="name the other agency the relationship statements are about"))
    date = data.get("date")
    if isinstance(date, str) and date.strip():
        try:
            datetime.date.fromisoformat(date.strip())
        except ValueError:
            problems.append(doc.problem(["date"], f"date '{date}' is not a real date", hint="write it as YYYY-MM-DD"))
    answers = data.get("answers")
    if isinstance(answers, dict):
        for item_id in answers:
            if item_id not in questionnaire.items:
                near = difflib.get_close_matches(str(item_id), questionnaire.items, n=1, cutoff=0.75)
                problem = doc.problem(["answers", item_id], f"unknown item id '{item_id}' in "
                                      f"questionnaire '{questionnaire.id}'", key=True)
                if near and not problem.hint:
                    problem = Problem(problem.path, problem.line, problem.column, problem.message,
                                      f"did you mean '{near[0]}'?")
                problems.append(problem)
    return problems


def _fold(name: Any) -> str:
    return normalise(name) if isinstance(name, str) else ""


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
    for key in ("agency_id", "respondent", "role", "date", "partner", "tie", "dataset"):
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
