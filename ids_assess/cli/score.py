"""The ``score`` command: results per answer file or agency profiles, as a table, JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ids_assess.cli.common import boundary, emit, err, registry, require_exists
from ids_assess.cli.options import Jobs, Lang, QuestionnaireDirs
from ids_assess.core.errors import EXIT_FAIL_UNDER, EXIT_INVALID, EXIT_USAGE

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Aggregator
    from ids_assess.core.model import Result
    from ids_assess.io.batch import Keep, Outcome
    from ids_assess.io.questionnaires import Registry

class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class By(str, Enum):
    file = "file"
    agency = "agency"


def score(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Answer files or folders.")],
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="table, json or csv.")] = ScoreFormat.table,
    by: Annotated[By, typer.Option("--by", help="file: a result per answer file; agency: agency profiles "
                                   "(JSON adds agencies, systemic_barriers and network).")] = By.file,
    long: Annotated[bool, typer.Option("--long", help="With --format csv: tidy long rows (source, agency, "
                                       "respondent, role, level, id, score) for R, pandas or SPSS.")] = False,
    items: Annotated[bool, typer.Option("--items", help="With --by agency: add each item's distribution of "
                                        "ratings, dk and na (JSON key 'items').")] = False,
    disagreement: Annotated[float, typer.Option("--disagreement", metavar="N", min=0, max=100,
                                                help="Flag factors whose respondents differ by N points or "
                                                "more (with --by agency).")] = 50.0,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    fail_under: Annotated[Optional[float], typer.Option("--fail-under", metavar="N", min=0, max=100,
                                                        help="Exit 3 when an overall score is below N.")] = None,
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
        if items and by is not By.agency:
            from ids_assess.core.errors import UsageError

            raise UsageError("--items goes with --by agency")
        from ids_assess.core.scoring import LOW_COVERAGE, settle

        reg = registry(questionnaires)
        stats = {"files": 0, "invalid": 0, "below": 0}
        aggregator: Aggregator | None = None
        if by is By.agency:
            from ids_assess.core.aggregate import Aggregator

            aggregator = Aggregator(reg.get, disagreement, item_level=items)
        encoder: Callable[[Result], str] | None = None
        if format is ScoreFormat.json:
            from ids_assess.render.results_json import encode

            encoder = encode

        def outcomes() -> Iterator[Outcome]:
            keep: Keep = (True if items else "scores") if aggregator is not None else encoder is None
            for outcome in run(paths, reg, resolve_jobs(jobs), encode=encoder, keep=keep):
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
                    continue  # a questionnaire among the answer files: nothing to score
                elif fail_under is not None and settle(overall or 0) < fail_under:  # as shown, not 49.999..
                    stats["below"] += 1
                if aggregator is not None and outcome.result is not None:
                    aggregator.add(outcome.result)
                yield outcome

        skipped: list[str] = []
        chunks = _score_output(format, by, long, outcomes(), aggregator, reg, lang.value, output, skipped)
        emit(chunks, output)
        if stats["invalid"]:
            err(f"{stats['invalid']} of {stats['files']} file(s) invalid and skipped")
            raise typer.Exit(EXIT_INVALID)
        if skipped:
            err(f"ids-assess: error: {len(skipped)} file(s) of another questionnaire left out of the CSV: score "
                "each questionnaire separately, or use --format csv --long or --format json")
            raise typer.Exit(EXIT_USAGE)
        if stats["below"]:
            err(f"{stats['below']} result(s) with an overall score below {fail_under:g}")
            raise typer.Exit(EXIT_FAIL_UNDER)


def _score_output(format: ScoreFormat, by: By, long: bool, outcomes: Iterator[Outcome],
                  aggregator: Aggregator | None, reg: Registry, lang: str, output: Optional[Path],
                  skipped: list[str]) -> Iterator[str]:
    """The chunks of score's output, by format and grouping; streamed where the format allows."""
    if format is ScoreFormat.json:
        from ids_assess.render.results_json import render as render_json

        if aggregator is None:
            yield from render_json(outcomes)
            return
        from ids_assess.render.agencies import overview_extra

        yield from render_json(outcomes, lambda: overview_extra(aggregator.finish(), reg.get))
        return
    if format is ScoreFormat.csv:
        if aggregator is not None:
            from ids_assess.render.agencies import agencies_csv

            for _ in outcomes:
                pass
            yield from agencies_csv(aggregator.finish(), reg.get, err)
        elif long:
            from ids_assess.render.agencies import LONG_HEADER, long_rows
            from ids_assess.render.results_csv import _line

            yield "\ufeff" + _line(LONG_HEADER)
            for outcome in outcomes:
                if outcome.result is not None:
                    yield from long_rows(outcome.result)
        else:
            from ids_assess.render.results_csv import render as render_csv

            yield from render_csv(outcomes, reg.get, err, skipped)
        return
    if aggregator is not None:
        from ids_assess.render.tables import agency_table

        for _ in outcomes:
            pass
        overview = aggregator.finish()
        if overview.profiles:
            yield agency_table(overview, reg.get, lang, plain=output is not None)
        return
    from ids_assess.render.tables import score_table

    results = [o.result for o in outcomes if o.result is not None]
    if results:
        yield score_table(results, reg.get, lang, plain=output is not None)
