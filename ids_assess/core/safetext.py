"""Text from users and files made safe to show on a terminal.

Control characters (ESC sequences could retitle or recolour the terminal, or hide text) and bidirectional
overrides are replaced by visible stand-ins; newlines are kept. Markup is never an issue: rich output
uses ``Text`` objects with markup off.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional controls (ALM, LRM, RLM, embeddings and overrides, isolates): user text could reverse the text
#: around it with them, so every output shows them as visible ``\u202e`` escapes (:func:`show_bidi`, :func:`clean`).
BIDI_CONTROLS: dict[int, str] = {code: f"\\u{code:04x}" for code in
                                 (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_BIDI = re.compile("[" + "".join(map(chr, BIDI_CONTROLS)) + "]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + "".join(map(chr, BIDI_CONTROLS)) + "]")


def show_bidi(text: str) -> str:
    """``text`` with every bidirectional control written as its ``\\uXXXX`` escape (``text`` itself when it has
    none: a search first, as output has none as a rule and a search costs a twentieth of a translation; none
    at all for ASCII text, which Python knows without looking)."""
    if text.isascii():
        return text
    return text.translate(BIDI_CONTROLS) if _BIDI.search(text) is not None else text


def has_bidi(text: str | None) -> bool:
    """Whether ``text`` holds a bidirectional control."""
    return text is not None and not text.isascii() and _BIDI.search(text) is not None


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


# shown as escapes inside a quoted value: the backslash and the quote themselves, control and format
# characters (invisible, or able to reorder or hide text), line and paragraph separators, surrogates
_QUOTED = re.compile("[\\\\'\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
                     "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\\'":
        return "\\" + char
    code = ord(char)
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code)
    if named:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quote(value: object) -> str:
    """``value`` in single quotes as a message shows it, with its escapes visible (repr-like): a line break
    is ``\\n``, a zero-width space ``\\u200b``; readable text (Chinese, full-width spaces) is kept as it is."""
    return "'" + _QUOTED.sub(_escape, str(value)) + "'"
