"""The command line: the application, its global options, and the commands registered on it.

Commands are glue, one module each; what they share is in :mod:`ids_assess.cli.common`. Heavy modules
(jsonschema, jinja2, rich tables) are imported inside the commands that use them, so that ``--help`` and
``--version`` start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
import typer.core

from ids_assess import __version__
from ids_assess.cli import (
    compare,
    export,
    import_,
    network,
    questionnaire,
    report,
    score,
    stats,
    survey,
    template,
    validate,
)
from ids_assess.cli.common import EXIT_CODES, err, examples, human_help, out, prose, state
from ids_assess.core.errors import EXIT_USAGE

human_help()


class _Program(typer.core.TyperGroup):
    """The program's command group: a usage error (an unknown command or option, a value that is not one of
    those allowed, a missing argument) is one line on stderr, as the commands' own errors are, naming what to
    read (``ids-assess: error: No such option: --job (Possible options: --jobs). See 'ids-assess score
    --help'.``), and exit 2, rather than a usage line and a panel. Everything else is as typer does it."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        given = {"args": args, "prog_name": prog_name, "complete_var": complete_var,
                 "windows_expand_args": windows_expand_args, **extra}
        if not standalone_mode:
            return super().main(standalone_mode=False, **given)
        import sys

        click = getattr(typer.core, "_click", None) or __import__("click")  # typer's own (vendored from 0.28)
        try:
            code = super().main(standalone_mode=False, **given)
        except SystemExit as exc:
            named = args if args is not None else sys.argv[1:]
            if exc.code == 1 and _reader_gone(exc, click):  # the help into `| head`: the reader went away
                if any(a in ("-h", "--help") for a in named):
                    sys.exit(0)  # as for every command's output: not an error
                if all(a in self.commands for a in named):
                    sys.exit(EXIT_USAGE)  # the help in place of a command: a usage error, read or not
            raise
        except click.exceptions.ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # the help, already shown (or only in the message)
                if not typer.core.HAS_RICH:
                    exc.show()
            else:
                named = args if args is not None else sys.argv[1:]
                command = next((a for a in named if not a.startswith("-")), None)
                err(usage_error(exc, command if command in self.commands else None))
            sys.exit(exc.exit_code)
        except typer.Abort:
            err("Aborted!")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _reader_gone(exc: SystemExit, click: Any) -> bool:
    """Whether ``exc`` is how rich (writing the help) or typer ends the program when the reader of standard
    output has gone away: exit 1, after pointing standard output at the null device."""
    import sys

    if isinstance(sys.stdout, click.utils.PacifyFlushWrapper):  # typer's way
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_name == "on_broken_pipe"  # rich's Console


def usage_error(exc: Any, command: str | None = None) -> str:
    """One line for a command-line usage error: the message, and the help to read (the command's where the
    error knows it, else that of the ``command`` named on the command line, else the program's)."""
    message = " ".join(exc.format_message().split())
    if not message.endswith((".", "?", "!")):
        message += "."
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else f"ids-assess {command}" if command else "ids-assess"
    return f"ids-assess: error: {message} See '{where} --help'."


app = typer.Typer(
    cls=_Program,
    name="ids-assess",
    help="Assess readiness for interagency government data sharing: questionnaires from the research, "
    "surveys, validation, scoring and readiness reports.\n\n" + EXIT_CODES
    + "\n\nStart with: ids-assess report examples/answers -o reports/",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(questionnaire.questionnaire_app, name="questionnaire")


def _version(value: bool) -> None:
    if value:
        out(f"ids-assess {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Assess readiness for interagency government data sharing."""
    state["debug"] = debug


def _register(command: Callable[..., Any], examples_of: Sequence[str], name: str | None = None) -> None:
    app.command(name, help=prose(command.__doc__), epilog=examples(examples_of))(command)


_register(template.template, template.EXAMPLES)
_register(validate.validate, validate.EXAMPLES)
_register(score.score, score.EXAMPLES)
_register(survey.survey, survey.EXAMPLES)
_register(report.report, report.EXAMPLES)
_register(network.network, network.EXAMPLES)
_register(compare.compare, compare.EXAMPLES)
_register(export.export, export.EXAMPLES, "export")
_register(import_.import_, import_.EXAMPLES, "import")
_register(stats.stats, stats.EXAMPLES)


def run() -> None:
    """Entry point used by the console script."""
    app()


def run_asked(args: list[str]) -> None:
    """Entry point of the console script: build only the command ``args`` name, then run."""
    only_the_command_asked(app, args)
    run()


def only_the_command_asked(app: typer.Typer, args: list[str]) -> None:
    """Keep only the command (or command group) that ``args`` name first, when they name one exactly.

    Typer works out every command's options, from its signature and annotations, before it runs any one of
    them; a command line reaches one command only, so the others need not be built. ``--help`` and ``-h`` of
    the whole program, options before the command and a misspelt command (which gets suggestions from all of
    them) leave every command in place; the program's own help (``--help``, ``-h``, no arguments) lists the
    commands with their summaries only, so their options are not worked out (:func:`_listed_only`).
    """
    if args in ([], ["--help"], ["-h"]):
        _listed_only(app)
        return
    if args[0].startswith("-"):
        return
    from typer.main import get_command_name

    name = args[0]
    commands = [c for c in app.registered_commands
                if (c.name or (get_command_name(c.callback.__name__) if c.callback else None)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) == 1:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def _listed_only(app: typer.Typer) -> None:
    """Give every command of ``app`` (and of its groups) a stand-in without options: the program's help shows
    each command's name and summary, which come from the command's registration and docstring alone, and
    working out every command's options from its signature costs a quarter of the help's time."""
    for command in app.registered_commands:
        if command.callback is not None:
            command.callback = _stand_in(command.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _listed_only(group.typer_instance)


def _stand_in(callback: Callable[..., Any]) -> Callable[[], None]:
    def stand_in() -> None:  # pragma: no cover - the help exits before any command runs
        raise RuntimeError("a command's stand-in ran: only the program's help may use them")

    stand_in.__name__ = callback.__name__
    stand_in.__qualname__ = callback.__qualname__
    stand_in.__module__ = callback.__module__
    stand_in.__doc__ = callback.__doc__
    return stand_in
