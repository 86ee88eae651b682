"""The header questions (who answers, about which partner) as data, and what a typed reply to one means.

Each :class:`Question` fills the header field of its ``id`` (the command-line option of the same name,
when given, is used instead of asking). :func:`reply` is pure: the survey loop shows the prompt, reads a
line, and asks again with the message :func:`reply` returns until it returns a value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ids_assess.core.vocab import AGENCY_ID, PERSON_FIELDS, ROLE_TERMS, TIE_TERMS, parse
from ids_assess.survey.keys import has_control, normalize


def parse_role(line: str) -> str | None:
    """A role (``leader`` ... ``other``) from its English or Chinese name; else ``None``."""
    return parse(ROLE_TERMS, normalize(line))


def parse_tie(line: str) -> str | None:
    """``vertical`` or ``horizontal`` from the word, ``v``/``h``, 条/块 or 纵向/横向; else ``None``."""
    return parse(TIE_TERMS, normalize(line))


def check_agency_id(text: str) -> str | None:
    """``None`` for a valid agency code, else the message key saying what one looks like."""
    return None if AGENCY_ID.match(text) else "bad_agency_id"


@dataclass(frozen=True)
class Question:
    """One header question.

    A *choice* has ``parse`` (the value of a typed line, ``None`` when it is not one; ``bad`` says so);
    free text may have ``check`` (a message key when the text is refused). Left empty, the answer is
    ``None``, unless ``required`` (then ``missing`` is said and the question asked again).
    """

    id: str  # the header field, and the option giving it
    prompt: str  # message keys from here on
    required: bool = False
    missing: str | None = None
    parse: Callable[[str], str | None] | None = None
    bad: str | None = None
    check: Callable[[str], str | None] | None = None
    note: str | None = None  # said once before the prompt
    needs: str | None = None  # asked only when this earlier field has a value
    relationship: bool = False  # asked only for questionnaires with relationship statements


QUESTIONS: Mapping[str, Question] = {q.id: q for q in (
    Question("agency", "ask_agency", required=True, missing="agency_required"),
    Question("agency_id", "ask_agency_id", check=check_agency_id),
    Question("respondent", "ask_respondent"),
    Question("role", "ask_role", parse=parse_role, bad="bad_role"),
    Question("partner", "ask_partner", relationship=True),
    Question("tie", "ask_tie", parse=parse_tie, bad="bad_tie", note="tie_note", needs="partner"),
)}
assert tuple(QUESTIONS) == PERSON_FIELDS  # asked in the order of the vocabulary's header fields

#: Who answers: asked before the answer file is chosen (its default name has them in it).
IDENTITY: tuple[str, ...] = ("agency", "agency_id", "respondent", "role")
#: About which partner: asked only for a new file.
RELATIONSHIP: tuple[str, ...] = ("partner", "tie")


def applies(question: Question, values: Mapping[str, str | None], relationship: bool) -> bool:
    """Whether ``question`` is asked, given the ``values`` so far and whether the questionnaire has
    relationship statements."""
    if question.relationship and not relationship:
        return False
    return question.needs is None or bool(values.get(question.needs))


@dataclass(frozen=True)
class Reply:
    """What a typed line gave: a ``value`` (``None``: left empty), or a ``problem`` to say before asking again."""

    value: str | None = None
    problem: str | None = None


def reply(question: Question, line: str) -> Reply:
    """What ``line``, typed at ``question``, means."""
    if question.parse is not None:
        if not normalize(line):
            return Reply()
        value = question.parse(line)
        return Reply(value) if value is not None else Reply(problem=question.bad)
    text = line.replace("\t", " ").strip()
    if has_control(text):
        return Reply(problem="control_chars")
    if not text:
        return Reply(problem=question.missing) if question.required else Reply()
    problem = question.check(text) if question.check is not None else None
    return Reply(problem=problem) if problem else Reply(text)
