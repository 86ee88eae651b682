"""The ``export`` and ``import`` commands: questionnaires out to survey platforms, their exports back in.

Kept apart from ``cli.py``, which calls :func:`register`. ``boundary``, ``err`` and ``registry`` are imported
inside the functions because ``cli.py`` imports this module while it is itself being loaded. Spreadsheet
libraries are imported only by these commands (in ``ids_assess.exchange``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .cli_options import QuestionnaireDirs, Role, Tie
from .errors import EXIT_INVALID


class Target(str, Enum):
    xlsform = "xlsform"
    wjx = "wjx"
    limesurvey = "limesurvey"
    xlsx = "xlsx"
    csv = "csv"


class FormLang(str, Enum):
    en = "en"
    zh = "zh"
    both = "both"


class Platform(str, Enum):
    auto = "auto"
    kobo = "kobo"
    odk = "odk"
    wjx = "wjx"
    limesurvey = "limesurvey"
    qualtrics = "qualtrics"
    sheet = "sheet"


def export(
    questionnaire: Annotated[str, typer.Option("--questionnaire", "-q", metavar="ID|PATH",
                                               help="Questionnaire to export.")] = "ids-core",
    to: Annotated[Target, typer.Option("--to", help="xlsform (ODK, KoboToolbox), wjx (Wenjuanxing text import), "
                                       "limesurvey (survey structure .txt/.tsv, with a codebook beside it), xlsx "
                                       "or csv (a blank sheet, one row per respondent).")] = Target.xlsform,
    lang: Annotated[FormLang, typer.Option("--lang", help="Language of the form: en, zh or both "
                                           "(default: both where the target can hold two, else en).")]
    = FormLang.both,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                   help="File to write.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Export a questionnaire as a form for a survey platform, or as a blank sheet to fill in.

    Each item keeps its id (XLSForm name, [id] at the end of a Wenjuanxing title, a codebook for LimeSurvey,
    a column of the sheet), so that 'ids-assess import' maps the platform's export back to it.
    """
    from .cli import boundary, err, registry

    with boundary():
        from .errors import UsageError
        from .exchange import forms

        if output is None:
            raise UsageError("give the file to write with -o FILE")
        q = registry(questionnaires).get(questionnaire)
        chosen = lang.value
        if chosen == "both" and to in (Target.wjx, Target.xlsx, Target.csv):
            chosen = "zh" if to is Target.wjx else "both"
        targets = [output]
        if to is Target.limesurvey:
            targets.append(output.with_name(f"{output.stem}.codebook.yaml"))
        elif to is Target.csv:
            targets.append(output.with_name(f"{output.stem}.codebook.csv"))
        existing = [str(t) for t in targets if t.exists()]
        if existing and not force:
            raise UsageError(f"{', '.join(existing)} exists; use --force to overwrite")
        files = forms.export(q, to.value, chosen, output)
        for path in files:
            err(f"wrote {path}")
        err(_next_step(to, q.id, output))


def _next_step(to: Target, qid: str, output: Path) -> str:
    if to is Target.xlsform:
        return ("upload it to KoboToolbox or ODK Central as a form; export the responses as CSV or XLS with XML "
                "names as headers, then: ids-assess import EXPORT -o answers/")
    if to is Target.wjx:
        return "paste it into Wenjuanxing's text import (文本导入); export the answers (按选项序号或选项文本), then: " \
               "ids-assess import EXPORT.xlsx -q " + qid + " --agency NAME -o answers/"
    if to is Target.limesurvey:
        return (f"import it in LimeSurvey (Create survey, Import); export the responses as CSV with question codes, "
                f"then: ids-assess import EXPORT.csv --codebook {output.with_name(output.stem + '.codebook.yaml')} "
                "-o answers/")
    return f"fill one row per respondent, then: ids-assess import {output} -o answers/"


def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Exports: .csv, .xlsx or .xls.")],
    source: Annotated[Platform, typer.Option("--from", help="The platform the export comes from "
                                             "(auto: told by its headers).")] = Platform.auto,
    questionnaire: Annotated[Optional[str], typer.Option(
        "--questionnaire", "-q", metavar="ID|PATH", show_default=False,
        help="Questionnaire the answers belong to (default: the export's 'questionnaire' column, or the "
             "codebook's).")] = None,
    codebook: Annotated[Optional[Path], typer.Option("--codebook", metavar="FILE",
                                                     help="YAML mapping columns and values to items.")] = None,
    agency: Annotated[Optional[str], typer.Option(metavar="NAME", help="Agency, for rows without one.")] = None,
    agency_id: Annotated[Optional[str], typer.Option("--agency-id", metavar="ID",
                                                     help="Agency code, for rows without one.")] = None,
    role: Annotated[Optional[Role], typer.Option(metavar="ROLE", help="Role, for rows without one.")] = None,
    partner: Annotated[Optional[str], typer.Option(metavar="NAME", help="Partner agency, for rows without "
                                                   "one.")] = None,
    tie: Annotated[Optional[Tie], typer.Option(help="Tie with the partner, for rows without one.")] = None,
    date: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Date, for rows without one "
                                                "(default: the submission date where the export has it).")]
    = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="DIR|FILE",
                                                   help="Folder for the answer files (with --write-codebook: the "
                                                   "codebook file).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing answer files.")] = False,
    write_codebook: Annotated[bool, typer.Option("--write-codebook", help="Write a draft codebook for the "
                                                 "export instead of answer files.")] = False,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Import a survey platform's export: one answer file per respondent row.

    Reads KoboToolbox and ODK CSV/XLS exports, Wenjuanxing (问卷星) exports by option number or by option
    text, Qualtrics CSV (three header rows), LimeSurvey CSV (with the codebook that 'export --to limesurvey'
    wrote) and sheets from 'export --to xlsx|csv'. A bad cell is reported as FILE:ROW:COL and its row skipped;
    every other row is written (exit 1 when any row was skipped).
    """
    from .cli import boundary, err, registry

    with boundary():
        import datetime

        from .errors import UsageError
        from .exchange.codebook import Codebook, load_codebook
        from .exchange.imports import ImportOptions, draft_codebook, import_exports

        if output is None:
            raise UsageError("give the output with -o DIR (with --write-codebook: -o CODEBOOK.yaml)")
        missing = [str(p) for p in files if not p.exists()]
        if missing:
            raise UsageError("no such file: " + ", ".join(missing))
        answer_files = [str(p) for p in files if p.suffix.lower() in (".yaml", ".yml")]
        if answer_files:
            raise UsageError(f"{', '.join(answer_files)}: already YAML; import reads a survey platform's export "
                             "(.csv, .xlsx, .xls). Check answer files with: ids-assess validate FILE")
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                raise UsageError(f"--date {date} is not a date: write it as YYYY-MM-DD") from None
        book = load_codebook(codebook) if codebook is not None else Codebook()
        defaults: dict[str, Any] = {"agency": agency, "agency_id": agency_id, "role": role.value if role else None,
                                    "partner": partner, "tie": tie.value if tie else None, "date": date}
        options = ImportOptions(platform=source.value, questionnaire=questionnaire, codebook=book,
                                defaults={k: v for k, v in defaults.items() if v})
        reg = registry(questionnaires)
        if write_codebook:
            if len(files) != 1:
                raise UsageError("--write-codebook reads one export at a time")
            if output.exists() and not force:
                raise UsageError(f"{output} exists; use --force to overwrite it")
            from .output import write_atomic

            text, open_headers = draft_codebook(files[0], reg, options)
            write_atomic(output, text)
            err(f"wrote {output}")
            if open_headers:
                err(f"{len(open_headers)} column(s) left null (ignored): map each to an item id or a header field, "
                    "or leave it null; then: ids-assess import FILE --codebook " + str(output) + " -o DIR")
            return
        if output.exists() and not output.is_dir():
            raise UsageError(f"-o {output} is a file; give a folder for the answer files")
        summary = import_exports(files, reg, options, output, force, lambda p: err(p.format()))
        err(summary.line(output))
        if summary.written:
            err(f"check them with: ids-assess validate {output}")
        if summary.skipped:
            raise typer.Exit(EXIT_INVALID)


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``import`` to the command line."""
    app.command("export")(export)
    app.command("import")(import_)


__all__ = ["export", "import_", "register"]
