"""From scored results to the figures of ``ids-assess stats``: reliability, agreement, ICC, bootstrap
intervals and classes, weight robustness, response styles and criterion validity.

:class:`Collector` takes results one at a time as a batch streams them and keeps, per respondent, only
small arrays (raw rating codes per item, factor and section scores, the readiness overall), never the
answer files or results themselves. :meth:`Collector.finish` computes everything per questionnaire and
version into :class:`ids_assess.core.statsresult.StatsReport`.

Rules (``docs/statistics.md``):

* respondents are put in canonical order (sorted by source path) before anything is computed, so the
  output does not depend on the order in which the files came;
* agencies are keyed as agency profiles are (``agency_id``, else the normalised agency name);
* item ratings are readiness-coded (a barrier item's rating ``r`` becomes ``6 - r``); ``dk``, ``na`` and
  unanswered items are missing;
* the readiness overall counts the sections that count in the overall score (``in_overall``, default
  true) and never the outcomes section; factors of other sections are reported but take no part in the
  ranks, the barriers or the weight robustness.

The scoring model's fields are read as they are: the questionnaire's ``scoring.margin`` (the neutral
band) and ``scoring.min_coverage`` (the ``low_coverage`` flag; 0, no rule, falls back to
:data:`~ids_assess.stats.response_style.LOW_COVERAGE`), ``reverse_pairs``, each section's
``in_overall``; a factor score's verdict is withheld when its ``withheld`` is true. Each result is
computed against the questionnaire version it was scored against (``id@version``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ids_assess.core.model import FactorScore, Questionnaire, Result, Section, normalise, qref
from ids_assess.core.statsresult import (
    AgencyFactor,
    AgencyStats,
    Criterion,
    Estimate,
    FactorReliability,
    FileFlags,
    ItemStat,
    QuestionnaireStats,
    Rho,
    StatsReport,
)

from .agreement import Agreement, agreement_by_group
from .arrays import FloatArray
from .bootstrap import DRAWS, LEVEL, SEED, GroupBootstrap, Interval, bootstrap_group
from .classify import classify_interval
from .correlation import spearman
from .icc import icc
from .reliability import cronbach_alpha
from .response_style import LOW_COVERAGE, response_style
from .robustness import weight_robustness

#: How :meth:`Collector.finish` maps a function over the agencies: ``map``, or one that spreads the calls over
#: processes (``--jobs``) and yields the results in order.
Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], Iterable[Any]]

RWG_MIN = 0.70
NAN = float("nan")
OUTCOMES = "outcomes"
#: Raw rating codes kept per item: 0 unanswered, 1-5 the rating, 6 dk, 7 na.
DK, NA = 6, 7


def margin_of(q: Questionnaire) -> float:
    """The half-width of the neutral band: ``scoring.margin``."""
    return float(q.scoring.margin)


def coverage_threshold(q: Questionnaire) -> float:
    """The coverage below which a file is flagged ``low_coverage``: ``scoring.min_coverage`` when the
    questionnaire sets one, else :data:`LOW_COVERAGE`."""
    return float(q.scoring.min_coverage) or LOW_COVERAGE


def reverse_pairs(q: Questionnaire) -> tuple[tuple[str, str], ...]:
    """The declared reverse-keyed pairs of item ids."""
    return tuple((str(a), str(b)) for a, b in q.reverse_pairs)


def is_outcomes(section: Section) -> bool:
    """Whether ``section`` is the outcomes section (the section with id ``outcomes``)."""
    return section.id == OUTCOMES


def counts_in_overall(section: Section) -> bool:
    """Whether a section's score counts in the readiness overall."""
    return section.in_overall and not is_outcomes(section)


def withheld(factor_score: FactorScore) -> bool:
    """Whether a respondent's factor verdict is withheld (too little coverage under ``min_coverage``)."""
    return factor_score.withheld


def agency_key(result: Result) -> str:
    """The agency key agency profiles use: ``agency_id``, else the normalised agency name."""
    a = result.answers
    return a.agency_id or normalise(a.agency)


@dataclass
class _Rows:
    """The compact per-respondent rows of one questionnaire and version: the numbers in flat typed arrays (a
    byte per item, 8 bytes per factor and section score, a byte per factor's withheld flag), respondent after
    respondent, so that a batch of 20,000 files keeps well under a kilobyte per respondent."""

    q: Questionnaire
    version: str
    sources: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    ids: list[str | None] = field(default_factory=list)
    codes: array[int] = field(default_factory=lambda: array("b"))  # n x items rating codes
    factors: array[float] = field(default_factory=lambda: array("d"))  # n x factors scores (NaN: none)
    sections: array[float] = field(default_factory=lambda: array("d"))  # n x sections scores (NaN: none)
    overall: array[float] = field(default_factory=lambda: array("d"))
    withheld: array[int] = field(default_factory=lambda: array("b"))  # n x factors, 1 where withheld
    flags: list[tuple[str, ...]] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["q"] = self.q.ref  # travels as its id@version; Collector.merge looks it up again
        return state

    def extend(self, other: _Rows) -> None:
        """Append ``other``'s respondents (the same questionnaire and version)."""
        for name in ("sources", "keys", "names", "ids", "codes", "factors", "sections", "overall", "withheld",
                     "flags", "roles"):
            getattr(self, name).extend(getattr(other, name))


class Collector:
    """Streams results into compact per-respondent rows, then computes the statistics (``finish``).

    ``lookup`` finds a questionnaire by ``id@version`` (:func:`~ids_assess.core.model.qref`); ``only`` keeps
    one questionnaire id (others are counted in :attr:`ignored`).
    """

    def __init__(self, lookup: Callable[[str], Questionnaire], only: str | None = None) -> None:
        self.lookup = lookup
        self.only = only
        self.ignored = 0
        self._rows: dict[tuple[str, str], _Rows] = {}
        self._same: dict[Any, Any] = {}  # agency keys, names, roles and sets of flags: each kept once

    def add(self, result: Result) -> bool:
        """Keep what the statistics need of ``result``; ``False`` when it is of another questionnaire."""
        if self.only is not None and result.questionnaire != self.only:
            self.ignored += 1
            return False
        group = self._rows.get((result.questionnaire, result.version))
        if group is None:
            q = self.lookup(qref(result.questionnaire, result.version))
            group = self._rows[(result.questionnaire, result.version)] = _Rows(q, result.version)
        q = group.q
        answers = result.answers.answers
        ratings: dict[str, object] = {}
        codes = [0] * len(q.items)
        for i, item_id in enumerate(q.items):
            answer = answers.get(item_id)
            if answer is None:
                continue
            rating = answer.rating
            ratings[item_id] = rating
            codes[i] = DK if rating == "dk" else NA if rating == "na" else int(rating)
        fscores = [result.factors.get(fid) for fid in q.factors]
        same = self._same
        a = result.answers
        group.sources.append(a.source)
        group.keys.append(same.setdefault(key := agency_key(result), key))  # one string per agency, not per file
        group.names.append(same.setdefault(a.agency, a.agency))
        group.ids.append(a.agency_id if a.agency_id is None else same.setdefault(a.agency_id, a.agency_id))
        group.codes.extend(codes)
        group.factors.extend(NAN if f is None or f.score is None else f.score for f in fscores)
        group.withheld.extend(int(f is not None and withheld(f)) for f in fscores)
        sections = [result.sections.get(s.id) for s in q.sections]
        group.sections.extend(NAN if s is None or s.score is None else s.score for s in sections)
        num = den = 0.0
        for section, score in zip(q.sections, sections, strict=True):
            if score is not None and score.score is not None and counts_in_overall(section):
                num += section.weight * score.score
                den += section.weight
        group.overall.append(num / den if den else float("nan"))
        style = response_style(ratings, list(q.items), reverse_pairs(q), coverage_threshold=coverage_threshold(q))
        group.flags.append(same.setdefault(style.flags, style.flags))
        group.roles.append(a.role if a.role is None else same.setdefault(a.role, a.role))
        return True

    def fresh(self) -> Collector:
        """An empty collector of the same questionnaires (a worker's, for :meth:`merge`)."""
        return Collector(self.lookup, self.only)

    def merge(self, other: Collector) -> None:
        """Add the respondents ``other`` collected (another process's: its questionnaires are looked up here)."""
        self.ignored += other.ignored
        for key, rows in other._rows.items():
            if isinstance(rows.q, str):
                rows.q = self.lookup(qref(*key))
            mine = self._rows.get(key)
            if mine is None:
                self._rows[key] = rows
            else:
                mine.extend(rows)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["lookup"] = None  # the parent's collector keeps its own
        return state

    def finish(self, *, draws: int = DRAWS, seed: int = SEED, rwg_min: float = RWG_MIN,
               level: float = LEVEL, mapper: Mapper = map) -> StatsReport:
        """Every figure of every questionnaire and version seen, in sorted (id, version) order. The agencies'
        bootstrap intervals are computed by ``mapper`` (``map``, or one spreading them over processes, in
        order): each agency's random stream is its own, so the figures do not depend on it."""
        if draws < 1:
            raise ValueError("draws must be at least 1")
        done = tuple(_questionnaire(self._rows[k], draws, seed, rwg_min, level, mapper) for k in sorted(self._rows))
        return StatsReport(done, draws, seed, level, rwg_min)


# --- computing one questionnaire -------------------------------------------------------------------

def _coded(q: Questionnaire, codes: np.ndarray[Any, np.dtype[np.int8]], cols: Sequence[int]) -> FloatArray:
    """Readiness-coded ratings of the items at positions ``cols`` (n x len(cols), NaN for dk, na and
    unanswered), made a factor at a time from the rating codes (a byte per answer) so that no n x items
    matrix of floats is ever kept."""
    items = list(q.items.values())
    barrier = np.array([items[c].polarity == "barrier" for c in cols], dtype=np.bool_)
    codes = codes[:, list(cols)]
    out: FloatArray = codes.astype(np.float64)  # worked on in place
    out[(codes < 1) | (codes > 5)] = np.nan
    np.subtract(6.0, out, out=out, where=barrier[None, :])
    return out


def _optional(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def _estimate(interval: Interval) -> Estimate:
    return Estimate(_optional(interval.mean), _optional(interval.low), _optional(interval.high), interval.n,
                    interval.why)


def _factor(q: Questionnaire, fi: int, codes: np.ndarray[Any, np.dtype[np.int8]], scores: FloatArray,
            keys: Sequence[str]) -> tuple[dict[str, Agreement], FactorReliability]:
    """One factor's within-agency agreement (by agency key) and reliability (alpha, ICC)."""
    positions = _positions(q)
    factor = list(q.factors.values())[fi]
    coded = _coded(q, codes, [positions[item.id] for item in factor.items])
    agreement = agreement_by_group(coded, keys) if codes.shape[0] else {}
    alpha = cronbach_alpha(coded) if codes.shape[0] else None
    items: dict[str, ItemStat] = {}
    if alpha is not None:
        for stat in alpha.items:
            items[factor.items[stat.index].id] = ItemStat(stat.item_rest_r, stat.alpha_if_deleted, stat.why)
    c = icc(scores[:, fi], keys)
    return agreement, FactorReliability(
        alpha=None if alpha is None else alpha.alpha, alpha_n=0 if alpha is None else alpha.n, items=items,
        icc1=c.icc1, icc2=c.icc2,
        alpha_why="no respondents" if alpha is None else alpha.why,
        icc1_why=None if c.icc1 is not None else c.why,
        icc2_why=None if c.icc2 is not None else c.why)


def _positions(q: Questionnaire) -> dict[str, int]:
    return {item_id: i for i, item_id in enumerate(q.items)}


def _questionnaire(rows: _Rows, draws: int, seed: int, rwg_min: float, level: float,
                   mapper: Mapper = map) -> QuestionnaireStats:
    q = rows.q
    order = sorted(range(len(rows.sources)), key=lambda i: (rows.sources[i], i))
    sources = [rows.sources[i] for i in order]
    keys = [rows.keys[i] for i in order]
    n_items, n_factors, n_sections = len(q.items), len(q.factors), len(q.sections)
    n = len(order)
    # files usually arrive in canonical order already (a batch reads them sorted): then the rows are read in
    # place, without a copy of every matrix (for 20,000 files, 11 MiB less at the peak)
    at = None if order == list(range(n)) else np.array(order, dtype=np.intp)

    def matrix(values: array[Any], dtype: Any, width: int) -> np.ndarray[Any, Any]:
        if not n:
            return np.zeros((0, width), dtype=dtype)
        rows = np.frombuffer(values, dtype=dtype).reshape(n, width)
        if at is not None:
            return rows[at]
        rows.flags.writeable = False  # the collector's own rows: read, never changed
        return rows

    codes = matrix(rows.codes, np.int8, n_items)
    scores = matrix(rows.factors, np.float64, n_factors)
    sections = matrix(rows.sections, np.float64, n_sections)
    held = matrix(rows.withheld, np.int8, n_factors).astype(np.bool_)
    overall = matrix(rows.overall, np.float64, 1)[:, 0]
    margin = margin_of(q)

    members: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        members.setdefault(key, []).append(i)
    agency_keys = sorted(members)
    names = {key: min(rows.names[order[i]] for i in members[key]) for key in agency_keys}
    ids = {key: next((rows.ids[order[i]] for i in members[key] if rows.ids[order[i]]), None)
           for key in agency_keys}

    # each factor's agreement and reliability, and below each agency's intervals, computed by ``mapper``
    per_factor = list(mapper(lambda fi: _factor(q, fi, codes, scores, keys), range(n_factors)))
    agreement = [a for a, _ in per_factor]
    reliability = {fid: r for fid, (_, r) in zip(q.factors, per_factor, strict=True)}
    fids = list(q.factors)

    # weight robustness over the factors whose sections count in the overall
    counted = [fi for fi, f in enumerate(q.factors.values())
               if counts_in_overall(next(s for s in q.sections if s.id == f.section_id))]
    section_weights = {s.id: s.weight for s in q.sections}
    agency_means = np.full((len(agency_keys), n_factors), np.nan)
    for a, key in enumerate(agency_keys):
        block = scores[members[key]]
        present = ~np.isnan(block)
        some = present.any(axis=0)
        agency_means[a, some] = np.nanmean(block[:, some], axis=0)
    robust = None
    if counted and agency_keys:
        weights = [q.factors[fids[fi]].weight for fi in counted]
        robust = weight_robustness(agency_means[:, counted], [q.factors[fids[fi]].section_id for fi in counted],
                                   section_weights, weights, margin=margin, draws=draws, seed=seed)

    def boot_of(key: str) -> GroupBootstrap:
        rws = members[key]
        return bootstrap_group(scores[rws], key, overall=overall[rws], draws=draws, seed=seed, level=level)

    agencies: list[AgencyStats] = []
    for a, (key, boot) in enumerate(zip(agency_keys, mapper(boot_of, agency_keys), strict=True)):
        rws = members[key]
        factors: dict[str, AgencyFactor] = {}
        for fi, fid in enumerate(fids):
            est = _estimate(boot.columns[fi])
            agree = agreement[fi][key]
            label = classify_interval(boot.columns[fi], margin)
            label_name, label_why = label.label, label.why
            n_held = int(held[rws, fi].sum())
            n_scored = int((~np.isnan(scores[rws, fi]) | held[rws, fi]).sum())
            if n_held and 2 * n_held >= n_scored:
                label_name, label_why = None, (f"the verdict is withheld for {n_held} of {n_scored} respondents "
                                               "(too few answers)")
            ok = None if agree.rwg_j is None else bool(round(agree.rwg_j, 9) >= rwg_min)
            factors[fid] = AgencyFactor(est, agree.rwg_j, agree.ad_m, agree.n_rwg, ok, label_name,
                                        agree.why if agree.rwg_j is None else None, label_why)
        rank = rank_low = rank_high = None
        rank_why: str | None = "no factor counts in the overall"
        stability: dict[str, float] = {}
        if robust is not None:
            r = robust.agencies[a]
            rank, rank_low, rank_high, rank_why = r.rank, r.rank_low, r.rank_high, r.why
            stability = {fids[counted[b.factor]]: b.share for b in r.barriers}
        agencies.append(AgencyStats(key, names[key], ids[key], len(rws), _estimate(boot.overall or Interval(
            None, None, None, 0)), rank, rank_low, rank_high, factors, stability, rank_why))

    files = tuple(FileFlags(sources[j], keys[j], rows.flags[order[j]], rows.roles[order[j]])
                  for j in range(len(order)))
    criterion = _criterion(q, sections, overall, keys, agency_keys, members)
    return QuestionnaireStats(q.id, rows.version, len(order), margin,
                              reliability, tuple(agencies), files, criterion)


def _rho(x: FloatArray, y: FloatArray) -> Rho:
    c = spearman(x, y)
    return Rho(c.rho, c.n, c.why)


def _criterion(q: Questionnaire, sections: FloatArray, overall: FloatArray, keys: Sequence[str],
               agency_keys: Sequence[str], members: Mapping[str, list[int]]) -> Criterion:
    outcome = next((i for i, s in enumerate(q.sections) if is_outcomes(s)), None)
    if outcome is None:
        why = "the questionnaire has no outcomes section"
        return Criterion(None, Rho(None, 0, why), Rho(None, 0, why), {})

    def agency_mean(values: FloatArray) -> FloatArray:
        out = np.full(len(agency_keys), np.nan)
        for a, key in enumerate(agency_keys):
            part = values[members[key]]
            part = part[~np.isnan(part)]
            if part.size:
                out[a] = float(part.mean())
        return out

    target = sections[:, outcome]
    target_by_agency = agency_mean(target)
    per_section = {s.id: _rho(agency_mean(sections[:, i]), target_by_agency)
                   for i, s in enumerate(q.sections) if i != outcome and not is_outcomes(s)}
    return Criterion(q.sections[outcome].id, _rho(agency_mean(overall), target_by_agency), _rho(overall, target),
                     per_section)

