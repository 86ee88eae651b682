"""The console script's entry point: answers ``--version`` without importing the command line, and builds only
the command that is asked for."""

import sys


def main() -> None:
    """Run ids-assess."""
    if sys.argv[1:] == ["--version"]:
        from ids_assess import __version__

        try:
            sys.stdout.write(f"ids-assess {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `ids-assess --version | true`: the reader has gone, as for any output
            from ids_assess.io.output import drop_stdout

            drop_stdout()
        return
    from ids_assess.cli.app import run_asked

    run_asked(sys.argv[1:])
