"""The Word reports and the Excel workbook: their structure (run everywhere, no byte-golden Office files) and,
where LibreOffice is installed, that every file converts to a PDF with pages that are not blank."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from ids_assess.core.model import Band
from ids_assess.render.office.text import BLACK, WHITE, band_colours, contrast, plain, ramp
from tests.test_report import CORE, write_answers

docx = pytest.importorskip("docx")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "answers"
MSB = "city-x-market-supervision-bureau"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH_TWIPS = round(17.2 / 2.54 * 1440)  # A4 less the margins of 1.9 cm
#: An agency name an answer file may hold (controls and bidi characters are refused when files are read;
#: :func:`test_controls_and_bidi_characters_never_reach_a_word_run` tests them on the renderer itself).
HOSTILE = "=HYPERLINK(\"http://evil.example\",\"x\") Bureau"


def _headings(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


@pytest.fixture(scope="module")
def word_sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    out = {}
    for lang in ("en", "zh"):
        folder = tmp_path_factory.mktemp(f"docx-{lang}")
        run = CliRunner().invoke(app, ["report", str(EXAMPLES), "--format", "docx", "-o", f"{folder}/", "--lang", lang])
        assert run.exit_code == 0, run.stderr
        out[lang] = folder
    return out


# --- Word ------------------------------------------------------------------------------------------

def test_a_word_report_per_agency_and_an_overview(word_sets):
    names = sorted(p.name for p in word_sets["en"].iterdir())
    assert "index.docx" in names and "city-x-market-supervision-bureau.docx" in names
    assert len(names) == 8 and all(n.endswith(".docx") for n in names)
    assert not [p for p in word_sets["en"].iterdir() if p.name.startswith(".")]  # no staging left


def test_the_agency_report_has_real_headings_with_the_summary_first(word_sets):
    heads = _headings(word_sets["en"] / "city-x-market-supervision-bureau.docx")
    assert heads[0] == ("Title", "City X Market Supervision Bureau")
    level1 = [text for style, text in heads if style == "Heading 1"]
    assert level1[:7] == ["Summary", "Readiness profile", "Barriers and enablers",
                          "The relationship with partner agencies", "Disagreement and information needed",
                          "Action plan", "Method and sources"]
    level2 = [text for style, text in heads if style == "Heading 2"]
    assert level2[:2] == ["Three actions to take first", "The barriers they answer"]
    assert any(style == "Heading 3" for style, _ in heads)


def test_the_summary_has_score_band_rank_and_three_actions_with_who_acts_and_source(word_sets):
    document = docx.Document(str(word_sets["en"] / "city-x-market-supervision-bureau.docx"))
    texts = [p.text for p in document.paragraphs]
    end = texts.index("Readiness profile")
    summary = "\n".join(texts[:end])
    assert re.search(r"Overall readiness: \d+\.\d / 100 \(range [\d.]+\u2013[\d.]+\), band: \w+", summary)
    assert re.search(r"Rank: \d of 7 agencies", summary)
    actions = [p for p in document.paragraphs[:end] if p.style.name == "List Number"]
    assert len(actions) == 3
    assert all("Who acts: " in p.text and "Source: " in p.text for p in actions)
    barriers = [p for p in document.paragraphs[:end] if p.style.name == "List Bullet"]
    assert len(barriers) == 3


def test_tables_for_scores_and_the_action_plan_with_columns_to_fill_in(word_sets):
    document = docx.Document(str(word_sets["en"] / "city-x-market-supervision-bureau.docx"))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Section", "Score", "Range", "Coverage", "Band"] in headers
    plan = next(t for t in document.tables if t.rows[0].cells[1].text == "Action")
    assert [c.text for c in plan.rows[0].cells][-3:] == ["Owner", "Due", "Status"]
    assert len(plan.rows) > 10 and all(c.text == "" for row in plan.rows[1:] for c in row.cells[-3:])
    assert plan.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # the header repeats on every page


def test_header_and_page_numbers(word_sets):
    document = docx.Document(str(word_sets["en"] / "city-x-market-supervision-bureau.docx"))
    section = document.sections[0]
    assert "City X Market Supervision Bureau" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01


def test_chinese_fonts_are_set_on_styles_and_runs(word_sets):
    document = docx.Document(str(word_sets["zh"] / "city-x-market-supervision-bureau.docx"))
    styles = document.styles
    assert styles["Normal"].element.rPr.rFonts.get(f"{W}eastAsia") == "SimSun"
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert styles[name].element.rPr.rFonts.get(f"{W}eastAsia") == "SimHei", name
    heads = _headings(word_sets["zh"] / "city-x-market-supervision-bureau.docx")
    assert next(t for s, t in heads if s == "Heading 1") == "摘要"
    for p in document.paragraphs:
        for run in p.runs:
            fonts = run._element.rPr.rFonts
            assert fonts.get(f"{W}eastAsia") == ("SimHei" if p.style.name.startswith(("Heading", "Title"))
                                                  else "SimSun")


def test_the_overview_heat_map_is_shaded_by_band_with_readable_text(word_sets):
    document = docx.Document(str(word_sets["en"] / "index.docx"))
    assert [t for s, t in _headings(word_sets["en"] / "index.docx") if s == "Heading 1"][:5] == [
        "The three city-wide actions to take first", "Ranking", "Readiness by agency and factor",
        "Systemic barriers", "City-wide action plan"]
    heat = next(t for t in document.tables if t.rows[0].cells[1].text == "1")
    fills = set()
    for row in heat.rows[1:]:
        if not row.cells[1].paragraphs[0].runs:
            continue  # a section's title row
        for cell in row.cells[1:]:
            shd = cell._tc.tcPr.find(f"{W}shd")
            colour = cell.paragraphs[0].runs[0].font.color.rgb
            fill = shd.get(f"{W}fill")
            fills.add(fill)
            rgb = tuple(int(fill[i:i + 2], 16) for i in (0, 2, 4))
            assert contrast(rgb, tuple(colour)) >= 4.5, (fill, colour)
    assert len(fills) >= 3


def test_band_colours_contrast_and_palette():
    from ids_assess.io.questionnaires import Registry

    q = Registry([]).get("ids-core")
    for score in range(0, 101):
        fill, ink = band_colours(q, float(score))
        rgb = tuple(int(fill[i:i + 2], 16) for i in (0, 2, 4))
        ink_rgb = tuple(int(ink[i:i + 2], 16) for i in (0, 2, 4))
        assert contrast(rgb, ink_rgb) >= 4.5
    assert band_colours(q, None)[0] == "FFFFFF"
    # the Excel colour scale's ends (no text colour there: black must read on them)
    assert min(contrast(ramp(s), BLACK) for s in (12.5, 50, 87.5)) >= 4.5
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert isinstance(q.bands[0], Band)


def test_hostile_text_is_plain_in_word(cli, tmp_path):
    path = write_answers(tmp_path / "in", "a.yaml", HOSTILE, 2, role="it", note="<b>not bold</b> {{ x }} **y**")
    out = tmp_path / "one.docx"
    run = cli("report", path, "-o", out)
    assert run.code == 0, run
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == HOSTILE
    assert "<b>not bold</b> {{ x }} **y**" in text
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    outside_text = re.sub(r"<w:t[^>]*>[^<]*</w:t>", "", xml)
    assert "<w:fldSimple" not in xml and "HYPERLINK" not in outside_text and "instrText> PAGE" not in xml


def test_controls_and_bidi_characters_never_reach_a_word_run():
    from ids_assess.render.office.word import Doc

    doc = Doc("en", "Header \u202eevil")
    p = doc.para("Name\u202e \x07bell \x1b[31mred \u2066iso\u2069 \x00")
    assert p.text == "Name\\u202e bell [31mred \\u2066iso\\u2069 "
    assert doc.doc.sections[0].header.paragraphs[0].text == "Header \\u202eevil"
    assert zipfile.is_zipfile(__import__("io").BytesIO(doc.bytes()))


def test_plain():
    assert plain("a\x00b\x1b[1mc\r\nd\te") == "ab[1mc\nd e"
    assert plain("x\u202ey\u2067z") == "x\\u202ey\\u2067z"
    assert plain(None) == ""


def test_one_agency_to_one_file_and_several_need_a_folder(cli, tmp_path):
    one = write_answers(tmp_path / "one", "a.yaml", "Alpha Bureau", 3, role="it")
    out = tmp_path / "alpha.docx"
    assert cli("report", one, "-o", out).code == 0
    assert zipfile.is_zipfile(out) and _headings(out)[0] == ("Title", "Alpha Bureau")
    run = cli("report", EXAMPLES, "-o", tmp_path / "all.docx")
    assert run.code == 2 and "must name a folder" in run.err
    run = cli("report", EXAMPLES, "--format", "xlsx", "-o", f"{tmp_path / 'dir'}/")
    assert run.code == 2 and "one workbook" in run.err
    run = cli("report", one, "--format", "docx", "-o", tmp_path / "x.xlsx")
    assert run.code == 2 and "does not match" in run.err


def test_binary_formats_go_to_a_pipe_but_not_to_a_terminal(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ids_assess", "score", str(EXAMPLES), "--format", "xlsx"],
                          capture_output=True, check=True)
    assert done.stdout[:2] == b"PK"
    from ids_assess.cli.common import emit
    from ids_assess.core.errors import UsageError
    from ids_assess.render.formats import REPORT

    class Tty:
        def isatty(self) -> bool:
            return True

    real = sys.stdout
    sys.stdout = Tty()  # type: ignore[assignment]
    try:
        with pytest.raises(UsageError, match="binary format"):
            emit(REPORT.get("docx"), None, None)
    finally:
        sys.stdout = real


def test_every_report_format_has_a_renderer():
    from ids_assess.cli.report import ReportFormat
    from ids_assess.render.formats import REPORT
    from ids_assess.render.report.build import FORMATS

    assert {f.value for f in ReportFormat} == set(FORMATS) | set(REPORT.names)
    assert all(REPORT.get(name).binary for name in REPORT.names)


def test_the_action_plan_puts_each_citation_under_its_action(word_sets):
    from ids_assess.io.batch import aggregate_paths
    from ids_assess.io.questionnaires import Registry, pinned
    from ids_assess.io.resources import templates_dir
    from ids_assess.render.report.build import Options
    from ids_assess.render.report.view import build_agency

    reg = Registry()
    overview, _ = aggregate_paths([EXAMPLES], reg)
    lookup = pinned(reg, ((p.questionnaire, p.version) for p in overview.profiles))
    index = next(i for i, p in enumerate(overview.profiles) if p.key == "cityx-msb")
    for lang, source in (("en", "Source: "), ("zh", "来源：")):
        document = docx.Document(str(word_sets[lang] / f"{MSB}.docx"))
        plan = next(t for t in document.tables if t.rows[0].cells[1].text in ("Action", "行动建议"))
        header = [c.text for c in plan.rows[0].cells]
        assert "Source" not in header and "来源" not in header  # no narrow column of citations
        options = Options("docx", lang, lookup, "0", bundled=str(templates_dir()))
        view = build_agency(options.context(), overview.profiles[index], overview)
        assert len(plan.rows) == 1 + len(view.actions)
        for row, action in zip(plan.rows[1:], view.actions, strict=True):
            cell = row.cells[1]
            assert [p.text for p in cell.paragraphs] == [action.text, source + action.source.text]
            note = cell.paragraphs[1].runs[0]
            assert note.font.size.pt < cell.paragraphs[0].runs[0].font.size.pt


def test_every_word_table_fits_the_width_of_the_page(word_sets):
    for folder in word_sets.values():
        for path in sorted(folder.glob("*.docx")):
            document = docx.Document(str(path))
            for table in document.tables:
                grid = table._tbl.tblGrid.findall(f"{W}gridCol")
                width = sum(int(g.get(f"{W}w")) for g in grid)
                assert width <= TEXT_WIDTH_TWIPS + 5, (path.name, [c.text for c in table.rows[0].cells], width)


def test_every_numbered_list_starts_at_one(word_sets):
    for lang in ("en", "zh"):
        document = docx.Document(str(word_sets[lang] / f"{MSB}.docx"))
        numbering = document.part.numbering_part.element
        nums = {n.get(f"{W}numId"): n for n in numbering.findall(f"{W}num")}
        lists: dict[str, list[str]] = {}
        for p in document.paragraphs:
            if p.style.name == "List Number":
                lists.setdefault(str(p._p.pPr.numPr.numId.val), []).append(p.text)
        assert len(lists) >= 2  # the three actions to take first, the sources
        assert [len(v) for v in lists.values()][:2] == [3, 2]
        for num_id in lists:
            start = nums[num_id].find(f"{W}lvlOverride/{W}startOverride")
            assert start is not None and start.get(f"{W}val") == "1"


# --- Excel -----------------------------------------------------------------------------------------

def _book(path: Path) -> dict[str, list[list[object]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _sheet_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode("utf-8") for n in sorted(z.namelist()) if n.startswith("xl/worksheets/sheet")]


@pytest.mark.parametrize("lang, stats, names", [
    ("en", True, ["agencies", "factors", "items", "action plan", "relationships", "statistics", "reliability",
                  "method"]),
    ("zh", True, ["部门", "因素热图", "题目作答", "行动计划", "部门关系", "统计", "信度", "方法说明"]),
    ("en", False, ["agencies", "factors", "items", "action plan", "relationships", "method"]),
    ("zh", False, ["部门", "因素热图", "题目作答", "行动计划", "部门关系", "方法说明"]),
])
def test_the_workbook_sheets(cli, tmp_path, lang, stats, names):
    out = tmp_path / "all.xlsx"
    run = cli("report", EXAMPLES, "--format", "xlsx", "-o", out, "--lang", lang, *([] if stats else ["--no-stats"]))
    assert run.code == 0, run
    book = _book(out)
    assert list(book) == names
    agencies = book[names[0]]
    assert len(agencies) == 8
    assert agencies[0][:2] == (["Rank", "Agency"] if lang == "en" else ["名次", "部门"])
    plan = book[names[3]]
    assert plan[0][-3:] == (["Owner", "Due", "Status"] if lang == "en" else ["责任人", "完成期限", "进展"])
    for xml in _sheet_xml(out):
        assert 'state="frozen"' in xml and 'ySplit="1"' in xml
        assert "<autoFilter" in xml and "<cols>" in xml
    assert "<conditionalFormatting" in _sheet_xml(out)[1] and "colorScale" in _sheet_xml(out)[1]


def test_items_by_anonymous_code_and_role_never_a_name_or_file(cli, tmp_path):
    out = tmp_path / "all.xlsx"
    assert cli("score", EXAMPLES, "--format", "xlsx", "-o", out).code == 0
    items = _book(out)["items"]
    header, rows = items[0], items[1:]
    assert header[:3] == ["Respondent", "Role", "Agency"]
    codes = {r[0] for r in rows}
    assert len(codes) == 23 and all(re.fullmatch(r"R\d{3}", c) for c in codes)
    names = set()
    for f in EXAMPLES.glob("*.yaml"):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        if doc.get("respondent"):
            names.add(str(doc["respondent"]))
    assert names, "the examples name some respondents"
    cells = {str(c) for r in items for c in r}
    assert not any(n in c for n in names for c in cells if c != "")
    assert not any(".yaml" in c or "examples" in c for c in cells)
    assert len(rows) == 23 * len(CORE.items)


def test_user_text_is_always_a_string_cell(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", HOSTILE, 2, role="it", note="+SUM(A1:A9)")
    write_answers(folder, "b.yaml", "-1+2", 4, role="leader", note="@cmd")
    for command in ("report", "score"):
        out = tmp_path / f"{command}.xlsx"
        run = cli(command, folder, "--format", "xlsx", "-o", out)
        assert run.code == 0, run
        for xml in _sheet_xml(out):
            assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
        book = _book(out)
        agencies = {r[1] for r in book["agencies"][1:]}
        assert agencies == {HOSTILE, "-1+2"}
        notes = {r[12] for r in book["items"][1:] if r[12]}
        assert notes == {"+SUM(A1:A9)", "@cmd"}


def test_statistics_and_relationships_appear_when_the_data_has_them():
    from ids_assess.io.questionnaires import Registry
    from ids_assess.render.office.workbook import Book, workbook

    reg = Registry([])
    data = {"agencies": [], "network": {"nodes": [], "edges": []},
            "stats": {"alpha": {"value": 0.81, "n": 23}, "icc": {"value": 0.4, "n": 7}},
            "relationships": [{"agency": "=A", "partner": "B", "net": 3.5}]}
    out = workbook(Book(data, reg.get, "en", "0"))
    path = Path(__import__("tempfile").mkdtemp()) / "b.xlsx"
    path.write_bytes(out)
    book = _book(path)
    assert list(book) == ["agencies", "factors", "items", "action plan", "relationships", "statistics", "method"]
    assert book["relationships"][1] == ["=A", "B", 3.5]
    assert book["statistics"][0] == ["Item", "value", "n"]


def test_validate_and_score_of_yaml_never_import_office_libraries(tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3)
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ids_assess.cli.app import app\n"
        f"for args in (['validate', {str(path)!r}], ['score', {str(path)!r}], ['score', {str(path)!r}, '--format', "
        "'json']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'xlsxwriter', 'lxml') "
        "or m.startswith('ids_assess.render.office')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- rendering with LibreOffice ------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(not (SOFFICE and shutil.which("pdftoppm") and shutil.which("pdftotext")),
                                  reason="LibreOffice (soffice) and poppler-utils are not installed")


def _not_blank(png: Path) -> bool:
    """Whether a page (rendered as PGM by pdftoppm -gray) has dark pixels."""
    data = png.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header, "not a PGM"
    pixels = data[header.end():]
    return sum(1 for b in pixels if b < 200) > 100


@pytest.mark.office
@needs_office
def test_every_office_file_converts_to_pages_that_are_not_blank(word_sets, tmp_path):
    book = tmp_path / "all.xlsx"
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    assert CliRunner().invoke(app, ["report", str(EXAMPLES), "--format", "xlsx", "-o", str(book)]).exit_code == 0
    files = [*sorted(word_sets["en"].glob("*.docx")), *sorted(word_sets["zh"].glob("*.docx")), book]
    for n, source in enumerate(files):
        out = tmp_path / f"pdf{n}"
        profile = tmp_path / "profile"
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(source)], capture_output=True, check=True, timeout=180)
        pdf = out / (source.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, source
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages >= 1
        if source.suffix == ".docx" and source.name != "index.docx":
            assert pages <= 12, (source, pages)  # a full agency report fits in 12 A4 pages
        subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(out / "page")],
                       check=True)
        page = next(out.glob("page*.pgm"))
        assert _not_blank(page), source
        if source.parent == word_sets["zh"]:
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert re.search("[\u4e00-\u9fff]", text) and ("摘要" in text or source.name == "index.docx")


def test_a_set_of_bytes_replaces_the_folder_as_one(tmp_path):
    from ids_assess.io.output import replace_set

    (tmp_path / "index.docx").write_bytes(b"old")
    written = replace_set(tmp_path, [("index.docx", b"PK\x03\x04new"), ("a.md", "text\n")])
    assert written == ["index.docx", "a.md"]
    assert (tmp_path / "index.docx").read_bytes() == b"PK\x03\x04new"
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "text\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "index.docx"]


def test_the_factor_table_is_grouped_by_section(word_sets):
    document = docx.Document(str(word_sets["en"] / "city-x-market-supervision-bureau.docx"))
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Factor", "Score"])
    section_rows = [r for r in table.rows[1:] if len({id(c._tc) for c in r.cells}) == 1]
    assert len(section_rows) == len(CORE.sections)
    assert section_rows[0].cells[0].text.startswith(CORE.sections[0].title.get("en"))
    assert len(table.rows) == 1 + len(CORE.sections) + len(CORE.factors)


# --- how LibreOffice prints the Word reports ---------------------------------------------------------

@pytest.fixture(scope="module")
def printed(word_sets, tmp_path_factory):
    """The Market Supervision Bureau's Word report (English and Chinese) and the PDF LibreOffice prints of it."""
    root = tmp_path_factory.mktemp("printed")
    out = {}
    for lang in ("en", "zh"):
        source = word_sets[lang] / f"{MSB}.docx"
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{root / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(root / lang), str(source)], capture_output=True, check=True,
                       timeout=180)
        out[lang] = (source, root / lang / f"{MSB}.pdf")
    return out


def _pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.office
@needs_office
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_citation_is_broken_mid_word_when_printed(printed, lang):
    """Every word of the citations is as often whole in the printed text as in the document: a word broken
    across two lines of a narrow column would be missing once."""
    source, pdf = printed[lang]
    document = docx.Document(str(source))
    written = "\n".join(t.text or "" for t in document.element.body.iter(f"{W}t"))
    printed_text = _pdf_text(pdf)
    for word in ("Zheng", "Jiang", "Yang", "Pardo", "Zhou", "Determinants", "interagency", "relationships",
                 "(2008)", "(2022)", "（2008）", "（2022）"):
        pattern = re.escape(word) if word.startswith(("(", "（")) else rf"\b{word}\b"
        expected = len(re.findall(pattern, written))
        if word.startswith(("(", "（")) and not expected:
            continue  # the other language's parentheses
        assert expected, word
        assert len(re.findall(pattern, printed_text)) == expected, word


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.office
@needs_office
@pytest.mark.parametrize("lang, interval", [("en", "90% interval: "), ("zh", "90% 区间：")])
def test_page_one_still_fits_the_first_a4_page(printed, lang, interval):
    """The whole summary (page one: the score with its interval, the rank, the three actions and the barriers they
    answer) is on the first page LibreOffice prints, and the report takes at most 12 A4 pages."""
    source, pdf = printed[lang]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info and int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 12
    paragraphs = docx.Document(str(source)).paragraphs
    heads = [i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1"]
    summary = [p.text for p in paragraphs[heads[0] + 1:heads[1]] if p.text]
    assert any(text.startswith(interval) for text in summary)
    page_one = _squeezed(_pdf_text(pdf, 1, 1))
    for text in summary:  # its last barrier included
        assert _squeezed(text) in page_one, text
