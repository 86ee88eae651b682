"""Plain, frozen dataclasses passed between the modules. This module imports only the vocabulary."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# the vocabulary's id tuples, re-exported: the model's fields take these values
from ids_assess.core.vocab import CONFIDENCE as CONFIDENCE
from ids_assess.core.vocab import EIF_LAYERS as EIF_LAYERS
from ids_assess.core.vocab import ROLES as ROLES
from ids_assess.core.vocab import STATUSES as STATUSES
from ids_assess.core.vocab import TIES as TIES

Lang = Literal["en", "zh"]
LANGS: tuple[str, ...] = ("en", "zh")
Polarity = Literal["enabler", "barrier"]


def normalise(name: str) -> str:
    """An agency name folded for case, width (NFKC), invisible format characters (see :func:`visible`) and
    surrounding/inner runs of space: how answer sets of one agency without an ``agency_id`` are grouped, and
    how a partner is matched to an agency."""
    return " ".join(visible(unicodedata.normalize("NFKC", name)).casefold().split())


def visible(text: str) -> str:
    """``text`` without invisible format characters (Unicode category Cf: zero-width spaces and joiners,
    direction marks, soft hyphens), which would make two spellings of one name look alike but differ."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def agency_key(agency: str, agency_id: str | None) -> str:
    """What one agency's answer sets are grouped by: its ``agency_id`` (case-insensitive, invisible
    characters removed), else its name as :func:`normalise` folds it."""
    if agency_id:
        key = visible(agency_id).casefold()
        if key:
            return key
    return normalise(agency)


@dataclass(frozen=True)
class Text:
    """A user-visible string in English and Simplified Chinese."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``zh``)."""
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


@dataclass(frozen=True)
class Source:
    """A publication the questionnaire cites."""

    key: str
    short: Text
    citation: str


@dataclass(frozen=True)
class SourceRef:
    """A place in a :class:`Source`: which paper, which section."""

    source: Source
    section: str

    def as_dict(self) -> dict[str, object]:
        return {"ref": self.source.key, "section": self.section,
                "short": self.source.short.as_dict(), "citation": self.source.citation}


@dataclass(frozen=True)
class Recommendation:
    """A concrete action drawn from the research, shown when its factor is weak."""

    text: Text
    source: SourceRef


@dataclass(frozen=True)
class Item:
    """One statement a respondent rates."""

    id: str
    text: Text
    polarity: Polarity
    weight: float = 1.0
    help: Text | None = None
    factor_id: str = ""


@dataclass(frozen=True)
class Factor:
    """A barrier or enabler from the research, measured by its items."""

    id: str
    title: Text
    description: Text
    weight: float
    determinant: bool
    eif: tuple[str, ...]
    source: SourceRef
    recommendations: tuple[Recommendation, ...]
    items: tuple[Item, ...]
    section_id: str = ""


@dataclass(frozen=True)
class Section:
    """A perspective of the taxonomy (or the relationship), grouping factors."""

    id: str
    title: Text
    description: Text | None
    weight: float
    eif: tuple[str, ...]
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Band:
    """A readiness band: scores from ``min`` up to the next band's ``min``."""

    id: str
    min: float
    label: Text


@dataclass(frozen=True)
class Scale:
    """The 1-5 agreement scale, plus don't know and not applicable."""

    labels: Mapping[int, Text]
    dk: Text
    na: Text


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """A loaded, validated questionnaire."""

    id: str
    version: str
    title: Text
    description: Text | None
    sources: Mapping[str, Source]
    scale: Scale
    bands: tuple[Band, ...]
    threshold: float
    sections: tuple[Section, ...]
    origin: str = ""
    items: Mapping[str, Item] = field(default_factory=dict)
    factors: Mapping[str, Factor] = field(default_factory=dict)

    def band_for(self, score: float | None) -> Band | None:
        """The readiness band ``score`` falls in (``None`` for no score)."""
        if score is None:
            return None
        chosen = self.bands[0]
        score = round(score, 9)  # float noise must not drop a score of 70 into the band below
        for band in self.bands:
            if score >= band.min:
                chosen = band
        return chosen


Rating = int | Literal["dk", "na"]


@dataclass(frozen=True)
class Answer:
    """One answer: a rating 1-5, ``dk`` or ``na``, with optional confidence and evidence."""

    rating: Rating
    confidence: str | None = None
    evidence: str | None = None


#: The answers without confidence or evidence, shared (they are immutable and most answers are plain ones).
PLAIN_ANSWERS: dict[object, Answer] = {r: Answer(r) for r in (1, 2, 3, 4, 5, "dk", "na")}


@dataclass(frozen=True)
class AnswerSet:
    """One respondent's validated answer file."""

    source: str
    questionnaire: str
    agency: str
    answers: Mapping[str, Answer]
    agency_id: str | None = None
    respondent: str | None = None
    role: str | None = None
    date: str | None = None
    partner: str | None = None
    tie: str | None = None


@dataclass(frozen=True)
class Score:
    """Readiness 0-100 with its bounds and coverage; ``score`` is ``None`` when nothing was answered."""

    score: float | None
    low: float | None
    high: float | None
    coverage: float | None


@dataclass(frozen=True)
class FactorScore(Score):
    """A factor's :class:`Score` with its answer counts."""

    answered: int = 0
    dk: int = 0
    na: int = 0


@dataclass(frozen=True)
class Relationship:
    """The push and pull of the determinants, and the status they leave the relationship in."""

    pull: float | None
    push: float | None
    net: float | None
    status: str | None


@dataclass(frozen=True)
class Result:
    """The scores of one answer set (small and picklable: the questionnaire is named, not held)."""

    answers: AnswerSet
    questionnaire: str
    version: str
    overall: Score
    band: Band | None
    sections: Mapping[str, Score]
    factors: Mapping[str, FactorScore]
    relationship: Relationship
    barriers: tuple[str, ...]
    enablers: tuple[str, ...]
