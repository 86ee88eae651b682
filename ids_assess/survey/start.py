"""How a survey starts: a new answer file, one continued, one started over (``--force``), or a refusal.

The decisions are pure functions over the options, the answer files already read (as
:class:`~ids_assess.core.model.AnswerSet`) and the questionnaire: :func:`choose_default` (which default file,
when ``-o`` is not given) and :func:`decide` (what to do with the file), each returning a dataclass that
holds either the answer or the refusal message. Around them, thin: :func:`open_existing` and
:func:`find_default` read the files, :func:`questionnaire_in` peeks at the questionnaire a file names.

Never touched: another respondent's file, one of another questionnaire or version, an invalid one, a
complete one (unless the respondent's own, with ``--force``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import AnswerSet, Questionnaire
from ids_assess.core.vocab import PERSON_FIELDS
from ids_assess.io import yamlio
from ids_assess.io.answers import from_document as answers_from_document
from ids_assess.io.questionnaires import Registry, is_questionnaire
from ids_assess.survey.messages import msg, owner
from ids_assess.survey.naming import earlier_outputs, file_stem, named_for, unique_output
from ids_assess.survey.options import Options, force_command, quote
from ids_assess.survey.questions import RELATIONSHIP
from ids_assess.survey.session import Header

# --- pure: who a file belongs to, and the decisions -------------------------------------------------


def norm(text: str | None) -> str | None:
    """A name as compared: spaces collapsed, case folded; empty is ``None``."""
    return " ".join((text or "").split()).casefold() or None


def same_respondent(answer_set: AnswerSet, who: Header) -> bool:
    """Whether a file's header is ``who``'s: the same agency and respondent (anonymous only matches
    anonymous), and the same role when ``who`` has one."""
    return (norm(answer_set.agency) == norm(who.agency) and norm(answer_set.respondent) == norm(who.respondent)
            and (who.role is None or answer_set.role == who.role))


def identifiable(who: Header) -> bool:
    """Whether a file can be told to be ``who``'s: not when anonymous without a role."""
    return who.respondent is not None or who.role is not None


def is_complete(questionnaire: Questionnaire, answer_set: AnswerSet) -> bool:
    """Whether ``answer_set`` answers every item of ``questionnaire``."""
    return all(item_id in answer_set.answers for item_id in questionnaire.items)


@dataclass(frozen=True)
class FileChoice:
    """The default answer file: ``path`` and the answers already in it (``existing``, ``None`` for a new
    file), or a ``refusal`` (``path`` is then ``None``)."""

    path: Path | None = None
    existing: AnswerSet | None = None
    refusal: str | None = None


def choose_default(options: Options, who: Header, questionnaire: Questionnaire,
                   earlier: Sequence[tuple[Path, AnswerSet]], fresh: Path, today: datetime.date) -> FileChoice:
    """Which default file ``who`` answers in, among the ``earlier`` default files of this questionnaire
    (oldest first, as read), or ``fresh``, the first free name.

    The latest of ``who``'s own files is continued when it is unfinished, and also (to be refused as complete,
    or started over) when it is named for ``today`` or ``--force`` or ``--resume`` is given; an anonymous
    respondent without a role always gets a new file.
    """
    lang = options.lang
    if not identifiable(who):  # nothing tells whose a file is: always a new one
        if options.resume:
            return FileChoice(refusal=msg(lang, "resume_which"))
        return FileChoice(fresh)
    mine = [(path, found) for path, found in earlier if same_respondent(found, who)]
    if mine:
        path, latest = mine[-1]
        stem = file_stem(who.agency, questionnaire.id, who.respondent, who.role)
        if (options.force or options.resume or not is_complete(questionnaire, latest)
                or named_for(path, stem, today)):
            return FileChoice(path, latest)  # continued, started over (--force), or refused as complete
    if options.resume:
        return FileChoice(refusal=msg(lang, "nothing_to_resume_here", owner=owner(lang, who.respondent, who.role)))
    return FileChoice(fresh)


Action = Literal["new", "continue", "restart"]


@dataclass(frozen=True)
class Decision:
    """What to do with the answer file ``path``: ``new`` (start it), ``continue`` (its answers kept),
    ``restart`` (``--force``: its header kept, its answers discarded); or ``action`` is ``None`` and
    ``refusal`` says why nothing is written."""

    path: Path
    action: Action | None = None
    refusal: str | None = None


def decide(options: Options, path: Path, existing: AnswerSet | None, questionnaire: Questionnaire) -> Decision:
    """What to do with ``path``, which holds ``existing`` (``None``: there is no such file).

    A file named with ``-o`` is refused when its respondent or role differs from ``--respondent`` or
    ``--role``, and started over with ``--force`` only when it is anonymous or ``--respondent`` says it is
    the respondent's. A complete file is refused, saying how to start it over when it is the respondent's own.
    """
    lang = options.lang
    if existing is None:
        if options.resume:
            return Decision(path, refusal=msg(lang, "nothing_to_resume", path=path))
        return Decision(path, "new")
    named = options.output is not None
    if named and (refusal := owner_refusal(options, path, existing)):
        return Decision(path, refusal=refusal)
    # --force on a named respondent's file only when --respondent says it is theirs
    confirmed = not named or existing.respondent is None or options.respondent is not None
    if options.force:
        if not confirmed:
            return Decision(path, refusal=msg(lang, "force_needs_respondent", path=path,
                                              owner=owner(lang, existing.respondent, existing.role)))
        return Decision(path, "restart")
    if is_complete(questionnaire, existing):
        return Decision(path, refusal=complete_refusal(options, path, existing, confirmed))
    return Decision(path, "continue")


def owner_refusal(options: Options, path: Path, existing: AnswerSet) -> str | None:
    """Why a file whose respondent or role is not the one given is refused (never overwritten, never
    continued); ``None`` when it is the one given."""
    given: list[str] = []
    if options.respondent is not None and norm(options.respondent) != norm(existing.respondent):
        given += ["--respondent", options.respondent]
    if options.role is not None and options.role != existing.role:
        given += ["--role", options.role]
    if not given:
        return None
    return msg(options.lang, "other_owner", path=path, given=" ".join(quote(w) for w in given),
               owner=owner(options.lang, existing.respondent, existing.role))


def complete_refusal(options: Options, path: Path, existing: AnswerSet, confirmed: bool) -> str:
    """Why a complete file is refused, and (only for the respondent's own file) how to start it over."""
    lang = options.lang
    text = msg(lang, "complete", path=path, owner=owner(lang, existing.respondent, existing.role))
    if confirmed:
        return text + msg(lang, "complete_force", n=len(existing.answers),
                          command=force_command(options, path, existing.respondent))
    return text + msg(lang, "complete_other")


def restart_header(options: Options, existing: AnswerSet, who: Header | None, today: datetime.date) -> Header:
    """The header of a file started over: the file's, with what the options (or ``who``) give, and ``today``."""
    o = options
    kept = Header.of(existing)
    agency = who.agency if who is not None else (o.agency or kept.agency).strip()
    agency_id = kept.agency_id if o.agency_id is None else (o.agency_id or None)
    if who is not None and who.agency_id:
        agency_id = who.agency_id
    partner = kept.partner if o.partner is None else (o.partner.strip() or None)
    tie = o.tie if o.tie is not None else (kept.tie if partner == kept.partner else None)
    return replace(kept, agency=agency, agency_id=agency_id, partner=partner, tie=tie, date=today.isoformat())


def kept_fields(options: Options, existing: AnswerSet, who: Header | None) -> list[tuple[str, str | None]]:
    """The header fields given (or typed) that differ from a continued file's, with the file's value,
    which is kept."""
    kept: list[tuple[str, str | None]] = []
    for name in PERSON_FIELDS:
        # without -o, who answers was typed (or given) before the file was chosen
        given = getattr(who if who is not None and name not in RELATIONSHIP else options, name)
        value = getattr(existing, name)
        if given is not None and (given.strip() or None) != value:
            kept.append((name, value))
    return kept


# --- reading the files ------------------------------------------------------------------------------


class InvalidAnswerFile(InvalidInput):
    """The file to continue is not a valid answer file: its problems, and a note that it was left alone."""

    def __init__(self, problems: Sequence[Problem], note: str) -> None:
        super().__init__(list(problems))
        self.note = note


def open_existing(path: Path, questionnaire: Questionnaire, registry: Registry, lang: str) -> AnswerSet | None:
    """The answers already in ``path`` (``None`` when there is no such file).

    Raises :class:`UsageError` for a file of another questionnaire or version, and :class:`InvalidInput`
    (every problem, with its place) for a file that is not a valid answer file. Never writes.
    """
    if path.is_dir():
        raise UsageError(msg(lang, "not_a_file", path=path))
    if not path.exists():
        return None
    try:
        doc = yamlio.load(path)
    except InvalidInput as exc:
        raise InvalidAnswerFile(exc.problems, msg(lang, "invalid_file", path=path)) from None
    data = doc.data
    if is_questionnaire(data):
        raise UsageError(msg(lang, "is_questionnaire", path=path))
    if isinstance(data, dict):
        found = data.get("questionnaire")
        if isinstance(found, str) and found != questionnaire.id:
            raise UsageError(msg(lang, "other_questionnaire", path=path, found=found, want=questionnaire.id))
        version = data.get("version")
        if isinstance(version, (str, int, float)) and str(version) != questionnaire.version:
            raise UsageError(msg(lang, "other_version", path=path, found=version, q=questionnaire.id,
                                 want=questionnaire.version))
    try:
        return answers_from_document(doc, registry)
    except InvalidInput as exc:
        raise InvalidAnswerFile(exc.problems, msg(lang, "invalid_file", path=path)) from None


def questionnaire_in(path: Path | None) -> str | None:
    """The questionnaire id an existing answer file names (``None`` when it names none or cannot be read:
    :func:`open_existing` reports why later)."""
    if path is None or not path.is_file():
        return None
    try:
        data = yamlio.load(path).data
    except InvalidInput:
        return None
    found = data.get("questionnaire") if isinstance(data, dict) else None
    return found if isinstance(found, str) and found else None


def find_default(options: Options, who: Header, questionnaire: Questionnaire, registry: Registry) -> FileChoice:
    """:func:`choose_default` over the default files of ``who`` in the current folder, as read now."""
    folder = Path(".")
    today = options.date()
    stem = file_stem(who.agency, questionnaire.id, who.respondent, who.role)
    earlier: list[tuple[Path, AnswerSet]] = []
    if identifiable(who):
        for path in earlier_outputs(folder, stem):
            try:
                found = open_existing(path, questionnaire, registry, options.lang)
            except (UsageError, InvalidInput):  # another questionnaire or version, or invalid: not this one
                continue
            if found is not None:
                earlier.append((path, found))
    return choose_default(options, who, questionnaire, earlier, unique_output(folder, stem, today), today)
