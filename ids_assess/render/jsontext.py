"""JSON text for people's tools: bidirectional controls in user text are written as ``\\uXXXX`` escapes.

The data is unchanged (a JSON reader gets the same string back); only the bytes on screen are: an agency
called ``"Customs \\u202e"`` can no longer reverse what a terminal or an editor shows after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ids_assess.core.safetext import has_bidi, show_bidi


def escape_bidi(text: str) -> str:
    """``text`` (JSON) with every bidirectional control character written as its ``\\uXXXX`` escape (the same
    text to a JSON reader)."""
    return show_bidi(text)


def any_bidi(texts: Iterable[str | None]) -> bool:
    """Whether any of ``texts`` holds a bidirectional control (searching a few short texts costs less than
    searching the JSON they end up in)."""
    return any(map(has_bidi, texts))
