"""The words and places of YAML syntax errors: where the parser stopped is not always where the slip is (an
input-method character a line or two above, a bracket opened and never closed), and its words are a parser's;
each error becomes one :class:`Problem` placed at the slip, with what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ids_assess.core.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml


def line_hint(text: str, line: int) -> str:
    """A targeted hint for common input-method slips on ``line`` (1-based), or ``""``."""
    return hint_in(text.splitlines(), line)


def hint_in(lines: list[str], line: int) -> str:
    if not 1 <= line <= len(lines):
        return ""
    current = lines[line - 1]
    if current.lstrip(" ").startswith("\u3000"):
        return "the line is indented with an ideographic (full-width) space; indent with ASCII spaces"
    stripped = current.split("#", 1)[0]
    if "\uff1a" in stripped and ":" not in stripped.split("\uff1a", 1)[0]:
        return "a full-width colon '：' stands where ':' is needed; type ': ' with the input method off"
    if "\t" in current[: len(current) - len(current.lstrip())]:
        return "the line is indented with a tab; YAML needs spaces"
    return ""



def syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    """One located, worded problem for a YAML syntax error."""
    context = exc.context or ""
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        cm = exc.context_mark
        quote = text.splitlines()[cm.line][cm.column:cm.column + 1] if cm.line < len(text.splitlines()) else '"'
        return Problem(shown, cm.line + 1, cm.column + 1,
                       "YAML syntax error: the quoted text starting here is never closed",
                       f"add the closing {quote or chr(34)}")
    if "expected a single document" in context or "another document" in problem:
        return Problem(shown, line, column, "YAML syntax error: more than one document ('---') in the file",
                       "keep one document per file")
    # an input-method slip on this line or just above it often surfaces as an error a line or two later
    for candidate in _lines_back(text, line):
        hint = line_hint(text, candidate)
        if hint:
            col = _hint_column(text, candidate)
            if hint.startswith("a full-width colon"):  # say the slip itself; the parser's words would mislead
                return Problem(shown, candidate, col, "YAML syntax error: a full-width colon '：' stands where ':' "
                               "is needed", "type ': ' with the input method off, not the full-width colon")
            return Problem(shown, candidate, col, f"YAML syntax error: {problem or context or 'invalid YAML'}", hint)
    flow = _unclosed_flow(exc, context, problem, text, shown)
    if flow is not None:
        return flow
    return Problem(shown, line, column, f"YAML syntax error: {problem or context or 'invalid YAML'}",
                   "check indentation and quoting")


def _unclosed_flow(exc: yaml.MarkedYAMLError, context: str, problem: str, text: str,
                   shown: str) -> Problem | None:
    """A '[' or '{' whose entries do not go on: the parser stops where it wanted ', ' or the closing bracket.
    At the end of the file the bracket was never closed, and where it opens is what to look at; anywhere else
    the slip may be a missing ', ' right there or a bracket not closed, so the place stays where the parser
    stopped and the message says where the bracket opened."""
    if context == "while parsing a flow node" and problem == "did not find expected node content" and \
            exc.problem_mark is not None and not text[exc.problem_mark.index:].strip():
        found = _open_at_end(text)  # the file ended where an entry was due (after '[', '{' or ','); the parser
        if found is not None:  # places it there: the bracket left open is the slip
            row, col, opening = found
            return Problem(shown, row, col, f"YAML syntax error: the '{opening}' opened here is not closed before "
                           "the end of the file", f"close it with '{CLOSING[opening]}'")
        return None
    if not (context.startswith("while parsing a flow ") and problem.startswith("did not find expected ',' or ")):
        return None
    cm, pm = exc.context_mark, exc.problem_mark
    if cm is None or pm is None:
        return None
    opening, closing = ("[", "]") if context.endswith("sequence") else ("{", "}")
    if not text[pm.index:].strip():
        return Problem(shown, cm.line + 1, cm.column + 1,
                       f"YAML syntax error: the '{opening}' opened here is not closed before the end of the file",
                       f"close it with '{closing}'")
    place = _full_width_comma(text.splitlines(), cm, pm)
    if place is not None:  # an input-method comma: one entry to YAML, and the next ': ' breaks it
        return Problem(shown, place[0] + 1, place[1] + 1,
                       "YAML syntax error: a full-width comma '\uff0c' stands where ',' is needed",
                       "type ', ' with the input method off, not the full-width comma")
    where = f"column {cm.column + 1}" if pm.line == cm.line else f"line {cm.line + 1}, column {cm.column + 1}"
    return Problem(shown, pm.line + 1, pm.column + 1,
                   f"YAML syntax error: expected ', ' or '{closing}' here, inside the '{opening}' at {where}",
                   f"separate the entries with ', ' and close the '{opening}' with '{closing}'")


CLOSING = {"[": "]", "{": "}"}


#: Where a value, a quoted text among them, may start: after these (spaces between), or at the start of a line.
VALUE_STARTS = ("", ":", "-", ",", "[", "{")


def _unquoted(lines: list[str], row: int = 0, column: int = 0) -> Iterator[tuple[int, int, str, str]]:
    """Each character of ``lines`` from ``row`` and ``column`` (0-based) that is not inside quoted text (which
    may run over lines, with its escapes ``\\"`` and ``''``) or a comment, the quotes themselves included, as
    (row, column, character, the last such character before it on its line that is not a space)."""
    quote = ""
    for r in range(row, len(lines)):
        line = lines[r]
        before, skip = "", False
        for c in range(column if r == row else 0, len(line)):
            ch = line[c]
            if skip:
                skip = False
            elif quote:
                if quote == '"' and ch == "\\":
                    skip = True  # the escaped character, a quote among them
                elif ch == quote and quote == "'" and line[c + 1:c + 2] == "'":
                    skip = True  # '' in single quotes: one quote, the text goes on
                elif ch == quote:
                    quote = ""
                    yield r, c, ch, before
                    before = ch
                continue
            if ch in "'\"" and before in VALUE_STARTS:
                quote = ch
            elif ch == "#" and (c == 0 or line[c - 1] in " \t"):
                break
            yield r, c, ch, before
            if ch not in " \t":
                before = ch


def _full_width_comma(lines: list[str], cm: yaml.Mark, pm: yaml.Mark) -> tuple[int, int] | None:
    """Where a full-width comma stands for ',' inside the bracket opened at ``cm``, before the parser's stop
    at ``pm`` (0-based): the last one on the line it stopped on, else one that ends the last line above it
    that is not blank (the entry then runs on to the next line); not inside quoted text or a comment."""
    on_line: tuple[int, int] | None = None
    last: tuple[int, int, str] | None = None
    for row, col, ch, _ in _unquoted(lines, cm.line, cm.column):
        if (row, col) >= (pm.line, pm.column):
            break
        if row == pm.line:
            if ch == "\uff0c":
                on_line = (row, col)
        elif ch not in " \t\u3000":
            last = (row, col, ch)
    if on_line is not None:
        return on_line
    return (last[0], last[1]) if last is not None and last[2] == "\uff0c" else None


def _open_at_end(text: str) -> tuple[int, int, str] | None:
    """The innermost '[' or '{' still open at the end of ``text`` (line, column, bracket), or ``None``: a
    bracket counts where a value may start (:data:`VALUE_STARTS`), not inside quoted text or a comment."""
    stack: list[tuple[int, int, str]] = []
    for row, col, ch, before in _unquoted(text.splitlines()):
        if ch in "[{" and before in VALUE_STARTS:
            stack.append((row + 1, col + 1, ch))
        elif ch in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _lines_back(text: str, line: int, count: int = 3) -> list[int]:
    """``line`` and the lines above it, ``count`` in all, not counting blank and comment lines: a template's
    comments stand between the slip and the line the parser stumbles on."""
    lines = text.splitlines()
    found = []
    for number in range(min(line, len(lines) + 1), 0, -1):
        content = lines[number - 1].strip(" \t\u3000") if number <= len(lines) else ""
        if number != line and (not content or content.startswith("#")):
            continue
        found.append(number)
        if len(found) == count:
            break
    return found


def _hint_column(text: str, line: int) -> int:
    current = text.splitlines()[line - 1]
    for ch in ("\uff1a", "\u3000", "\t"):
        if ch in current:
            return current.index(ch) + 1
    return 1
