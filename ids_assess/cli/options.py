"""Option types shared by the command modules: languages, roles, ties, ``--questionnaires``, ``--jobs``, ``-o``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class Lang(str, Enum):
    """The two languages of every user-visible string."""

    en = "en"
    zh = "zh"


class Role(str, Enum):
    """A respondent's role (the answer-file contract's ``role``)."""

    leader = "leader"
    business = "business"
    it = "it"
    legal = "legal"
    other = "other"


class Tie(str, Enum):
    """The formal tie with a partner: vertical (*tiao*) or horizontal (*kuai*)."""

    vertical = "vertical"
    horizontal = "horizontal"


QuestionnaireDirs = Annotated[
    Optional[list[Path]],
    typer.Option("--questionnaires", metavar="DIR", help="A folder of your own questionnaires (repeatable); "
                 "searched before the bundled ones."),
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes; 0 = one per core.")]
OutputFile = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                     help="File to write (default: stdout; - for stdout).")]
