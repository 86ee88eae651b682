"""The ``validate`` command: every problem of questionnaires and answer files, located."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ids_assess.cli.common import boundary, err, out, registry, require_exists, with_progress
from ids_assess.cli.options import Jobs, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess validate examples/answers',
    'ids-assess validate mine.yaml --questionnaires my-questionnaires/',
)


def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Files or folders (searched recursively).")],
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Check questionnaires and answer files; print every problem as path:line:col: message."""
    with boundary():
        from ids_assess.core.safetext import clean
        from ids_assess.io.batch import resolve_jobs, run

        require_exists(paths)
        checked = invalid = 0
        reader = [True]  # whether standard output still has a reader

        def say(line: str) -> None:
            # `validate DIR | head`: when the reader goes away every file is still checked (quietly), so that
            # the exit code says whether any is invalid, whatever --jobs and wherever the pipe broke
            if reader[0]:
                try:
                    out(line)
                except BrokenPipeError:
                    from ids_assess.io.output import drop_stdout  # only then: start-up stays lean

                    reader[0] = False
                    drop_stdout()

        for outcome in with_progress(run(paths, registry(questionnaires), resolve_jobs(jobs), want_score=False,
                                         warn=err), paths):
            checked += 1
            if outcome.problems:
                invalid += 1
                for problem in outcome.problems:
                    say(clean(problem.format()) + "\n")
        if reader[0]:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                from ids_assess.io.output import drop_stdout

                drop_stdout()
        err(f"{checked} file(s) checked, {invalid} invalid" if invalid else f"{checked} file(s) checked, all valid")
        if invalid:
            raise typer.Exit(EXIT_INVALID)
