"""Reading results that ``ids-assess score --format json`` wrote, back into the model (for ``compare``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import AnswerSet, FactorScore, Questionnaire, Relationship, Result, Score, qref
from ids_assess.core.safetext import quote
from ids_assess.core.scoring import band_of
from ids_assess.io.yamlio import MAX_DEPTH, read_text


def is_results_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".json"


def load_results(path: Path, lookup: Callable[[str], Questionnaire]) -> Iterator[Result]:
    """The results in a score JSON file (without their item-level answers)."""
    shown = str(path)
    text = read_text(path, shown)
    problem = scan_json(text, shown)  # before json.loads: deep nesting would exhaust its recursion
    if problem is not None:
        raise InvalidInput([problem])
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except RecursionError:  # pragma: no cover - scan_json stops deep nesting first
        raise InvalidInput([Problem(shown, 1, 1, f"nesting deeper than {MAX_DEPTH} levels")]) from None
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):
            raise InvalidInput([Problem(shown, 1, 1, str(exc), "give a file written by 'ids-assess score "
                                        "--format json'")]) from None
        raise InvalidInput([Problem(shown, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}",
                                    "give a file written by 'ids-assess score --format json'")]) from None
    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    errors = sorted(Draft202012Validator(load_schema("results")).iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        raise InvalidInput([Problem(shown, 0, 0, f"{_where(e.absolute_path)}: {e.message}",
                                    "not a results file of 'ids-assess score --format json'")
                            for e in errors[:20]])
    found = []
    for i, raw in enumerate(doc["results"]):
        qid = raw["questionnaire"]
        if not _QID.match(qid):  # an id, never a path: a received file must not make us read other files
            raise InvalidInput([Problem(shown, 0, 0, f"$.results[{i}].questionnaire: '{qid}' is not a "
                                        "questionnaire id")])
        version = raw.get("version")
        try:
            q = lookup(qref(qid, version if isinstance(version, str) and _VERSION.match(version) else None))
        except UsageError as exc:
            raise InvalidInput([Problem(shown, 0, 0, f"$.results[{i}].questionnaire: {exc}")]) from None
        found.append(_result(raw, q))
    yield from found


_QID = re.compile(r"[a-z][a-z0-9-]*\Z")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*\Z")


# a string (and the ':' that makes it a key), or a bracket; everything else is skipped over
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"(\s*:)?|[\[\]{}]')


def scan_json(text: str, shown: str) -> Problem | None:
    """The first nesting deeper than :data:`MAX_DEPTH` or duplicate key in JSON ``text``, placed; one
    pass, no recursion (``json.loads`` recurses once per level and keeps the last of duplicate keys)."""
    stack: list[set[str] | None] = []  # per open bracket: the keys of an object so far, None for a list
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            if len(stack) >= MAX_DEPTH:
                return _at(text, match.start(), shown, f"nesting deeper than {MAX_DEPTH} levels")
            stack.append(set() if token == "{" else None)
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif match.group(1) and stack and stack[-1] is not None:
            try:
                key = json.loads(token[: match.end(0) - match.start(0) - len(match.group(1))])
            except ValueError:
                return None  # json.loads words the syntax error
            if key in stack[-1]:
                return _at(text, match.start(), shown, f"duplicate key {quote(key)}",
                           "each key may appear once; remove one")
            stack[-1].add(key)
    return None


def _at(text: str, index: int, shown: str, message: str, hint: str = "") -> Problem:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(shown, line, column, message, hint)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a results file may hold")


def _where(path: Any) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _score(raw: dict[str, Any]) -> Score:
    return Score(raw["score"], raw["low"], raw["high"], raw["coverage"], bool(raw.get("band_withheld", False)))


def _result(raw: dict[str, Any], q: Questionnaire) -> Result:
    answers = AnswerSet(source=raw["source"], questionnaire=raw["questionnaire"], agency=raw["agency"], answers={},
                        agency_id=raw.get("agency_id"), respondent=raw.get("respondent"), role=raw.get("role"),
                        date=raw.get("date"), partner=raw.get("partner"), tie=raw.get("tie"),
                        version=raw.get("version"), dataset=raw.get("dataset"))
    factors = {fid: FactorScore(f["score"], f["low"], f["high"], f["coverage"], bool(f.get("verdict_withheld", False)),
                                answered=f["answered"], dk=f["dk"], na=f["na"], verdict=f.get("verdict"))
               for fid, f in raw["factors"].items() if fid in q.factors}
    rel = raw["relationship"]
    overall = _score(raw["overall"])
    sections = {sid: _score(s) for sid, s in raw["sections"].items()}
    return Result(answers=answers, questionnaire=q.id, version=q.version, overall=overall,
                  band=band_of(q, overall), sections=sections,
                  factors=factors, relationship=Relationship(rel["pull"], rel["push"], rel["net"], rel["status"],
                                                             rel.get("strongest_push"),
                                                             bool(rel.get("tension_risk", False))),
                  barriers=tuple(raw["barriers"]), enablers=tuple(raw["enablers"]),
                  section_bands={sid: (b.id if (b := band_of(q, s)) else None) for sid, s in sections.items()})
