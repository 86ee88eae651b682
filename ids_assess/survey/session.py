"""One respondent's answers and where they are in the questionnaire: :class:`Header`, :class:`Session`
(the answers and the answer-file document), :class:`Counts` and :class:`Navigator` (back and forth).

No terminal and no rich: unit-tested as they are. :meth:`Session.save` writes the file atomically
(:func:`ids_assess.io.output.write_atomic`), always as a valid answer file with unanswered items absent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ids_assess.core.model import Answer, AnswerSet, Item, Questionnaire, Rating
from ids_assess.io import yamlio
from ids_assess.io.answers import to_document
from ids_assess.io.output import write_atomic


@dataclass(frozen=True)
class Header:
    """The answer file's header fields."""

    agency: str
    agency_id: str | None = None
    respondent: str | None = None
    role: str | None = None
    date: str | None = None
    partner: str | None = None
    tie: str | None = None
    dataset: str | None = None  # a field the questionnaire declares (``header_fields``)

    @classmethod
    def of(cls, answer_set: AnswerSet) -> Header:
        """The header of an answer file already read."""
        a = answer_set
        return cls(agency=a.agency, agency_id=a.agency_id, respondent=a.respondent, role=a.role, date=a.date,
                   partner=a.partner, tie=a.tie, dataset=a.dataset)


@dataclass(frozen=True)
class Counts:
    """How far a session is: ratings 1-5, don't know, not applicable, and unanswered (skipped)."""

    answered: int
    dk: int
    na: int
    skipped: int
    total: int

    @property
    def given(self) -> int:
        """Items with any answer (a rating, dk or na)."""
        return self.answered + self.dk + self.na


class Session:
    """One respondent's answers to one questionnaire, and the answer file they are kept in."""

    def __init__(self, questionnaire: Questionnaire, header: Header, path: Path,
                 answers: Mapping[str, Answer] | None = None) -> None:
        self.questionnaire = questionnaire
        self.header = header
        self.path = path
        self.order: tuple[Item, ...] = tuple(
            item for section in questionnaire.sections for factor in section.factors for item in factor.items)
        self.position = {item.id: i for i, item in enumerate(self.order)}
        self.answers: dict[str, Answer] = dict(answers or {})
        self.changed = False  # answers given since the last save

    def is_answered(self, pos: int) -> bool:
        return self.order[pos].id in self.answers

    def answer(self, pos: int) -> Answer | None:
        return self.answers.get(self.order[pos].id)

    def set_rating(self, pos: int, rating: Rating) -> Answer:
        """Record a rating; a confidence or evidence note given before is kept."""
        item_id = self.order[pos].id
        old = self.answers.get(item_id)
        new = Answer(rating) if old is None else replace(old, rating=rating)
        self.answers[item_id] = new
        self.changed = True
        return new

    def set_answer(self, pos: int, answer: Answer) -> None:
        self.answers[self.order[pos].id] = answer
        self.changed = True

    def first_unanswered(self) -> int:
        """Where to resume: the first unanswered item (``len(order)`` when all are answered)."""
        return next((i for i in range(len(self.order)) if not self.is_answered(i)), len(self.order))

    def resume_position(self) -> int:
        """Where a continued survey goes on: the item after the last answered one, in questionnaire (and
        file) order, which is where the respondent stopped; items left unanswered before it were skipped
        and are offered again at the end. ``0`` with no answers, ``len(order)`` when the last item is answered."""
        return max((i for i in range(len(self.order)) if self.is_answered(i)), default=-1) + 1

    def unanswered(self) -> list[int]:
        return [i for i in range(len(self.order)) if not self.is_answered(i)]

    @property
    def complete(self) -> bool:
        return all(item.id in self.answers for item in self.order)

    def counts(self) -> Counts:
        ratings = [self.answers[item.id].rating for item in self.order if item.id in self.answers]
        dk = ratings.count("dk")
        na = ratings.count("na")
        return Counts(len(ratings) - dk - na, dk, na, len(self.order) - len(ratings), len(self.order))

    def answer_set(self) -> AnswerSet:
        """The answers as the model's :class:`AnswerSet`, in questionnaire order."""
        h = self.header
        ordered = {item.id: self.answers[item.id] for item in self.order if item.id in self.answers}
        return AnswerSet(source=str(self.path), questionnaire=self.questionnaire.id, agency=h.agency,
                         answers=ordered, agency_id=h.agency_id, respondent=h.respondent, role=h.role,
                         date=h.date, partner=h.partner, tie=h.tie, dataset=h.dataset)

    def document(self) -> dict[str, Any]:
        """The answer file as plain data (what ``ids-assess validate`` checks)."""
        return to_document(self.answer_set(), self.questionnaire.version)

    def text(self) -> str:
        """The answer file's text: two comment lines, then the document."""
        q = self.questionnaire
        return (f"# ids-assess survey: answers to {q.id} {q.version}, saved after every answer.\n"
                "# Unanswered items are absent. Continue with: ids-assess survey -o <this file> --resume\n"
                + yamlio.dump(self.document()))

    def save(self) -> None:
        """Write the answer file atomically (temporary file, flush, fsync, rename)."""
        write_atomic(self.path, self.text())
        self.changed = False


@dataclass
class Navigator:
    """Walks a sequence of item positions.

    Forward from the furthest point reached goes to the next *unanswered* item (so a resumed session
    does not walk through what was answered); after going back, forward goes one item at a time, showing
    each answer as the default, until the furthest point is reached again.
    """

    seq: Sequence[int]
    answered: Callable[[int], bool]
    start: int = 0  # the index in ``seq`` to start from (the first unanswered item from there on)
    index: int = 0
    furthest: int = 0

    def __post_init__(self) -> None:
        self.index = self.furthest = self._next_open(self.start)

    def _next_open(self, start: int) -> int:
        j = start
        while j < len(self.seq) and self.answered(self.seq[j]):
            j += 1
        return j

    @property
    def done(self) -> bool:
        return self.index >= len(self.seq)

    @property
    def current(self) -> int:
        """The position (in questionnaire order) of the item to show."""
        return self.seq[self.index]

    def forward(self) -> None:
        if self.index < self.furthest:
            self.index += 1
        else:
            self.index = self.furthest = self._next_open(self.index + 1)

    def back(self) -> bool:
        """Go to the previous item of the sequence; ``False`` at the first one."""
        if self.index == 0:
            return False
        self.index -= 1
        return True
