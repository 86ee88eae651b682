"""Regenerate the synthetic export fixtures of this folder: ``python tests/data/exports/make_fixtures.py``.

Every file here is made up (see README.md); the respondents are in tests/exchange_data.py.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from exchange_data import ITEMS, QUESTIONNAIRE, RESPONDENTS  # noqa: E402

from ids_assess.io.exchange import forms  # noqa: E402

Q = QUESTIONNAIRE
SCALE = Q.scale
ROLE_ZH = {"leader": "领导", "business": "业务", "it": "信息技术", "legal": "法务", "other": "其他"}
ROLE_ORDER = ["leader", "business", "it", "legal", "other"]


def label(rating: Any, lang: str) -> str:
    if rating == "dk":
        return SCALE.dk.get(lang)
    if rating == "na":
        return SCALE.na.get(lang)
    return SCALE.labels[rating].get(lang)


def csv_text(rows: list[list[Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def kobo() -> None:
    paths = {item: f"{Q.items[item].factor_id and _section(item)}/{Q.items[item].factor_id}/{item}" for item in ITEMS}
    header = ["start", "end", "questionnaire", "version", "respondent_info/agency", "respondent_info/agency_id",
              "respondent_info/respondent", "respondent_info/role", "respondent_info/date"]
    for item in ITEMS:
        header += [paths[item], f"{paths[item]}_confidence", f"{paths[item]}_evidence"]
    header += ["meta/instanceID", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
               "_submitted_by", "__version__", "_tags", "_index"]
    rows = [header]
    for n, person in enumerate(RESPONDENTS, 1):
        uuid = f"5b1c{n:04d}-7e2a-4c1f-9d3b-0a6e{n:08d}"
        row = [f"{person['date']}T09:0{n}:00.000+08:00", f"{person['date']}T09:2{n}:00.000+08:00", Q.id, Q.version,
               person["agency"], person["agency_id"] or "", person["respondent"] or "", person["role"],
               person["date"]]
        for item in ITEMS:
            rating = person["answers"].get(item)
            confidence, evidence = person["evidence"].get(item, ("", ""))
            row += ["" if rating is None else str(rating), confidence, evidence]
        row += [f"uuid:{uuid}", str(1000 + n), uuid, f"{person['date']}T01:2{n}:13", "", "", "submitted_via_web",
                "", "vQmXk3sYb8", "", str(n)]
        rows.append(row)
    (HERE / "kobo-territoriality.csv").write_text(csv_text(rows, ";"), encoding="utf-8")


def _section(item: str) -> str:
    factor = Q.factors[Q.items[item].factor_id]
    return factor.section_id


def odk_central() -> None:
    header = ["SubmissionDate", "questionnaire", "version", "respondent_info-agency", "respondent_info-agency_id",
              "respondent_info-respondent", "respondent_info-role", "respondent_info-date"]
    header += [f"{_section(i)}-{Q.items[i].factor_id}-{i}" for i in ITEMS]
    header += ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
               "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
    rows = [header]
    for n, person in enumerate(RESPONDENTS, 1):
        uuid = f"uuid:9f0e{n:04d}-1111-4222-8333-4444{n:08d}"
        row = [f"{person['date']}T01:2{n}:13.000Z", Q.id, Q.version, person["agency"], person["agency_id"] or "",
               person["respondent"] or "", person["role"], person["date"]]
        row += ["" if person["answers"].get(i) is None else str(person["answers"][i]) for i in ITEMS]
        row += [uuid, uuid, "12", "collector", "0", "0", "", "received", "", "0", Q.version]
        rows.append(row)
    (HERE / "odk-central-territoriality.csv").write_text(csv_text(rows), encoding="utf-8")


def _wjx_header() -> list[str]:
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    fields = ["您所代表的机构 [agency]", "机构代码（可选，用于归并同一机构的答卷） [agency_id]",
              "您的姓名（可选，可匿名） [respondent]", "您的角色 [role]", "日期 [date]"]
    header += [f"{n}、{text}" for n, text in enumerate(fields, 1)]
    for n, item in enumerate(ITEMS, len(fields) + 1):
        header.append(f"{n}、{' '.join(Q.items[item].text.zh.split())}[{item}]")
    return header


def _write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Sheet1") -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            ws.write(r, c, value)
    workbook.close()


def wjx(by_text: bool) -> None:
    rows: list[list[Any]] = [_wjx_header()]
    for n, person in enumerate(RESPONDENTS, 1):
        row: list[Any] = [n, f"2026/11/2{n + 1} 10:0{n}:59", f"{300 + n}秒", "手机提交", "直接访问",
                          f"203.0.113.{n}(北京-北京)"]
        role = ROLE_ORDER.index(person["role"]) + 1
        row += [person["agency"], person["agency_id"] or "(空)", person["respondent"] or "(空)",
                f"{ROLE_ZH[person['role']]} ({person['role']})" if by_text else role, person["date"]]
        for item in ITEMS:
            rating = person["answers"].get(item)
            if by_text:
                row.append("(跳过)" if rating is None else label(rating, "zh"))
            else:
                code = {"dk": 6, "na": 7}.get(rating, rating) if rating is not None else -3  # type: ignore[call-overload]
                row.append(code)
        rows.append(row)
    name = "wjx-by-text.xlsx" if by_text else "wjx-by-number.xlsx"
    _write_xlsx(HERE / name, rows)


def wjx_xls() -> None:
    """The by-number export as an old .xls workbook; needs xlwt (not a dependency: run only where it is)."""
    try:
        import xlwt  # type: ignore[import-untyped]
    except ImportError:
        print("xlwt is not installed: wjx-by-number.xls left as it is")
        return
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Sheet1")
    header = _wjx_header()
    for c, text in enumerate(header):
        sheet.write(0, c, text)
    for n, person in enumerate(RESPONDENTS, 1):
        row: list[Any] = [n, f"2026/11/2{n + 1} 10:0{n}:59", f"{300 + n}秒", "手机提交", "直接访问",
                          f"203.0.113.{n}(北京-北京)", person["agency"], person["agency_id"] or "(空)",
                          person["respondent"] or "(空)", ROLE_ORDER.index(person["role"]) + 1, person["date"]]
        for item in ITEMS:
            rating = person["answers"].get(item)
            row.append(-3 if rating is None else {"dk": 6, "na": 7}.get(rating, rating))
        for c, value in enumerate(row):
            sheet.write(n, c, value)
    workbook.save(str(HERE / "wjx-by-number.xls"))


def qualtrics() -> None:
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email",
             "External Data Reference", "Location Latitude", "Location Longitude", "Distribution Channel",
             "User Language"]
    import_ids = ['{"ImportId":"startDate","timeZone":"Asia/Shanghai"}',
                  '{"ImportId":"endDate","timeZone":"Asia/Shanghai"}', '{"ImportId":"status"}',
                  '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
                  '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Asia/Shanghai"}',
                  '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
                  '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}',
                  '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
                  '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
    row1, row2, row3 = list(meta), list(texts), list(import_ids)
    fields = [("agency", "The agency you answer for"), ("agency_id", "Agency code"), ("respondent", "Your name"),
              ("role", "Your role")]
    for n, (name, text) in enumerate(fields, 1):
        row1.append(name)
        row2.append(text)
        row3.append(json.dumps({"ImportId": f"QID{n}_TEXT" if name != "role" else f"QID{n}"}))
    for n, item in enumerate(ITEMS, len(fields) + 1):
        row1.append(f"Q{n}")
        row2.append(f"{' '.join(Q.items[item].text.en.split())} [{item}]")
        row3.append(json.dumps({"ImportId": f"QID{n}"}))
    rows = [row1, row2, row3]
    for n, person in enumerate(RESPONDENTS, 1):
        row = [f"{person['date']} 09:0{n}:00", f"{person['date']} 09:2{n}:00", "IP Address", f"198.51.100.{n}", "100",
               "1203", "True", f"{person['date']} 09:2{n}:01", f"R_3kVxQw{n}Zp9aLm2", "", "", "", "", "31.23", "121.47",
               "anonymous", "EN"]
        row += [person["agency"], person["agency_id"] or "", person["respondent"] or "",
                {"it": "IT"}.get(person["role"], person["role"].capitalize())]
        row += ["" if person["answers"].get(i) is None else label(person["answers"][i], "en") for i in ITEMS]
        rows.append(row)
    (HERE / "qualtrics-territoriality.csv").write_text("\ufeff" + csv_text(rows), encoding="utf-8")


def limesurvey() -> None:
    _tsv, book = forms.limesurvey(Q, ("en", "zh"))
    (HERE / "limesurvey-territoriality.codebook.yaml").write_text(book, encoding="utf-8")
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "agency", "agencyid", "respondent", "role",
              "date"] + [f"Q{n:03d}" for n in range(1, len(ITEMS) + 1)]
    rows = [header]
    for n, person in enumerate(RESPONDENTS, 1):
        row = [str(n), f"{person['date']} 10:0{n}:00", "5", "en", str(123456 + n), person["agency"],
               person["agency_id"] or "", person["respondent"] or "", person["role"], f"{person['date']} 00:00:00"]
        row += ["" if person["answers"].get(i) is None else str(person["answers"][i]) for i in ITEMS]
        rows.append(row)
    (HERE / "limesurvey-responses.csv").write_text(csv_text(rows), encoding="utf-8")


def sheet() -> None:
    """Our own blank sheet (export --to xlsx), filled in with the mixed spellings people type."""
    import openpyxl

    path = HERE / "sheet-territoriality.xlsx"
    forms.export(Q, "xlsx", "both", path)
    workbook = openpyxl.load_workbook(path)
    ws = workbook["answers"]
    header = [c.value for c in ws[1]]
    spellings = [lambda r: r, lambda r: float(r) if isinstance(r, int) else r.upper(),
                 lambda r: label(r, "zh") if r != "na" else "N/A"]
    for n, person in enumerate(RESPONDENTS):
        values = {"agency": person["agency"], "agency_id": person["agency_id"], "respondent": person["respondent"],
                  "role": person["role"], "date": person["date"]}
        for c, name in enumerate(header, 1):
            if values.get(name):
                ws.cell(row=n + 2, column=c, value=values[name])
            elif name in person["answers"]:
                ws.cell(row=n + 2, column=c, value=spellings[n](person["answers"][name]))
    workbook.save(path)


def sheet_csv_variants() -> None:
    header = forms.sheet_header(Q)
    rows: list[list[Any]] = [header]
    for person in RESPONDENTS:
        values = {"questionnaire": Q.id, "version": Q.version, "agency": person["agency"],
                  "agency_id": person["agency_id"] or "", "respondent": person["respondent"] or "",
                  "role": person["role"], "date": person["date"]}
        row = []
        for name in header:
            if name in values:
                row.append(values[name])
            else:
                rating = person["answers"].get(name)
                row.append("" if rating is None else label(rating, "zh"))
        rows.append(row)
    (HERE / "sheet-gbk-semicolon.csv").write_bytes(csv_text(rows, ";").encode("gb18030"))
    full_width = str.maketrans("12345", "１２３４５")
    tab_rows = [rows[0]] + [[c.translate(full_width) if c in "12345" else c for c in _numeric(r)] for r in rows[1:]]
    (HERE / "sheet-tab-bom.csv").write_text("\ufeff" + csv_text(tab_rows, "\t"), encoding="utf-8")


def _numeric(row: list[Any]) -> list[str]:
    back = {SCALE.labels[n].zh: str(n) for n in SCALE.labels}
    back[SCALE.dk.zh], back[SCALE.na.zh] = "dk", "na"
    return [back.get(c, c) for c in row]


def bad_inputs() -> None:
    header = ["questionnaire", "agency", "role", "date", 'Statement "one"\t[identity_marking.our_data]',
              "identity_marking.source_of_status", "Comments", "version"]
    rows = [header,
            [Q.id, "Good Bureau", "it", "2026-11-22", "4", "Agree", "fine", Q.version],
            [Q.id, "Bad Rating Bureau", "it", "2026-11-22", "7", "2", "", Q.version],
            [Q.id, "Bad Role Bureau", "boss", "2026-02-30", "3", "3", "", Q.version],
            [Q.id, "Another Good Bureau", "", "", "dk", "", "", Q.version]]
    (HERE / "bad-cells.csv").write_text(csv_text(rows), encoding="utf-8")
    # an encrypted workbook is an OLE compound file holding EncryptionInfo and EncryptedPackage streams
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    for name in ("EncryptionInfo", "EncryptedPackage"):
        entry = name.encode("utf-16-le") + b"\x00\x00"
        ole += entry + b"\x00" * (128 - len(entry))
    (HERE / "bad-password.xlsx").write_bytes(bytes(ole))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (HERE / "bad-corrupt.xlsx").write_bytes(buffer.getvalue()[:60])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    (HERE / "bad-word.docx").write_bytes(buffer.getvalue())
    (HERE / "bad-encoding.csv").write_bytes("questionnaire,agency,identity_marking.our_data\r\n"
                                            "territoriality,Caf\u00e9 Bureau,4\r\n".encode("cp1252"))


if __name__ == "__main__":
    kobo()
    odk_central()
    wjx(by_text=False)
    wjx(by_text=True)
    wjx_xls()
    qualtrics()
    limesurvey()
    sheet()
    sheet_csv_variants()
    bad_inputs()
    print("fixtures written to", HERE)
