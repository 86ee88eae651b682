"""JSON text for people's tools: bidirectional controls in user text are written as ``\\uXXXX`` escapes.

The data is unchanged (a JSON reader gets the same string back); only the bytes on screen are: an agency
called ``"Customs \\u202e"`` can no longer reverse what a terminal or an editor shows after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_bidi(text: str) -> str:
    """``text`` (JSON) with every bidirectional control character written as its ``\\uXXXX`` escape."""
    return _BIDI.sub(_escape, text) if _BIDI.search(text) else text


def any_bidi(texts: Iterable[str | None]) -> bool:
    """Whether any of ``texts`` holds a bidirectional control (searching a few short texts costs less than
    searching the JSON they end up in)."""
    return any(text and _BIDI.search(text) for text in texts)
