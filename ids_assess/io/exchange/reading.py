"""Reading a survey platform's export (CSV, .xlsx, .xls) into header rows and numbered data rows.

Spreadsheets are read with python-calamine, imported here lazily, so that commands reading YAML never
load it. Every failure to read is an :class:`InvalidInput` with one problem saying what to do.
"""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, Problem

#: A data row: its number as Excel shows it (from 1, header rows included) and its cells.
NumberedRow = tuple[int, list[Any]]

MAX_CSV_BYTES = 200 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TABLE_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".tsv", ".txt")


@dataclass
class Table:
    """An export as read: one header row (three for Qualtrics) and an iterator of numbered data rows."""

    path: str
    header_rows: list[list[str]]
    rows: Iterator[NumberedRow]
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.header_rows), default=0)

    def header(self, column: int) -> str:
        """The first header row's text of ``column`` (from 0)."""
        first = self.header_rows[0] if self.header_rows else []
        return first[column] if column < len(first) else ""


def _fail(shown: str, message: str, hint: str = "") -> InvalidInput:
    return InvalidInput([Problem(shown, 0, 0, message, hint)])


def read_table(path: Path, display: str | None = None) -> Table:
    """Read ``path``: a CSV (UTF-8 with or without BOM, UTF-16, GBK/GB18030; comma, semicolon or tab) or a
    workbook (.xlsx, .xls, .ods; the first sheet)."""
    shown = display or str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise _fail(shown, f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(shown, "not a regular file", "give an exported .csv, .xlsx or .xls file")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _fail(shown, f"cannot read file: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if head.startswith(_ZIP) or head.startswith(_OLE) or suffix in SPREADSHEET_SUFFIXES:
        return _read_workbook(path, shown, head)
    if info.st_size > MAX_CSV_BYTES:
        raise _fail(shown, f"file is {info.st_size:,} bytes, over the limit of {MAX_CSV_BYTES:,}",
                    "split the export, or check it is the right file")
    return read_csv_bytes(path.read_bytes(), shown)


# --- CSV ----------------------------------------------------------------------------------------

def decode_csv(raw: bytes, shown: str) -> str:
    """The text of a CSV export: UTF-8 (BOM dropped), UTF-16 with a BOM, else GB18030 (which covers GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _fail(shown, "file starts like UTF-16 text but cannot be read as such",
                        "export the sheet again as CSV UTF-8") from None
    if b"\x00" in raw[:4096]:
        raise _fail(shown, "file holds NUL bytes: it is not a CSV text file",
                    "export the responses as CSV (UTF-8) or as .xlsx")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise _fail(shown, "file is neither UTF-8 nor GBK/GB18030 text",
                    "export it again as CSV UTF-8 (in Excel: Save as, 'CSV UTF-8'), or as .xlsx") from None


def sniff_delimiter(first_line: str) -> str:
    """Comma, semicolon or tab: whichever occurs most in the header line outside quotes (comma on a tie)."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts.values())
    if best == 0:
        return ","
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def read_csv_bytes(raw: bytes, shown: str) -> Table:
    text = decode_csv(raw, shown)
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = next((line for line in text.split("\n", 50) if line.strip()), "")
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(shown, _csv_rows(reader, shown), None)


def _csv_rows(reader: Any, shown: str) -> Iterator[NumberedRow]:
    number = 0
    try:
        for record in reader:
            number += 1
            yield number, record
    except csv.Error as exc:
        raise _fail(shown, f"row {number + 1} cannot be read as CSV: {exc}",
                    "a quote is probably left open; export the file again") from None


def _blank(row: list[Any]) -> bool:
    return not any(_text(c) for c in row)


def _table(shown: str, numbered: Iterator[NumberedRow], sheet: str | None) -> Table:
    """The first non-blank row is the header (three rows when Qualtrics' ImportId row is there); the rest is
    data, numbered as Excel numbers rows."""
    first = next((r for r in numbered if not _blank(r[1])), None)
    if first is None:
        raise _fail(shown, "the file has no header row", "export it with column headers (question names)")
    head = [first]
    for found in numbered:
        head.append(found)
        if len(head) == 3:
            break
    header_count = 3 if len(head) == 3 and is_import_id_row(head[2][1]) else 1
    header_rows = [[_text(c) for c in row] for _, row in head[:header_count]]
    early = [(n, list(row)) for n, row in head[header_count:]]

    def rows() -> Iterator[NumberedRow]:
        yield from early
        yield from numbered

    return Table(shown, header_rows, rows(), sheet)


def is_import_id_row(row: list[Any]) -> bool:
    """Qualtrics' third header row: cells like ``{"ImportId":"QID1"}``."""
    return any(_text(c).replace(" ", "").startswith('{"ImportId"') for c in row)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- workbooks ----------------------------------------------------------------------------------

def _read_workbook(path: Path, shown: str, head: bytes) -> Table:
    if head.startswith(_ZIP):
        _refuse_other_zip(path, shown)
    elif head.startswith(_OLE):
        _refuse_other_ole(path, shown)
    elif path.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise _fail(shown, f"file is not a {path.suffix} workbook (it may be damaged, or another kind of file)",
                    "open it in Excel or WPS and save it again as .xlsx, or export the responses again")
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise _fail(shown, "the workbook has no sheet", "export the responses again")
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        start = sheet.start  # (row, column) of the used range: rows are given from row 1, columns from it
        offset = start[1] if start else 0
    except InvalidInput:
        raise
    except python_calamine.PasswordError:
        raise _password(shown) from None
    except Exception as exc:  # calamine's errors are many and unnamed: a damaged or unsupported workbook
        raise _fail(shown, f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
                    "open it in Excel or WPS, save it again as .xlsx, and import that") from None

    def numbered() -> Iterator[NumberedRow]:
        number = 0
        pad: list[Any] = [None] * offset
        try:
            for row in rows:
                number += 1
                yield number, [*pad, *row] if offset else row
        except Exception as exc:  # a damaged part of the sheet, found while reading it
            raise _fail(shown, f"row {number + 1} of the workbook cannot be read ({type(exc).__name__})",
                        "open it in Excel or WPS, save it again as .xlsx, and import that") from None

    table = _table(shown, numbered(), names[0])
    if len(names) > 1 and [n.casefold() for n in names[1:]] != ["codebook"]:
        table.notes.append(f"read the first sheet '{names[0]}' of {len(names)}")
    return table


def _password(shown: str) -> InvalidInput:
    return _fail(shown, "the workbook is password-protected (encrypted)",
                 "open it in Excel or WPS, remove the password (File, Info, Protect workbook), save and import again")


def _refuse_other_zip(path: Path, shown: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise _fail(shown, "the workbook is damaged (not a complete .xlsx file)",
                    "download or export it again; if it opens in Excel, save it again as .xlsx") from None
    if "word/document.xml" in names:
        raise _fail(shown, "this is a Word document, not a spreadsheet",
                    "export the responses from the survey platform as .xlsx or .csv")
    if "ppt/presentation.xml" in names:
        raise _fail(shown, "this is a PowerPoint file, not a spreadsheet",
                    "export the responses from the survey platform as .xlsx or .csv")
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise _fail(shown, "this zip file is not a spreadsheet", "give the exported .xlsx or .csv file")


def _refuse_other_ole(path: Path, shown: str) -> None:
    try:
        with path.open("rb") as handle:
            blob = handle.read(1024 * 1024)
    except OSError as exc:
        raise _fail(shown, f"cannot read file: {exc.strerror or exc}") from None
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
        raise _password(shown)
    if "WordDocument".encode("utf-16-le") in blob:
        raise _fail(shown, "this is a Word document, not a spreadsheet",
                    "export the responses from the survey platform as .xlsx or .csv")
