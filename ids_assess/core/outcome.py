"""What became of one input file in a batch: the type the batch produces and the outputs consume. Pure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ids_assess.core.errors import Problem
from ids_assess.core.model import Result

if TYPE_CHECKING:
    from dataclasses import dataclass
else:  # the same frozen dataclasses, their methods compiled ahead of time
    from ids_assess.core.records import dataclass


@dataclass(frozen=True)
class Outcome:
    """What became of one file: a result (answer file), or its problems, or neither (a valid questionnaire)."""

    source: str
    kind: str  # "answers", "questionnaire" or "unknown"
    result: Result | None = None
    problems: tuple[Problem, ...] = ()
    line: str | None = None  # the result already encoded (``encode``), when the result itself is not kept
    overall: float | None = None  # the overall score, kept even when the result is not
    coverage: float | None = None  # the overall coverage, likewise

    @property
    def ok(self) -> bool:
        return not self.problems

    def without_result(self) -> Outcome:
        """The same outcome without its result (its line, overall score and coverage kept): once what needed
        the result has it, the rest of the way need not hold it."""
        return Outcome(self.source, self.kind, None, self.problems, self.line, self.overall, self.coverage)
