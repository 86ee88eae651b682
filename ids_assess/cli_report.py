"""The ``report`` command (being written)."""

from __future__ import annotations


def report() -> None:
    """Render readiness reports in Markdown or HTML (not available yet)."""
    raise SystemExit("ids-assess report is not available yet")
