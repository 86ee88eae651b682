"""Rounds of an assessment, as ``compare`` and ``report --baseline`` read them: each path one round, with its
date (the median of its files' dates) and the name a report may give it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Overview
    from ids_assess.core.errors import Problem
    from ids_assess.io.questionnaires import Registry


def read_round(path: Path, reg: Registry, workers: int, disagreement: float | None = None
               ) -> tuple[Overview, list[Problem], dt.date | None]:
    """One round: its overview, the problems of its invalid files (each printed on stderr as found) and its
    date."""
    from ids_assess.cli.common import err
    from ids_assess.core.rounds import RoundDates
    from ids_assess.io.batch import aggregate_paths

    dates = RoundDates()
    overview, problems = aggregate_paths([path], reg, workers, disagreement, on_problem=lambda p: err(p.format()),
                                         warn=err, on_warning=lambda m: err(f"warning: {m}"), extras=[dates])
    return overview, problems, dates.date()


def round_name(paths: Sequence[Path], named: bool) -> str:
    """What a report may call a round without a date: its folder's name (any path's name with ``--named``);
    ``""`` (by its number) for several paths or a file, whose name may name a respondent."""
    if len(paths) != 1 or not (named or paths[0].is_dir()):
        return ""
    return paths[0].name or paths[0].resolve().name
