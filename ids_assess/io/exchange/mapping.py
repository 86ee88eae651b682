"""Which column is which (item, confidence, evidence, header field, metadata) and what a cell's value means.

Platforms are told apart by their metadata headers; a column is an item when its header is an item id,
when its last ``/``-separated segment is one, or when it holds an item id in ``[...]`` or ``【...】``; else a
codebook may map it. Values are ratings 1-5 (``4.0`` and full-width digits too), ``dk``/``na``, or the
questionnaire's scale labels in English or Chinese.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ids_assess.core.model import CONFIDENCE, ROLES, TIES, Questionnaire

PLATFORMS: tuple[str, ...] = ("auto", "kobo", "odk", "wjx", "limesurvey", "qualtrics", "sheet")

#: Header fields of an answer file that a column (or an option, or a codebook default) can give.
HEADER_FIELDS: tuple[str, ...] = ("agency", "agency_id", "respondent", "role", "date", "partner", "tie")
#: Columns that say which questionnaire the rows answer (written by our own exports).
FORM_FIELDS: tuple[str, ...] = ("questionnaire", "version")

_ITEM_ID = r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+"
_BRACKETED = re.compile(r"[\[【]\s*(" + _ITEM_ID + r"|" + "|".join(HEADER_FIELDS + FORM_FIELDS) + r")\s*[\]】]")

_KOBO_META = {"_uuid", "_submission_time", "_id", "_index", "_status", "_submitted_by", "_tags", "_notes",
              "_validation_status", "__version__", "_version_", "_xform_id_string", "_attachments", "_geolocation",
              "_parent_index", "_parent_table_name", "start", "end", "today", "deviceid", "username",
              "instanceid", "formhub/uuid", "meta/instanceid", "meta/rootuuid", "meta/deprecatedid"}
_ODK_META = {"submissiondate", "key", "meta-instanceid", "submitterid", "submittername", "attachmentspresent",
             "attachmentsexpected", "status", "reviewstate", "deviceid", "edits", "formversion", "start", "end",
             "today", "instanceid"}
_WJX_META = {"序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自ip", "总分", "答题序号", "用户id",
             "自定义字段", "填写设备", "操作系统", "浏览器", "ip所在地"}
_QUALTRICS_META = {"startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
                   "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
                   "externalreference", "locationlatitude", "locationlongitude", "distributionchannel",
                   "userlanguage", "q_recaptchascore", "q_relevantidduplicate", "q_relevantidduplicatescore"}
_LIME_META = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
              "refurl", "token", "response id", "date submitted", "last page", "start language"}

#: Columns holding a response's own id, by platform, most specific first.
RESPONSE_ID = {"kobo": ("_uuid", "meta/instanceid", "instanceid", "_id"),
               "odk": ("key", "meta-instanceid", "instanceid"), "wjx": ("序号",), "qualtrics": ("responseid",),
               "limesurvey": ("id", "response id"), "sheet": ()}
#: Columns holding the time a response was submitted (a fallback for the answer file's date).
SUBMITTED = {"kobo": ("_submission_time", "end", "today"), "odk": ("submissiondate", "end", "today"),
             "wjx": ("提交答卷时间",), "qualtrics": ("recordeddate", "enddate"),
             "limesurvey": ("submitdate", "date submitted"), "sheet": ()}
_META = {"kobo": _KOBO_META, "odk": _ODK_META, "wjx": _WJX_META, "qualtrics": _QUALTRICS_META,
         "limesurvey": _LIME_META, "sheet": set()}

ROLE_WORDS: Mapping[str, tuple[str, ...]] = {
    "leader": ("leader", "领导"), "business": ("business", "业务"), "it": ("it", "信息技术"),
    "legal": ("legal", "法务"), "other": ("other", "其他")}
TIE_WORDS: Mapping[str, tuple[str, ...]] = {"vertical": ("vertical", "条", "纵向", "条（纵向）"),
                                            "horizontal": ("horizontal", "块", "横向", "块（横向）")}
CONFIDENCE_WORDS: Mapping[str, tuple[str, ...]] = {"high": ("high", "高"), "medium": ("medium", "中"),
                                                   "low": ("low", "低")}


def fold(value: str) -> str:
    """Text folded for matching: NFKC (full-width to ASCII), curly quotes straight, case and spaces folded."""
    text = unicodedata.normalize("NFKC", value).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def detect_platform(header_rows: Sequence[Sequence[str]]) -> str:
    """The platform an export comes from, by its metadata headers (``sheet`` when none is recognised)."""
    if len(header_rows) >= 3:
        return "qualtrics"
    names = {fold(h) for h in header_rows[0]} if header_rows else set()
    if "_uuid" in names or "_submission_time" in names:
        return "kobo"
    if "submissiondate" in names and ("key" in names or "meta-instanceid" in names):
        return "odk"
    if len(names & _WJX_META) >= 3:
        return "wjx"
    if "responseid" in names and ("startdate" in names or "recordeddate" in names):
        return "qualtrics"
    if {"id", "submitdate", "lastpage"} <= names or {"response id", "date submitted"} <= names:
        return "limesurvey"
    return "sheet"


@dataclass(frozen=True)
class Target:
    """What a column holds: ``kind`` is item, confidence, evidence, field (a header field), form
    (questionnaire or version), id (the response id), submitted (submission time) or meta (ignored)."""

    kind: str
    name: str = ""


@dataclass
class ColumnMap:
    """Every column's :class:`Target` (by column index), and the columns nothing maps."""

    targets: dict[int, Target] = field(default_factory=dict)
    unmapped: list[int] = field(default_factory=list)
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)  # (column, first column, item id)

    def columns(self, kind: str) -> dict[str, int]:
        return {t.name: c for c, t in self.targets.items() if t.kind == kind}


def _candidates(header_rows: Sequence[Sequence[str]], column: int) -> list[str]:
    out = []
    for row in header_rows:
        if column < len(row) and row[column].strip():
            out.append(row[column].strip())
    return out


def _segments(text: str, platform: str) -> list[str]:
    """The whole header, then its last ``/`` segment (ODK Central and Briefcase also join groups with ``-``),
    then every tail after a ``.`` (KoboToolbox can join groups with ``.``, and item ids hold dots too)."""
    found = [text, text.rsplit("/", 1)[-1]]
    if platform == "odk":
        found.append(text.rsplit("-", 1)[-1])
    last = found[-1]
    found += [last[i + 1:] for i, char in enumerate(last) if char == "."]
    return found


def _by_name(name: str, items: Mapping[str, Any]) -> Target | None:
    if name in items:
        return Target("item", name)
    for suffix, kind in (("_confidence", "confidence"), ("_evidence", "evidence")):
        if name.endswith(suffix) and name[: -len(suffix)] in items:
            return Target(kind, name[: -len(suffix)])
    if name in HEADER_FIELDS:
        return Target("field", name)
    if name in FORM_FIELDS:
        return Target("form", name)
    return None


def map_columns(header_rows: Sequence[Sequence[str]], platform: str, items: Mapping[str, Any],
                codebook_columns: Mapping[str, str | None]) -> ColumnMap:
    """Map every column to its :class:`Target`; ``codebook_columns`` maps a header (or a code) to an item id
    or header field, or to ``None`` to ignore it on purpose."""
    width = max((len(r) for r in header_rows), default=0)
    result = ColumnMap()
    seen: dict[tuple[str, str], int] = {}
    meta, ids, submitted = _META.get(platform, set()), RESPONSE_ID.get(platform, ()), SUBMITTED.get(platform, ())
    book = {fold(k): v for k, v in codebook_columns.items()}
    for column in range(width):
        candidates = _candidates(header_rows, column)
        target = _find(candidates, platform, items, book, meta, ids, submitted)
        if target is None:
            if candidates:
                result.unmapped.append(column)
            continue
        if target.kind in ("item", "confidence", "evidence", "field", "form"):
            key = (target.kind, target.name)
            if key in seen:
                result.duplicates.append((column, seen[key], target.name))
                continue
            seen[key] = column
        result.targets[column] = target
    return result


def _find(candidates: list[str], platform: str, items: Mapping[str, Any], book: Mapping[str, str | None],
          meta: set[str], ids: tuple[str, ...], submitted: tuple[str, ...]) -> Target | None:
    for text in candidates:
        for part in _segments(text, platform):
            found = _by_name(part.strip(), items)
            if found is not None:
                return found
    for text in candidates:
        match = _BRACKETED.search(text)
        if match:
            found = _by_name(match.group(1), items)
            if found is not None:
                return found
    for text in candidates:
        for part in _segments(text, platform):
            key = fold(part)
            if key in book:
                value = book[key]
                if value is None:
                    return Target("meta", "codebook")
                found = _by_name(value, items)
                return found if found is not None else Target("unknown", value)
    first = fold(candidates[0]) if candidates else ""
    if first in ids:
        return Target("id")
    if first in submitted:
        return Target("submitted")
    if first in meta or first.startswith(("_", "meta/", "meta-", "formhub/")):
        return Target("meta")
    return None


# --- values -------------------------------------------------------------------------------------

class BadValue(ValueError):
    """A cell whose value cannot be used; ``hint`` says what would do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Scale:
    """The values a rating cell may hold, folded: labels and codes to 1-5, ``dk``, ``na`` or ``None``
    (unanswered)."""

    words: Mapping[str, int | str | None]
    example: str
    platform: str
    seen: dict[Any, int | str | None] = field(default_factory=dict)

    def rating(self, value: Any) -> int | str | None:
        """The rating in a cell (``None`` when blank or a platform's code for unanswered)."""
        if type(value) is not bool:
            try:
                return self.seen[value]
            except (KeyError, TypeError):
                pass
        found = self._rating(value)
        if type(value) in (int, float, str) and len(self.seen) < 10_000:
            self.seen[value] = found
        return found

    def _rating(self, value: Any) -> int | str | None:
        if value is None or isinstance(value, bool):
            if value is None:
                return None
            raise BadValue(f"{value!r} is not a rating", self.example)
        if isinstance(value, (int, float)):
            return self._number(float(value), value)
        if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
            raise BadValue(f"a date or time ({value}) is not a rating", "format the cells as text or numbers; "
                           + self.example)
        text = fold(str(value))
        if not text:
            return None
        if text in self.words:
            return self.words[text]
        try:
            number = float(text)
        except ValueError:
            raise BadValue(f"{json.dumps(str(value), ensure_ascii=False)} is not a rating", self.example) from None
        return self._number(number, value)

    def _number(self, number: float, shown: Any) -> int | str | None:
        if number != number or not number.is_integer():
            raise BadValue(f"{shown!r} is not a rating: ratings are whole numbers", self.example)
        whole = int(number)
        if 1 <= whole <= 5:
            return whole
        if str(whole) in self.words:  # a codebook's code, e.g. Qualtrics' 6 for Don't know
            return self.words[str(whole)]
        if self.platform == "wjx":
            if whole in (-2, -3):  # Wenjuanxing: skipped by logic / not shown
                return None
            if whole in (6, 7):  # the options after 1-5 in our Wenjuanxing export: 不知道, 不适用
                return "dk" if whole == 6 else "na"
        raise BadValue(f"{whole} is not a rating", self.example)


def build_scale(questionnaire: Questionnaire, platform: str, codebook_values: Mapping[str, Any]) -> Scale:
    words: dict[str, int | str | None] = {}
    scale = questionnaire.scale
    for number, text in scale.labels.items():
        words[fold(text.en)] = number
        words[fold(text.zh)] = number
        words[f"{number}"] = number
    for code, text in (("dk", scale.dk), ("na", scale.na)):
        words[fold(text.en)] = code
        words[fold(text.zh)] = code
        words[code] = code
    words["n/a"] = "na"
    if platform == "wjx":
        words["(跳过)"] = None
        words["(空)"] = None
        words["跳过"] = None
    for label, rating in codebook_values.items():
        words[fold(str(label))] = rating
    example = (f"use 1-5, dk or na, or a label of the scale such as '{scale.labels[4].en}' or "
               f"'{scale.labels[4].zh}'")
    return Scale(words, example, platform)


def _word(value: str, words: Mapping[str, tuple[str, ...]]) -> str | None:
    key = fold(value)
    for code, names in words.items():
        if key == code or key in (fold(n) for n in names):
            return code
    match = re.search(r"[(（]\s*([a-z]+)\s*[)）]\s*$", key)  # "领导 (leader)": the code in brackets
    if match and match.group(1) in words:
        return match.group(1)
    return None


def text_of(value: Any) -> str:
    """A cell as text (whole floats without ``.0``; dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


_WJX_BLANK = frozenset({"(空)", "(跳过)", "-2", "-3"})


def field_value(name: str, value: Any, platform: str = "") -> str | None:
    """A header field's value from a cell (``None`` when blank); raises :class:`BadValue`."""
    text = text_of(value)
    if platform == "wjx" and unicodedata.normalize("NFKC", text) in _WJX_BLANK:
        return None
    if name == "date":
        return date_value(value)
    if not text:
        return None
    if name == "role":
        if platform == "wjx" and text in ("1", "2", "3", "4", "5"):  # by option number, in our export's order
            return ROLES[int(text) - 1]
        found = _word(text, ROLE_WORDS)
        if found is None:
            raise BadValue(f"role {json.dumps(text, ensure_ascii=False)} is not one of {', '.join(ROLES)}",
                           "use leader, business, it, legal or other (or 领导, 业务, 信息技术, 法务, 其他)")
        return found
    if name == "tie":
        if platform == "wjx" and text in ("1", "2"):
            return TIES[int(text) - 1]
        found = _word(text, TIE_WORDS)
        if found is None:
            raise BadValue(f"tie {json.dumps(text, ensure_ascii=False)} is not one of {', '.join(TIES)}",
                           "use vertical (条) or horizontal (块)")
        return found
    if name == "agency_id":
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
            raise BadValue(f"agency_id {json.dumps(text, ensure_ascii=False)} is not a code",
                           "use letters, digits, '.', '_' and '-' only, starting with a letter or digit")
    return text


_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def date_value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", text_of(value))
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        try:
            return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            pass
    raise BadValue(f"date {json.dumps(text, ensure_ascii=False)} is not a real date", "write it as YYYY-MM-DD")


def confidence_value(value: Any) -> str | None:
    text = text_of(value)
    if not text:
        return None
    found = _word(text, CONFIDENCE_WORDS)
    if found is None:
        raise BadValue(f"confidence {json.dumps(text, ensure_ascii=False)} is not one of {', '.join(CONFIDENCE)}",
                       "use high, medium or low (高, 中, 低), or leave it blank")
    return found


def column_letter(column: int) -> str:
    """Excel's name of a column (from 0): A, B, ... Z, AA ..."""
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
