"""The ``network`` command: the relationship network across agencies, as JSON, DOT or Mermaid."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ids_assess.cli.common import boundary, emit, err, registry, require_exists
from ids_assess.cli.options import Jobs, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess network examples/answers --format mermaid',
    'ids-assess network examples/answers --format dot -o network.dot',
)


class NetworkFormat(str, Enum):
    json = "json"
    dot = "dot"
    mermaid = "mermaid"


def network(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Answer files or folders.")],
    format: Annotated[NetworkFormat, typer.Option("--format", "-f",
                                                  help="json, dot (Graphviz) or mermaid.")] = NetworkFormat.json,
    output: OutputFile = None,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """The relationship network: who names whom as partner, with the push/pull balance on each tie.

    Edges are coloured by status (symbiosis, balanced, tension); vertical ties are solid, horizontal ties
    dashed; a pair whose two sides see the tie differently is marked asymmetric."""
    with boundary():
        from ids_assess.io.batch import aggregate_paths, resolve_jobs
        from ids_assess.render.formats import NETWORK

        require_exists(paths, output)
        overview, problems = aggregate_paths(paths, registry(questionnaires), resolve_jobs(jobs),
                                             on_problem=lambda p: err(p.format()), warn=err,
                                             on_warning=lambda m: err(f"warning: {m}"))
        if not overview.profiles:
            err("ids-assess: error: no valid answer files: nothing to draw")
            raise typer.Exit(EXIT_INVALID)
        emit(NETWORK.get(format.value), overview, output)
        if problems:
            raise typer.Exit(EXIT_INVALID)
