"""The console script's entry point: answers ``--version`` without importing the command line, and builds only
the command that is asked for."""

import sys

TYPE_CHECKING = False  # not typing's: `--version` stays clear of importing typing
if TYPE_CHECKING:
    import typer


def main() -> None:
    """Run ids-assess."""
    if sys.argv[1:] == ["--version"]:
        from ids_assess import __version__

        sys.stdout.write(f"ids-assess {__version__}\n")
        return
    from ids_assess.cli.app import app, run

    only_the_command_asked(app, sys.argv[1:])
    run()


def only_the_command_asked(app: "typer.Typer", args: list[str]) -> None:
    """Keep only the command (or command group) that ``args`` name first, when they name one exactly.

    Typer works out every command's options, from its signature and annotations, before it runs any one of
    them; a command line reaches one command only, so the others need not be built. ``--help`` and ``-h`` of
    the whole program, options before the command and a misspelt command (which gets suggestions from all of
    them) leave every command in place.
    """
    if not args or args[0].startswith("-"):
        return
    from typer.main import get_command_name

    name = args[0]
    commands = [c for c in app.registered_commands
                if (c.name or (get_command_name(c.callback.__name__) if c.callback else None)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) == 1:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups
