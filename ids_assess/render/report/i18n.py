"""The words and number formats of the readiness reports, in English and Simplified Chinese.

Templates receive the strings of one language as ``t`` (``{{ t.summary }}``); sentences with placeholders
(``{score}``) are filled in by the view builder, so templates never format numbers themselves. Both
languages must have the same keys (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ids_assess.core.vocab import (
    CONFIDENCE_TERMS,
    EIF_TERMS,
    ROLE_TERMS,
    ROLE_UNSPECIFIED,
    STATUS_TERMS,
    TIE_TERMS,
    TREND_TERMS,
    Term,
)
from ids_assess.render import numbers

# the sentences live in their own module (a long table); re-exported here, where templates look for them
from ids_assess.render.report.strings import STRINGS as _SENTENCES
from ids_assess.render.report.strings_front import FRONT_STRINGS
from ids_assess.render.report.strings_rounds import ROUND_STRINGS
from ids_assess.render.report.strings_trust import TRUST_STRINGS

#: Every sentence of the reports by language: the main table, the decision page's, the statistics' and the
#: rounds'.
STRINGS: Mapping[str, Mapping[str, str]] = {lang: {**_SENTENCES[lang], **FRONT_STRINGS[lang], **TRUST_STRINGS[lang],
                                                   **ROUND_STRINGS[lang]}
                                            for lang in _SENTENCES}


def _words(terms: Iterable[Term], lang: str) -> dict[str, str]:
    return {term.id: term.label(lang) for term in terms}


def _title(word: str) -> str:
    """A label as the first word of a table cell or heading: ``Balanced`` (Chinese has no capitals)."""
    return word[:1].upper() + word[1:]


def _labels(lang: str) -> dict[str, dict[str, str]]:
    statuses = _words(STATUS_TERMS.values(), lang)
    return {
        "role": _words([*ROLE_TERMS.values(), ROLE_UNSPECIFIED], lang),
        # "The relationship ... is in balance": the one phrasing of the reports' own
        "status": statuses | ({"balanced": "balance"} if lang == "en" else {}),
        "status_title": {k: _title(v) for k, v in statuses.items()},
        "tie": _words(TIE_TERMS.values(), lang),
        "eif": _words(EIF_TERMS.values(), lang),
        "confidence": _words(CONFIDENCE_TERMS.values(), lang),
        "trend": _words(TREND_TERMS.values(), lang),
    }


#: Labels of the fixed vocabularies of the model (roles, statuses, ties, layers, confidence, trends): the words
#: of ``core.vocab``, with a capital for ``status_title`` and "balance" in "is in balance".
LABELS: Mapping[str, Mapping[str, Mapping[str, str]]] = {lang: _labels(lang) for lang in ("en", "zh")}


class Numbers:
    """Number formats of one language: scores with one decimal, shares as whole percentages (rounded and written
    by :mod:`ids_assess.render.numbers`; this class adds the language's words and punctuation)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.missing = STRINGS[lang]["no_value"]

    def score(self, value: float | None) -> str:
        """A 0-100 score: ``52.3``."""
        return self.missing if value is None else numbers.fixed(value, 1)

    def points(self, value: float | None) -> str:
        """A distance in score points: ``17.5 points`` in English, ``17.5 分`` in Chinese."""
        if value is None:
            return self.missing
        return f"{numbers.fixed(value, 1)} {'分' if self.lang == 'zh' else 'points'}"

    def signed(self, value: float | None) -> str:
        """A change or a net: ``+5.2``, ``−3.0`` (a true minus sign), ``0.0``."""
        return self.missing if value is None else numbers.signed(value)

    def percent(self, share: float | None) -> str:
        """A share 0-1 as a whole percentage, rounded half up like every number: ``97%``, 0.125 -> ``13%``."""
        return self.missing if share is None else numbers.percent(share)

    def plain(self, value: float) -> str:
        """A threshold or a bound as written in a sentence: ``40``, ``52.3`` (one decimal at most, half up)."""
        return numbers.plain(value)

    def range(self, low: float | None, high: float | None) -> str:
        """A range of scores: ``48.0–55.1`` in English, ``48.0～55.1`` in Chinese."""
        if low is None or high is None:
            return self.missing
        sep = "\uff5e" if self.lang == "zh" else "\u2013"
        return f"{self.score(low)}{sep}{self.score(high)}"

    def count(self, n: int) -> str:
        return numbers.count(n)

    def coef(self, value: float | None) -> str:
        """A coefficient (alpha, ICC, rwg(j)) with two decimals, half up: ``0.83``, ``−0.09`` (a true minus)."""
        return self.missing if value is None else numbers.fixed(value, 2).replace("-", "\u2212")

    def weight(self, value: float) -> str:
        """A weight: ``1``, ``1.5``, ``0.33`` (two decimals at most, half up); a tiny one keeps two significant
        digits (``0.001``), so that no weight shows as 0."""
        return numbers.weight(value)

    def series(self, parts: list[str]) -> str:
        """``a, b and c`` in English, ``a、b 和 c`` in Chinese."""
        if not parts:
            return ""
        if len(parts) == 1:
            return parts[0]
        if self.lang == "zh":
            return "、".join(parts[:-1]) + "和" + parts[-1]
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def join(self, parts: list[str]) -> str:
        """A plain enumeration: ``a, b, c`` / ``a、b、c``."""
        return ("、" if self.lang == "zh" else ", ").join(parts)

    def paren(self, text: str) -> str:
        """``text`` in parentheses after a word: `` (text)`` in English, ``（text）`` (full width) in Chinese."""
        return f"\uff08{text}\uff09" if self.lang == "zh" else f" ({text})"

    @property
    def colon(self) -> str:
        """After a label: ``: `` in English, ``：`` (full width, no space) in Chinese."""
        return "\uff1a" if self.lang == "zh" else ": "

    def labelled(self, label: str, value: str) -> str:
        """``label: value`` / ``label：value``."""
        return f"{label}{self.colon}{value}"

    def items(self, parts: list[str]) -> str:
        """Items that hold commas themselves, one after another: ``a, 1; b, 2`` / ``a，1；b，2``."""
        return ("\uff1b" if self.lang == "zh" else "; ").join(parts)

    def clauses(self, parts: list[str]) -> str:
        """Clauses as one sentence: ``a; b.`` / ``a；b。``."""
        if self.lang == "zh":
            return "\uff1b".join(parts) + "\u3002"
        return "; ".join(parts) + "."

