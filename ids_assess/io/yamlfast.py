"""The fast path of :mod:`ids_assess.io.yamlio`: which texts yaml-rs may read, and reading them.

A cheap prefilter (anchors, flow depth, deep block nesting, and everything yaml-rs could read otherwise than
our libyaml loader) decides; values yaml-rs returns are checked (string keys, finite numbers, depth). Any
doubt returns :data:`MISSING`, and the caller reads the text with libyaml, which places every problem.
This module imports nothing of ours but the limits, so that the loader can use it without a circle.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

#: Nesting deeper than this is refused (the loader's limit).
MAX_DEPTH = 32
#: What :func:`read_rs` returns when the text must go through libyaml.
MISSING: Any = object()

RS_LOADS: Callable[..., Any] | None
try:
    from yaml_rs import loads as RS_LOADS
except ImportError:  # pragma: no cover - yaml-rs is a dependency; without it every text goes through libyaml
    RS_LOADS = None

# where block nesting may run deep: long indentation, or many "- " / "? " on one line
DEEP_BLOCK = re.compile(rf"^[ \t]{{{MAX_DEPTH},}}\S|^[ \t]*(?:[-?][ \t]+){{4,}}", re.M)


WIDE_INDENT = "\n" + " " * MAX_DEPTH


# where an anchor ('&name') or an alias ('*name') could start: a token begins after a space, a line break, a flow
# indicator, a quote or another indicator, never after a letter or digit (there '&' and '*' are inside a plain
# scalar: "R&D", "5*3"); and '&' or '*' followed by a space, a flow indicator or the end is a syntax error that
# the composer reports with its place. Inside quoted text or comments a match is only a needless careful scan.
MAYBE_ANCHOR = re.compile(r"[&*](?<!\w[&*])(?![ \t\r\n\[\]{},]|\Z)")
_BRACKET = re.compile(r"[\[\]{}]")
#: What may follow '&' or '*' when no anchor or alias starts there: YAML's white space and line breaks (space,
#: tab, LF, CR only: after U+3000 or U+00A0, which Python calls space, an anchor name goes on) and flow indicators.
_NOT_AN_ANCHOR_AFTER = frozenset(" \t\r\n[]{},")


def maybe_anchor(text: str) -> bool:
    """``MAYBE_ANCHOR.search(text)``, by looking at each '&' and '*' only (there are few, when any)."""
    end = len(text) - 1
    for char in "&*":
        at = text.find(char)
        while at >= 0:
            before = text[at - 1] if at else " "
            if not (before.isalnum() or before == "_") and at < end:
                if text[at + 1] not in _NOT_AN_ANCHOR_AFTER:
                    return True
            at = text.find(char, at + 1)
    return False


def flow_depth(text: str) -> int:
    """The deepest flow nesting, counting every bracket (also those in quoted text and comments, which can
    only make it deeper than it is, or, by closing brackets, shallower: then the composed tree is still checked,
    see :func:`loads`)."""
    opened = text.count("[") + text.count("{")
    if opened <= MAX_DEPTH:  # the total is a bound on the depth
        return opened
    depth = deepest = 0
    for bracket in _BRACKET.findall(text):
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif depth:
            depth -= 1
    return deepest



def maybe_deep_block(text: str) -> bool:
    """Whether block nesting could run deep: cheap substring tests first, the regular expression only then.
    Each test is a necessary condition of :data:`DEEP_BLOCK`: wide indentation needs a line break and 32 spaces
    (or a tab, or the text's own start), indicators nested on one line need an indicator and a space or a tab
    ("-  -  -", however many spaces, made yaml-rs overflow its stack when only "- -" was looked for)."""
    if WIDE_INDENT in text or "\t" in text or "- " in text or "? " in text or text[:MAX_DEPTH].isspace():
        return DEEP_BLOCK.search(text) is not None
    return False



# What yaml-rs could read otherwise than our loader does. Each pattern starts with a character class, so that the
# regular expression engine skips quickly to the few places worth a look; the checks add a few microseconds.
# Characters: tags, escapes, tabs, CR, line breaks YAML 1.1 knows and 1.2 does not, a BOM inside (searched in
# one pass with the control characters).
# (_CONTROL's ranges and "!\\\t\r\x85\u2028\u2029\ufeff", merged: a class of few ranges compiles fast)
CONTROL_OR_NOT_FOR_RS = re.compile("[\x00-\x09\x0b-\x1f!\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# several documents or directives
_DOCUMENT_MARK = re.compile(r"^(?:---|\.\.\.|%)", re.M)
# a scalar, at the start of a line or after an indicator, that is a number but not a plain decimal: a sign, a
# leading zero, a base, underscores, an exponent, a leading point or underscore, 19 digits or more (the first
# scalar of the text is matched with _NUMBER_TAIL alone)
_NUMBER_TAIL = r"(?:[-+]?(?:[._]|0[0-9A-Za-z_]|[0-9][0-9.]*[_eE]|[0-9]{19})|\+[0-9]|-0(?![0-9.]))"
_ODD_NUMBER = re.compile(r"[-+._0-9](?:(?<=[\[{,\n].)|(?<=[:\-?, \n] .))(?<=(?=" + _NUMBER_TAIL + r").)")
_ODD_NUMBER_FIRST = re.compile(_NUMBER_TAIL)
# indicators that libyaml, a YAML 1.1 parser, reads otherwise than 1.2 or rejects: ':' of an empty key or value or
# at the start of a scalar, '-' of a sequence where none can start; then, where the characters are there at all,
# '?' of a complex key and the reserved '@' '`' '%' at the start of a scalar
_ODD_COLON = re.compile(r":(?:[\[\]{},]|(?<![^\s\[{,]:)(?![ \n])| *-(?=[\s,\]}]|\Z))")
_ODD_IN_FLOW = re.compile(r"[\[{,] *(?:[:|>]|-(?=[\s,\]}]|\Z))")  # looked for where there are brackets
_ODD_RARE_INDICATOR = re.compile(r"[?@%`](?<![^\s\[{,:][?@%`])(?:(?<!\?)|(?=[\s\[\]{},]|\Z))")


class _Doubt(Exception):
    """yaml-rs's values could differ from ours: read the text with libyaml."""


def _checked(value: Any, depth: int) -> Any:
    """``value`` as our loader would give it (int keys as the text they were), or :class:`_Doubt`."""
    kind = type(value)
    if kind is dict:
        if depth >= MAX_DEPTH:
            raise _Doubt
        for key, item in value.items():
            if type(key) is not str:
                return _checked(_string_keys(value), depth)
            kind = type(item)
            if kind is dict or kind is list:
                value[key] = _checked(item, depth + 1)
            elif (kind is str and item[:1] == "\n") or (kind is float and not math.isfinite(item)):
                raise _Doubt
        return value
    if kind is list:
        if depth >= MAX_DEPTH:
            raise _Doubt
        for index, item in enumerate(value):
            kind = type(item)
            if kind is dict or kind is list:
                value[index] = _checked(item, depth + 1)
            elif (kind is str and item[:1] == "\n") or (kind is float and not math.isfinite(item)):
                raise _Doubt
        return value
    if (kind is str and value[:1] == "\n") or (kind is float and not math.isfinite(value)):
        raise _Doubt  # a block scalar of blank lines only: yaml-rs reads "\n" where libyaml reads ""
    return value


_SCALARS = frozenset({str, int, bool, type(None)})
_STR_ONLY = frozenset({str})


def _plain_values(value: Any, depth: int, block_scalars: bool) -> bool:
    """Whether yaml-rs's values are ours as they are: string keys, finite numbers, at most :data:`MAX_DEPTH`
    deep and, where the text has block scalars, no string starting with a line break (the types are gathered in
    C; a Python loop runs only over collections that hold collections or floats)."""
    if depth >= MAX_DEPTH:
        return False
    if type(value) is dict:
        if value and set(map(type, value)) != _STR_ONLY:
            return False
        items: Any = value.values()
    else:
        items = value
    if not block_scalars and set(map(type, items)) <= _SCALARS:
        return True
    for item in items:
        kind = type(item)
        if kind is dict or kind is list:
            if not _plain_values(item, depth + 1, block_scalars):
                return False
        elif kind is float:
            if item - item != 0.0:  # inf or nan
                return False
        elif block_scalars and kind is str and item[:1] == "\n":
            return False
    return True


def _string_keys(mapping: dict[Any, Any]) -> dict[str, Any]:
    """Integer keys back to their text (exact: the text had no sign, leading zero or underscore); any other
    key that is not a string, or two keys that are then the same, is a doubt."""
    result = {(str(k) if type(k) is int else k): v for k, v in mapping.items()}
    if len(result) != len(mapping) or not all(type(k) is str for k in result):
        raise _Doubt
    return result


_NOT_BRACKET_OR_BREAK = re.compile(r"[^\[\]{}\n]+")
# in flow collections (from the first bracket of a line to its end) libyaml, a YAML 1.1 parser, reads a colon
# not followed by a space, an empty key, a comment, an indicator that starts no token, and a '?' starting a
# token (a key for libyaml even without a space after it: '[?x]' is [{x: null}], yaml-rs reads '?x') otherwise
# than 1.2
_FLOW_PART = re.compile(r"[\[{][^\n]*")
_NOT_FOR_RS_IN_FLOW = re.compile(r":[^ \n]| #|[|>](?<![^\s\[{,:][|>])|\?(?<![^\s\[{,:]\?)")
_COLON_WORD = re.compile(r":[^ \n]")


def _flow_is_plain(text: str) -> bool:
    """Whether the flow collections are plain: each on one line, at most :data:`MAX_DEPTH` deep, with no ':' that
    a space does not follow, no comment and no block indicator (where libyaml and YAML 1.2 differ). A colon
    followed by a letter outside flow collections ('doi:10...', '10:30') is fine: the lines are looked at then."""
    if not _flow_on_one_line(text):
        return False
    if _COLON_WORD.search(text) is None and " #" not in text and "|" not in text and ">" not in text \
            and "?" not in text:
        return True
    return _NOT_FOR_RS_IN_FLOW.search("\n".join(_FLOW_PART.findall(text))) is None


def _flow_on_one_line(text: str) -> bool:
    """Whether every flow collection opens and closes on one line, at most :data:`MAX_DEPTH` deep (libyaml and
    yaml-rs differ on the indentation of continued lines; brackets in quoted text only make this say no)."""
    skeleton = _NOT_BRACKET_OR_BREAK.sub("", text)
    for _ in range(MAX_DEPTH):
        if "[]" not in skeleton and "{}" not in skeleton:
            break
        skeleton = skeleton.replace("[]", "").replace("{}", "")
    return not skeleton.strip("\n")


def read_rs(text: str, screened: bool = False) -> Any:
    """The values of ``text`` read by yaml-rs, or ``MISSING`` when libyaml must read it (the text has no
    control characters, see :func:`loads`). ``screened``: the caller found no match of
    :data:`CONTROL_OR_NOT_FOR_RS` in the text already."""
    if RS_LOADS is None or (not screened and CONTROL_OR_NOT_FOR_RS.search(text) is not None):
        return MISSING
    if ("---" in text or "..." in text or "%" in text) and _DOCUMENT_MARK.search(text) is not None:
        return MISSING
    if _ODD_NUMBER.search(text) is not None or _ODD_NUMBER_FIRST.match(text) is not None \
            or _ODD_COLON.search(text) is not None:
        return MISSING
    if ("?" in text or "@" in text or "%" in text or "`" in text) and _ODD_RARE_INDICATOR.search(text) is not None:
        return MISSING
    if text[-1:] != "\n" and ("|" in text or ">" in text):
        return MISSING  # a block scalar that the end of the text cuts: libyaml drops its last line break
    if (("&" in text or "*" in text) and maybe_anchor(text)) or maybe_deep_block(text):
        return MISSING
    if ("[" in text or "{" in text) and (_ODD_IN_FLOW.search(text) is not None or not _flow_is_plain(text)):
        return MISSING
    try:
        data = RS_LOADS(text, parse_datetime=False)
        if data is None:
            return None
        if type(data) is not dict and type(data) is not list:
            return MISSING  # a lone scalar: the rules for a block scalar at the top level differ
        if _plain_values(data, 0, "|" in text or ">" in text):
            return data
        return _checked(data, 0)  # integer keys back to their text, or a doubt
    except Exception:  # a syntax error, a duplicate key, a doubt: libyaml words and places it
        return MISSING
