"""One registry per command from ``--format`` to its renderer.

A renderer takes what the command computed and returns the output: text (``str``, or an iterable of
``str`` chunks for output that streams) or ``bytes`` for a binary format. It never opens files or prints.
A binary format needs ``-o FILE`` or a standard output that is not a terminal (the command line checks).
Renderers import their modules when they run, so that looking a format up costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Aggregator, Overview
    from ids_assess.core.compare import Comparison
    from ids_assess.core.model import Questionnaire, Result
    from ids_assess.core.statsresult import StatsReport
    from ids_assess.render.report.build import Options

#: What a renderer returns.
Rendered = Union[str, bytes, Iterable[str]]
T = TypeVar("T")


@dataclass(frozen=True)
class Format(Generic[T]):
    """One output format of one command."""

    name: str
    render: Callable[[T], Rendered]
    #: Bytes out (an Office document): needs ``-o`` or a stdout that is not a terminal.
    binary: bool = False


@dataclass(frozen=True)
class Formats(Generic[T]):
    """The formats of one command, by ``--format`` value."""

    command: str
    formats: Mapping[str, Format[T]] = field(default_factory=dict)

    def get(self, name: str) -> Format[T]:
        """The format ``name`` (a ``KeyError`` names the command and the formats it has)."""
        try:
            return self.formats[name]
        except KeyError:
            raise KeyError(f"{self.command} has no format {name!r} (it has: {', '.join(self.formats)})") from None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.formats)


def registry(command: str, *formats: Format[T]) -> Formats[T]:
    return Formats(command, {f.name: f for f in formats})


# --- questionnaire show ---------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionnaireJob:
    """What ``questionnaire show`` renders."""

    questionnaire: Questionnaire
    lang: str


def _show_table(job: QuestionnaireJob) -> str:
    from ids_assess.render.tables import questionnaire_tree

    return questionnaire_tree(job.questionnaire, job.lang)


def _show_json(job: QuestionnaireJob) -> str:
    from ids_assess.render.questionnaire_json import render

    return render(job.questionnaire)


SHOW = registry("questionnaire show", Format("table", _show_table), Format("json", _show_json))


# --- score --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreJob:
    """What ``score`` renders: the outcomes as they stream in, and the aggregator when ``--by agency``."""

    outcomes: Iterator[Any]
    aggregator: Aggregator | None
    lookup: Callable[[str], Questionnaire]
    lang: str
    #: Plain text (a file, not the terminal).
    plain: bool
    #: ``--long`` tidy rows (CSV).
    long: bool
    #: Warnings on stderr.
    warn: Callable[[str], None]
    #: Files left out of a one-questionnaire CSV, named here for the command's exit code.
    skipped: list[str]
    #: ``--stats``: computes the statistics once every outcome has been read (JSON, and the workbook's sheets).
    stats: Callable[[], StatsReport] | None = None
    #: The workbook (xlsx) shows respondents' names and files.
    named: bool = False
    tool_version: str = ""
    disagreement: float = 50.0


def _drain(outcomes: Iterator[Any]) -> None:
    for _ in outcomes:  # the aggregator is fed as the outcomes are read
        pass


def _score_json(job: ScoreJob) -> Iterator[str]:
    from ids_assess.render.results_json import render as render_json

    aggregator = job.aggregator
    if aggregator is None:
        yield from render_json(job.outcomes)
        return
    from ids_assess.render.agencies import overview_extra

    stats = job.stats
    if stats is None:
        yield from render_json(job.outcomes, lambda: overview_extra(aggregator.finish(), job.lookup))
        return
    from ids_assess.render.stats_out import attach

    yield from render_json(job.outcomes, lambda: attach(overview_extra(aggregator.finish(), job.lookup), stats()))


def _score_csv(job: ScoreJob) -> Iterator[str]:
    if job.aggregator is not None:
        from ids_assess.render.agencies import agencies_csv

        _drain(job.outcomes)
        yield from agencies_csv(job.aggregator.finish(), job.lookup, job.warn)
    elif job.long:
        from ids_assess.core.model import qref
        from ids_assess.render.agencies import LONG_HEADER, long_rows
        from ids_assess.render.results_csv import csv_line

        yield "\ufeff" + csv_line(LONG_HEADER)
        number = 0
        for outcome in job.outcomes:
            if outcome.result is not None:
                number += 1
                result = outcome.result
                yield from long_rows(result, job.lookup(qref(result.questionnaire, result.version)), f"R{number:04d}")
    else:
        from ids_assess.render.results_csv import render as render_csv

        yield from render_csv(job.outcomes, job.lookup, job.warn, job.skipped)


def _score_table(job: ScoreJob) -> Iterator[str]:
    from ids_assess.render.tables import agency_table, score_table

    if job.aggregator is not None:
        _drain(job.outcomes)
        overview = job.aggregator.finish()
        if overview.profiles:
            yield agency_table(overview, job.lookup, job.lang, plain=job.plain)
        return
    results = [o.result for o in job.outcomes if o.result is not None]
    if results:
        yield score_table(results, job.lookup, job.lang, plain=job.plain)


def _score_xlsx(job: ScoreJob) -> bytes:
    from ids_assess.render.agencies import overview_extra
    from ids_assess.render.office.workbook import Book, workbook

    results = [o.result for o in job.outcomes if o.result is not None]
    if job.aggregator is None:
        raise ValueError("score --format xlsx needs the agency profiles (an aggregator)")
    data = overview_extra(job.aggregator.finish(), job.lookup)
    return workbook(Book(data, job.lookup, job.lang, job.tool_version, results, job.named, job.disagreement,
                         stats=job.stats() if job.stats is not None else None))


SCORE = registry("score", Format("table", _score_table), Format("json", _score_json), Format("csv", _score_csv),
                 Format("xlsx", _score_xlsx, binary=True))


# --- report (the Office formats; Markdown and HTML are rendered from templates by render/report/build.py) ---

@dataclass(frozen=True)
class ReportJob:
    """What ``report --format docx|xlsx`` renders to one file: one agency's Word report, or the workbook."""

    options: Options
    overview: Overview
    #: The scored answer sets (the workbook's rows per respondent and statement).
    results: list[Result] = field(default_factory=list)
    named: bool = False


def _report_docx(job: ReportJob) -> bytes:
    from ids_assess.render.office.word_report import agency_document

    return agency_document(job.options, job.overview)


def _report_xlsx(job: ReportJob) -> bytes:
    from ids_assess.render.agencies import overview_extra
    from ids_assess.render.office.workbook import Book, workbook

    o = job.options
    return workbook(Book(overview_extra(job.overview, o.lookup), o.lookup, o.lang, o.tool_version, job.results,
                         job.named, job.overview.disagreement, stats=o.stats))


#: ``report``'s formats that are written to one file (or stdout); a Word report set is written by
#: :func:`ids_assess.render.office.word_overview.document_set`.
REPORT = registry("report", Format("docx", _report_docx, binary=True), Format("xlsx", _report_xlsx, binary=True))


# --- network ------------------------------------------------------------------------------------

def _network_json(overview: Overview) -> str:
    from ids_assess.render.network import to_json

    return to_json(overview)


def _network_dot(overview: Overview) -> str:
    from ids_assess.render.network import to_dot

    return to_dot(overview.network)


def _network_mermaid(overview: Overview) -> str:
    from ids_assess.render.network import to_mermaid

    return to_mermaid(overview.network)


NETWORK = registry("network", Format("json", _network_json), Format("dot", _network_dot),
                   Format("mermaid", _network_mermaid))


# --- compare ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CompareJob:
    """What ``compare`` renders."""

    comparison: Comparison
    lookup: Callable[[str], Questionnaire]
    lang: str


def _compare_table(job: CompareJob) -> str:
    from ids_assess.render.tables import compare_table

    return compare_table(job.comparison, job.lookup, job.lang)


def _compare_json(job: CompareJob) -> str:
    from ids_assess.render.compare_out import to_json

    return to_json(job.comparison)


def _compare_md(job: CompareJob) -> str:
    from ids_assess.render.compare_out import to_markdown

    return to_markdown(job.comparison, job.lookup, job.lang)


COMPARE = registry("compare", Format("table", _compare_table), Format("json", _compare_json),
                   Format("md", _compare_md))

# --- stats --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatsJob:
    """What ``stats`` renders."""

    report: StatsReport
    #: Plain text (a file, not the terminal).
    plain: bool = False


def _stats_table(job: StatsJob) -> str:
    from ids_assess.render.stats_out import to_table

    return to_table(job.report, plain=job.plain)


def _stats_json(job: StatsJob) -> str:
    from ids_assess.render.stats_out import to_json

    return to_json(job.report)


def _stats_csv(job: StatsJob) -> Iterator[str]:
    from ids_assess.render.stats_out import to_csv

    return to_csv(job.report)


STATS = registry("stats", Format("table", _stats_table), Format("json", _stats_json), Format("csv", _stats_csv))

#: Every command's registry, for the test that every ``--format`` value has a renderer.
ALL: Mapping[str, Formats[Any]] = {r.command: r for r in (SHOW, SCORE, NETWORK, COMPARE, STATS)}
