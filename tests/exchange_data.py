"""The (synthetic) respondents behind the export fixtures in tests/data/exports/, shared by the fixture
generator (tests/data/exports/make_fixtures.py) and the tests, so that an import can be compared with the
same answers written as YAML."""

from __future__ import annotations

from typing import Any

from ids_assess.io.questionnaires import Registry, iter_items

QUESTIONNAIRE = Registry().get("territoriality@1.0.0")  # the fixtures answer version 1.0.0
ITEMS = [item.id for item in iter_items(QUESTIONNAIRE)]
_CYCLE: list[Any] = [4, 2, 5, 1, 3, "dk", 4, "na", 2, 5, 3, 4, 1, "dk", 5, 2]

RESPONDENTS: list[dict[str, Any]] = [
    {"agency": "City X Market Supervision Bureau", "agency_id": "cityx-msb", "respondent": "Li Wei", "role": "it",
     "date": "2026-11-22",
     "answers": {item: _CYCLE[i] for i, item in enumerate(ITEMS)},
     "evidence": {ITEMS[0]: ("high", "Minutes of the 2026 data-sharing meeting; item 3")}},
    {"agency": "City X Customs", "agency_id": "cityx-customs", "respondent": None, "role": "business",
     "date": "2026-11-23",
     "answers": {item: _CYCLE[(i + 5) % 16] for i, item in enumerate(ITEMS)}, "evidence": {}},
    {"agency": "城市X市场监督管理局", "agency_id": None, "respondent": "王芳", "role": "leader", "date": "2026-11-24",
     "answers": {item: _CYCLE[(i + 9) % 16] for i, item in enumerate(ITEMS) if i % 4 != 3},
     "evidence": {ITEMS[1]: ("low", "见2026年数据共享协调会纪要；第二项")}},
]


def answer_document(person: dict[str, Any]) -> dict[str, Any]:
    """The answer file a respondent's row should import as."""
    doc: dict[str, Any] = {"questionnaire": QUESTIONNAIRE.id, "version": QUESTIONNAIRE.version,
                           "agency": person["agency"]}
    for key in ("agency_id", "respondent", "role", "date"):
        if person.get(key):
            doc[key] = person[key]
    answers: dict[str, Any] = {}
    for item, rating in person["answers"].items():
        if item in person["evidence"]:
            confidence, evidence = person["evidence"][item]
            answers[item] = {"rating": rating, "confidence": confidence, "evidence": evidence}
        else:
            answers[item] = rating
    doc["answers"] = answers
    return doc
