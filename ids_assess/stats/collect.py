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

    @property
    def has_rows(self) -> bool:
        """Whether any respondent was collected (of the questionnaire asked for)."""
        return bool(self._rows)

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
        """Every figure of every questionnaire and version seen, in sorted (id, version) order: :meth:`start`,
        then its :meth:`Pending.result`."""
        with self.start(draws=draws, seed=seed, rwg_min=rwg_min, level=level, mapper=mapper) as pending:
            return pending.result()

    def start(self, *, draws: int = DRAWS, seed: int = SEED, rwg_min: float = RWG_MIN,
              level: float = LEVEL, mapper: Mapper = map) -> Pending:
        """Begin computing every figure: each questionnaire's rows are put in canonical order here, and the work
        that depends on nothing else (each factor's agreement and reliability, each agency's bootstrap
        intervals, the weight robustness, the criterion validity) is handed to ``mapper`` in one call
        (``map``, or one spreading the calls over processes, in order, whose workers start at once: the
        caller may do other work before :meth:`Pending.result`). Each agency's random stream is its own, so
        the figures do not depend on the mapper."""
        if draws < 1:
            raise ValueError("draws must be at least 1")
        prepared = [_prepare(self._rows[k], margin_of(self._rows[k].q)) for k in sorted(self._rows)]
        tasks: list[tuple[int, str, Any]] = []
        for p, prep in enumerate(prepared):  # the longest first, so that the workers end together
            tasks.append((p, "robust", None))
            tasks.extend((p, "factor", fi) for fi in range(len(prep.fids)))
            tasks.extend((p, "boot", key) for key in prep.agency_keys)
            tasks.append((p, "criterion", None))

        def work(task: tuple[int, str, Any]) -> Any:
            return _work(prepared[task[0]], task[1], task[2], draws, seed, level)

        return Pending(prepared, tasks, mapper(work, tasks), (draws, seed, level, rwg_min))


class Pending:
    """Statistics begun by :meth:`Collector.start`: :meth:`result` waits for the mapped work and puts the
    figures together; :meth:`close` (or leaving its ``with`` block) ends the mapper's workers if the result
    was never asked for."""

    def __init__(self, prepared: list[_Prepared], tasks: list[tuple[int, str, Any]], results: Iterable[Any],
                 params: tuple[int, int, float, float]) -> None:
        self._prepared = prepared
        self._tasks = tasks
        self._results: Iterable[Any] | None = results
        self._params = params  # draws, seed, level, rwg_min

    def result(self) -> StatsReport:
        if self._results is None:
            raise RuntimeError("the statistics' result was taken already, or their work was closed")
        done: list[dict[str, Any]] = [{"factor": {}, "boot": {}} for _ in self._prepared]
        try:
            for (p, kind, arg), value in zip(self._tasks, self._results, strict=True):
                if kind in ("factor", "boot"):
                    done[p][kind][arg] = value
                else:
                    done[p][kind] = value
        finally:
            self.close()
        draws, seed, level, rwg_min = self._params
        return StatsReport(tuple(_assemble(prep, parts, rwg_min) for prep, parts in zip(self._prepared, done,
                                                                                         strict=True)),
                           draws, seed, level, rwg_min)

    def close(self) -> None:
        results, self._results = self._results, None
        close = getattr(results, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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


@dataclass
class _Prepared:
    """One questionnaire version's rows in canonical order (sorted by source), as arrays, with its agencies'
    members: what the mapped work reads (forked workers inherit it) and :func:`_assemble` puts together."""

    rows: _Rows
    order: list[int]
    sources: list[str]
    keys: list[str]
    codes: np.ndarray[Any, Any]
    scores: FloatArray
    sections: FloatArray
    held: np.ndarray[Any, Any]
    overall: FloatArray
    margin: float
    members: dict[str, list[int]]
    agency_keys: list[str]
    fids: list[str]
    counted: list[int]  # the factors whose sections count in the overall, by position
    agency_means: FloatArray  # agencies x factors


def _prepare(rows: _Rows, margin: float) -> _Prepared:
    q = rows.q
    order = sorted(range(len(rows.sources)), key=lambda i: (rows.sources[i], i))
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

    scores = matrix(rows.factors, np.float64, n_factors)
    members: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        members.setdefault(key, []).append(i)
    agency_keys = sorted(members)
    counted = [fi for fi, f in enumerate(q.factors.values())
               if counts_in_overall(next(s for s in q.sections if s.id == f.section_id))]
    agency_means = np.full((len(agency_keys), n_factors), np.nan)
    for a, key in enumerate(agency_keys):
        block = scores[members[key]]
        present = ~np.isnan(block)
        some = present.any(axis=0)
        agency_means[a, some] = np.nanmean(block[:, some], axis=0)
    return _Prepared(rows, order, [rows.sources[i] for i in order], keys, matrix(rows.codes, np.int8, n_items),
                     scores, matrix(rows.sections, np.float64, n_sections),
                     matrix(rows.withheld, np.int8, n_factors).astype(np.bool_),
                     matrix(rows.overall, np.float64, 1)[:, 0], margin, members, agency_keys, list(q.factors),
                     counted, agency_means)


def _work(prep: _Prepared, kind: str, arg: Any, draws: int, seed: int, level: float) -> Any:
    """One piece of a questionnaire's mapped work (:meth:`Collector.start`)."""
    q = prep.rows.q
    if kind == "factor":
        return _factor(q, arg, prep.codes, prep.scores, prep.keys)
    if kind == "boot":
        rws = prep.members[arg]
        return bootstrap_group(prep.scores[rws], arg, overall=prep.overall[rws], draws=draws, seed=seed,
                               level=level)
    if kind == "robust":
        if not (prep.counted and prep.agency_keys):
            return None
        counted, fids = prep.counted, prep.fids
        return weight_robustness(prep.agency_means[:, counted], [q.factors[fids[fi]].section_id for fi in counted],
                                 {s.id: s.weight for s in q.sections}, [q.factors[fids[fi]].weight for fi in counted],
                                 margin=prep.margin, draws=draws, seed=seed)
    assert kind == "criterion", kind
    return _criterion(q, prep.sections, prep.overall, prep.keys, prep.agency_keys, prep.members)


def _assemble(prep: _Prepared, parts: dict[str, Any], rwg_min: float) -> QuestionnaireStats:
    """A questionnaire's figures from its mapped work: ``parts["factor"]`` by factor position and
    ``parts["boot"]`` by agency key, ``parts["robust"]`` and ``parts["criterion"]``."""
    rows, q = prep.rows, prep.rows.q
    order, members, fids, held, scores, margin = (prep.order, prep.members, prep.fids, prep.held, prep.scores,
                                                  prep.margin)
    names = {key: min(rows.names[order[i]] for i in members[key]) for key in prep.agency_keys}
    ids = {key: next((rows.ids[order[i]] for i in members[key] if rows.ids[order[i]]), None)
           for key in prep.agency_keys}
    per_factor = [parts["factor"][fi] for fi in range(len(fids))]
    agreement = [a for a, _ in per_factor]
    reliability = {fid: r for fid, (_, r) in zip(fids, per_factor, strict=True)}
    robust = parts["robust"]
    counted = prep.counted

    agencies: list[AgencyStats] = []
    for a, key in enumerate(prep.agency_keys):
        boot: GroupBootstrap = parts["boot"][key]
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

    files = tuple(FileFlags(prep.sources[j], prep.keys[j], rows.flags[order[j]], rows.roles[order[j]])
                  for j in range(len(order)))
    return QuestionnaireStats(q.id, rows.version, len(order), margin,
                              reliability, tuple(agencies), files, parts["criterion"])


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

