"""The console script's entry point: answers ``--version`` without importing the command line."""

from __future__ import annotations

import sys


def main() -> None:
    """Run ids-assess."""
    if sys.argv[1:] == ["--version"]:
        from ids_assess import __version__

        sys.stdout.write(f"ids-assess {__version__}\n")
        return
    from ids_assess.cli.app import run

    run()
