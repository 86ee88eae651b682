"""One exception tree for the whole package.

The core raises these and never prints or exits; the command line turns them into messages and exit
codes in one place (``ids_assess.cli.app.boundary``). Every problem with an input carries its place.
"""

from __future__ import annotations

from dataclasses import dataclass

# problems reported per file before the rest are summarised: the one limit, which the reports keep too
from ids_assess.core.vocab import MAX_PROBLEMS as MAX_PROBLEMS

#: Exit codes, documented in the README and in ``ids-assess --help``.
EXIT_OK = 0
EXIT_INVALID = 1  # an input file is invalid (reported with file:line:col)
EXIT_USAGE = 2  # a usage error (Click's own code), or a command that cannot run here
EXIT_FAIL_UNDER = 3  # --fail-under: an overall score is below the threshold
EXIT_BUG = 4  # an unexpected error: a bug in ids-assess
EXIT_INTERRUPTED = 130  # Ctrl-C or end of input during the survey (answers saved)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem with an input file, at a place in it (line and column count from 1)."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def format(self) -> str:
        """``path:line:col: message (hint)``: the one-line form every error is shown in."""
        place = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        text = f"{place}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class IdsError(Exception):
    """Base of every error ids-assess raises on purpose."""

    exit_code = EXIT_INVALID


class InvalidInput(IdsError):
    """An input file (questionnaire or answers) is invalid; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        ordered = tuple(sorted(problems))
        if len(ordered) > MAX_PROBLEMS:
            first = ordered[0]
            rest = len(ordered) - MAX_PROBLEMS
            ordered = (*ordered[:MAX_PROBLEMS], Problem(first.path, 0, 0, f"... and {rest} more problem(s) not shown"))
        self.problems = ordered
        super().__init__("\n".join(p.format() for p in ordered))


class UsageError(IdsError):
    """The command was asked for something it cannot do (unknown questionnaire, bad option mix)."""

    exit_code = EXIT_USAGE


class OutputError(IdsError):
    """An output file or folder could not be written."""

    exit_code = EXIT_INVALID
