"""The ``import`` command: a survey platform's export in, one answer file per respondent out.

Spreadsheet libraries are imported only when it runs (in :mod:`ids_assess.io.exchange`).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ids_assess.cli.options import QuestionnaireDirs, Role, Tie
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    "ids-assess import kobo-export.csv -o answers/",
    "ids-assess import wjx-export.xlsx -q ids-core --agency \"City X Customs\" -o answers/",
)


class Platform(str, Enum):
    auto = "auto"
    kobo = "kobo"
    odk = "odk"
    wjx = "wjx"
    limesurvey = "limesurvey"
    qualtrics = "qualtrics"
    sheet = "sheet"


def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Exports: .csv, .xlsx or .xls.")],
    source: Annotated[Platform, typer.Option("--from", help="The platform the export comes from "
                                             "(auto: told by its headers).")] = Platform.auto,
    questionnaire: Annotated[Optional[str], typer.Option(
        "--questionnaire", "-q", metavar="ID|PATH", show_default=False,
        help="Questionnaire the answers belong to: ID (its latest version, or the version the export or the "
             "codebook names), ID@VERSION or a YAML file (default: the export's 'questionnaire' and 'version' "
             "columns, or the codebook's).")] = None,
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
    from ids_assess.cli.common import boundary, err, registry

    with boundary():
        import datetime

        from ids_assess.core.errors import UsageError
        from ids_assess.io.exchange.codebook import Codebook, load_codebook
        from ids_assess.io.exchange.imports import ImportOptions, draft_codebook, import_exports

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
            from ids_assess.io.output import write_atomic

            text, open_headers = draft_codebook(files[0], reg, options)
            write_atomic(output, text)
            err(f"wrote {output}")
            if open_headers:
                err(f"{len(open_headers)} column(s) left null (ignored): map each to an item id or a header field, "
                    "or leave it null; then: ids-assess import FILE --codebook " + str(output) + " -o DIR")
            return
        if output.exists() and not output.is_dir():
            raise UsageError(f"-o {output} is a file; give a folder for the answer files")
        if not output.exists() and output.suffix.lower() in (".yaml", ".yml", ".json", ".csv", ".xlsx", ".xls"):
            raise UsageError(f"-o {output} names a file, but import writes an answer file per respondent row into "
                             f"a folder: give a folder, e.g. -o {output.with_suffix('')}/")
        summary = import_exports(files, reg, options, output, force, lambda p: err(p.format()))
        err(summary.line(output))
        if summary.written:
            err(f"check them with: ids-assess validate {output}")
        if summary.skipped:
            raise typer.Exit(EXIT_INVALID)
