"""Markdown escaping of user text, shared by every Markdown output (reports, compare)."""

from __future__ import annotations

import re
from functools import lru_cache

from ids_assess.core.safetext import clean

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~])")
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|\d+[.)](?=\s|$)|=+(?=\s*$))")


@lru_cache(maxsize=8192)  # reports repeat the same labels and numbers many times
def md_escape(text: str) -> str:
    """User text made inert in GitHub-flavoured Markdown, on one line (safe in a table cell or a heading).

    Runs of white space, newlines included, become one space (one is kept at either end, so the label colon
    ``": "`` stays as it is); ``\\ ` * [ ] < > | ~``, word-boundary ``_``, entity-like ``&`` and what would
    start a heading or a list (``# ``, ``- ``, ``1. ``) are backslash-escaped, so ``<script>`` shows as text
    and never as HTML.
    """
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    # white space folded, then control characters made visible: they would reach a terminal through `cat`
    text = clean(lead + " ".join(text.split()) + trail)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_LINE_START.sub(_escape_start, text, count=1)


def _escape_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark[0].isdigit():  # "1." -> "1\.": a backslash escapes punctuation, not digits
        return f"{lead}{mark[:-1]}\\{mark[-1]}"
    return f"{lead}\\{mark}"
