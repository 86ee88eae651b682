"""What a typed line means, whatever produced it: the keys at an item, yes/no, confidence, control characters.

Pure: no terminal. Full-width input (a Chinese input method) reads as its ASCII form (:func:`normalize`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ids_assess.core.model import Rating
from ids_assess.core.safetext import first_control
from ids_assess.core.vocab import CONFIDENCE_TERMS, parse


def normalize(text: str) -> str:
    """What a key press means, whatever produced it: NFKC (full-width ``１`` and ``ｄ`` become ``1``
    and ``d``, the ideographic space a space), trimmed, lower case, without a trailing full stop ``。``
    (a Chinese input method adds one easily)."""
    return unicodedata.normalize("NFKC", text).strip().lower().rstrip("。").strip()


@dataclass(frozen=True)
class Key:
    """A parsed answer line: ``action`` is rate, keep, help, back, skip, quit or unknown."""

    action: str
    rating: Rating | None = None


_KEYS: dict[str, Key] = {
    **{str(r): Key("rate", r) for r in range(1, 6)},
    "d": Key("rate", "dk"), "dk": Key("rate", "dk"),
    "n": Key("rate", "na"), "na": Key("rate", "na"),
    "?": Key("help"), "b": Key("back"), "s": Key("skip"), "q": Key("quit"), "": Key("keep"),
    # the words, in English and Chinese, for those who type them rather than the keys
    "help": Key("help"), "帮助": Key("help"), "back": Key("back"), "返回": Key("back"),
    "skip": Key("skip"), "跳过": Key("skip"), "quit": Key("quit"), "退出": Key("quit"),
    "不知道": Key("rate", "dk"), "不适用": Key("rate", "na"),
}


def parse_key(line: str) -> Key:
    """Parse what was typed at an item: ``1``-``5`` (full-width too), ``d``, ``n``, ``?``, ``b``, ``s``,
    ``q``, the words help, back, skip, quit (帮助, 返回, 跳过, 退出, and 不知道, 不适用), or nothing (keep
    the answer shown); anything else is ``unknown``."""
    return _KEYS.get(normalize(line), Key("unknown"))


def parse_confidence(line: str) -> str | None:
    """``high``, ``medium`` or ``low`` from ``h``/``m``/``l``, the words, or 高/中/低; else ``None``."""
    return parse(CONFIDENCE_TERMS, normalize(line))


def parse_yes_no(line: str) -> bool | None:
    """``True`` for Enter, y, yes, 是; ``False`` for n, no, 否; ``None`` for anything else."""
    typed = normalize(line)
    if typed in ("", "y", "yes", "是", "好"):
        return True
    if typed in ("n", "no", "否", "不"):
        return False
    return None


def has_control(text: str) -> bool:
    """Whether a typed line holds control characters (an arrow key gives ``ESC [ D``): C0 controls but
    newline, DEL, C1 controls, and the bidirectional overrides that can reorder what is shown."""
    return first_control(text) is not None
