"""Problems found before they are placed, and placing only the ones that are shown.

A check describes each problem as a :class:`Pending` (a path in the document, the words, a hint): cheap to
make, however many there are. :func:`located` then keeps the first :data:`MAX_PROBLEMS` in document order
(chosen by the entries' ordinals, without computing a single position), places only those, and counts the
rest in one ``... and N more`` line. A file of 50,000 stray keys is thus checked in linear time.
"""

from __future__ import annotations

import datetime
import difflib
import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ids_assess.core.errors import MAX_PROBLEMS, Problem, omitted
from ids_assess.core.model import Questionnaire, normalise, visible
from ids_assess.core.safetext import quote
from ids_assess.io.yamlio import PathPart, YamlDocument


@dataclass(frozen=True)
class Pending:
    """A problem at ``where`` (its key with ``key=True``), not yet placed at a line and column.

    ``suggest`` computes a costly hint (the nearest valid id) only when the problem is shown.
    """

    where: tuple[PathPart, ...]
    message: str
    key: bool = False
    hint: str = ""
    suggest: Callable[[], str] | None = field(default=None, compare=False)

    @property
    def place(self) -> tuple[tuple[PathPart, ...], bool]:
        return (self.where, self.key)


def located(doc: YamlDocument, pending: Iterable[Pending], cap: int = MAX_PROBLEMS) -> list[Problem]:
    """The first ``cap`` problems (in document order) placed, plus an ``omitted`` line for the rest."""
    unique = list(dict.fromkeys(pending))  # a check may report the same problem twice
    more = 0
    if len(unique) > cap:
        more = len(unique) - cap
        unique = heapq.nsmallest(cap, unique, key=lambda p: doc.order(p.where, p.key))
    problems = [doc.problem(p.where, p.message, key=p.key, hint=p.hint or (p.suggest() if p.suggest else ""))
                for p in unique]
    if more:
        problems.append(omitted(doc.path, more))
    return sorted(set(problems))


# --- the checks of an answer file against its questionnaire (after the schema) ---------------------

def against(doc: YamlDocument, questionnaire: Questionnaire) -> Iterator[Pending]:
    """Every problem of an answer file that its questionnaire shows (the schema has passed or been said)."""
    data = doc.data
    yield from names_are_visible(data)
    yield from tie_has_a_partner(data)
    yield from version_matches(data, questionnaire)
    yield from dataset_is_declared(data, questionnaire)
    yield from partner_is_another_agency(data)
    yield from date_is_real(data)
    yield from items_exist(data, questionnaire)


def names_are_visible(data: dict[str, Any]) -> Iterator[Pending]:
    """An agency or partner name of invisible characters only (zero-width spaces ...) names no agency."""
    for key in ("agency", "partner"):
        name = data.get(key)
        if isinstance(name, str) and name.strip() and not visible(name).strip():
            yield Pending((key,), f"{key} {quote(name)} holds only invisible characters",
                          hint="write the agency's name")


def tie_has_a_partner(data: dict[str, Any]) -> Iterator[Pending]:
    """A tie is a tie with a partner: ``partner:`` left blank (as the template leaves it) names none. (The
    schema says it where ``partner`` is missing altogether.)"""
    partner = data.get("partner")
    if data.get("tie") is not None and "partner" in data and (partner is None or
                                                             (isinstance(partner, str) and not partner.strip())):
        yield Pending(("tie",), "'tie' needs 'partner': name the partner agency, or remove 'tie'", key=True)


def version_matches(data: dict[str, Any], questionnaire: Questionnaire) -> Iterator[Pending]:
    version = data.get("version")
    if isinstance(version, str) and version != questionnaire.version:
        yield Pending(("version",), f"answers are for version {version} of '{questionnaire.id}', but version "
                      f"{questionnaire.version} is loaded")


def dataset_is_declared(data: dict[str, Any], questionnaire: Questionnaire) -> Iterator[Pending]:
    """``dataset`` names the dataset the statements are about: only questionnaires that ask for it have it."""
    declared = {h.id for h in questionnaire.header_fields}
    if "dataset" in data and "dataset" not in declared:
        yield Pending(("dataset",), f"questionnaire '{questionnaire.id}' {questionnaire.version} has no 'dataset' "
                      "field", key=True, hint="remove 'dataset'")


def partner_is_another_agency(data: dict[str, Any]) -> Iterator[Pending]:
    partner, agency, agency_id = data.get("partner"), data.get("agency"), data.get("agency_id")
    own = {_fold(agency), _fold(agency_id)} - {""}
    if isinstance(partner, str) and partner.strip() and _fold(partner) in own:
        yield Pending(("partner",), "partner is the agency itself",
                      hint="name the other agency the relationship statements are about")


def date_is_real(data: dict[str, Any]) -> Iterator[Pending]:
    date = data.get("date")
    if isinstance(date, str) and date.strip():
        try:
            datetime.date.fromisoformat(date.strip())
        except ValueError:
            yield Pending(("date",), f"date {quote(date)} is not a real date", hint="write it as YYYY-MM-DD")


def items_exist(data: dict[str, Any], questionnaire: Questionnaire) -> Iterator[Pending]:
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return
    for item_id in answers:
        if item_id not in questionnaire.items:
            yield Pending(("answers", item_id), f"unknown item id {quote(item_id)} in questionnaire "
                          f"'{questionnaire.id}'", key=True, suggest=_nearest(str(item_id), questionnaire))


def _nearest(item_id: str, questionnaire: Questionnaire) -> Callable[[], str]:
    def suggest() -> str:
        near = difflib.get_close_matches(item_id, questionnaire.items, n=1, cutoff=0.75)
        return f"did you mean '{near[0]}'?" if near else ""
    return suggest


def _fold(name: Any) -> str:
    return normalise(name) if isinstance(name, str) else ""
