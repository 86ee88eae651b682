"""The view model of the statistics in the reports (``ids-assess stats``, computed by the ``report`` command
for its batch and handed over as :class:`ids_assess.core.statsresult.StatsReport`):

* page one's "Can these numbers be trusted?" panel (:func:`trust_panel`): the respondents and the interval
  of the overall score, agreement in plain words with rwg(j) beside it, confirmed and uncertain barriers, the rank
  interval and the flagged files by role only; an undefined statistic says why in plain words;
* the overview's reliability table per questionnaire (:func:`reliability_tables`) and the ranking's rank
  intervals (:func:`rank_interval`);
* the statistics' method and citations (:func:`stats_method`).

Without statistics (``--no-stats``) every function returns ``None`` or nothing, and the reports are as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.core.vocab import ROLE_UNSPECIFIED
from ids_assess.render.report.view_common import Context, QuestionnaireView, questionnaire_view

if TYPE_CHECKING:
    from ids_assess.core.aggregate import AgencyProfile
    from ids_assess.core.statsresult import AgencyStats, QuestionnaireStats

#: The fewest respondents with a score a bootstrap interval needs (``stats.bootstrap.MIN_RESPONDENTS``).
MIN_INTERVAL = 3
#: The barriers page one names of each kind (lowest first); the rest are counted.
NAMES_SHOWN = 2
#: ICC(2) from which agency means are reliable.
ICC2_MIN = 0.70
#: The statistics' citations, as the method section lists them (the same in both languages).
CITATIONS = (
    "Bliese, P. D. (2000). Within-group agreement, non-independence, and reliability: implications for data "
    "aggregation and analysis. In K. J. Klein & S. W. J. Kozlowski (Eds.), Multilevel theory, research, and "
    "methods in organizations (pp. 349–381). San Francisco: Jossey-Bass.",
    "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika, 16(3), "
    "297–334.",
    "James, L. R., Demaree, R. G., & Wolf, G. (1984). Estimating within-group interrater reliability with and "
    "without response bias. Journal of Applied Psychology, 69(1), 85–98.",
)


@dataclass(frozen=True)
class TrustRow:
    """One line of the panel: what it is about, the plain-words reading, and the statistic beside it."""

    id: str  # "interval" (with the respondents), "agreement", "barriers", "rank", "flags"
    label: str
    text: str
    stat: str  # "" when there is none (or the statistic is undefined: ``text`` says why)


@dataclass(frozen=True)
class TrustPanel:
    title: str
    rows: tuple[TrustRow, ...]


@dataclass(frozen=True)
class ReliabilityRow:
    id: str
    title: str
    alpha: str
    icc1: str
    icc2: str
    reliable: bool | None  # ICC(2) >= 0.70; None when undefined
    reading: str


@dataclass(frozen=True)
class ReliabilityTable:
    questionnaire: QuestionnaireView
    rows: tuple[ReliabilityRow, ...]


def _level(ctx: Context) -> str:
    return ctx.num.percent(ctx.stats.level) if ctx.stats is not None else ""


def questionnaire_stats(ctx: Context, qid: str, version: str | None = None) -> QuestionnaireStats | None:
    """The statistics of questionnaire ``qid`` (its ``version`` when given), or ``None``."""
    if ctx.stats is None:
        return None
    found = [q for q in ctx.stats.questionnaires if q.id == qid]
    return next((q for q in found if version is None or q.version == version), found[0] if found else None)


def agency_stats(ctx: Context, profile: AgencyProfile) -> tuple[QuestionnaireStats, AgencyStats] | None:
    """The statistics of ``profile``'s agency in its questionnaire, or ``None`` (no statistics)."""
    qs = questionnaire_stats(ctx, profile.questionnaire, getattr(profile, "version", None))
    if qs is None:
        return None
    a = next((a for a in qs.agencies if a.key == profile.key), None)
    return None if a is None else (qs, a)


def overall_interval(ctx: Context, profile: AgencyProfile) -> tuple[float, float] | None:
    """The bootstrap interval of the agency's overall score (page one's ``stat_interval``), or ``None``."""
    found = agency_stats(ctx, profile)
    if found is None:
        return None
    e = found[1].overall
    return None if e.low is None or e.high is None else (e.low, e.high)


def _interval_row(ctx: Context, a: AgencyStats) -> TrustRow:
    """The respondents and the interval of the overall score (or why there is none)."""
    t, stats, num = ctx.t, ctx.stats, ctx.num
    e = a.overall
    label = t["trust_interval"]
    respondents = t["trust_respondents_text"].format(n=num.count(a.respondents))
    if e.low is not None and e.high is not None and stats is not None:
        return TrustRow("interval", label, t["trust_interval_text"].format(
            level=_level(ctx), range=num.range(e.low, e.high), respondents=respondents),
            t["trust_interval_stat"].format(draws=num.count(stats.draws)))
    if e.n < MIN_INTERVAL:
        return TrustRow("interval", label, t["trust_interval_few"].format(
            min=MIN_INTERVAL, n=num.count(e.n), respondents=respondents), "")
    return TrustRow("interval", label, t["trust_interval_other"].format(respondents=respondents), "")


def _agreement_row(ctx: Context, a: AgencyStats, rwg_min: float) -> TrustRow:
    t, num = ctx.t, ctx.num
    label = t["trust_agreement"]
    values = [f.rwg_j for f in a.factors.values() if f.rwg_j is not None]
    if not values:
        return TrustRow("agreement", label, t["trust_agreement_none"], "")
    agree = sum(1 for f in a.factors.values() if f.aggregation_ok)
    text = t["trust_agreement_text"].format(agree=num.count(agree), total=num.count(len(a.factors)))
    missing = len(a.factors) - len(values)
    if missing:
        unmeasured = t["trust_agreement_unmeasured"].format(n=num.count(missing))
        text = f"{text}{unmeasured}" if ctx.lang == "zh" else f"{text} {unmeasured}"
    return TrustRow("agreement", label, text, t["trust_agreement_stat"].format(
        min=num.coef(rwg_min), mean=num.coef(sum(values) / len(values))))


def _barriers_row(ctx: Context, q: Questionnaire, a: AgencyStats) -> TrustRow:
    t, num = ctx.t, ctx.num

    def named(label: str) -> list[str]:
        chosen = sorted((f.estimate.mean if f.estimate.mean is not None else 0.0, i, fid)
                        for i, (fid, f) in enumerate(a.factors.items()) if f.label == label)
        return [q.factors[fid].title.get(ctx.lang) if fid in q.factors else fid for _, _, fid in chosen]

    if all(f.label is None for f in a.factors.values()):
        return TrustRow("barriers", t["trust_barriers"], t["trust_barriers_none"], "")
    def listed(names: list[str]) -> str:  # page one is short: the first few, then how many more
        if not names:
            return t["trust_none"]
        if len(names) <= NAMES_SHOWN + 1:  # "and 1 more" would take the room of the name
            return num.join(names)
        more = len(names) - NAMES_SHOWN
        return num.join(names[:NAMES_SHOWN]) + t["trust_more"].format(n=num.count(more))

    confirmed, uncertain = named("confirmed_barrier"), named("uncertain_barrier")
    parts = [t["trust_confirmed"].format(n=num.count(len(confirmed)), names=listed(confirmed)),
             t["trust_uncertain"].format(n=num.count(len(uncertain)), names=listed(uncertain))]
    text = num.clauses(parts).rstrip("。.")
    return TrustRow("barriers", t["trust_barriers"], text[:1].upper() + text[1:], "")


def _rank_row(ctx: Context, qs: QuestionnaireStats, a: AgencyStats, draws: int) -> TrustRow:
    t = ctx.t
    ranked = sum(1 for x in qs.agencies if x.rank is not None)
    if a.rank is None or a.rank_low is None or a.rank_high is None or ranked < 2:
        return TrustRow("rank", t["trust_rank"], t["trust_rank_none"], "")
    return TrustRow("rank", t["trust_rank"], t["trust_rank_text"].format(
        rank=ctx.num.count(a.rank), total=ctx.num.count(ranked), low=ctx.num.plain(a.rank_low),
        high=ctx.num.plain(a.rank_high)),
        t["trust_rank_stat"].format(draws=ctx.num.count(draws)))


def _flags_row(ctx: Context, qs: QuestionnaireStats, a: AgencyStats) -> TrustRow:
    """Flagged files by role only (never the file, never the respondent's name)."""
    t, num = ctx.t, ctx.num
    files = [f for f in qs.files if f.key == a.key]
    flagged = [f for f in files if f.flags]
    if not flagged:
        return TrustRow("flags", t["trust_flags"], t["trust_flags_none"].format(total=num.count(len(files))),
                        t["trust_flags_stat"])
    groups = Counter((ctx.label("role", f.role or ROLE_UNSPECIFIED.id), f.flags) for f in flagged)
    which = [t["flag_role"].format(role=role, flags=num.join([t[f"flag_{flag}"] for flag in flags]))
             + (t["flag_times"].format(n=num.count(n)) if n > 1 else "")
             for (role, flags), n in sorted(groups.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1]))]
    return TrustRow("flags", t["trust_flags"], t["trust_flags_text"].format(
        n=num.count(len(flagged)), total=num.count(len(files)), which=num.join(which)), t["trust_flags_stat"])


def trust_panel(ctx: Context, q: Questionnaire, profile: AgencyProfile) -> TrustPanel | None:
    """Page one's "Can these numbers be trusted?" panel, or ``None`` without statistics."""
    found = agency_stats(ctx, profile)
    if found is None or ctx.stats is None:
        return None
    qs, a = found
    t = ctx.t
    rows = (_interval_row(ctx, a), _agreement_row(ctx, a, ctx.stats.rwg_min), _barriers_row(ctx, q, a),
            _rank_row(ctx, qs, a, ctx.stats.draws), _flags_row(ctx, qs, a))
    return TrustPanel(t["h_trust"], rows)


def rank_interval(ctx: Context, profile: AgencyProfile) -> str:
    """The ranking's rank interval of ``profile`` (``2–4``; ``1`` when both ends agree), or ``""``."""
    found = agency_stats(ctx, profile)
    if found is None or found[1].rank_low is None or found[1].rank_high is None:
        return ""
    low, high = ctx.num.plain(found[1].rank_low), ctx.num.plain(found[1].rank_high)
    return low if low == high else f"{low}{'～' if ctx.lang == 'zh' else '–'}{high}"


def reliability_tables(ctx: Context, questionnaires: Sequence[Questionnaire],
                       versioned: frozenset[str] = frozenset()) -> tuple[ReliabilityTable, ...]:
    """Per questionnaire, each factor's alpha, ICC(1) and ICC(2) with a plain reading of ICC(2)."""
    t = ctx.t
    out = []
    for q in questionnaires:
        qs = questionnaire_stats(ctx, q.id, q.version)
        if qs is None:
            continue
        rows = []
        for fid, r in qs.factors.items():
            reliable = None if r.icc2 is None else r.icc2 >= ICC2_MIN - 1e-9  # as aggregation_ok compares rwg(j)
            reading = t["reliability_none" if reliable is None else "reliability_ok" if reliable else "reliability_low"]
            title = q.factors[fid].title.get(ctx.lang) if fid in q.factors else fid
            rows.append(ReliabilityRow(fid, title, ctx.num.coef(r.alpha), ctx.num.coef(r.icc1), ctx.num.coef(r.icc2),
                                       reliable, reading))
        out.append(ReliabilityTable(questionnaire_view(ctx, q, versioned), tuple(rows)))
    return tuple(out)


def stats_method(ctx: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The statistics' method (sentences) and citations; both empty without statistics."""
    stats, t = ctx.stats, ctx.t
    if stats is None:
        return (), ()
    level = _level(ctx)
    rules = (t["m_stats_agreement"].format(min=ctx.num.coef(stats.rwg_min)), t["m_stats_icc"],
             t["m_stats_bootstrap"].format(level=level, draws=ctx.num.count(stats.draws), seed=stats.seed,
                                           min=MIN_INTERVAL),
             t["m_stats_flags"])
    return rules, CITATIONS
