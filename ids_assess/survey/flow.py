"""``ids-assess survey``: answer a questionnaire in the terminal, one statement at a time.

The loop (:class:`Survey`) and :func:`run`. The parts it is made of:

* :mod:`~ids_assess.survey.options`: what the command line asked for, and the commands printed back;
* :mod:`~ids_assess.survey.start`: new file, continued, started over or refused (pure decisions);
* :mod:`~ids_assess.survey.questions`: the header questions as data; :mod:`~ids_assess.survey.keys`: what a
  typed line means;
* :mod:`~ids_assess.survey.session`: the answers, the answer file and the navigation;
* :mod:`~ids_assess.survey.screens` and :mod:`~ids_assess.survey.messages`: what is shown, in English and
  Chinese;
* :mod:`~ids_assess.survey.terminal`: the terminal, the signals and the answer file's lock.

Never losing an answer: the file is written (atomically, by :func:`ids_assess.io.output.write_atomic`) when the
survey starts and again after every answer, always as a valid answer file with unanswered items absent.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from rich.rule import Rule
from rich.text import Text as RichText

from ids_assess.core import vocab
from ids_assess.core.errors import EXIT_INTERRUPTED, UsageError
from ids_assess.core.model import CONFIDENCE, Answer, Questionnaire
from ids_assess.core.safetext import clean
from ids_assess.io.lockfile import AnswerLock
from ids_assess.io.questionnaires import Registry
from ids_assess.survey.keys import has_control, normalize, parse_confidence, parse_key, parse_yes_no
from ids_assess.survey.messages import msg
from ids_assess.survey.options import (
    DEFAULT_QUESTIONNAIRE,
    Options,
    check_options,
    next_commands,
    resume_command,
)
from ids_assess.survey.questions import IDENTITY, QUESTIONS, RELATIONSHIP, applies, reply
from ids_assess.survey.screens import (
    help_view,
    item_view,
    rating_label,
    resume_view,
    rich_text,
    score_view,
    section_view,
)
from ids_assess.survey.session import Header, Navigator, Session
from ids_assess.survey.start import decide, find_default, kept_fields, open_existing, questionnaire_in, restart_header
from ids_assess.survey.terminal import (
    EndOfInput,
    Interrupted,
    SignalGuard,
    Terminal,
    isatty,
    reason,
    require_terminal,
    settle_lock,
    take_lock,
)

MAX_EVIDENCE = 4000  # the answer schema's maxLength for evidence


class Survey:
    """The interactive loop over one :class:`~ids_assess.survey.session.Session`."""

    def __init__(self, options: Options, questionnaire: Questionnaire, registry: Registry, terminal: Terminal,
                 guard: SignalGuard) -> None:
        self.options = options
        self.questionnaire = questionnaire
        self.registry = registry
        self.lang = options.lang
        self.term = terminal
        self.guard = guard
        self.session: Session | None = None
        self.lock: AnswerLock | None = None
        self._last_section: str | None = None

    # --- small helpers
    def say(self, key: str, style: str = "", **values: Any) -> None:
        self.term.say(rich_text(msg(self.lang, key, **values), style))

    def say_unwrapped(self, key: str, style: str = "", **values: Any) -> None:
        """A message holding a file name or a command: never broken by inserted newlines (the terminal
        wraps it), so that it can be copied."""
        self.term.console.print(rich_text(msg(self.lang, key, **values), style), soft_wrap=True)

    def ask(self, name: str) -> str | None:
        """Ask the header question ``name`` until the reply is accepted (``None``: left empty)."""
        question = QUESTIONS[name]
        if question.note:
            self.say(question.note, "dim")
        while True:
            answer = reply(question, self.term.ask(msg(self.lang, question.prompt)))
            if answer.problem is None:
                return answer.value
            self.say(answer.problem, "yellow")

    def fill(self, names: Sequence[str]) -> dict[str, str | None]:
        """The header fields ``names``: from the options, else asked (when they apply)."""
        relationship = any(f.determinant for f in self.questionnaire.factors.values())
        values: dict[str, str | None] = {}
        for name in names:
            given: str | None = getattr(self.options, name)
            if given is None and applies(QUESTIONS[name], values, relationship):
                given = self.ask(name)
            values[name] = given
        return values

    def save(self) -> None:
        assert self.session is not None
        with self.guard.critical():
            self.session.save()

    # --- phases
    def identity(self) -> Header:
        """Who answers: the agency, its code, the respondent and the role, asked when the options do not
        give them (a respondent left empty is anonymous; a role left empty is none)."""
        v = self.fill(IDENTITY)
        agency = v["agency"]
        assert agency is not None
        return Header(agency=agency.strip(), agency_id=v["agency_id"] or None,
                      respondent=(v["respondent"] or "").strip() or None, role=v["role"])

    def header(self, who: Header) -> Header:
        """The header of a new file: ``who``, then the partner and the tie when the options do not give them,
        then the fields the questionnaire declares (the dataset its statements are about)."""
        v = self.fill(RELATIONSHIP)
        return replace(who, date=self.options.date().isoformat(), partner=(v["partner"] or "").strip() or None,
                       tie=v["tie"], dataset=self.dataset())

    def dataset(self) -> str | None:
        """The dataset, when the questionnaire declares the field: asked with its label and help, until it is
        given when it is required (``None``: not declared, or left empty)."""
        for field in self.questionnaire.header_fields:
            if field.id != "dataset":  # the only declared field an answer set carries
                continue
            if field.help is not None:
                self.term.say(rich_text(field.help.get(self.lang), "dim"))
            colon = "：" if self.lang == "zh" else ": "
            while True:
                text = self.term.ask(field.label.get(self.lang) + colon).replace("\t", " ").strip()
                if text or not field.required:
                    break
                self.say("field_required", "yellow", field=field.label.get(self.lang))
            return text or None
        return None

    def start(self) -> None:
        """Find (or create) the answer file; refuse files that must not be touched
        (:func:`~ids_assess.survey.start.decide`).

        With ``-o`` the file named is used. Without it the respondent is asked first, then the default file
        (:func:`~ids_assess.survey.start.choose_default`) is found, locked, and read again under the lock.
        """
        o = self.options
        q = self.questionnaire
        lang = self.lang
        who: Header | None = None
        if o.output is not None:
            path = o.output
            self.take_lock(path)
            existing = open_existing(path, q, self.registry, lang)
        else:
            who = self.identity()
            choice = find_default(o, who, q, self.registry)
            if choice.refusal is not None:
                raise UsageError(choice.refusal)
            assert choice.path is not None
            path, existing = choice.path, choice.existing
            self.take_lock(path)
            if existing is not None:  # read again under the lock: what is on disk now
                existing = open_existing(path, q, self.registry, lang)
        decision = decide(o, path, existing, q)
        if decision.refusal is not None:
            raise UsageError(decision.refusal)
        if not path.parent.is_dir():
            raise UsageError(msg(lang, "no_folder", path=path, folder=path.parent))
        if decision.action == "continue":
            assert existing is not None
            self.session = Session(q, Header.of(existing), path, existing.answers)
            self.intro(resumed=True)
            for name, value in kept_fields(o, existing, who):
                self.say("kept_from_file", "yellow", field=name, value=clean(str(value or "–")))
            return
        if decision.action == "restart":  # --force on the respondent's own file: its header kept, but the date
            assert existing is not None
            header = restart_header(o, existing, who, o.date())
        else:
            header = self.header(who if who is not None else self.identity())
        self.session = Session(q, header, path)
        self.save()  # the file exists from now on: running again continues it
        self.intro(resumed=False)

    def take_lock(self, path: Path) -> None:
        """Take the answer file's lock (released by :func:`run`) and tidy up under it."""
        self.lock = take_lock(path, self.lang)
        settle_lock(self.lock, path, self.lang, self.term)

    def intro(self, resumed: bool) -> None:
        assert self.session is not None
        q = self.questionnaire
        h = self.session.header
        lang = self.lang
        self.term.say(RichText(""), Rule(rich_text(f"{q.title.get(lang)} ({q.id} {q.version})", "bold")))
        if q.description and not resumed:
            self.term.say(rich_text(" ".join(q.description.get(lang).split())))
        respondent = h.respondent or msg(lang, "anonymous")
        self.say("header", agency=h.agency, respondent=respondent)
        if resumed:
            counts = self.session.counts()
            self.say_unwrapped("resuming", "bold", path=self.session.path, answered=counts.given,
                               total=counts.total)
            self.term.say(resume_view(self.session, lang))
        else:
            self.say("intro", n=len(self.session.order), s=len(q.sections), m=estimated_minutes(q))
            if not q.description:
                self.say("intro_rate")
        self.say_unwrapped("saving", "green", path=self.session.path)
        self.say("keys_intro", "dim")

    def ask_item(self, pos: int, revisit: bool = False) -> str:
        """Show one item and read keys until the respondent moves: ``next``, ``back`` or ``quit``."""
        session = self.session
        assert session is not None
        lang = self.lang
        item = session.order[pos]
        section = self.questionnaire.factors[item.factor_id].section_id
        if section != self._last_section:
            self._last_section = section
            self.term.say(RichText(""), section_view(session, pos, lang))
        self.term.say(item_view(session, pos, lang, revisit))
        while True:
            current = session.answer(pos)
            prompt = RichText(msg(lang, "prompt"), style="bold")
            if current is not None:
                prompt.append(f" [{clean(rating_label(self.questionnaire, current.rating, lang))}]")
            prompt.append("：" if lang == "zh" else ": ")
            key = parse_key(self.term.ask(prompt))
            if key.action == "rate":
                assert key.rating is not None
                answer = session.set_rating(pos, key.rating)
                self.save()
                if self.options.evidence:
                    session.set_answer(pos, self.ask_evidence(answer))
                    self.save()
                return "next"
            if key.action == "keep" and current is not None:
                return "next"
            if key.action == "help":
                self.term.say(help_view(session, pos, lang))
            elif key.action in ("back", "quit"):
                return key.action
            elif key.action == "skip":
                return "next"
            else:
                self.say("hint_default" if key.action == "keep" and current is not None else "hint", "yellow")

    def ask_evidence(self, answer: Answer) -> Answer:
        """Confidence (for ratings 1-5) and an evidence note; Enter keeps what is there, '-' clears it."""
        lang = self.lang
        confidence = answer.confidence
        if isinstance(answer.rating, int):
            while True:
                prompt = msg(lang, "confidence")
                if confidence:
                    label = vocab.label(vocab.CONFIDENCE_TERMS, confidence, lang)
                    prompt += f" [{label}; {msg(lang, 'keep_or_clear')}]"
                line = normalize(self.term.ask(prompt + ("：" if lang == "zh" else ": ")))
                if line == "":
                    break
                if line == "-":
                    confidence = None
                    break
                parsed = parse_confidence(line)
                if parsed in CONFIDENCE:
                    confidence = parsed
                    break
                self.say("bad_confidence", "yellow")
        evidence = answer.evidence
        while True:
            prompt = msg(lang, "evidence")
            if evidence:
                shown = clean(evidence if len(evidence) <= 40 else evidence[:39] + "…")
                prompt += f" [{shown}; {msg(lang, 'keep_or_clear')}]"
            line = self.term.ask(prompt + ("：" if lang == "zh" else ": ")).replace("\t", " ").strip()
            if line == "":
                break
            if line == "-":
                evidence = None
                break
            if has_control(line):
                self.say("control_chars", "yellow")
            elif len(line) > MAX_EVIDENCE:
                self.say("too_long", "yellow", n=MAX_EVIDENCE)
            else:
                evidence = line
                break
        return Answer(answer.rating, confidence, evidence)

    def walk(self, seq: Sequence[int], revisit: bool = False, start: int = 0) -> bool:
        """Ask the items of ``seq`` from its index ``start``; ``False`` when the respondent quit."""
        session = self.session
        assert session is not None
        nav = Navigator(seq, session.is_answered, start)
        while not nav.done:
            move = self.ask_item(nav.current, revisit)
            if move == "next":
                nav.forward()
            elif move == "back":
                if not nav.back():
                    self.say("first_item", "yellow")
            else:
                return False
        return True

    def offer_skipped(self) -> bool | None:
        """Offer the unanswered items again: ``None`` when the respondent quit."""
        session = self.session
        assert session is not None
        left = session.unanswered()
        if not left:
            return True
        while True:
            line = self.term.ask(RichText(msg(self.lang, "offer_skipped", n=len(left)), style="bold"))
            if normalize(line) == "q":
                return None
            answer = parse_yes_no(line)
            if answer is None:
                self.say("yes_no", "yellow")
                continue
            if not answer:
                return True
            return True if self.walk(left, revisit=True) else None

    def finish(self) -> None:
        session = self.session
        assert session is not None
        lang = self.lang
        c = session.counts()
        self.term.say(RichText(""), Rule(RichText(msg(lang, "done"), style="bold")))
        self.say("summary", "bold", answered=c.answered, dk=c.dk, na=c.na, skipped=c.skipped, total=c.total)
        self.term.say(score_view(session, lang))
        self.say_unwrapped("saved_in", "green", path=session.path)
        self.say("next")
        for command in next_commands(session.path, self.options, self.questionnaire):
            self.term.console.print(rich_text("  " + command), soft_wrap=True)  # one line: to copy
        if c.skipped:
            self.say_unwrapped("continue_with", command=resume_command(self.options, session.path))

    def quit_message(self) -> None:
        session = self.session
        assert session is not None
        c = session.counts()
        self.say_unwrapped("quit", "green", answered=c.given, total=c.total, path=session.path)
        self.say_unwrapped("continue_with", command=resume_command(self.options, session.path))


def run(options: Options, stdin: IO[str] | None = None, stdout: IO[str] | None = None,
        stderr: IO[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the survey; the exit code: 0 done or quit with q, 130 Ctrl-C or end of input, 128 + signal
    for SIGTERM and SIGHUP. Refusals raise :class:`UsageError` or :class:`InvalidInput` before any write.

    With ``environ``, standard input must be a terminal (:func:`require_terminal`); that is checked after
    the options and the questionnaire, so that a mistake there is reported as itself.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    check_options(options)
    ref = options.questionnaire or questionnaire_in(options.output) or DEFAULT_QUESTIONNAIRE
    options = replace(options, questionnaire=ref)
    registry = Registry(list(options.questionnaire_dirs))
    questionnaire = registry.get(ref)
    if environ is not None:
        require_terminal(stdin, environ, ref, options.lang, options.questionnaire_dirs)
    echo = not isatty(stdin)
    terminal = Terminal(stdin, stdout, echo=echo)
    with SignalGuard() as guard:
        survey = Survey(options, questionnaire, registry, terminal, guard)
        try:
            return _run(survey, guard, stderr)
        finally:
            if survey.lock is not None:
                survey.lock.release()


def estimated_minutes(q: Questionnaire) -> int:
    """How long answering takes: the questionnaire's own estimate, else 12 seconds a statement."""
    given = getattr(q, "estimated_minutes", None)
    if isinstance(given, int) and given > 0:
        return given
    return max(1, math.ceil(len(q.items) * SECONDS_PER_ITEM / 60))


#: The time a statement takes to read and answer, for the estimate of questionnaires that give none.
SECONDS_PER_ITEM = 12


def _run(survey: Survey, guard: SignalGuard, stderr: IO[str]) -> int:
    """The survey from its start to its end (under the answer file's lock once it is taken)."""
    signum: int | None = None
    try:
        survey.start()
        session = survey.session
        assert session is not None
        if not survey.walk(range(len(session.order)), start=session.resume_position()):
            guard.ignore()
            survey.quit_message()
            return 0
        offered = survey.offer_skipped()
        guard.ignore()
        if offered is None:
            survey.quit_message()
            return 0
        survey.finish()
        return 0
    except Interrupted as exc:
        signum = exc.signum
    except EndOfInput:
        signum = None
    guard.ignore()
    return _leave(survey, signum, stderr)


def _leave(survey: Survey, signum: int | None, stderr: IO[str]) -> int:
    """Save (again: every answer was already saved) and say how to continue."""
    lang = survey.lang
    code = EXIT_INTERRUPTED if signum is None else 128 + signum
    session = survey.session
    why = reason(lang, signum)
    if session is None or not session.path.exists():
        text = msg(lang, "interrupted_early", why=why)
    else:
        if session.changed:  # normally not: every answer is saved as it is given
            try:
                session.save()
            except Exception:  # the file on disk holds every answer up to the previous one
                pass
        c = session.counts()
        text = (msg(lang, "interrupted", why=why, answered=c.given, total=c.total, path=clean(str(session.path)))
                + "\n" + msg(lang, "continue_with", command=clean(resume_command(survey.options, session.path))))
    try:
        survey.term.console.print()
        survey.term.console.file.flush()
        stderr.write(clean(text) + "\n")
        stderr.flush()
    except (OSError, ValueError):  # the terminal is gone (SIGHUP): the file is what matters
        pass
    return code
