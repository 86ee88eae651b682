"""The ``stats`` command: can these numbers be trusted? Reliability, agreement, intervals, robustness,
response styles and criterion validity of a batch of answer files."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ids_assess.cli.common import boundary, emit, err, nothing_valid, registry, require_exists, require_file_output
from ids_assess.cli.options import Jobs, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    "ids-assess stats examples/answers",
    "ids-assess stats examples/answers -q ids-core --seed 7 --draws 5000 --format json -o stats.json",
)


class StatsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def stats(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Answer files or folders.")],
    questionnaire: Annotated[Optional[str], typer.Option("--questionnaire", "-q", metavar="ID",
                                                         help="Only answer files of this questionnaire.")] = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f", help="table, json or csv.")] = StatsFormat.table,
    output: OutputFile = None,
    seed: Annotated[int, typer.Option("--seed", min=0, metavar="N", help="Seed of the bootstrap and the weight "
                                      "draws: the same input and seed give the same output.")] = 0,
    draws: Annotated[int, typer.Option("--draws", min=1, metavar="N", help="Bootstrap resamples and weight "
                                       "draws.")] = 2000,
    rwg_min: Annotated[float, typer.Option("--rwg-min", min=0.0, max=1.0, metavar="X",
                                           help="rwg(j) from which an agency's answers on a factor agree enough "
                                           "to be averaged (aggregation_ok).")] = 0.70,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Statistics of a batch of answer files: Cronbach's alpha per factor, within-agency agreement (rwg(j),
    AD(M)), ICC(1)/ICC(2), 90% bootstrap intervals of agency means with barrier/enabler classes, rank and
    top-barrier robustness to the weights, response-style flags and criterion validity. Invalid files are
    reported on stderr and skipped (exit 1). Definitions: docs/statistics.md."""
    with boundary():
        require_exists(paths, output)
        require_file_output(output)
        reg = registry(questionnaires)
        only = reg.get(questionnaire).id if questionnaire is not None else None
        from ids_assess.io.batch import gather_paths, resolve_jobs
        from ids_assess.render.formats import STATS, StatsJob
        from ids_assess.stats.collect import Collector

        collector = Collector(reg.get, only)
        invalid = 0

        def bad(problems: list) -> None:  # type: ignore[type-arg]
            nonlocal invalid
            invalid += 1
            for problem in problems:
                err(problem.format())

        # with --jobs the workers score their share of the files and send back the statistics' rows
        files = gather_paths(paths, reg, resolve_jobs(jobs), [collector], bad, warn=err)
        if collector.ignored:
            err(f"{collector.ignored} answer file(s) of other questionnaires left out (-q {only})")
        from functools import partial

        from ids_assess.io.pools import fork_map

        # each factor's and each agency's figures in the workers too (the same bytes whatever --jobs)
        report = collector.finish(draws=draws, seed=seed, rwg_min=rwg_min,
                                  mapper=partial(fork_map, jobs=resolve_jobs(jobs)))
        from ids_assess.io.output import is_stdout, is_stream_target

        # a stream (stdout, a device, a FIFO) gets the whole document, as with score
        if invalid and not collector.has_rows and output is not None and not is_stream_target(output):
            raise nothing_valid(paths, output, "compute")
        emit(STATS.get(format.value), StatsJob(report, plain=output is not None), output)
        if output is not None and not is_stdout(output):
            err(f"wrote {output} ({format.value})")
        if invalid:
            err(f"{invalid} of {files} file(s) invalid and skipped")
            raise typer.Exit(EXIT_INVALID)
