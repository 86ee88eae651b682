"""Exporting a questionnaire as a form for a survey platform, or as a blank sheet to fill in.

Targets: ``xlsform`` (ODK, KoboToolbox, Ona, Enketo), ``wjx`` (Wenjuanxing's plain-text import), ``limesurvey``
(its tab-separated survey structure, with a codebook of the codes), ``xlsx`` and ``csv`` (one row per
respondent). Workbooks are written with XlsxWriter, imported lazily.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ids_assess.core.model import Questionnaire, Text
from ids_assess.io.exchange import codebook
from ids_assess.io.exchange.mapping import CONFIDENCE_WORDS, HEADER_FIELDS, ROLE_WORDS, TIE_WORDS, column_letter
from ids_assess.io.output import write_atomic
from ids_assess.io.questionnaires import iter_items

TARGETS: tuple[str, ...] = ("xlsform", "wjx", "limesurvey", "xlsx", "csv")
LANGUAGE_NAMES = {"en": "English (en)", "zh": "中文 (zh)"}

_FIELD_TEXT: dict[str, Text] = {
    "agency": Text("The agency you answer for", "您所代表的机构"),
    "agency_id": Text("Agency code (optional; groups respondents of one agency)",
                      "机构代码（可选，用于归并同一机构的答卷）"),
    "respondent": Text("Your name (optional; leave blank to answer anonymously)", "您的姓名（可选，可匿名）"),
    "role": Text("Your role", "您的角色"),
    "date": Text("Date", "日期"),
    "partner": Text("The partner agency the relationship statements are about (optional)",
                    "关系类题目所指的合作机构（可选）"),
    "tie": Text("Your tie with the partner", "与合作机构的关系"),
}
_ROLE_TEXT = {code: Text(words[0].capitalize() if code != "it" else "IT", words[1])
              for code, words in ROLE_WORDS.items()}
_TIE_TEXT = {"vertical": Text("Vertical (tiao)", "条（纵向）"), "horizontal": Text("Horizontal (kuai)", "块（横向）")}
_CONF_TEXT = {code: Text(words[0].capitalize(), words[1]) for code, words in CONFIDENCE_WORDS.items()}
_ABOUT = Text("About you", "基本信息")
_CONFIDENCE_Q = Text("How sure are you of this answer?", "您对这一回答有多大把握？")
_EVIDENCE_Q = Text("Evidence (a document, a meeting, an example; optional)", "依据（文件、会议、实例等，可选）")


def languages(lang: str) -> tuple[str, ...]:
    return ("en", "zh") if lang == "both" else (lang,)


def export(questionnaire: Questionnaire, target: str, lang: str, output: Path) -> list[Path]:
    """Write ``questionnaire`` as ``target`` to ``output`` (and a codebook beside it where the target needs
    one); the files written."""
    langs = languages(lang)
    if target == "xlsform":
        write_atomic(output, _workbook_bytes(_xlsform, questionnaire, langs))
        return [output]
    if target == "wjx":
        write_atomic(output, wjx(questionnaire, langs[0] if lang != "both" else "zh"))
        return [output]
    if target == "limesurvey":
        tsv, book = limesurvey(questionnaire, langs)
        side = output.with_name(f"{output.stem}.codebook.yaml")
        write_atomic(output, tsv)
        write_atomic(side, book)
        return [output, side]
    if target == "xlsx":
        write_atomic(output, _workbook_bytes(_sheet_xlsx, questionnaire, langs))
        return [output]
    header, book_csv = sheet_csv(questionnaire, langs)
    side = output.with_name(f"{output.stem}.codebook.csv")
    write_atomic(output, header)
    write_atomic(side, book_csv)
    return [output, side]


def _workbook_bytes(make: Callable[[Questionnaire, tuple[str, ...], IO[bytes]], None],
                    questionnaire: Questionnaire, langs: tuple[str, ...]) -> bytes:
    """A workbook that ``make`` writes, as bytes (written to its target by :func:`write_atomic`)."""
    buffer = io.BytesIO()
    make(questionnaire, langs, buffer)
    return buffer.getvalue()


def _fields(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The header fields a form asks for (partner and tie only where the questionnaire has relationship
    factors, i.e. determinants)."""
    relational = any(f.determinant for f in questionnaire.factors.values())
    return tuple(f for f in HEADER_FIELDS if relational or f not in ("partner", "tie"))


# --- XLSForm ------------------------------------------------------------------------------------

def xlsform_rows(questionnaire: Questionnaire, langs: tuple[str, ...]) -> dict[str, list[list[Any]]]:
    """The three sheets of the XLSForm (survey, choices, settings) as rows, header row first."""
    label_cols = [f"label::{LANGUAGE_NAMES[lang]}" for lang in langs]
    hint_cols = [f"hint::{LANGUAGE_NAMES[lang]}" for lang in langs]
    survey: list[list[Any]] = [["type", "name", *label_cols, *hint_cols, "required", "relevant", "calculation"]]

    def row(kind: str, name: str, label: Text | None = None, hint: Text | None = None, required: str = "",
            relevant: str = "", calculation: str = "") -> None:
        labels = [label.get(lang) if label else "" for lang in langs]
        hints = [hint.get(lang) if hint else "" for lang in langs]
        survey.append([kind, name, *labels, *hints, required, relevant, calculation])

    row("calculate", "questionnaire", calculation=f"'{questionnaire.id}'")
    row("calculate", "version", calculation=f"'{questionnaire.version}'")
    row("begin_group", "respondent_info", _ABOUT)
    for name in _fields(questionnaire):
        if name == "role":
            row("select_one role", name, _FIELD_TEXT[name])
        elif name == "tie":
            row("select_one tie", name, _FIELD_TEXT[name], relevant="${partner} != ''")
        elif name == "date":
            row("date", name, _FIELD_TEXT[name])
        else:
            row("text", name, _FIELD_TEXT[name], required="yes" if name == "agency" else "")
    row("end_group", "respondent_info")
    for section in questionnaire.sections:
        row("begin_group", section.id, section.title)
        for factor in section.factors:
            row("begin_group", factor.id, factor.title)
            for item in factor.items:
                row("select_one scale", item.id, item.text, item.help)
                answered = "${" + item.id + "} != ''"
                row("select_one confidence", f"{item.id}_confidence", _CONFIDENCE_Q, relevant=answered)
                row("text", f"{item.id}_evidence", _EVIDENCE_Q, relevant=answered)
            row("end_group", factor.id)
        row("end_group", section.id)
    choices: list[list[Any]] = [["list_name", "name", *label_cols]]
    scale = questionnaire.scale
    for number in sorted(scale.labels):
        choices.append(["scale", str(number), *[scale.labels[number].get(lang) for lang in langs]])
    choices.append(["scale", "dk", *[scale.dk.get(lang) for lang in langs]])
    choices.append(["scale", "na", *[scale.na.get(lang) for lang in langs]])
    for code, text in _CONF_TEXT.items():
        choices.append(["confidence", code, *[text.get(lang) for lang in langs]])
    for code, text in _ROLE_TEXT.items():
        choices.append(["role", code, *[text.get(lang) for lang in langs]])
    for code, text in _TIE_TEXT.items():
        choices.append(["tie", code, *[text.get(lang) for lang in langs]])
    settings = [["form_title", "form_id", "version", "default_language"],
                [questionnaire.title.get(langs[0]), questionnaire.id, questionnaire.version,
                 LANGUAGE_NAMES[langs[0]]]]
    return {"survey": survey, "choices": choices, "settings": settings}


def _xlsform(questionnaire: Questionnaire, langs: tuple[str, ...], path: IO[bytes]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    for name, rows in xlsform_rows(questionnaire, langs).items():
        sheet = workbook.add_worksheet(name)
        for r, values in enumerate(rows):
            sheet.write_row(r, 0, [str(v) for v in values], bold if r == 0 else None)
        sheet.freeze_panes(1, 0)
    workbook.close()


# --- Wenjuanxing --------------------------------------------------------------------------------

def wjx(questionnaire: Questionnaire, lang: str) -> str:
    """Wenjuanxing's plain-text import (批量添加题目): questions separated by blank lines, each a numbered
    title ending in its type (``[单选题]``, ``[填空题]``; ``*`` before it: required) followed by one option
    per line. The type tag is consumed by the import, so every item's id, written in
    ``[...]`` just before it, stays at the end of the question's title."""
    lines: list[str] = []  # the survey's title and description are typed in when it is created
    number = 0
    for name in _fields(questionnaire):
        number += 1
        kind = "[单选题]" if name in ("role", "tie") else "[填空题]"
        required = "*" if name == "agency" else ""
        lines.append(f"{number}. {_FIELD_TEXT[name].get(lang)} [{name}]{required}{kind}")
        if name == "role":
            lines += [f"{text.get(lang)} ({code})" for code, text in _ROLE_TEXT.items()]
        elif name == "tie":
            lines += [f"{text.get(lang)} ({code})" for code, text in _TIE_TEXT.items()]
        lines.append("")
    scale = questionnaire.scale
    options = [scale.labels[n].get(lang) for n in sorted(scale.labels)] + [scale.dk.get(lang), scale.na.get(lang)]
    for item in iter_items(questionnaire):
        number += 1
        text = " ".join(item.text.get(lang).split())
        lines.append(f"{number}. {text}[{item.id}][单选题]")
        lines += options
        lines.append("")
    return "\n".join(lines)


# --- LimeSurvey ---------------------------------------------------------------------------------

_LS_COLUMNS = ["class", "type/scale", "name", "relevance", "text", "help", "language", "validation", "mandatory",
               "other", "default", "same_default"]


#: LimeSurvey's language codes (Simplified Chinese is ``zh-Hans`` there).
LIMESURVEY_LANGUAGES = {"en": "en", "zh": "zh-Hans"}


def limesurvey(questionnaire: Questionnaire, text_langs: tuple[str, ...]) -> tuple[str, str]:
    """LimeSurvey's tab-separated survey structure, and a codebook mapping its question codes (letters and
    digits only: no dots) back to item ids and header fields."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(_LS_COLUMNS)

    def put(cls: str, kind: str, name: str, text: str = "", help: str = "", lang: str = "", relevance: str = "",
            mandatory: str = "", validation: str = "") -> None:
        values = {"class": cls, "type/scale": kind, "name": name, "relevance": relevance, "text": text,
                  "help": help, "language": LIMESURVEY_LANGUAGES.get(lang, lang), "mandatory": mandatory,
                  "validation": validation, "other": "N" if cls == "Q" else ""}
        writer.writerow([_one_line(values.get(c, "")) for c in _LS_COLUMNS])

    langs = text_langs
    put("S", "", "language", LIMESURVEY_LANGUAGES[langs[0]])
    if len(langs) > 1:
        put("S", "", "additional_languages", " ".join(LIMESURVEY_LANGUAGES[lang] for lang in langs[1:]))
    put("S", "", "format", "G")
    for lang in langs:
        put("SL", "", "surveyls_title", questionnaire.title.get(lang), lang=lang)
        if questionnaire.description is not None:
            put("SL", "", "surveyls_description", questionnaire.description.get(lang), lang=lang)
    columns: dict[str, str | None] = {}
    scale = questionnaire.scale
    answers = [(str(n), scale.labels[n]) for n in sorted(scale.labels)] + [("dk", scale.dk), ("na", scale.na)]
    for lang in langs:
        put("G", "", _ABOUT.get(lang), lang=lang, relevance="1")
    for name in _fields(questionnaire):
        code = name.replace("_", "")
        columns[code] = name
        for lang in langs:
            hint = "leader, business, it, legal, other" if name == "role" else \
                "vertical, horizontal" if name == "tie" else ""
            kind = "D" if name == "date" else "S"
            put("Q", kind, code, _FIELD_TEXT[name].get(lang), hint, lang, "1", "Y" if name == "agency" else "N")
    for section in questionnaire.sections:
        for lang in langs:
            put("G", "", section.title.get(lang), section.description.get(lang) if section.description else "",
                lang=lang, relevance="1")
        for factor in section.factors:
            for item in factor.items:
                code = f"Q{len([c for c in columns if c.startswith('Q')]) + 1:03d}"
                columns[code] = item.id
                for lang in langs:
                    put("Q", "L", code, item.text.get(lang), item.help.get(lang) if item.help else "", lang, "1", "N")
                for answer_code, text in answers:
                    for lang in langs:
                        put("A", "0", answer_code, text.get(lang), lang=lang)
    book = codebook.render(questionnaire.id, questionnaire.version, columns)
    return out.getvalue(), book


def _one_line(value: str) -> str:
    return " ".join(value.split()) if value else ""


# --- blank sheets -------------------------------------------------------------------------------

def sheet_header(questionnaire: Questionnaire) -> list[str]:
    return ["questionnaire", "version", *_fields(questionnaire), *(item.id for item in iter_items(questionnaire))]


def codebook_rows(questionnaire: Questionnaire, langs: tuple[str, ...]) -> list[list[str]]:
    """One row per column of the blank sheet: its id and what goes in it, in ``langs``."""
    head = ["column"]
    for lang in langs:
        head += [f"statement ({lang})", f"scale ({lang})", f"help ({lang})"]
    rows = [head]
    scale = questionnaire.scale
    for lang_rows in ([("questionnaire", Text(f"always {questionnaire.id}", f"固定为 {questionnaire.id}"), None, None),
                       ("version", Text(f"always {questionnaire.version}", f"固定为 {questionnaire.version}"),
                        None, None)],):
        for name, text, _s, _h in lang_rows:
            row = [name]
            for lang in langs:
                row += [text.get(lang), "", ""]
            rows.append(row)
    for name in _fields(questionnaire):
        row = [name]
        for lang in langs:
            choices = ""
            if name == "role":
                choices = ", ".join(f"{code} = {t.get(lang)}" for code, t in _ROLE_TEXT.items())
            elif name == "tie":
                choices = ", ".join(f"{code} = {t.get(lang)}" for code, t in _TIE_TEXT.items())
            elif name == "date":
                choices = "YYYY-MM-DD"
            row += [_FIELD_TEXT[name].get(lang), choices, ""]
        rows.append(row)
    for item in iter_items(questionnaire):
        row = [item.id]
        for lang in langs:
            labels = ", ".join(f"{n} = {scale.labels[n].get(lang)}" for n in sorted(scale.labels))
            labels += f", dk = {scale.dk.get(lang)}, na = {scale.na.get(lang)}"
            row += [" ".join(item.text.get(lang).split()), labels,
                    " ".join(item.help.get(lang).split()) if item.help else ""]
        rows.append(row)
    return rows


def sheet_csv(questionnaire: Questionnaire, langs: tuple[str, ...]) -> tuple[str, str]:
    """The blank sheet's header row, and its codebook, as CSV (UTF-8 with a BOM, for Excel)."""
    def render(rows: list[list[str]]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in rows:
            writer.writerow([_safe(v) for v in row])
        return "\ufeff" + out.getvalue()

    return render([sheet_header(questionnaire)]), render(codebook_rows(questionnaire, langs))


def _safe(value: str) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _sheet_xlsx(questionnaire: Questionnaire, langs: tuple[str, ...], path: IO[bytes]) -> None:
    import xlsxwriter

    rows_allowed = 1000
    workbook = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "in_memory": True})
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet("answers")
    header = sheet_header(questionnaire)
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    fields = set(_fields(questionnaire))
    for column, name in enumerate(header):
        if name == "questionnaire" or name == "version":
            value = questionnaire.id if name == "questionnaire" else questionnaire.version
            for r in range(1, 2):
                sheet.write_string(r, column, value)
            continue
        if name in fields:
            if name in ("role", "tie"):
                options = list(ROLE_WORDS) if name == "role" else list(TIE_WORDS)
                sheet.data_validation(1, column, rows_allowed, column, {
                    "validate": "list", "source": options, "error_title": name,
                    "error_message": "Use one of: " + ", ".join(options)})
            continue
        sheet.set_column(column, column, 6, text)
        sheet.data_validation(1, column, rows_allowed, column, {
            "validate": "list", "source": ["1", "2", "3", "4", "5", "dk", "na"],
            "error_title": "Rating", "error_message": "Use 1-5, dk (don't know) or na (not applicable); "
            "leave blank when not answered."})
    book = workbook.add_worksheet("codebook")
    for r, values in enumerate(codebook_rows(questionnaire, langs)):
        book.write_row(r, 0, values, bold if r == 0 else None)
    book.set_column(0, 0, 36)
    book.set_column(1, 1 + 3 * len(langs), 50)
    sheet.write_comment(0, 0, f"One row per respondent. Statements, scale and help: sheet 'codebook'. "
                        f"Columns {column_letter(len(header) - len(questionnaire.items))} on are the items.")
    workbook.close()
