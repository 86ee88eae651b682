"""The ``survey`` command: options in, :func:`ids_assess.survey.flow.run` out, its exit code back.

Registered by :mod:`ids_assess.cli.app`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ids_assess.cli.options import Lang, QuestionnaireDirs, Role, Tie
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess survey -q territoriality --agency "City X Customs"',
    'ids-assess survey -o customs-territoriality.yaml --resume',
)


def survey(
    questionnaire: Annotated[Optional[str], typer.Option(
        "--questionnaire", "-q", metavar="ID|PATH", show_default=False,
        help="Questionnaire to answer (default: ids-core, or the one the -o file being continued is for).")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Answer file to write, or to continue. Default: a file in the current folder named after the "
             "agency, you (your name, else your role), the questionnaire and the date; your own unfinished "
             "one is continued. Refused when it holds another respondent's answers.")] = None,
    agency: Annotated[Optional[str], typer.Option(metavar="NAME", help="The agency you answer for "
                                                  "(asked when not given).")] = None,
    agency_id: Annotated[Optional[str], typer.Option(
        "--agency-id", metavar="ID", help="A code grouping respondents of one agency; '' for none without "
        "being asked.")] = None,
    respondent: Annotated[Optional[str], typer.Option(metavar="NAME", help="Your name; '' to answer "
                                                      "anonymously without being asked.")] = None,
    role: Annotated[Optional[Role], typer.Option(metavar="ROLE", help="Your role: leader, business, it, legal "
                                                 "or other.")] = None,
    partner: Annotated[Optional[str], typer.Option(metavar="NAME", help="The partner agency the "
                                                   "relationship statements are about.")] = None,
    tie: Annotated[Optional[Tie], typer.Option(help="With --partner: the tie with it.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the statements and of the survey.")] = Lang.en,
    evidence: Annotated[bool, typer.Option("--evidence", help="After each answer, also ask for confidence "
                                           "(high/medium/low) and an evidence note.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an unfinished answer file after its last "
                                         "answer; items skipped before it are offered at the end (running again "
                                         "on the file does the same).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Start your own answer file over, discarding its "
                                        "answers (never another respondent's file, one of another "
                                        "questionnaire, or an invalid one).")] = False,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Answer a questionnaire in the terminal, one statement at a time; every answer is saved at once.

    Keys (then Enter): 1-5 rate, d don't know, n not applicable, ? help, b back, s skip for now, q save and quit.

    Ctrl-C or end of input: answers saved, exit 130. SIGTERM, SIGHUP: answers saved, exit 128 + signal number.

    Needs a terminal. To answer in an editor instead: ids-assess template -q ID -o FILE.
    """
    from ids_assess.cli.common import boundary, err

    with boundary():
        from ids_assess.core.errors import UsageError
        from ids_assess.core.safetext import first_control
        from ids_assess.survey.flow import run
        from ids_assess.survey.options import Options
        from ids_assess.survey.start import InvalidAnswerFile

        given = {"--agency": agency, "--agency-id": agency_id, "--respondent": respondent, "--partner": partner}
        for flag, value in given.items():
            found = first_control(value or "")
            if found:  # it could not be saved in a valid answer file, nor shown as it is
                raise UsageError(f"{flag} holds the control character U+{ord(found):04X}; "
                                 "give the text without it")

        options = Options(
            questionnaire=questionnaire, output=output, agency=agency, agency_id=agency_id, respondent=respondent,
            role=role.value if role else None, partner=partner, tie=tie.value if tie else None, lang=lang.value,
            evidence=evidence, resume=resume, force=force, questionnaire_dirs=tuple(questionnaires or ()))
        try:
            code = run(options, environ=os.environ)  # the terminal is checked after the questionnaire
        except InvalidAnswerFile as exc:  # its problems, then why nothing was written
            for problem in exc.problems:
                err(problem.format())
            err(f"ids-assess: error: {exc.note}")
            raise typer.Exit(EXIT_INVALID) from None
    if code:
        raise typer.Exit(code)
