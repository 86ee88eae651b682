"""The ``score`` command: results per answer file or agency profiles, as a table, JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ids_assess.cli.common import (
    boundary,
    emit,
    err,
    nothing_valid,
    only_questionnaires,
    registry,
    require_exists,
    with_progress,
)
from ids_assess.cli.options import Jobs, Lang, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_FAIL_UNDER, EXIT_INVALID, EXIT_USAGE

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Aggregator
    from ids_assess.core.model import Result
    from ids_assess.io.batch import Keep, Outcome
    from ids_assess.stats.collect import Collector

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess score examples/answers',
    'ids-assess score examples/answers --by agency --format json -o scores.json',
)


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class By(str, Enum):
    file = "file"
    agency = "agency"


def score(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Answer files or folders.")],
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="table, json, csv or xlsx (one Excel "
                                                "workbook of the agencies; needs -o or a stdout that is not a "
                                                "terminal).")] = ScoreFormat.table,
    by: Annotated[By, typer.Option("--by", help="file: a result per answer file; agency: agency profiles "
                                   "(JSON adds agencies, systemic_barriers and network).")] = By.file,
    long: Annotated[bool, typer.Option("--long", help="With --format csv: tidy long rows (source, agency, "
                                       "respondent, role, level, id, score) for R, pandas or SPSS, and one row per "
                                       "item (level item: rating, readiness-coded rating, item score, confidence; "
                                       "the respondent by an anonymous code).")] = False,
    items: Annotated[bool, typer.Option("--items", help="With --by agency --format json: add each item's "
                                        "distribution of ratings, dk and na (key 'items').")] = False,
    with_stats: Annotated[bool, typer.Option("--stats", help="With --by agency --format json: add the figures of "
                                        "'ids-assess stats' (intervals, agreement, classes, reliability) under "
                                        "\"stats\"; with --format xlsx: add them as the sheets 'statistics' and "
                                        "'reliability'.")] = False,
    disagreement: Annotated[float, typer.Option("--disagreement", metavar="N", min=0, max=100,
                                                help="Flag factors whose respondents differ by N points or "
                                                "more (with --by agency).")] = 50.0,
    output: OutputFile = None,
    fail_under: Annotated[Optional[float], typer.Option("--fail-under", metavar="N", min=0, max=100,
                                                        help="Exit 3 when an overall score is below N (with --by "
                                                        "agency: an agency's).")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the table.")] = Lang.en,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Score answer files. Invalid files are reported on stderr and skipped (exit 1)."""
    with boundary():
        from ids_assess.io.batch import resolve_jobs, run

        require_exists(paths, output)
        if long and (format is not ScoreFormat.csv or by is By.agency):
            from ids_assess.core.errors import UsageError

            raise UsageError("--long goes with --format csv and --by file")
        if items and (by is not By.agency or format is not ScoreFormat.json):
            from ids_assess.core.errors import UsageError

            raise UsageError("--items goes with --by agency and --format json")
        if with_stats and format is not ScoreFormat.xlsx and (by is not By.agency or format is not ScoreFormat.json):
            from ids_assess.core.errors import UsageError

            raise UsageError("--stats goes with --by agency --format json, or with --format xlsx")
        from ids_assess.core.scoring import LOW_COVERAGE, settle

        reg = registry(questionnaires)
        stats = {"files": 0, "invalid": 0, "below": 0, "questionnaires": 0}
        aggregator: Aggregator | None = None
        xlsx = format is ScoreFormat.xlsx
        if by is By.agency or xlsx:  # the workbook is of agencies, whatever --by says
            from ids_assess.core.aggregate import Aggregator

            aggregator = Aggregator(reg.get, disagreement, item_level=items,
                                    on_warning=lambda message: err(f"warning: {message}"))
        collector: Collector | None = None
        if with_stats:  # numpy and the statistics are imported only when asked for
            from ids_assess.stats.collect import Collector

            collector = Collector(reg.get)
        encoder: Callable[[Result], str] | None = None
        if format is ScoreFormat.json:
            from ids_assess.render.results_json import encode

            encoder = encode

        from ids_assess.core.agency_names import NameWatch

        names = NameWatch()

        from ids_assess.io.output import is_stdout, is_stream_target

        # a file that the run replaces; a stream (stdout, a device, a FIFO) is not kept: it gets the whole
        # document, errors and all, whatever is valid
        to_file = output is not None and not is_stream_target(output)

        # --by agency's JSON needs a result only for its line, made already: once the profiles have added it,
        # the outcome goes on without it, so the result is not held while the next file is read (a simulated
        # 1 MB cache missed 1.4 million fewer times on 1,000 files; benchmarks/README.md)
        spent = encoder is not None and aggregator is not None and collector is None and not xlsx

        def outcomes() -> Iterator[Outcome]:
            keep: Keep = True if xlsx else (True if items or collector else "scores") if aggregator is not None \
                else encoder is None
            for outcome in with_progress(run(paths, reg, resolve_jobs(jobs), encode=encoder, keep=keep, warn=err),
                                         paths):
                stats["files"] += 1
                overall = outcome.result.overall.score if outcome.result else outcome.overall
                coverage = outcome.result.overall.coverage if outcome.result else outcome.coverage
                if coverage is not None and coverage < LOW_COVERAGE and not outcome.problems:
                    err(f"{outcome.source}: warning: only {coverage:.0%} of the statements that apply are answered; "
                        "its scores rest on few answers")
                if outcome.problems:
                    stats["invalid"] += 1
                    for problem in outcome.problems:
                        err(problem.format())
                elif outcome.result is None and outcome.line is None:
                    stats["questionnaires"] += outcome.kind == "questionnaire"
                    continue  # a questionnaire among the answer files: nothing to score
                elif fail_under is not None and aggregator is None and settle(overall or 0) < fail_under:
                    stats["below"] += 1
                if aggregator is not None and outcome.result is not None:
                    clash = names.see(outcome.result.answers)
                    if clash:
                        err(clash)
                    aggregator.add(outcome.result)
                if collector is not None and outcome.result is not None:
                    collector.add(outcome.result)
                if spent and outcome.result is not None:
                    outcome = outcome.without_result()
                yield outcome
            if output is not None and to_file and stats["files"] == stats["invalid"] + stats["questionnaires"]:
                # not one answer file scored: the file is not written (an earlier output is left as it was)
                if not stats["invalid"]:
                    raise only_questionnaires(paths)
                raise nothing_valid(paths, output, "score")

        from ids_assess.render.formats import SCORE, ScoreJob

        skipped: list[str] = []
        from ids_assess import __version__

        job = ScoreJob(outcomes(), aggregator, reg.get, lang.value, plain=output is not None, long=long, warn=err,
                       skipped=skipped, stats=None if collector is None else collector.finish,
                       tool_version=__version__, disagreement=disagreement)
        emit(SCORE.get(format.value), job, output)
        if output is not None and not is_stdout(output):
            scored = stats["files"] - stats["invalid"]
            what = f"{aggregator.agencies} agency profile(s)" if aggregator is not None else \
                f"{scored} result(s)"
            err(f"wrote {output} ({what}, {format.value})")
        if stats["invalid"]:
            err(f"{stats['invalid']} of {stats['files']} file(s) invalid and skipped")
            raise typer.Exit(EXIT_INVALID)
        if stats["questionnaires"] and stats["questionnaires"] == stats["files"]:
            raise only_questionnaires(paths)
        if fail_under is not None and aggregator is not None:  # --by agency: agencies, not files, are judged
            stats["below"] = sum(1 for p in aggregator.finish().profiles
                                 if settle(p.overall.score or 0) < fail_under)
            if stats["below"]:
                err(f"{stats['below']} agency profile(s) with an overall score below {fail_under:g}")
                raise typer.Exit(EXIT_FAIL_UNDER)
        if skipped:
            err(f"ids-assess: error: {len(skipped)} file(s) of another questionnaire left out of the CSV: score "
                "each questionnaire separately, or use --format csv --long or --format json")
            raise typer.Exit(EXIT_USAGE)
        if stats["below"]:
            err(f"{stats['below']} result(s) with an overall score below {fail_under:g}")
            raise typer.Exit(EXIT_FAIL_UNDER)
