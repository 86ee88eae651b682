"""Helpers for the core tests (yamlio, invalid corpus, scoring): small models built in code.

Not a conftest: import what you need, e.g. ``from helpers_core import questionnaire, factor, item``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ids_assess.core.model import (
    Answer,
    AnswerSet,
    Band,
    Factor,
    Item,
    Questionnaire,
    Scale,
    Section,
    Source,
    SourceRef,
    Text,
)

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
INVALID = DATA / "invalid"
CORE_DATA = DATA / "core"

_T = Text("t", "t")
_SOURCE = Source("test", _T, "A test source.")
_REF = SourceRef(_SOURCE, "1")
_SCALE = Scale({r: _T for r in range(1, 6)}, _T, _T)
BANDS = (Band("critical", 0, _T), Band("weak", 40, _T), Band("emerging", 55, _T), Band("ready", 70, _T),
         Band("advanced", 85, _T))


def item(id: str, polarity: str = "enabler", weight: float = 1.0) -> Item:
    """An item; its factor id is taken from the part of ``id`` before the first dot."""
    return Item(id=id, text=_T, polarity=polarity, weight=weight, factor_id=id.split(".", 1)[0])  # type: ignore[arg-type]


def factor(id: str, items: Sequence[Item], weight: float = 1.0, determinant: bool = False,
           section_id: str = "") -> Factor:
    """A factor holding ``items``."""
    return Factor(id=id, title=_T, description=_T, weight=weight, determinant=determinant, eif=(),
                  source=_REF, recommendations=(), items=tuple(items), section_id=section_id)


def section(id: str, factors: Sequence[Factor], weight: float = 1.0) -> Section:
    """A section holding ``factors``."""
    return Section(id=id, title=_T, description=None, weight=weight, eif=(), factors=tuple(factors))


def questionnaire(sections: Sequence[Section], threshold: float = 5.0, id: str = "test-q") -> Questionnaire:
    """A questionnaire with its ``items`` and ``factors`` indexes filled in, as the loader does."""
    items: dict[str, Item] = {}
    factors: dict[str, Factor] = {}
    for s in sections:
        for f in s.factors:
            factors[f.id] = f
            items.update((i.id, i) for i in f.items)
    return Questionnaire(id=id, version="1.0.0", title=_T, description=None, sources={"test": _SOURCE},
                         scale=_SCALE, bands=BANDS, threshold=threshold, sections=tuple(sections),
                         items=items, factors=factors)


def answer_set(ratings: Mapping[str, object] | Iterable[tuple[str, object]], q: str = "test-q") -> AnswerSet:
    """An answer set from ``{item id: rating}`` (1-5, ``"dk"`` or ``"na"``), in the order given."""
    pairs = ratings.items() if isinstance(ratings, Mapping) else ratings
    return AnswerSet(source="test.yaml", questionnaire=q, agency="Test Bureau",
                     answers={k: Answer(v) for k, v in pairs})  # type: ignore[arg-type]
