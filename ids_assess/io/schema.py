"""JSON Schema validation of loaded YAML, with every error placed at its line and column."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from ids_assess.core import vocab
from ids_assess.core.errors import Problem, one_line
from ids_assess.core.safetext import quote
from ids_assess.core.vocab import AGENCY_ID
from ids_assess.io import resources
from ids_assess.io.checks import Pending, located
from ids_assess.io.yamlio import YamlDocument


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A bundled schema as a dict (``questionnaire``, ``answers`` or ``results``)."""
    with open(resources.schema_path(name), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator  # imported on first use: it is slow to import

    return Draft202012Validator(load_schema(name))


def check(doc: YamlDocument, name: str) -> list[Problem]:
    """Every schema problem of ``doc`` against the bundled schema ``name``, placed and worded for people
    (the first :data:`~ids_assess.core.errors.MAX_PROBLEMS` of them, and a line counting the rest)."""
    return located(doc, pending(doc, name))


def pending(doc: YamlDocument, name: str) -> Iterator[Pending]:
    """Every schema problem of ``doc``, worded but not yet placed (see :mod:`ids_assess.io.checks`)."""
    for error in _validator(name).iter_errors(doc.data):
        yield from _describe(doc, error)


def _describe(doc: YamlDocument, error: Any) -> list[Pending]:
    where = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind == "required":
        named = re.match(r"'(.+?)' is a required property", error.message)
        missing = [named.group(1)] if named else [k for k in error.validator_value
                                                  if isinstance(value, dict) and k not in value]
        return [Pending(where, f"missing required key {quote(k)}", key=True) for k in missing]
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        hint = f"allowed keys: {', '.join(sorted(allowed))}" if allowed else ""
        return [Pending((*where, k), f"unknown key {quote(k)}", key=True, hint=hint)
                for k in value if k not in allowed]
    if kind == "propertyNames":
        if where and where[-1] == "answers":
            return [Pending((*where, str(error.instance)), f"{quote(error.instance)} is not a valid item id "
                            "(item ids are lower case, like factor.name)", key=True)]
        return [Pending((*where, str(error.instance)), f"{quote(error.instance)} is not a valid key here",
                        key=True)]
    label = _name_of(list(where), doc.data)
    if kind == "oneOf" and isinstance(value, dict) and error.context:
        # an answer written as a mapping: report what is wrong inside it, not the whole mapping
        inner = [e for e in error.context if e.validator not in ("type", "oneOf") or list(e.relative_path)]
        found = [p for e in inner for p in _describe(doc, e)] if inner else []
        if found:
            return list(dict.fromkeys(found))
    if kind == "oneOf" and ('"dk"' in json.dumps(error.schema) or "rating" in json.dumps(error.schema)):
        return [Pending(where, f"{label}: {_show(value)} is not a rating: use 1-5, dk or na",
                        hint=_rating_hint(value))]
    if kind == "enum":
        options = [o for o in error.validator_value if o is not None]
        shown = ", ".join(str(o) for o in options) + (", or leave it empty" if None in error.validator_value else "")
        return [Pending(where, f"{label}: {_show(value)} is not one of: {shown}", hint=_closest(value, options))]
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return [Pending(where, f"{label}: expected {_article(expected)}, got {_kind(value)}")]
    if kind == "pattern" and isinstance(value, str) and not value.strip():
        return [Pending(where, f"{label} must not be empty")]
    if kind == "pattern" and "propertyNames" in error.schema_path and isinstance(value, str):
        what = _PATTERNS.get(error.validator_value, f"the form {error.validator_value}")
        return [Pending((*where, value), f"{label}: {_show(value)} is not valid: {what}", key=True)]  # at the key
    if kind == "pattern" and isinstance(value, str) and "not" in error.schema and value != value.strip() and \
            re.search(error.validator_value, value.strip()):
        return []  # only white space around it is wrong: its 'not' error (agency_id) says so
    if kind == "pattern":
        what = _PATTERNS.get(error.validator_value, f"the form {error.validator_value}")
        return [Pending(where, f"{label}: {_show(value)} is not valid: {what}")]
    if kind == "not" and isinstance(value, str):  # agency_id: white space, e.g. a trailing line break
        if AGENCY_ID.match(value.strip()) is None:
            return []  # its pattern error says what is wrong
        return [Pending(where, f"{label}: {_show(value)} must not hold spaces or line breaks")]
    if kind == "dependentRequired" and isinstance(value, dict):
        return [Pending((*where, k), f"{quote(k)} needs {quote(need)}: name the partner agency, or remove "
                        f"{quote(k)}" if need == "partner" else f"{quote(k)} needs {quote(need)}", key=True)
                for k, needs in error.validator_value.items() if k in value
                for need in needs if need not in value]
    return [Pending(where, f"{label}: {one_line(error.message)}")]


# the schemas' patterns end in "$(?!\n)": jsonschema matches with Python's re.search, where "$" alone also
# matches before a final line break ("ids-core\n"); the look-ahead gives them the "\Z" of the fast path
_PATTERNS = {
    "^[A-Za-z0-9][A-Za-z0-9._-]*$(?!\\n)":
        "use letters, digits, '.', '_' and '-' only, starting with a letter or digit",
    "^[a-z][a-z0-9-]*$(?!\\n)": "use lower-case letters, digits and '-', starting with a letter",
    "^[a-z][a-z0-9_]*$(?!\\n)": "use lower-case letters, digits and '_', starting with a letter",
    "^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$(?!\\n)": "use a dotted id in lower case, like factor.name",
}


def _name_of(where: list[Any], data: Any = None) -> str:
    """A short name for the place of a value: ``agency``, ``data_standards.common_codes.rating``, or, inside
    a questionnaire list, the id of the entry it belongs to (``item identity_marking.our_data: polarity``)."""
    if not where:
        return "document"
    parent = data
    for part in where[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            parent = None
            break
    named = isinstance(parent, dict) and isinstance(parent.get("id"), str)
    if len(where) >= 2 and isinstance(where[-2], int) and named:
        kind = {"items": "item", "factors": "factor", "sections": "section", "bands": "band"}.get(
            str(where[-3]) if len(where) >= 3 else "", "entry")
        return f"{kind} {parent['id']}: {where[-1]}"
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in where]
    return ".".join(parts).replace(".[", "[") if len(parts) < 3 else ".".join(parts[-2:]).replace(".[", "[")


_WORDS = {"不知道": "dk", "不清楚": "dk", "不确定": "dk", "不适用": "na", "n/a": "na", "na.": "na",
          "don't know": "dk", "dont know": "dk", "not applicable": "na"}


def _rating_hint(value: Any) -> str:
    """What a near-miss rating was probably meant to be: full-width digits, DK, N/A, 不知道 ..."""
    if isinstance(value, bool):
        return "a rating is a number 1-5, dk or na, not true/false"
    if isinstance(value, list):
        wide = next((v for v in value if isinstance(v, str) and "\uff0c" in v), None)
        return "an answer is one rating, not a list" + (
            f"; a full-width comma '\uff0c' separates nothing: {wide!r} is one text" if wide else "")
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip().strip("，,。.").strip().lower()
    meant = _WORDS.get(text, text)
    if meant in ("1", "2", "3", "4", "5", "dk", "na"):
        return f"write {meant}" + (" without quotes" if meant.isdigit() else "")
    return ""


def _closest(value: Any, options: list[Any]) -> str:
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFKC", value).strip().lower()
    for option in options:
        if isinstance(option, str) and folded == option:
            return f"write '{option}'"
    for terms in (vocab.ROLE_TERMS, vocab.TIE_TERMS, vocab.CONFIDENCE_TERMS):  # 信息技术, 条, 高 ...
        if set(options) == set(terms):
            meant = vocab.parse(terms, folded)
            if meant is not None:
                return f"write '{meant}'"
    near = difflib.get_close_matches(folded, [o for o in options if isinstance(o, str)], n=1, cutoff=0.7)
    return f"did you mean '{near[0]}'?" if near else ""


def _show(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
             float: "a number", type(None): "an empty value"}
    return names.get(type(value), type(value).__name__)


def _article(name: str) -> str:
    words = {"object": "a mapping", "array": "a list", "string": "text", "number": "a number",
             "integer": "a whole number", "boolean": "true or false", "null": "nothing",
             "object or null": "a mapping", "string or null": "text"}
    return words.get(name, name)


# --- the fast path for answer files ----------------------------------------------------------------
# jsonschema is thorough but slow; most answer files in a batch are valid. ``answers_ok`` accepts exactly
# what ``answers.schema.json`` accepts (tests/test_schema_fast.py holds the two in agreement); only a
# file it rejects goes through jsonschema, which then words every problem with its place.

_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
_ITEM = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\Z")
_NON_SPACE = re.compile(r"\S")
_TOP = frozenset({"questionnaire", "version", "agency", "agency_id", "respondent", "role", "date", "partner",
                  "tie", "dataset", "answers"})
_ROLES = frozenset({"leader", "business", "it", "legal", "other", None})
_TIES = frozenset({"vertical", "horizontal", None})
_CONFIDENCE = frozenset({"high", "medium", "low", None})
_ENTRY = frozenset({"rating", "confidence", "evidence"})


def is_questionnaire_id(text: str) -> bool:
    """Whether ``text`` is a questionnaire id (as the schema wants it), not a path or anything else."""
    return _ID.match(text) is not None


def _opt_str(value: Any) -> bool:
    return value is None or type(value) is str


def _rating(value: Any) -> bool:
    if type(value) is int:
        return 1 <= value <= 5
    if type(value) is float:
        return value.is_integer() and 1 <= value <= 5
    return bool(value == "dk" or value == "na")


def answers_ok(data: Any) -> bool:
    """True exactly when ``data`` is valid against ``answers.schema.json`` (without jsonschema)."""
    if type(data) is not dict or not _TOP.issuperset(data):
        return False
    if "questionnaire" not in data or "agency" not in data or "answers" not in data:
        return False
    q, agency = data["questionnaire"], data["agency"]
    if type(q) is not str or not _ID.match(q) or type(agency) is not str or not _NON_SPACE.search(agency):
        return False
    agency_id = data.get("agency_id")
    if agency_id is not None and (type(agency_id) is not str or not AGENCY_ID.match(agency_id)):
        return False
    if not all(_opt_str(data.get(k)) for k in ("version", "respondent", "date", "partner", "dataset")):
        return False
    role, tie = data.get("role"), data.get("tie")
    if type(role) not in (str, type(None)) or role not in _ROLES:
        return False
    if type(tie) not in (str, type(None)) or tie not in _TIES or ("tie" in data and "partner" not in data):
        return False
    answers = data["answers"]
    if answers is None:
        return True
    if type(answers) is not dict:
        return False
    for key, value in answers.items():
        if not _ITEM.match(key):
            return False
        if value is None or _rating(value):
            continue
        if type(value) is not dict or "rating" not in value or not _ENTRY.issuperset(value):
            return False
        if not _rating(value["rating"]):
            return False
        confidence = value.get("confidence")
        if type(confidence) not in (str, type(None)) or confidence not in _CONFIDENCE:
            return False
        evidence = value.get("evidence")
        if evidence is not None and (type(evidence) is not str or len(evidence) > 4000):
            return False
    return True
