"""One exception tree for the whole package.

The core raises these and never prints or exits; the command line turns them into messages and exit
codes in one place (``ids_assess.cli.app.boundary``). Every problem with an input carries its place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

# problems reported per file before the rest are summarised: the one limit, which the reports keep too
from ids_assess.core.vocab import MAX_PROBLEMS as MAX_PROBLEMS

if TYPE_CHECKING:
    from dataclasses import dataclass
else:  # the same frozen dataclasses, their methods compiled ahead of time
    from ids_assess.core.records import dataclass

#: Exit codes, documented in the README and in ``ids-assess --help``.
EXIT_OK = 0
EXIT_INVALID = 1  # an input file is invalid (reported with file:line:col)
EXIT_USAGE = 2  # a usage error (Click's own code), or a command that cannot run here
EXIT_FAIL_UNDER = 3  # --fail-under: an overall score is below the threshold
EXIT_BUG = 4  # an unexpected error: a bug in ids-assess
EXIT_INTERRUPTED = 130  # Ctrl-C or end of input during the survey (answers saved)

# every character str.splitlines() breaks a line at: none may reach a message, or a value could print a
# second, forged 'file:line:col:' line
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_MORE = re.compile(r"\.\.\. and (\d+) more problem\(s\) not shown\Z")


def _escape_break(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in (0x0A, 0x0D):
        return "\\n" if code == 0x0A else "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every line break shown as its escape (``\\n``), so that it prints as one line."""
    return _LINE_BREAKS.sub(_escape_break, text) if _LINE_BREAKS.search(text) else text


def omitted(path: str, count: int) -> Problem:
    """The line that stands for ``count`` problems of ``path`` that are not shown."""
    return Problem(path, 0, 0, f"... and {count} more problem(s) not shown")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem with an input file, at a place in it (line and column count from 1)."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # one line whatever a file name, key or value holds: a message can never forge another line
        for name in ("path", "message", "hint"):
            value = getattr(self, name)
            if _LINE_BREAKS.search(value):
                object.__setattr__(self, name, one_line(value))

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
        # a check that stopped at the cap says how many it left out with an :func:`omitted` line
        more = 0
        kept = []
        for problem in problems:
            counted = _MORE.match(problem.message) if problem.line == 0 else None
            if counted:
                more += int(counted.group(1))
            else:
                kept.append(problem)
        ordered = tuple(sorted(kept))
        if len(ordered) > MAX_PROBLEMS:
            more += len(ordered) - MAX_PROBLEMS
            ordered = ordered[:MAX_PROBLEMS]
        if more:
            path = ordered[0].path if ordered else problems[0].path
            ordered = (*ordered, omitted(path, more))
        self.problems = ordered
        super().__init__("\n".join(p.format() for p in ordered))


class UsageError(IdsError):
    """The command was asked for something it cannot do (unknown questionnaire, bad option mix)."""

    exit_code = EXIT_USAGE


class OutputError(IdsError):
    """An output file or folder could not be written."""

    exit_code = EXIT_INVALID


class WorkerLost(IdsError):
    """A ``--jobs`` worker process ended before its work was done (killed by the system, or crashed)."""

    exit_code = EXIT_BUG

    def __init__(self, exitcode: int | None) -> None:
        import signal

        if exitcode is None:  # noticed by what it did not send back, not by how it ended
            how = "ended"
        elif exitcode < 0:
            try:
                how = f"was killed by {signal.Signals(-exitcode).name}"
            except ValueError:
                how = f"was killed by signal {-exitcode}"
        else:
            how = f"ended with exit code {exitcode}"
        super().__init__(f"a worker process {how} before its work was done (out of memory, or a crash): "
                         "run again with --jobs 1 to see which file it was")
