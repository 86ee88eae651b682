"""export and import through the command line: forms out, platform exports back in, as a user meets them.

Every round trip ends in answer files that validate and score exactly like the same answers written as YAML.
The exports in tests/data/exports/ are synthetic (see the README there); their respondents are in
tests/exchange_data.py.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from exchange_data import ITEMS, QUESTIONNAIRE, RESPONDENTS, answer_document

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
XF = "{http://www.w3.org/2002/xforms}"


def scores(cli: Any, folder: Path) -> list[dict[str, Any]]:
    """``score --format json`` of a folder, without the sources, in agency order."""
    run = cli("score", folder, "--format", "json")
    assert run.code == 0, run
    results = json.loads(run.out)["results"]
    for result in results:
        result.pop("source")
    return sorted(results, key=lambda r: r["agency"])


def expected_folder(tmp_path: Path, people: list[dict[str, Any]] = RESPONDENTS) -> Path:
    folder = tmp_path / "expected"
    folder.mkdir()
    for n, person in enumerate(people):
        text = yaml.safe_dump(answer_document(person), allow_unicode=True, sort_keys=False)
        (folder / f"r{n}.yaml").write_text(text, encoding="utf-8")
    return folder


def imported_documents(folder: Path) -> list[dict[str, Any]]:
    docs = []
    for path in sorted(folder.glob("*.yaml")):
        docs.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(docs, key=lambda d: d["agency"])


def assert_same_as_yaml(cli: Any, out: Path, tmp_path: Path, people: list[dict[str, Any]] = RESPONDENTS,
                        evidence: bool = True) -> None:
    """The imported files validate, hold the respondents' answers, and score like the YAML written by hand."""
    run = cli("validate", out)
    assert run.code == 0, run
    if not evidence:
        people = [{**p, "evidence": {}} for p in people]
    wanted = sorted((answer_document(p) for p in people), key=lambda d: d["agency"])
    assert imported_documents(out) == wanted
    assert scores(cli, out) == scores(cli, expected_folder(tmp_path, people))


# --- XLSForm -> pyxform -> Kobo CSV -> import ---------------------------------------------------------

def _leaf_paths(xform: str) -> list[str]:
    """The answer paths of an XForm's primary instance, as KoboToolbox names its CSV columns (groups joined
    with '/')."""
    root = ET.fromstring(xform)
    instance = root.find(f".//{XF}model/{XF}instance")
    assert instance is not None
    data = next(iter(instance))
    paths: list[str] = []

    def walk(element: ET.Element, prefix: list[str]) -> None:
        children = list(element)
        if not children:
            paths.append("/".join(prefix))
        for child in children:
            walk(child, [*prefix, child.tag.split("}")[-1]])

    for child in data:
        walk(child, [child.tag.split("}")[-1]])
    return paths


def test_xlsform_converts_without_errors_or_warnings_and_round_trips_through_a_kobo_export(cli, tmp_path):
    pyxform = pytest.importorskip("pyxform.xls2xform")
    form = tmp_path / "territoriality.xlsx"
    run = cli("export", "-q", "territoriality@1.0.0", "--to", "xlsform", "-o", form)
    assert run.code == 0, run
    warnings: list[str] = []
    result = pyxform.convert(str(form), warnings=warnings)
    assert warnings == []
    paths = _leaf_paths(result.xform)
    # every item is a question named by its id, inside its section's and its factor's groups
    for item_id in ITEMS:
        factor = QUESTIONNAIRE.factors[QUESTIONNAIRE.items[item_id].factor_id]
        assert f"{factor.section_id}/{factor.id}/{item_id}" in paths
    assert "questionnaire" in paths and "version" in paths
    # confidence and evidence are shown only once their item is answered
    assert ('nodeset="/data/marking/identity_marking/identity_marking.our_data_confidence" type="string" '
            'relevant=" /data/marking/identity_marking/identity_marking.our_data  != \'\'"') in result.xform
    # a KoboToolbox CSV export of three submissions: ';', group paths, metadata columns, XML values
    meta = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
            "__version__", "_tags", "_index"]
    header = ["start", "end", *paths, *meta]
    rows = [header]
    for n, person in enumerate(RESPONDENTS, 1):
        values = {"questionnaire": QUESTIONNAIRE.id, "version": QUESTIONNAIRE.version, "_uuid": f"uuid-{n}",
                  "_submission_time": f"{person['date']}T01:02:03", "_index": str(n), "meta/instanceID": f"uuid:{n}"}
        for path in paths:
            leaf = path.rsplit("/", 1)[-1]
            if leaf in ("agency", "agency_id", "respondent", "role", "date"):
                values[path] = person.get(leaf) or ""
            elif leaf in person["answers"]:
                values[path] = str(person["answers"][leaf])
            elif leaf.endswith(("_confidence", "_evidence")):
                item_id, _, kind = leaf.rpartition("_")
                if item_id in person["evidence"]:
                    values[path] = person["evidence"][item_id][0 if kind == "confidence" else 1]
        rows.append([values.get(column, "") for column in header])
    export = tmp_path / "kobo.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    export.write_text(buffer.getvalue(), encoding="utf-8")
    out = tmp_path / "answers"
    run = cli("import", export, "-o", out)  # no -q: the form's calculate fields name the questionnaire
    assert run.code == 0, run
    assert sorted(p.name for p in out.glob("*.yaml")) == ["uuid-1.yaml", "uuid-2.yaml", "uuid-3.yaml"]
    assert "3 row(s) read from 1 file(s): 3 answer file(s) written" in run.err
    assert_same_as_yaml(cli, out, tmp_path)


def test_xlsform_of_every_bundled_questionnaire_converts_cleanly(cli, tmp_path):
    pyxform = pytest.importorskip("pyxform.xls2xform")
    for qid in ("ids-core", "data-stickiness", "territoriality"):
        for lang in ("both", "zh", "en"):
            form = tmp_path / f"{qid}-{lang}.xlsx"
            assert cli("export", "-q", qid, "--to", "xlsform", "--lang", lang, "-o", form).code == 0
            warnings: list[str] = []
            result = pyxform.convert(str(form), warnings=warnings)
            assert warnings == [], (qid, lang, warnings)
            assert f'id="{qid}"' in result.xform
    core = _leaf_paths(pyxform.convert(str(tmp_path / "ids-core-both.xlsx")).xform)
    assert "respondent_info/partner" in core and "respondent_info/tie" in core  # it has relationship factors
    assert "respondent_info/partner" not in _leaf_paths(pyxform.convert(str(form)).xform)


# --- the bundled fixtures --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, extra, evidence", [
    ("kobo-territoriality.csv", [], True),
    ("odk-central-territoriality.csv", [], False),
    ("wjx-by-number.xlsx", ["-q", "territoriality@1.0.0"], False),
    ("wjx-by-text.xlsx", ["-q", "territoriality@1.0.0"], False),
    ("wjx-by-number.xls", ["-q", "territoriality@1.0.0"], False),
    ("qualtrics-territoriality.csv", ["-q", "territoriality@1.0.0"], False),
    ("sheet-territoriality.xlsx", [], False),
    ("sheet-gbk-semicolon.csv", [], False),
    ("sheet-tab-bom.csv", [], False),
    ("limesurvey-responses.csv", ["--codebook", EXPORTS / "limesurvey-territoriality.codebook.yaml"], False),
])
def test_each_platform_export_imports_like_the_same_answers_in_yaml(cli, tmp_path, name, extra, evidence):
    out = tmp_path / "answers"
    run = cli("import", EXPORTS / name, *extra, "-o", out)
    assert run.code == 0, run
    assert "warning" not in run.err
    assert_same_as_yaml(cli, out, tmp_path, evidence=evidence)


def test_file_names_come_from_the_response_id_else_the_row(cli, tmp_path):
    run = cli("import", EXPORTS / "qualtrics-territoriality.csv", EXPORTS / "wjx-by-number.xlsx",
              EXPORTS / "sheet-territoriality.xlsx", "-q", "territoriality@1.0.0", "-o", tmp_path)
    assert run.code == 0, run
    names = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert "r_3kvxqw1zp9alm2.yaml" in names  # Qualtrics' ResponseId
    assert "wjx-by-number-1.yaml" in names  # Wenjuanxing's 序号, a running number: with the file's name
    assert "sheet-territoriality-r2.yaml" in names  # no id: the file and the Excel row
    assert "9 row(s) read from 3 file(s): 9 answer file(s) written" in run.err


def test_an_existing_answer_file_is_never_overwritten_without_force(cli, tmp_path):
    source = EXPORTS / "kobo-territoriality.csv"
    assert cli("import", source, "-o", tmp_path).code == 0
    target = next(tmp_path.glob("*.yaml"))
    target.write_text("# mine\n", encoding="utf-8")
    run = cli("import", source, "-o", tmp_path)
    assert run.code == 1
    assert "exists; not overwritten" in run.err and "--force" in run.err
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert cli("import", source, "-o", tmp_path, "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("# imported by ids-assess")


def test_options_fill_header_fields_the_export_lacks(cli, tmp_path):
    export = tmp_path / "plain.csv"
    export.write_text("identity_marking.our_data,identity_marking.source_of_status\n4,Agree\n,不知道\n",
                      encoding="utf-8")
    run = cli("import", export, "-q", "territoriality@1.0.0", "-o", tmp_path / "out")
    assert run.code == 2 and "--agency" in run.err
    run = cli("import", export, "-q", "territoriality@1.0.0", "--agency", "Tax Bureau", "--agency-id", "tax", "--role",
              "legal", "--date", "2026-12-01", "-o", tmp_path / "out")
    assert run.code == 0, run
    docs = imported_documents(tmp_path / "out")
    assert docs[0]["agency"] == "Tax Bureau" and docs[0]["role"] == "legal" and docs[0]["date"] == "2026-12-01"
    assert [d["answers"] for d in docs] == [{"identity_marking.our_data": 4, "identity_marking.source_of_status": 4},
                                            {"identity_marking.source_of_status": "dk"}]
    assert cli("validate", tmp_path / "out").code == 0


def test_the_questionnaire_must_be_known(cli, tmp_path):
    export = tmp_path / "plain.csv"
    export.write_text("agency,identity_marking.our_data\nX,4\n", encoding="utf-8")
    run = cli("import", export, "-o", tmp_path / "out")
    assert run.code == 2 and "-q ID" in run.err and "Traceback" not in run.err


# --- bad input ------------------------------------------------------------------------------------

def test_a_bad_cell_is_placed_and_its_row_skipped_while_every_other_row_is_written(cli, tmp_path):
    run = cli("import", EXPORTS / "bad-cells.csv", "-o", tmp_path)
    assert run.code == 1
    lines = run.err.splitlines()
    assert 'bad-cells.csv:3:5: identity_marking.our_data: 7 is not a rating (column E "Statement \\"one\\"\\t' \
           '[identity_marking.our_data]") (use 1-5, dk or na' in run.err
    assert any(line.endswith('bad-cells.csv:4:3: role "boss" is not one of leader, business, it, legal, other '
                             '(column C "role") (use leader, business, it, legal or other (or 领导, 业务, 信息技术, '
                             '法务, 其他))') for line in lines)
    assert any('bad-cells.csv:4:4: date "2026-02-30" is not a real date (column D "date")' in line for line in lines)
    assert any("warning" in line and 'column G "Comments"' in line for line in lines)
    assert "4 row(s) read from 1 file(s): 2 answer file(s) written" in run.err
    assert "2 row(s) skipped, 1 column(s) ignored" in run.err
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["bad-cells-r2.yaml", "bad-cells-r5.yaml"]
    assert cli("validate", tmp_path).code == 0


@pytest.mark.parametrize("name, words", [
    ("bad-password.xlsx", "password-protected"),
    ("bad-corrupt.xlsx", "damaged"),
    ("bad-word.docx", "Word document"),
    ("bad-encoding.csv", "neither UTF-8 nor GBK/GB18030"),
])
def test_an_unreadable_file_is_one_line_saying_what_to_do(cli, tmp_path, name, words):
    run = cli("import", EXPORTS / name, "-q", "territoriality@1.0.0", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.count("\n") == 1 and words in run.err and "Traceback" not in run.err
    assert not (tmp_path / "out").exists()


def test_a_word_file_renamed_to_xlsx_is_still_named_as_such(cli, tmp_path):
    renamed = tmp_path / "answers.xlsx"
    shutil.copy(EXPORTS / "bad-word.docx", renamed)
    run = cli("import", renamed, "-q", "territoriality@1.0.0", "-o", tmp_path / "out")
    assert run.code == 1 and "Word document" in run.err


def test_no_file_is_written_when_any_export_cannot_be_read(cli, tmp_path):
    run = cli("import", EXPORTS / "kobo-territoriality.csv", EXPORTS / "bad-word.docx", "-o", tmp_path / "out")
    assert run.code == 1 and not (tmp_path / "out").exists()


# --- codebooks ------------------------------------------------------------------------------------

def test_a_codebook_maps_columns_and_values(cli, tmp_path):
    export = tmp_path / "custom.csv"
    export.write_text("部门,岗位,第1题,第2题,备注\n市场监管局,it,很同意,2,x\n海关,business,说不清,非常同意,y\n",
                      encoding="utf-8")
    book = tmp_path / "book.yaml"
    book.write_text("questionnaire: territoriality\nversion: 1.0.0\ncolumns:\n  部门: agency\n  岗位: role\n"
                    "  第1题: identity_marking.our_data\n  第2题: identity_marking.source_of_status\n  备注: null\n"
                    "values:\n  很同意: 5\n  说不清: dk\ndefaults:\n  date: '2026-11-30'\n", encoding="utf-8")
    run = cli("import", export, "--codebook", book, "-o", tmp_path / "out")
    assert run.code == 0, run
    assert "warning" not in run.err
    docs = imported_documents(tmp_path / "out")
    assert [d["answers"] for d in docs] == [
        {"identity_marking.our_data": 5, "identity_marking.source_of_status": 2},
        {"identity_marking.our_data": "dk", "identity_marking.source_of_status": 5}]
    assert {d["date"] for d in docs} == {"2026-11-30"}


def test_an_invalid_codebook_is_located(cli, tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text("questionnaire: territoriality\nvalues:\n  very: 7\n", encoding="utf-8")
    run = cli("import", EXPORTS / "kobo-territoriality.csv", "--codebook", book, "-o", tmp_path / "out")
    assert run.code == 1 and "book.yaml:3:" in run.err


def test_write_codebook_drafts_one_that_import_accepts(cli, tmp_path):
    export = tmp_path / "custom.csv"
    export.write_text("部门,identity_marking.our_data,Q2\n市场监管局,很同意,2\n", encoding="utf-8")
    book = tmp_path / "book.yaml"
    run = cli("import", export, "-q", "territoriality@1.0.0", "--write-codebook", "-o", book)
    assert run.code == 0, run
    data = yaml.safe_load(book.read_text(encoding="utf-8"))
    assert data["questionnaire"] == "territoriality"
    assert data["columns"] == {"部门": None, "identity_marking.our_data": "identity_marking.our_data", "Q2": None}
    assert data["values"] == {"很同意": None}
    assert "2 column(s) left null" in run.err
    text = book.read_text(encoding="utf-8").replace("部门: null", "部门: agency").replace("很同意: null", "很同意: 5")
    book.write_text(text.replace("Q2: null", "Q2: identity_marking.source_of_status"), encoding="utf-8")
    run = cli("import", export, "--codebook", book, "-o", tmp_path / "out")
    assert run.code == 0, run
    assert imported_documents(tmp_path / "out")[0]["answers"] == {"identity_marking.our_data": 5,
                                                                 "identity_marking.source_of_status": 2}


# --- the other export targets --------------------------------------------------------------------

def test_wjx_export_puts_each_id_in_brackets_at_the_end_of_its_title(cli, tmp_path):
    out = tmp_path / "form.txt"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "wjx", "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    first = QUESTIONNAIRE.items[ITEMS[0]].text.zh
    assert f"{first}[{ITEMS[0]}][单选题]\n" in text  # the type tag is consumed: the id ends the title
    assert "[agency]*[填空题]\n" in text
    block = text.split(f"[{ITEMS[0]}][单选题]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block == ["非常不同意", "不同意", "中立", "同意", "非常同意", "不知道", "不适用"]
    english = tmp_path / "form-en.txt"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "wjx", "--lang", "en", "-o", english).code == 0
    assert "Strongly agree" in english.read_text(encoding="utf-8")


def test_limesurvey_export_writes_a_codebook_of_its_codes(cli, tmp_path):
    out = tmp_path / "survey.txt"
    run = cli("export", "-q", "territoriality@1.0.0", "--to", "limesurvey", "-o", out)
    assert run.code == 0, run
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert rows[0][:7] == ["class", "type/scale", "name", "relevance", "text", "help", "language"]
    questions = [r for r in rows if r[0] == "Q" and r[1] == "L"]
    assert all(r[2].isalnum() for r in questions)  # codes hold no dots
    assert {r[6] for r in questions} == {"en", "zh-Hans"}  # LimeSurvey's code for Simplified Chinese
    book = yaml.safe_load((tmp_path / "survey.codebook.yaml").read_text(encoding="utf-8"))
    assert book["questionnaire"] == "territoriality"
    assert sorted(v for v in book["columns"].values() if "." in v) == sorted(ITEMS)


def test_sheet_exports_have_a_codebook_and_validation(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    xlsx = tmp_path / "blank.xlsx"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "xlsx", "--lang", "zh", "-o", xlsx).code == 0
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames == ["answers", "codebook"]
    header = [c.value for c in workbook["answers"][1]]
    assert header[:7] == ["questionnaire", "version", "agency", "agency_id", "respondent", "role", "date"]
    assert header[7:] == ITEMS
    rules = workbook["answers"].data_validations.dataValidation
    assert any('"1,2,3,4,5,dk,na"' in (r.formula1 or "") for r in rules)
    book = [[c.value for c in row] for row in workbook["codebook"].iter_rows()]
    assert book[0] == ["column", "statement (zh)", "scale (zh)", "help (zh)"]
    assert any(row[0] == ITEMS[0] and row[1] == QUESTIONNAIRE.items[ITEMS[0]].text.zh for row in book)
    # the blank sheet itself imports to nothing, cleanly
    run = cli("import", xlsx, "-o", tmp_path / "out")
    assert run.code == 0 and "0 row(s) read" in run.err
    blank = tmp_path / "blank.csv"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "csv", "-o", blank).code == 0
    assert blank.read_text(encoding="utf-8-sig").splitlines()[0].split(",")[7:] == ITEMS
    assert "statement (en)" in (tmp_path / "blank.codebook.csv").read_text(encoding="utf-8-sig")


def test_export_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "form.txt"
    out.write_text("mine", encoding="utf-8")
    run = cli("export", "-q", "territoriality@1.0.0", "--to", "wjx", "-o", out)
    assert run.code == 2 and out.read_text(encoding="utf-8") == "mine"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "wjx", "-o", out, "--force").code == 0


# --- start-up ---------------------------------------------------------------------------------------

def test_validate_and_score_of_yaml_never_import_spreadsheet_libraries(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(answer_document(RESPONDENTS[0]), allow_unicode=True), encoding="utf-8")
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ids_assess.cli.app import app\n"
        f"for args in (['validate', {str(answers)!r}], ['score', {str(answers)!r}]):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('python_calamine', 'xlsxwriter', 'openpyxl', 'xlrd', 'pyxform') or m.startswith('ids_assess.io.exchange'))\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- score, validate and report read exports named on the command line ------------------------------

def test_score_reads_an_export_named_on_the_command_line_like_its_imported_files(cli, tmp_path):
    export = EXPORTS / "kobo-territoriality.csv"
    direct = scores(cli, export)
    assert [r["agency"] for r in direct] == sorted(p["agency"] for p in RESPONDENTS)
    assert direct == scores(cli, expected_folder(tmp_path))
    run = cli("score", export, "--format", "json")
    sources = [r["source"] for r in json.loads(run.out)["results"]]
    assert sources == [f"{export}:2", f"{export}:3", f"{export}:4"]


def test_validate_and_report_read_exports_too(cli, tmp_path):
    run = cli("validate", EXPORTS / "bad-cells.csv")
    assert run.code == 1 and "bad-cells.csv:3:5:" in run.out and "bad-cells.csv:4:3:" in run.out
    run = cli("report", EXPORTS / "sheet-territoriality.xlsx", "-o", tmp_path / "reports")
    assert run.code == 0, run
    assert (tmp_path / "reports" / "index.html").is_file()
    run = cli("score", EXPORTS / "wjx-by-number.xlsx")  # it does not name its questionnaire
    assert run.code == 1 and "-q ID" in run.err and run.err.count("wjx-by-number.xlsx") == 1


def test_a_sheet_whose_table_starts_lower_and_further_right_keeps_excel_places(cli, tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "offset.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(2, 1, ["agency", ITEMS[0]])  # B3
    sheet.write_row(3, 1, ["X Bureau", 4])
    sheet.write_row(5, 1, ["Y Bureau", 9])  # a blank row 5 between
    workbook.close()
    run = cli("import", path, "-q", "territoriality@1.0.0", "-o", tmp_path / "out")
    assert run.code == 1
    assert f'offset.xlsx:6:3: {ITEMS[0]}: 9 is not a rating (column C "{ITEMS[0]}")' in run.err
    assert "2 row(s) read from 1 file(s): 1 answer file(s) written" in run.err


def test_import_refuses_yaml_and_missing_files(cli, tmp_path, answer_file):
    run = cli("import", answer_file({}), "-o", tmp_path / "out")
    assert run.code == 2 and "already YAML" in run.err
    run = cli("import", tmp_path / "nope.csv", "-o", tmp_path / "out")
    assert run.code == 2 and "no such file" in run.err


def test_wjx_export_of_a_questionnaire_with_relationship_items_asks_partner_and_tie(cli, tmp_path):
    out = tmp_path / "core.txt"
    assert cli("export", "-q", "ids-core", "--to", "wjx", "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert "[partner][填空题]" in text and "[tie][单选题]\n条（纵向） (vertical)\n块（横向） (horizontal)\n" in text


# --- round trips starting from our own exports ------------------------------------------------------

def _wjx_titles(text: str) -> list[str]:
    """The question titles Wenjuanxing makes of our text: the number and the type tag taken off."""
    titles = []
    for block in text.strip().split("\n\n"):
        first = block.splitlines()[0]
        number, _, rest = first.partition(". ")
        assert number.isdigit()
        titles.append(rest.rsplit("[", 1)[0].rstrip("*"))  # "[单选题]" / "*[填空题]" off
    return titles


@pytest.mark.parametrize("by_text", [False, True])
def test_wjx_round_trip_from_our_text_by_option_number_and_by_option_text(cli, tmp_path, by_text):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    form = tmp_path / "form.txt"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "wjx", "-o", form).code == 0
    titles = _wjx_titles(form.read_text(encoding="utf-8"))
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    header += [f"{n}、{title}" for n, title in enumerate(titles, 1)]
    scale = QUESTIONNAIRE.scale
    workbook = xlsxwriter.Workbook(str(tmp_path / "wjx.xlsx"))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, header)
    roles = ["leader", "business", "it", "legal", "other"]
    for r, person in enumerate(RESPONDENTS, 1):
        row: list[Any] = [r, "2026/11/22 10:00:00", "300秒", "微信", "N/A", "203.0.113.9"]
        for title in titles:
            name = title.rsplit("[", 1)[1].rstrip("]")
            if name == "role":
                row.append(roles.index(person["role"]) + 1 if not by_text else f"x ({person['role']})")
            elif name in ("agency", "agency_id", "respondent", "date"):
                row.append(person.get(name) or "(空)")
            else:
                rating = person["answers"].get(name)
                if by_text:
                    text = {"dk": scale.dk.zh, "na": scale.na.zh}.get(rating) if isinstance(rating, str) else \
                        scale.labels[rating].zh if rating else "(跳过)"
                    row.append(text)
                else:
                    row.append({"dk": 6, "na": 7}.get(rating, rating) if rating is not None else -2)
        sheet.write_row(r, 0, row)
    workbook.close()
    out = tmp_path / "answers"
    run = cli("import", tmp_path / "wjx.xlsx", "-q", "territoriality@1.0.0", "-o", out)
    assert run.code == 0, run
    assert "warning" not in run.err
    assert_same_as_yaml(cli, out, tmp_path, evidence=False)


def test_sheet_round_trip_from_our_blank_xlsx(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    blank = tmp_path / "blank.xlsx"
    assert cli("export", "-q", "territoriality@1.0.0", "--to", "xlsx", "-o", blank).code == 0
    workbook = openpyxl.load_workbook(blank)
    sheet = workbook["answers"]
    header = [c.value for c in sheet[1]]
    for r, person in enumerate(RESPONDENTS, 2):
        for c, name in enumerate(header, 1):
            value = person.get(name) if name in ("agency", "agency_id", "respondent", "role", "date") else \
                person["answers"].get(name)
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    workbook.save(blank)
    out = tmp_path / "answers"
    run = cli("import", blank, "-o", out)
    assert run.code == 0, run
    assert_same_as_yaml(cli, out, tmp_path, evidence=False)


@pytest.mark.parametrize("name", ["one.yaml", "answers.json", "out.csv"])
def test_import_refuses_an_output_that_names_a_file(cli, tmp_path, name):
    # one answer file per row goes into a folder: '-o one.yaml' made a folder of that name
    run = cli("import", EXPORTS / "kobo-territoriality.csv", "-o", tmp_path / name)
    stem = (tmp_path / name).with_suffix("")
    assert run.code == 2 and run.err == (f"ids-assess: error: -o {tmp_path / name} names a file, but import writes an "
                                         "answer file per respondent row into a folder: give a folder, e.g. -o "
                                         f"{stem}/\n")
    assert not (tmp_path / name).exists()
    assert cli("import", EXPORTS / "kobo-territoriality.csv", "-o", f"{stem}/").code == 0
