"""Plain, frozen dataclasses passed between the modules. This module imports only the vocabulary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

# the vocabulary's id tuples, re-exported: the model's fields take these values
from ids_assess.core.vocab import CONFIDENCE as CONFIDENCE
from ids_assess.core.vocab import EIF_LAYERS as EIF_LAYERS
from ids_assess.core.vocab import ROLES as ROLES
from ids_assess.core.vocab import STATUSES as STATUSES
from ids_assess.core.vocab import TIES as TIES

if TYPE_CHECKING:
    from dataclasses import dataclass
else:  # the same frozen dataclasses, their methods compiled ahead of time
    from ids_assess.core.records import dataclass

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
    """A concrete action drawn from the research, shown when its factor is weak.

    ``origin``: ``paper`` (the cited section states the action) or ``derived`` (designed from it); ``actor``:
    ``agency``, ``with_partner`` or ``higher_level``; ``kind``: ``institutional`` or ``ad_hoc``; ``horizon``:
    ``quick_win`` or ``long_term``. ``None`` where the questionnaire does not say (1.0.0 files)."""

    text: Text
    source: SourceRef
    origin: str | None = None
    actor: str | None = None
    kind: str | None = None
    horizon: str | None = None


@dataclass(frozen=True)
class Rationale:
    """Why a section or factor has the weight it has, and the research it rests on."""

    text: Text
    source: SourceRef | None = None


@dataclass(frozen=True)
class HeaderField:
    """A field an answer file gives once, beside agency and partner (e.g. the ``dataset``)."""

    id: str
    label: Text
    help: Text | None = None
    required: bool = False


@dataclass(frozen=True)
class Scoring:
    """The rules a questionnaire is scored under (its ``scoring`` block).

    ``margin``: a factor is a barrier below ``50 - margin``, an enabler above ``50 + margin``, else neutral;
    ``min_answered``: the share of a factor's applicable items that must be rated for it to get a score;
    ``min_coverage``: below this coverage a section or the overall gets no band and a factor no status;
    ``tension_threshold``: net above it is symbiosis, below minus it tension; ``push_alert``: a determinant
    scoring below it puts the relationship at risk of tension whatever the net (``None``: no alert).

    The defaults are the rules of a questionnaire without a scoring block (ids-core 1.0.0 and every
    user's own): nothing existing is re-scored."""

    margin: float = 0.0
    min_answered: float = 0.0
    min_coverage: float = 0.0
    tension_threshold: float = 5.0
    push_alert: float | None = None

    def as_dict(self) -> dict[str, float | None]:
        return {"margin": self.margin, "min_answered": self.min_answered, "min_coverage": self.min_coverage,
                "tension_threshold": self.tension_threshold, "push_alert": self.push_alert}


@dataclass(frozen=True)
class Item:
    """One statement a respondent rates."""

    id: str
    text: Text
    polarity: Polarity
    weight: float = 1.0
    help: Text | None = None
    factor_id: str = ""
    origin: str | None = None  # paper | derived (None: not said)
    source: SourceRef | None = None


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
    replaces: tuple[str, ...] = ()  # factor ids of an earlier version whose content this factor carries
    weight_rationale: Rationale | None = None


@dataclass(frozen=True)
class Section:
    """A perspective of the taxonomy (or the relationship), grouping factors."""

    id: str
    title: Text
    description: Text | None
    weight: float
    eif: tuple[str, ...]
    factors: tuple[Factor, ...]
    in_overall: bool = True  # false: scored and reported, but left out of the overall score
    weight_rationale: Rationale | None = None


_UNSET_SCORING = Scoring()


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
    threshold: float  # the tension threshold (``scoring.tension_threshold``), kept for older callers
    sections: tuple[Section, ...]
    origin: str = ""
    items: Mapping[str, Item] = field(default_factory=dict)
    factors: Mapping[str, Factor] = field(default_factory=dict)
    scoring: Scoring = field(default_factory=lambda: _UNSET_SCORING)
    reverse_pairs: tuple[tuple[str, str], ...] = ()
    estimated_minutes: int | None = None
    header_fields: tuple[HeaderField, ...] = ()

    def __post_init__(self) -> None:
        if self.scoring is _UNSET_SCORING:  # built without scoring rules: the old ones, with its threshold
            object.__setattr__(self, "scoring", Scoring(tension_threshold=self.threshold))

    @property
    def ref(self) -> str:
        """``id@version``: how a scored result names the questionnaire it was scored against."""
        return qref(self.id, self.version)

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


@lru_cache(maxsize=256)  # a report asks again for each of its ties: a few versions, thousands of calls
def version_key(version: str) -> tuple[tuple[int, object], ...]:
    """Order versions as people do: ``1.10.0`` after ``1.9.0``, numbers before words."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-+]", version))


def qref(questionnaire_id: str, version: str | None) -> str:
    """``id@version`` (just the id without a version): the key a questionnaire is looked up by."""
    return f"{questionnaire_id}@{version}" if version else questionnaire_id


def verdict(score: float | None, margin: float) -> str | None:
    """``barrier`` below ``50 - margin``, ``enabler`` above ``50 + margin``, else ``neutral``."""
    if score is None:
        return None
    score = round(score, 9)
    if score < 50.0 - margin:
        return "barrier"
    if score > 50.0 + margin:
        return "enabler"
    return "neutral"


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
    version: str | None = None  # the version the file names (None: it names none)
    dataset: str | None = None  # header field of questionnaires that declare it


@dataclass(frozen=True)
class Score:
    """Readiness 0-100 with its bounds and coverage; ``score`` is ``None`` when nothing was answered."""

    score: float | None
    low: float | None
    high: float | None
    coverage: float | None
    withheld: bool = False  # coverage below the questionnaire's min_coverage: no band, no status


@dataclass(frozen=True)
class FactorScore(Score):
    """A factor's :class:`Score` with its answer counts (``withheld``: no barrier/enabler verdict)."""

    answered: int = 0
    dk: int = 0
    na: int = 0
    verdict: str | None = None  # barrier, neutral or enabler by the margin; None: no score or withheld


@dataclass(frozen=True)
class Relationship:
    """The push and pull of the determinants, and the status they leave the relationship in."""

    pull: float | None
    push: float | None
    net: float | None
    status: str | None
    strongest_push: str | None = None  # the determinant with the lowest score
    tension_risk: bool = False  # some determinant scores below the questionnaire's push_alert


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
    section_bands: Mapping[str, str | None] = field(default_factory=dict)  # band ids; None: none or withheld
