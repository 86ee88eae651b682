"""Codebooks: how an export's columns and values map to a questionnaire (YAML, checked by a shipped schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput
from ids_assess.io import schema, yamlio


@dataclass(frozen=True)
class Codebook:
    """A loaded codebook; empty when none is given."""

    questionnaire: str | None = None
    version: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, int | str | None] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    source: str = ""


def load_codebook(path: Path, display: str | None = None) -> Codebook:
    """Load and check a codebook; raise :class:`InvalidInput` with every problem placed."""
    doc = yamlio.load(path, display)
    return from_data(doc)


def from_data(doc: yamlio.YamlDocument) -> Codebook:
    data = doc.data
    if not isinstance(data, dict):
        raise InvalidInput([doc.problem([], "a codebook is a mapping with questionnaire, columns, values and "
                                        "defaults", hint="see docs/collecting.md")])
    problems = schema.check(doc, "codebook")
    if problems:
        raise InvalidInput(problems)
    defaults = {k: str(v) for k, v in (data.get("defaults") or {}).items() if v is not None}
    return Codebook(questionnaire=data.get("questionnaire"), version=data.get("version"),
                    columns=dict(data.get("columns") or {}), values=dict(data.get("values") or {}),
                    defaults=defaults, source=doc.path)


def render(questionnaire: str | None, version: str | None, columns: dict[str, str | None],
           values: dict[str, Any] | None = None, defaults: dict[str, str] | None = None) -> str:
    """A codebook as YAML (written with :func:`ids_assess.yamlio.dump`)."""
    out: dict[str, Any] = {}
    if questionnaire:
        out["questionnaire"] = questionnaire
    if version:
        out["version"] = version
    out["columns"] = columns
    if values:
        out["values"] = values
    if defaults:
        out["defaults"] = defaults
    return yamlio.dump(out)
