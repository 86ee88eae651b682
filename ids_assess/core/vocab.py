"""One vocabulary: every fixed term's id, its English and Chinese labels, and the spellings accepted for it.

Roles, ties, relationship statuses, trends, confidence, EIF layers and the answer-file header fields are
defined here once; the survey, the terminal tables, the reports and the checks all take their words from
this module, so that one term is never translated two ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dataclasses import dataclass
else:  # the same frozen dataclasses, their methods compiled ahead of time
    from ids_assess.core.records import dataclass


#: The neutral point of every 0-100 score: a factor above it is an enabler, below it a barrier.
MIDPOINT = 50.0

#: Problems reported per file before the rest are summarised (terminal, reports and JSON alike).
MAX_PROBLEMS = 50

#: What an ``agency_id`` may look like: a code, no spaces (checked in the schema, the survey and imports).
AGENCY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


@dataclass(frozen=True)
class Term:
    """A fixed term: its id, its labels (``en``/``zh``) and the other spellings accepted on input."""

    id: str
    en: str
    zh: str
    accepted: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``en`` or ``zh``)."""
        return self.zh if lang == "zh" else self.en


def _terms(*terms: Term) -> Mapping[str, Term]:
    return {t.id: t for t in terms}


ROLE_TERMS = _terms(
    Term("leader", "leader", "领导", ("leader", "领导")),
    Term("business", "business staff", "业务人员", ("business", "业务", "业务人员")),
    Term("it", "IT staff", "信息技术人员", ("it", "信息技术", "信息技术人员", "信息化", "技术")),
    Term("legal", "legal staff", "法务人员", ("legal", "法务", "法务人员", "法律")),
    Term("other", "other", "其他人员", ("other", "其他", "其他人员")),
)
#: The label of respondents who gave no role.
ROLE_UNSPECIFIED = Term("unspecified", "role not given", "未注明角色")

TIE_TERMS = _terms(
    Term("vertical", "vertical", "纵向（条）", ("vertical", "v", "条", "纵向", "tiao")),
    Term("horizontal", "horizontal", "横向（块）", ("horizontal", "h", "块", "横向", "kuai")),
)

STATUS_TERMS = _terms(
    Term("symbiosis", "symbiosis", "共生"),
    Term("balanced", "balanced", "均衡"),
    Term("tension", "tension", "紧张"),
)

TREND_TERMS = _terms(
    Term("improved", "improved", "改善"),
    Term("worsened", "worsened", "下降"),
    Term("steady", "steady", "持平"),
)

CONFIDENCE_TERMS = _terms(
    Term("high", "high", "高", ("h", "high", "高")),
    Term("medium", "medium", "中", ("m", "medium", "中")),
    Term("low", "low", "低", ("l", "low", "低")),
)

EIF_TERMS = _terms(
    Term("legal", "Legal", "法律"),
    Term("organisational", "Organisational", "组织"),
    Term("semantic", "Semantic", "语义"),
    Term("technical", "Technical", "技术"),
)

ROLES: tuple[str, ...] = tuple(ROLE_TERMS)
TIES: tuple[str, ...] = tuple(TIE_TERMS)
STATUSES: tuple[str, ...] = tuple(STATUS_TERMS)
TRENDS: tuple[str, ...] = tuple(TREND_TERMS)
CONFIDENCE: tuple[str, ...] = tuple(CONFIDENCE_TERMS)
EIF_LAYERS: tuple[str, ...] = tuple(EIF_TERMS)

#: The header fields of an answer file, in the order they are written; ``questionnaire`` and ``version``
#: name what was answered, the rest say who answered and about which partner.
HEADER_FIELDS: tuple[str, ...] = ("questionnaire", "version", "agency", "agency_id", "respondent", "role", "date",
                                  "partner", "tie")
#: The header fields a respondent gives (free text or a choice), in the order the survey asks them.
PERSON_FIELDS: tuple[str, ...] = ("agency", "agency_id", "respondent", "role", "partner", "tie")

#: Relationship statuses and their colours (colour-blind safe: Okabe-Ito), one table for every chart.
STATUS_COLOURS: Mapping[str | None, str] = {"symbiosis": "#0072B2", "balanced": "#7a7a7a", "tension": "#D55E00",
                                            None: "#b0b0b0"}


def label(terms: Mapping[str, Term], key: str | None, lang: str, missing: str = "–") -> str:
    """The label of ``key`` among ``terms`` in ``lang`` (``missing`` for none, the key itself if unknown)."""
    if key is None:
        return missing
    term = terms.get(key)
    return term.label(lang) if term is not None else key


def parse(terms: Mapping[str, Term], text: str) -> str | None:
    """The id whose accepted spellings (or id) match ``text`` (already folded by the caller), else ``None``."""
    for term in terms.values():
        if text == term.id or text in term.accepted:
            return term.id
    return None
