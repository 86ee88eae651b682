"""The ``questionnaire list`` and ``questionnaire show`` commands."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ids_assess.cli.common import boundary, emit, examples, out, registry
from ids_assess.cli.options import Lang, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

questionnaire_app = typer.Typer(help="List and show the questionnaires.", no_args_is_help=True)


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


LIST_EXAMPLES = ("ids-assess questionnaire list", "ids-assess questionnaire list --lang zh")
SHOW_EXAMPLES = ("ids-assess questionnaire show ids-core --lang zh",
                 "ids-assess questionnaire show territoriality --format json")


@questionnaire_app.command("list", epilog=examples(LIST_EXAMPLES))
def questionnaire_list(
    questionnaires: QuestionnaireDirs = None,
    lang: Annotated[Lang, typer.Option(help="Language of the titles and column headers.")] = Lang.en,
) -> None:
    """List the bundled questionnaires (and those in --questionnaires folders)."""
    with boundary():
        from ids_assess.render.tables import questionnaire_list_table

        reg = registry(questionnaires)
        out(questionnaire_list_table(reg.all(), lang.value))
        if reg.problems:
            raise typer.Exit(EXIT_INVALID)


@questionnaire_app.command("show", epilog=examples(SHOW_EXAMPLES))
def questionnaire_show(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH", help="A questionnaire id or a YAML file.")],
    lang: Annotated[Lang, typer.Option(help="Language of the table.")] = Lang.en,
    format: Annotated[ShowFormat, typer.Option("--format", "-f",
                                               help="table, or json (both languages).")] = ShowFormat.table,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Show a questionnaire: sections, factors, items, sources."""
    with boundary():
        from ids_assess.render.formats import SHOW, QuestionnaireJob

        q = registry(questionnaires).get(ref)
        emit(SHOW.get(format.value), QuestionnaireJob(q, lang.value), None)
