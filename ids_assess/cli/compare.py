"""The ``compare`` command: change over time between two rounds."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ids_assess.cli.common import boundary, emit, err, registry, require_exists
from ids_assess.cli.options import Jobs, Lang, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess compare examples/answers examples/answers-2027',
    'ids-assess compare examples/answers examples/answers-2027 --format md -o change.md',
)


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


def compare(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier round: answer files, a folder, or a "
                                        "JSON written by 'score --format json'.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later round, likewise.")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="table, json or md.")] = CompareFormat.table,
    threshold: Annotated[float, typer.Option("--threshold", metavar="N", min=0, max=100,
                                             help="Flag changes of N points or more.")] = 10.0,
    output: OutputFile = None,
    lang: Annotated[Lang, typer.Option(help="Language of the table and the Markdown.")] = Lang.en,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Change over time: per agency and factor, old score, new score and delta; changes of 10 points or
    more flagged as improved or worsened; factors that became or stopped being barriers listed."""
    with boundary():
        from ids_assess.core.compare import compare as compare_rounds
        from ids_assess.io.batch import aggregate_paths, resolve_jobs

        require_exists([old], output)
        require_exists([new], output)
        reg = registry(questionnaires)
        before, p1 = aggregate_paths([old], reg, resolve_jobs(jobs), on_problem=lambda p: err(p.format()),
                                     warn=err, on_warning=lambda m: err(f"warning: {m}"))
        after, p2 = aggregate_paths([new], reg, resolve_jobs(jobs), on_problem=lambda p: err(p.format()),
                                    warn=err, on_warning=lambda m: err(f"warning: {m}"))
        for side, overview in (("OLD", before), ("NEW", after)):
            if not overview.profiles:
                err(f"ids-assess: error: {side} holds no valid answer files: nothing to compare")
                raise typer.Exit(EXIT_INVALID)
        result = compare_rounds(before, after, threshold, reg.get)
        from ids_assess.render.formats import COMPARE, CompareJob

        emit(COMPARE.get(format.value), CompareJob(result, reg.get, lang.value), output)
        if not result.agencies:
            err("no agency was assessed in both rounds (agencies are matched by agency_id, else by name)")
        if p1 or p2:
            raise typer.Exit(EXIT_INVALID)
