"""The ``export`` command: a questionnaire as a form for a survey platform, or as a blank sheet.

Spreadsheet libraries are imported only when it runs (in :mod:`ids_assess.io.exchange`).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ids_assess.cli.options import QuestionnaireDirs

#: Shown at the end of the command's help.
EXAMPLES = (
    "ids-assess export -q ids-core --to xlsform -o ids-core.xlsx",
    "ids-assess export -q territoriality --to wjx --lang zh -o territoriality-wjx.txt",
)


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


def export(
    questionnaire: Annotated[str, typer.Option("--questionnaire", "-q", metavar="ID|PATH",
                                               help="Questionnaire to export: ID (its latest version), "
                                                    "ID@VERSION or a YAML file.")] = "ids-core",
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
    from ids_assess.cli.common import boundary, err, registry

    with boundary():
        from ids_assess.core.errors import UsageError
        from ids_assess.io.exchange import forms

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
        err(_next_step(to, q.ref, output))


def _next_step(to: Target, ref: str, output: Path) -> str:
    if to is Target.xlsform:
        return ("upload it to KoboToolbox or ODK Central as a form; export the responses as CSV or XLS with XML "
                "names as headers, then: ids-assess import EXPORT -o answers/")
    if to is Target.wjx:
        return "paste it into Wenjuanxing's text import (文本导入); export the answers (按选项序号或选项文本), then: " \
               "ids-assess import EXPORT.xlsx -q " + ref + " --agency NAME -o answers/"
    if to is Target.limesurvey:
        return (f"import it in LimeSurvey (Create survey, Import); export the responses as CSV with question codes, "
                f"then: ids-assess import EXPORT.csv --codebook {output.with_name(output.stem + '.codebook.yaml')} "
                "-o answers/")
    return f"fill one row per respondent, then: ids-assess import {output} -o answers/"
