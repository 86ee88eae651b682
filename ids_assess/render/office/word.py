"""Building blocks of the Word documents (python-docx): the document with its styles, East Asian fonts,
A4 pages, running header and page numbers, and headings, paragraphs and tables of plain text.

Every piece of text goes through :func:`~ids_assess.render.office.text.plain` and into a run as text:
nothing a user wrote is ever interpreted (there is no markup in a run to interpret).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ids_assess.render.office.text import EAST_BODY, EAST_HEADING, LATIN_BODY, LATIN_HEADING, plain

HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
NOTE_COLOUR = "444444"  # a note under a cell's text, and a statistic beside it


@dataclass(frozen=True)
class Noted:
    """A table cell's text with a note on a line of its own below it, smaller (an action and its source: the
    citation gets the width of the action's column, not a narrow column of its own)."""

    text: str
    note: str


#: What a table cell holds: plain text, or text with a note under it.
CellText = Union[str, Noted]


def set_fonts(element: Any, latin: str, east: str, lang: str) -> None:
    """Set the run fonts of a style's or run's ``w:rPr``: Latin (ascii, hAnsi) and East Asian (``w:eastAsia``),
    and the East Asian language for Chinese."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    if lang == "zh":
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            rpr.append(lang_el)
        lang_el.set(qn("w:eastAsia"), "zh-CN")


class Doc:
    """One Word document being written."""

    def __init__(self, lang: str, header: str) -> None:
        self.lang = lang
        self._numbering: int | None = None  # the numbering instance of the current numbered list
        self.doc = Document()
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(9)
        set_fonts(normal.element, LATIN_BODY, EAST_BODY, lang)
        normal.paragraph_format.space_after = Pt(2)
        normal.paragraph_format.line_spacing = 1.0
        for name in HEADING_STYLES:
            style = styles[name]
            set_fonts(style.element, LATIN_HEADING, EAST_HEADING, lang)
            style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        styles["Title"].font.size = Pt(22)
        styles["Heading 1"].font.size = Pt(15)
        styles["Heading 2"].font.size = Pt(12.5)
        styles["Heading 3"].font.size = Pt(10.5)
        for name, before in (("Heading 1", 12), ("Heading 2", 8), ("Heading 3", 6)):
            styles[name].paragraph_format.space_before = Pt(before)
            styles[name].paragraph_format.space_after = Pt(2)
            styles[name].paragraph_format.keep_with_next = True
        for name in ("List Number", "List Bullet", "Table Grid", "Caption"):
            set_fonts(styles[name].element, LATIN_BODY, EAST_BODY, lang)
        for name in ("List Number", "List Bullet"):
            styles[name].paragraph_format.space_after = Pt(1)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(1.9))
        section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
        head = section.header.paragraphs[0]
        self.run(head, header, size=8.5, colour="555555")
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._page_numbers(foot)

    # --- text --------------------------------------------------------------------------------------

    def run(self, paragraph: Any, text: str, bold: bool = False, italic: bool = False, size: float | None = None,
            colour: str | None = None, heading: bool = False) -> Any:
        """A run of plain ``text`` in ``paragraph``, with its East Asian font set."""
        r = paragraph.add_run(plain(text))
        r.bold = bold or None
        r.italic = italic or None
        if size is not None:
            r.font.size = Pt(size)
        if colour is not None:
            r.font.color.rgb = RGBColor.from_string(colour)
        set_fonts(r._element, LATIN_HEADING if heading else LATIN_BODY, EAST_HEADING if heading else EAST_BODY,
                  self.lang)
        return r

    def heading(self, text: str, level: int) -> Any:
        p = self.doc.add_paragraph(style=HEADING_STYLES[level])
        self.run(p, text, heading=True)
        return p

    def para(self, *parts: str | tuple[str, str], style: str | None = None, size: float | None = None,
             italic: bool = False) -> Any:
        """A paragraph of plain parts; a ``("b", text)`` part is bold."""
        p = self.doc.add_paragraph(style=style)
        for part in parts:
            if isinstance(part, tuple):
                self.run(p, part[1], bold=part[0] == "b", italic=italic or part[0] == "i", size=size)
            elif part:
                self.run(p, part, size=size, italic=italic)
        return p

    def labelled(self, label: str, value: str, colon: str, style: str | None = None,
                 size: float | None = None) -> Any:
        return self.para(("b", label + colon), value, style=style, size=size)

    # --- tables ------------------------------------------------------------------------------------

    def table(self, header: Sequence[str], rows: Sequence[Sequence[CellText]], widths: Sequence[float] | None = None,
              size: float = 9, numeric: Sequence[int] = (), head_size: float | None = None) -> Any:
        """A table with a bold header row (repeated on every page; in ``head_size`` if given) and plain-text cells
        (a :class:`Noted` cell has a note under its text); ``widths`` in cm."""
        self._keep_with_table()
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tight(table)
        head = table.rows[0]
        tr_pr = head._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for cell, title in zip(head.cells, header, strict=True):
            self._cell(cell, title, head_size or size, bold=True)
            shade(cell, "E7ECF2")
        for values in rows:
            cells = table.add_row().cells
            for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
                self._cell(cell, text, size, right=n in numeric)
        if widths:
            fix_widths(table, widths)
        self._gap()
        return table

    def pairs(self, rows: Sequence[tuple[str, str, str]], widths: Sequence[float], size: float = 9) -> Any:
        """A table of (label, text, aside) rows without a header: the label bold on a shaded cell, the aside
        after the text in grey (a reading and the statistic beside it)."""
        self._keep_with_table()
        table = self.doc.add_table(rows=0, cols=2)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tight(table)
        for label, text, aside in rows:
            cells = table.add_row().cells
            self._cell(cells[0], label, size, bold=True)
            shade(cells[0], "F4F6F8")
            p = cells[1].paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            self.run(p, text, size=size)
            if aside:
                self.run(p, " \u00b7 " + aside, size=size - 1, colour=NOTE_COLOUR)
        fix_widths(table, widths)
        self._gap()
        return table

    def _keep_with_table(self) -> None:
        """Keep the paragraph before a table (its heading or intro) on the page of the table's first rows. Without
        it LibreOffice, finding an intro at the foot of a page, starts the table overleaf with its repeated header
        and one row, and puts the next row on the page after that."""
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None  # body[-1] is the section's properties
        if last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True

    def _gap(self) -> None:
        gap = self.doc.add_paragraph()
        gap.paragraph_format.space_after = Pt(0)
        gap.paragraph_format.line_spacing = Pt(6)

    def _cell(self, cell: Any, text: CellText, size: float, bold: bool = False, right: bool = False) -> None:
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        if right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if isinstance(text, Noted):
            self.run(p, text.text, bold=bold, size=size)
            if text.note:
                note = cell.add_paragraph()
                note.paragraph_format.space_after = Pt(0)
                self.run(note, text.note, size=size - 1, colour=NOTE_COLOUR)
        else:
            self.run(p, text, bold=bold, size=size)

    # --- numbered lists ----------------------------------------------------------------------------

    def numbered(self, *parts: str | tuple[str, str], first: bool = False, size: float | None = None) -> Any:
        """A paragraph of a numbered list; ``first`` starts a new list at 1 (Word's "List Number" style
        otherwise counts on from the document's previous numbered list)."""
        p = self.para(*parts, style="List Number", size=size)
        if first:
            self._numbering = new_numbering(self.doc)
        if self._numbering is not None:
            set_numbering(p, self._numbering)
        return p

    def cell_text(self, cell: Any, text: str, size: float, colour: str | None = None, bold: bool = False,
                  centre: bool = False, right: bool = False) -> None:
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        if centre or right:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.RIGHT
        self.run(p, text, size=size, colour=colour, bold=bold)

    # --- the footer --------------------------------------------------------------------------------

    def _page_numbers(self, paragraph: Any) -> None:
        from ids_assess.render.office.text import words

        template = words(self.lang)["page"]
        before, rest = template.split("{page}", 1)
        middle, after = rest.split("{pages}", 1)
        self.run(paragraph, before, size=8.5)
        field(paragraph, "PAGE")
        self.run(paragraph, middle, size=8.5)
        field(paragraph, "NUMPAGES")
        self.run(paragraph, after, size=8.5)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def field(paragraph: Any, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) at the end of ``paragraph``."""
    def fld(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    for part in ("begin", "instr", "separate", "text", "end"):
        r = OxmlElement("w:r")
        if part == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            r.append(instr)
        elif part == "text":
            t = OxmlElement("w:t")
            t.text = "1"
            r.append(t)
        else:
            r.append(fld(part))
        paragraph._p.append(r)


def new_numbering(document: Any) -> int:
    """A new instance of the "List Number" style's numbering that starts at 1; its ``w:numId``."""
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def set_numbering(paragraph: Any, num_id: int) -> None:
    """Number ``paragraph`` in the list ``num_id`` (at the first level)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def tight(table: Any, side: int = 57) -> None:
    """Narrow left and right cell margins (in twentieths of a point: 57 = 1 mm), so narrow columns wrap less."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, size in (("left", side), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(size))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema's order: tblCellMar comes before tblLook
    else:
        tbl_pr.append(margins)


def fix_widths(table: Any, widths: Sequence[float]) -> None:
    """Fixed column widths in cm (the grid, for LibreOffice and WPS, and every cell, for Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def shade(cell: Any, fill: str) -> None:
    """Fill a table cell with the colour ``RRGGBB``."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)
