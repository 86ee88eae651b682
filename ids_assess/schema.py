"""JSON Schema validation of loaded YAML, with every error placed at its line and column."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from . import resources
from .errors import Problem
from .yamlio import YamlDocument


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """A bundled schema as a dict (``questionnaire``, ``answers`` or ``results``)."""
    with open(resources.schema_path(name), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator  # imported on first use: it is slow to import

    return Draft202012Validator(load_schema(name))


def check(doc: YamlDocument, name: str) -> list[Problem]:
    """Every schema problem of ``doc`` against the bundled schema ``name``, placed and worded for people."""
    problems = []
    for error in _validator(name).iter_errors(doc.data):
        problems.extend(_describe(doc, error))
    return problems


def _describe(doc: YamlDocument, error: Any) -> list[Problem]:
    where = list(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        return [doc.problem(where, f"missing required key '{k}'", key=True) for k in missing]
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        hint = f"allowed keys: {', '.join(sorted(allowed))}" if allowed else ""
        return [_with_hint(doc.problem([*where, k], f"unknown key '{k}'", key=True), hint)
                for k in extra]
    if kind == "propertyNames":
        return [doc.problem([*where, str(error.instance)], f"'{error.instance}' is not a valid key here",
                            key=True)]
    label = _name_of(where)
    if kind == "oneOf" and "rating" in json.dumps(error.schema):
        return [doc.problem(where, f"{label}: {_show(value)} is not a rating: use 1-5, dk or na")]
    if kind == "enum":
        options = ", ".join("(empty)" if o is None else str(o) for o in error.validator_value)
        return [doc.problem(where, f"{label}: {_show(value)} is not one of: {options}")]
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return [doc.problem(where, f"{label}: expected {_article(expected)}, got {_kind(value)}")]
    if kind == "pattern" and isinstance(value, str) and not value.strip():
        return [doc.problem(where, f"{label} must not be empty")]
    if kind == "pattern":
        return [doc.problem(where, f"{label}: {_show(value)} is not valid here (expected {error.validator_value})")]
    if kind == "dependentRequired":
        return [doc.problem(where, error.message.replace("is a dependency of", "is required with"))]
    return [doc.problem(where, f"{label}: {error.message}")]


def _with_hint(problem: Problem, hint: str) -> Problem:
    if not hint or problem.hint:
        return problem
    return Problem(problem.path, problem.line, problem.column, problem.message, hint)


def _name_of(where: list[Any]) -> str:
    if not where:
        return "document"
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in where]
    return ".".join(parts).replace(".[", "[") if len(parts) < 3 else ".".join(parts[-2:]).replace(".[", "[")


def _show(value: Any) -> str:
    if value is None:
        return "an empty value"
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
