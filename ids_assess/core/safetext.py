"""Text from users and files made safe to show on a terminal.

Control characters (ESC sequences could retitle or recolour the terminal, or hide text) and bidirectional
overrides are replaced by visible stand-ins; newlines are kept. Markup is never an issue: rich output
uses ``Text`` objects with markup off.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␉ for TAB ...
    if code == 0x7F:
        return "\u2421"  # ␡
    if code < 0xA0:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` safe to show on a terminal: control characters (but newline) replaced visibly.

    Markup is not an issue here: everything is shown through rich ``Text`` objects, never parsed.
    """
    return _CONTROL.sub(_visible, text)


def first_control(text: str) -> str | None:
    """The first character of ``text`` that :func:`clean` would replace, or ``None``."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def slug(text: str, limit: int = 60, fallback: str = "answers") -> str:
    """A file-name-safe form of ``text``: letters and digits of any script, runs of anything else as ``-``;
    never empty (``fallback``), never ``.`` or ``..``, at most ``limit`` characters."""
    kept = "".join(ch if ch.isalnum() else "-" for ch in unicodedata.normalize("NFKC", text).lower())
    return re.sub(r"-{2,}", "-", kept).strip("-")[:limit].strip("-") or fallback
