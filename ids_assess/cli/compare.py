"""The ``compare`` command: change over time between two or more rounds."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ids_assess.cli.common import boundary, emit, err, registry, require_exists
from ids_assess.cli.options import Jobs, Lang, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID, EXIT_USAGE

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess compare examples/answers examples/answers-2027',
    'ids-assess compare round-2025 round-2026 round-2027 --format md -o change.md',
)


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


def compare(
    rounds: Annotated[list[Path], typer.Argument(
        metavar="OLD NEW [LATER]",
        help="The rounds, earliest first: each answer files in a folder, one answer file, or a JSON written by "
             "'score --format json'. With more than two, each consecutive pair is compared.")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f", help="table, json or md.")] = CompareFormat.table,
    threshold: Annotated[float, typer.Option("--threshold", metavar="N", min=0, max=100,
                                             help="Flag changes of N points or more.")] = 10.0,
    output: OutputFile = None,
    lang: Annotated[Lang, typer.Option(help="Language of the table and the Markdown.")] = Lang.en,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Change over time: per agency and factor, old score, new score and delta; changes of 10 points or
    more flagged as improved or worsened; factors that became or stopped being barriers listed.

    Warns when an agency's respondent count or role mix changed between rounds, when the questionnaire
    version differs, and when the rounds are given in reverse date order (a round's date is the median of
    its files' dates). With two rounds the JSON is one comparison; with more, a list of the consecutive
    comparisons."""
    with boundary():
        from ids_assess.cli.rounds import read_round
        from ids_assess.core.compare import compare_rounds
        from ids_assess.io.batch import resolve_jobs

        if len(rounds) < 2:
            err("ids-assess: error: compare needs at least two rounds (OLD NEW)")
            raise typer.Exit(EXIT_USAGE)
        require_exists(rounds, output)
        reg = registry(questionnaires)
        loaded = []
        failed = False
        for i, path in enumerate(rounds):
            overview, problems, date = read_round(path, reg, resolve_jobs(jobs))
            failed = failed or bool(problems)
            if not overview.profiles:
                side = "OLD" if i == 0 else "NEW" if len(rounds) == 2 else f"round {i + 1} ({path})"
                err(f"ids-assess: error: {side} holds no valid answer files: nothing to compare")
                raise typer.Exit(EXIT_INVALID)
            loaded.append((str(path), overview, date))
        results = compare_rounds(loaded, threshold, reg.get)
        for c in results:
            for warning in c.warnings:
                err(f"warning: {warning.text()}")
        from ids_assess.render.formats import COMPARE, CompareJob

        if len(results) == 1:
            emit(COMPARE.get(format.value), CompareJob(results[0], reg.get, lang.value), output)
        else:
            from ids_assess.cli.common import write
            from ids_assess.render.compare_out import rounds_json, rounds_markdown
            from ids_assess.render.tables import compare_rounds_table

            names = [name for name, _, _ in loaded]
            if format is CompareFormat.json:
                write(rounds_json(results), output)
            elif format is CompareFormat.md:
                write(rounds_markdown(results, names, reg.get, lang.value), output)
            else:
                write(compare_rounds_table(results, names, reg.get, lang.value), output)
        if not any(c.agencies for c in results):
            err("no agency was assessed in both rounds (agencies are matched by agency_id, else by name)")
        if failed:
            raise typer.Exit(EXIT_INVALID)
