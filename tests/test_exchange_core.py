"""The exchange package inside: reading tables, telling platforms apart, mapping columns and values, and
read_export (answer sets without files)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from exchange_data import ITEMS, QUESTIONNAIRE, RESPONDENTS, answer_document

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import AnswerSet
from ids_assess.io.exchange import mapping
from ids_assess.io.exchange.codebook import Codebook, load_codebook
from ids_assess.io.exchange.imports import Export, ImportOptions, read_export, slug
from ids_assess.io.exchange.reading import read_csv_bytes, read_table, sniff_delimiter
from ids_assess.io.questionnaires import Registry

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
REG = Registry()


@pytest.mark.parametrize("line, delimiter", [
    ("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("single", ","), ("a;b,c;d", ";"),
])
def test_the_delimiter_is_the_commonest_outside_quotes(line, delimiter):
    assert sniff_delimiter(line) == delimiter


def test_qualtrics_three_header_rows_are_headers_and_rows_keep_excel_numbers():
    table = read_table(EXPORTS / "qualtrics-territoriality.csv")
    assert len(table.header_rows) == 3
    assert [number for number, _ in table.rows] == [4, 5, 6]
    assert mapping.detect_platform(table.header_rows) == "qualtrics"


@pytest.mark.parametrize("name, platform", [
    ("kobo-territoriality.csv", "kobo"), ("odk-central-territoriality.csv", "odk"),
    ("wjx-by-number.xlsx", "wjx"), ("wjx-by-text.xlsx", "wjx"), ("qualtrics-territoriality.csv", "qualtrics"),
    ("limesurvey-responses.csv", "limesurvey"), ("sheet-territoriality.xlsx", "sheet"),
])
def test_platforms_are_told_by_their_headers(name, platform):
    assert mapping.detect_platform(read_table(EXPORTS / name).header_rows) == platform


def test_csv_encodings():
    text = "agency,identity_marking.our_data\n市场监管局,同意\n"
    for raw in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("gbk"),
                text.encode("gb18030"), text.encode("utf-16")):
        table = read_csv_bytes(raw, "x.csv")
        assert table.header_rows == [["agency", "identity_marking.our_data"]]
        assert list(table.rows) == [(2, ["市场监管局", "同意"])]
    with pytest.raises(InvalidInput) as caught:
        read_csv_bytes("agency\nCaf\u00e9 X\n".encode("cp1252"), "x.csv")
    assert "neither UTF-8 nor GBK" in caught.value.problems[0].message


def test_a_file_without_a_header_row_is_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no header row"):
        read_table(empty)


@pytest.mark.parametrize("header, target", [
    ("identity_marking.our_data", mapping.Target("item", "identity_marking.our_data")),
    ("marking/identity_marking/identity_marking.our_data", mapping.Target("item", "identity_marking.our_data")),
    ("marking.identity_marking.identity_marking.our_data", mapping.Target("item", "identity_marking.our_data")),
    ("6、本部门……数据。[identity_marking.our_data]", mapping.Target("item", "identity_marking.our_data")),
    ("Q6 【identity_marking.our_data】", mapping.Target("item", "identity_marking.our_data")),
    ("g/identity_marking.our_data_confidence", mapping.Target("confidence", "identity_marking.our_data")),
    ("g/identity_marking.our_data_evidence", mapping.Target("evidence", "identity_marking.our_data")),
    ("respondent_info/agency", mapping.Target("field", "agency")),
    ("1、您所代表的机构 [agency]", mapping.Target("field", "agency")),
    ("questionnaire", mapping.Target("form", "questionnaire")),
])
def test_columns_map_by_id_last_segment_or_bracketed_id(header, target):
    found = mapping.map_columns([[header]], "kobo", QUESTIONNAIRE.items, {})
    assert found.targets == {0: target}


def test_unknown_columns_are_unmapped_and_duplicates_reported():
    found = mapping.map_columns([["identity_marking.our_data", "x/identity_marking.our_data", "Notes", "_id"]],
                                "kobo", QUESTIONNAIRE.items, {})
    assert found.unmapped == [2]
    assert found.duplicates == [(1, 0, "identity_marking.our_data")]
    assert found.targets[3].kind == "id"


def test_odk_central_groups_joined_by_dashes():
    found = mapping.map_columns([["marking-identity_marking-identity_marking.our_data"]], "odk",
                                QUESTIONNAIRE.items, {})
    assert found.targets == {0: mapping.Target("item", "identity_marking.our_data")}


@pytest.mark.parametrize("value, rating", [
    (4, 4), (4.0, 4), ("4", 4), ("4.0", 4), ("４", 4), (" 5 ", 5), ("dk", "dk"), ("NA", "na"), ("N/A", "na"),
    ("Strongly agree", 5), ("strongly AGREE", 5), ("非常同意", 5), ("不知道", "dk"), ("不适用", "na"),
    ("Don\u2019t know", "dk"), ("", None), (None, None), ("   ", None),
])
def test_ratings_from_numbers_codes_and_labels(value, rating):
    assert mapping.build_scale(QUESTIONNAIRE, "sheet", {}).rating(value) == rating


@pytest.mark.parametrize("value", [0, 6, 4.5, "7", "sure", True, datetime.date(2026, 1, 4), -2])
def test_bad_ratings(value):
    with pytest.raises(mapping.BadValue):
        mapping.build_scale(QUESTIONNAIRE, "sheet", {}).rating(value)


def test_wenjuanxing_codes():
    scale = mapping.build_scale(QUESTIONNAIRE, "wjx", {})
    assert [scale.rating(v) for v in (-2, -3, "-3", 6, 7, "(跳过)")] == [None, None, None, "dk", "na", None]
    assert mapping.field_value("role", 3, "wjx") == "it" and mapping.field_value("respondent", "(空)", "wjx") is None


def test_codebook_values_extend_the_scale():
    scale = mapping.build_scale(QUESTIONNAIRE, "sheet", {"Tend to agree": 4, "Skipped": None})
    assert scale.rating("tend to agree") == 4 and scale.rating("Skipped") is None


@pytest.mark.parametrize("name, value, expected", [
    ("role", "IT", "it"), ("role", "领导", "leader"), ("role", "信息技术 (it)", "it"), ("tie", "块", "horizontal"),
    ("date", datetime.datetime(2026, 11, 22, 10, 1), "2026-11-22"), ("date", "2026/11/22 10:01:59", "2026-11-22"),
    ("date", "2026-11-22T01:21:13", "2026-11-22"), ("agency", "  X Bureau ", "X Bureau"), ("agency_id", "", None),
])
def test_header_field_values(name, value, expected):
    assert mapping.field_value(name, value) == expected


@pytest.mark.parametrize("name, value", [("role", "boss"), ("tie", "diagonal"), ("date", "2026-02-30"),
                                         ("date", "next week"), ("agency_id", "city x")])
def test_bad_header_field_values(name, value):
    with pytest.raises(mapping.BadValue):
        mapping.field_value(name, value)


def test_column_letters():
    assert [mapping.column_letter(c) for c in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_slugs():
    assert slug("uuid:5B1C-0001") == "uuid-5b1c-0001"
    assert slug("R_3kVxQw1") == "r_3kvxqw1"
    assert slug("问卷") == ""


# --- read_export ------------------------------------------------------------------------------------

def _expected_sets() -> list[dict[str, object]]:
    return sorted((answer_document(p) for p in RESPONDENTS), key=lambda d: str(d["agency"]))


def _as_document(answer_set: AnswerSet) -> dict[str, object]:
    doc: dict[str, object] = {"questionnaire": answer_set.questionnaire, "version": answer_set.version,
                              "agency": answer_set.agency}
    for key in ("agency_id", "respondent", "role", "date", "partner", "tie"):
        if getattr(answer_set, key) is not None:
            doc[key] = getattr(answer_set, key)
    answers: dict[str, object] = {}
    for item, answer in answer_set.answers.items():
        if answer.confidence or answer.evidence:
            answers[item] = {"rating": answer.rating, "confidence": answer.confidence, "evidence": answer.evidence}
        else:
            answers[item] = answer.rating
    doc["answers"] = answers
    return doc


def test_read_export_yields_answer_sets_and_writes_nothing(tmp_path):
    before = set(tmp_path.iterdir())
    sets = list(read_export(EXPORTS / "kobo-territoriality.csv", REG))
    assert all(isinstance(s, AnswerSet) for s in sets)
    assert sorted((_as_document(s) for s in sets if isinstance(s, AnswerSet)),
                  key=lambda d: str(d["agency"])) == _expected_sets()
    assert sets[0].source.endswith("kobo-territoriality.csv:2")
    assert set(tmp_path.iterdir()) == before


def test_read_export_yields_the_problems_of_a_bad_row_and_goes_on():
    outcomes = list(read_export(EXPORTS / "bad-cells.csv", REG))
    assert [type(o).__name__ for o in outcomes] == ["AnswerSet", "list", "list", "AnswerSet"]
    bad = outcomes[2]
    assert isinstance(bad, list) and all(isinstance(p, Problem) for p in bad)
    assert [(p.line, p.column) for p in bad] == [(4, 3), (4, 4)]


def test_read_export_options_and_codebook(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text("Q1,Q2,partner,tie\n4,Agree,City X Customs,条\n", encoding="utf-8")
    book = tmp_path / "book.yaml"
    book.write_text("questionnaire: ids-core\ncolumns:\n  Q1: data_standards.common_codes\n"
                    "  Q2: data_ownership.ours_not_yours\ndefaults:\n  agency: Tax Bureau\n", encoding="utf-8")
    options = ImportOptions(codebook=load_codebook(book), defaults={"role": "it"})
    (answer_set,) = read_export(export, REG, options)
    assert isinstance(answer_set, AnswerSet)
    assert (answer_set.questionnaire, answer_set.agency, answer_set.role) == ("ids-core", "Tax Bureau", "it")
    assert (answer_set.partner, answer_set.tie) == ("City X Customs", "vertical")
    assert {k: a.rating for k, a in answer_set.answers.items()} == {"data_standards.common_codes": 4,
                                                                    "data_ownership.ours_not_yours": 4}


def test_partner_equal_to_agency_and_tie_without_partner_are_problems(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text("agency,partner,tie,data_standards.common_codes\nX Bureau,x  bureau,vertical,4\n"
                      "Y Bureau,,horizontal,4\n", encoding="utf-8")
    first, second = read_export(export, REG, ImportOptions(questionnaire="ids-core"))
    assert isinstance(first, list) and "partner is the agency itself" in first[0].message
    assert isinstance(second, list) and "tie is given without a partner" in second[0].message


def test_version_and_questionnaire_columns_are_checked(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(f"questionnaire,version,agency,{ITEMS[0]}\nterritoriality,0.9,X,4\nids-core,,Y,4\n",
                      encoding="utf-8")
    first, second = read_export(export, REG)
    assert isinstance(first, list) and "version 0.9" in first[0].message
    assert isinstance(second, list) and "questionnaire 'ids-core'" in second[0].message


def test_evidence_without_a_rating_and_control_characters_are_problems(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(f"agency,{ITEMS[0]},{ITEMS[0]}_evidence,respondent\nX,,a note,\nY,4,,bell\x07\n",
                      encoding="utf-8")
    first, second = read_export(export, REG, ImportOptions(questionnaire="territoriality@1.0.0"))
    assert isinstance(first, list) and "not answered" in first[0].message
    assert isinstance(second, list) and "control character" in second[0].message


def test_no_questionnaire_is_a_usage_error(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text("agency,x\nA,1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="-q ID"):
        list(read_export(export, REG))


def test_codebook_schema(tmp_path):
    book = tmp_path / "b.yaml"
    book.write_text("questionnaire: territoriality\ncolumns:\n  Q1: not an id\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_codebook(book)
    assert caught.value.problems[0].line == 3
    assert Codebook().columns == {}


def test_the_platform_can_be_named(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(f"agency,{ITEMS[0]},{ITEMS[1]},{ITEMS[2]}\nX,6,7,-3\n", encoding="utf-8")
    (as_sheet,) = read_export(export, REG, ImportOptions(questionnaire="territoriality@1.0.0"))
    assert isinstance(as_sheet, list) and len(as_sheet) == 3  # 6, 7 and -3 are no ratings in a plain sheet
    (as_wjx,) = read_export(export, REG, ImportOptions(platform="wjx", questionnaire="territoriality@1.0.0"))
    assert isinstance(as_wjx, AnswerSet)
    assert {k: a.rating for k, a in as_wjx.answers.items()} == {ITEMS[0]: "dk", ITEMS[1]: "na"}


def test_a_codebook_can_map_numeric_codes(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(f"agency,{ITEMS[0]},{ITEMS[1]}\nX,6,7\n", encoding="utf-8")
    book = Codebook(values={"6": "dk", "7": "na"})
    (found,) = read_export(export, REG, ImportOptions(questionnaire="territoriality@1.0.0", codebook=book))
    assert isinstance(found, AnswerSet) and found.answers[ITEMS[0]].rating == "dk"


def test_the_version_an_export_or_a_codebook_names_is_the_one_read(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(f"questionnaire,version,agency,{ITEMS[0]}\nterritoriality,1.0.0,X,4\n", encoding="utf-8")
    for options in (ImportOptions(), ImportOptions(questionnaire="territoriality")):
        (found,) = read_export(export, REG, options)
        assert isinstance(found, AnswerSet) and found.version == "1.0.0" and found.answers[ITEMS[0]].rating == 4
    plain = tmp_path / "plain.csv"
    plain.write_text(f"agency,{ITEMS[0]}\nX,4\n", encoding="utf-8")
    book = Codebook(questionnaire="territoriality", version="1.0.0")
    for options in (ImportOptions(codebook=book), ImportOptions(questionnaire="territoriality", codebook=book),
                    ImportOptions(questionnaire="territoriality@1.0.0")):
        (found,) = read_export(plain, REG, options)
        assert isinstance(found, AnswerSet) and found.version == "1.0.0" and found.answers[ITEMS[0]].rating == 4


def test_columns_of_another_version_say_which_to_give(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(f"agency,{ITEMS[0]}\nX,4\n", encoding="utf-8")
    opened = Export(export, REG, ImportOptions(questionnaire="territoriality"))
    assert opened.questionnaire is not None and opened.questionnaire.version != "1.0.0"
    (warning,) = opened.warnings
    assert "give -q territoriality@1.0.0" in warning.hint
