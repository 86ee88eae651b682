"""The view model of "Method and sources" and of the appendix of files that could not be used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ids_assess.core.model import Questionnaire
from ids_assess.core.vocab import MAX_PROBLEMS
from ids_assess.render.report.view_common import Context, QuestionnaireView, SourceView, questionnaire_view
from ids_assess.render.report.view_trust import stats_method

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class ProblemsView:
    """Invalid input files, each problem as ``path:line:col: message``."""

    lines: tuple[str, ...]
    more: str  # "... and N more problem(s)." or ""
    count: int  # problems in all


@dataclass(frozen=True)
class MethodView:
    scale: tuple[tuple[str, str], ...]  # (value, label): ("1", "Strongly disagree") ... ("dk", "Don't know")
    scale_text: str
    rules: tuple[str, ...]
    bands: tuple[str, ...]
    research: str
    questionnaire: QuestionnaireView  # the agency's (in the overview: the first one)
    questionnaires: tuple[QuestionnaireView, ...]  # every questionnaire of the report (one for an agency)
    questionnaires_text: str  # their labels, joined
    tool: str
    tool_version: str
    sources: tuple[SourceView, ...]
    files: int
    dates: str
    disagreement_threshold: str
    stats_rules: tuple[str, ...] = ()  # the statistics' method ("" without statistics: --no-stats)
    stats_citations: tuple[str, ...] = ()


def problems_view(ctx: Context) -> ProblemsView:
    """The invalid files' problems; without ``--named`` each file is a code (``file 1``), never its path (a
    file name often names its respondent): the paths are on stderr."""
    codes: dict[str, str] = {}
    for p in ctx.problems:
        codes.setdefault(p.path, ctx.t["s_problem_file"].format(n=len(codes) + 1))
    shown = ctx.problems[:MAX_PROBLEMS]
    lines = tuple((replace(p, path=codes[p.path]) if ctx.anonymous else p).format() for p in shown)
    rest = len(ctx.problems) - len(lines)
    more = ctx.t["s_appendix_more"].format(n=rest) if rest > 0 else ""
    return ProblemsView(lines, more, len(ctx.problems))


def method_view(ctx: Context, qs: Sequence[Questionnaire], dates: Sequence[str], disagreement: float,
            files: int) -> MethodView:
    """The method section; ``qs`` are the report's questionnaires (the first gives the scale and the bands)."""
    t, num = ctx.t, ctx.num
    q = qs[0]
    scale = tuple((str(k), v.get(ctx.lang)) for k, v in sorted(q.scale.labels.items()))
    scale += (("dk", q.scale.dk.get(ctx.lang)), ("na", q.scale.na.get(ctx.lang)))
    bands = []
    for i, band in enumerate(q.bands):
        last = i + 1 == len(q.bands)
        upper = 100.0 if last else q.bands[i + 1].min
        bands.append(t["s_bands_last" if last else "s_bands_row"].format(
            label=band.label.get(ctx.lang), min=num.plain(band.min), max=num.plain(upper)))
    rules = [t["m_rule_item"], t["m_rule_factor"], t["m_rule_range"], t["m_rule_barrier"]]
    with_determinants = next((x for x in qs if any(f.determinant for f in x.factors.values())), None)
    if with_determinants is not None:
        rules.append(t["m_rule_relationship"].format(threshold=num.plain(with_determinants.threshold)))
    rules.append(t["m_rule_agency"])
    seen: dict[str, SourceView] = {}
    for x in qs:
        for s in x.sources.values():
            seen.setdefault(s.key, SourceView(s.key, s.short.get(ctx.lang), s.citation))
    views = tuple(questionnaire_view(ctx, x) for x in qs)
    stats_rules, stats_citations = stats_method(ctx)
    return MethodView(scale, t["m_scale"], tuple(rules), tuple(bands), t["m_research"], views[0], views,
                      questionnaires_text(ctx, qs), "ids-assess", ctx.tool_version, tuple(seen.values()),
                      files, num.join(list(dates)), num.points(disagreement), stats_rules, stats_citations)


def questionnaires_text(ctx: Context, qs: Sequence[Questionnaire]) -> str:
    """The report's questionnaires, each named once with its versions: ``Readiness (core), ids-core 1.0.0 and
    2.0.0; Data stickiness, data-stickiness 1.1.0`` (each label holds a comma: the questionnaires are set apart
    by semicolons)."""
    versions: dict[tuple[str, str], list[str]] = {}
    for q in qs:
        versions.setdefault((q.id, q.title.get(ctx.lang)), []).append(q.version)
    return ctx.num.items([ctx.t["q_label"].format(title=title, id=qid, version=ctx.num.series(vs))
                          for (qid, title), vs in versions.items()])
