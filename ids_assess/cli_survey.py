"""The ``survey`` command (being written)."""

from __future__ import annotations


def survey() -> None:
    """Answer a questionnaire interactively in the terminal (not available yet)."""
    raise SystemExit("ids-assess survey is not available yet")
