"""Files that are not text, told apart by their magic bytes: what people save where an answer file belongs."""

from __future__ import annotations

# the parts an Office or OpenDocument ZIP names near its start
_OFFICE = ((b"word/", "a Word document (.docx)"), (b"xl/", "an Excel workbook (.xlsx)"),
           (b"ppt/", "a PowerPoint file (.pptx)"), (b"content.xml", "an OpenDocument file (.odt/.ods)"))
NOT_YAML_HINT = ("answer files are YAML text: a survey-platform export goes through 'ids-assess import'; "
                 "or write answers with 'ids-assess template -o answers.yaml'")


def document_kind(raw: bytes) -> str | None:
    """What a file that is no text is, by its magic bytes (a PDF, a Word document, a workbook ...)."""
    if raw.startswith(b"%PDF-"):
        return "a PDF document"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an Office document in the old format (.doc/.xls)"
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        head = raw[:4096]
        for marker, kind in _OFFICE:
            if marker in head:
                return kind
        return "a ZIP archive"
    return None
