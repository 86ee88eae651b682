"""What the command line asked for (:class:`Options`), the mistakes found in it before anything is asked,
and the commands printed back to the respondent (to continue, to start over, what to do next).

Pure: no terminal, no files.
"""

from __future__ import annotations

import datetime
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from ids_assess.core.errors import UsageError
from ids_assess.core.model import Questionnaire
from ids_assess.core.vocab import AGENCY_ID
from ids_assess.survey.messages import msg

DEFAULT_QUESTIONNAIRE = "ids-core"


@dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    questionnaire: str | None = None  # None: the one of the file being continued, else ids-core
    output: Path | None = None
    agency: str | None = None
    agency_id: str | None = None
    respondent: str | None = None
    role: str | None = None
    partner: str | None = None
    tie: str | None = None
    lang: str = "en"
    evidence: bool = False
    resume: bool = False
    force: bool = False
    questionnaire_dirs: tuple[Path, ...] = ()
    today: datetime.date | None = field(default=None, compare=False)

    def date(self) -> datetime.date:
        """The date the survey is taken (``today``, else the clock's)."""
        return self.today or datetime.date.today()


def check_options(options: Options) -> None:
    """Option mistakes, found before anything is asked or written."""
    lang = options.lang
    if options.tie and not options.partner:
        raise UsageError(msg(lang, "tie_needs_partner"))
    if options.resume and options.force:
        raise UsageError(msg(lang, "resume_and_force"))
    if options.agency is not None and not options.agency.strip():
        raise UsageError(msg(lang, "empty_agency"))
    if options.agency_id and not AGENCY_ID.match(options.agency_id):
        raise UsageError(msg(lang, "bad_agency_id_opt", value=options.agency_id))


_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+\Z")


def quote(word: str) -> str:
    """Quote ``word`` for a POSIX shell when it needs it (letters of any script do not)."""
    return word if _SHELL_SAFE.match(word) else shlex.quote(word)


def resume_command(options: Options, path: Path) -> str:
    """The command that continues this survey."""
    return survey_command(options, path, [*(["--evidence"] if options.evidence else []), "--resume"])


def force_command(options: Options, path: Path, respondent: str | None) -> str:
    """The command that answers the complete file ``path`` (of ``respondent``) all again."""
    return survey_command(options, path, [*(["--respondent", respondent] if respondent else []), "--force"])


def survey_command(options: Options, path: Path, extra: list[str]) -> str:
    """``ids-assess survey`` on ``path`` with the questionnaire, folders and language of ``options``, then
    ``extra``, quoted for a shell."""
    words = ["ids-assess", "survey"]
    if options.questionnaire and options.questionnaire != DEFAULT_QUESTIONNAIRE:
        words += ["-q", options.questionnaire]
    for folder in options.questionnaire_dirs:
        words += ["--questionnaires", str(folder)]
    words += ["-o", str(path)]
    if options.lang != "en":
        words += ["--lang", options.lang]
    words += extra
    return " ".join(quote(word) for word in words)


def next_commands(path: Path, options: Options, questionnaire: Questionnaire) -> list[str]:
    """What to do with a finished answer file (pointing to the questionnaire when it is not bundled)."""
    f = quote(str(path))
    folders = [str(d) for d in options.questionnaire_dirs]
    if not folders and not questionnaire.origin.startswith("<bundled>/"):
        folders = [str(Path(questionnaire.origin).parent)]
    extra = "".join(f" --questionnaires {quote(folder)}" for folder in folders)
    lang = " --lang zh" if options.lang == "zh" else ""
    return [f"ids-assess validate {f}{extra}", f"ids-assess score {f}{lang}{extra}",
            f"ids-assess report {f} -o report.html --format html{lang}{extra}"]
