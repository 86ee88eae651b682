"""The ``template`` command: a blank answer file to fill in an editor."""

from __future__ import annotations

from typing import Annotated

import typer

from ids_assess.cli.common import boundary, err, out, registry
from ids_assess.cli.options import Lang, OutputFile, QuestionnaireDirs
from ids_assess.core.errors import EXIT_USAGE

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess template -q territoriality -o answers.yaml',
    'ids-assess template -q ids-core --lang zh -o answers-zh.yaml',
)


def template(
    questionnaire: Annotated[str, typer.Option("--questionnaire", "-q", metavar="ID|PATH",
                                               help="Questionnaire to answer.")] = "ids-core",
    lang: Annotated[Lang, typer.Option(help="Language of the statements in the comments.")] = Lang.en,
    output: OutputFile = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Write a blank answer file to fill in an editor; comments show each statement and the scale."""
    with boundary():
        from ids_assess.io.answer_template import render

        text = render(registry(questionnaires).get(questionnaire), lang.value)
        if output is None:
            out(text)
            return
        from ids_assess.io.output import is_stream_target, write_atomic

        if output.exists() and not force and not is_stream_target(output):
            err(f"ids-assess: error: {output} exists; it may hold answers. Use --force to overwrite it.")
            raise typer.Exit(EXIT_USAGE)

        write_atomic(output, text)
        err(f"wrote {output}: fill it in, then run: ids-assess validate {output}")
