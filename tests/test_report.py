"""``ids-assess report``: the command's contract, escaping of hostile input, templates, file names, i18n."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ids_assess.io.questionnaires import Registry

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "answers"
CORE = Registry().get("ids-core@1.0.0")
HOSTILE = ["<script>alert(1)</script>", "| pipe | table", "line one\nline two", "../../etc/passwd",
           "[bold]x[/bold]"]


def write_answers(folder: Path, name: str, agency: str, level: int = 3, **header: object) -> Path:
    """An ids-core answer file rating every item ``level`` (barrier items mirrored), with ``header`` fields."""
    answers: dict[str, object] = {}
    for i, (item_id, item) in enumerate(CORE.items.items()):
        rating = level if item.polarity == "enabler" else 6 - level
        answers[item_id] = rating if i % 7 else {"rating": rating, "confidence": "low",
                                                 "evidence": header.get("note", "A plain note.")}
    header.pop("note", None)
    doc = {"questionnaire": "ids-core", "version": CORE.version, "agency": agency, **header, "answers": answers}
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def two_agencies(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 4, role="it", partner="Beta Office", tie="horizontal")
    write_answers(folder, "b.yaml", "Beta Office", 2, role="leader", partner="Alpha Bureau", tie="horizontal")
    return folder


# --- the command line contract ---------------------------------------------------------------------

def test_one_agency_markdown_to_stdout(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 4, role="it")
    run = cli("report", path)
    assert run.code == 0, run
    assert run.out.startswith("# Alpha Bureau")
    for heading in ("## At a glance", "## A1. Readiness profile", "## A2. Barriers and enablers", "## A3. Action plan",
                    "## A4. The relationship", "## A5. Disagreement", "## A6. Method"):
        assert heading in run.out
    assert "<!DOCTYPE" not in run.out


def test_one_agency_html_to_stdout_only_when_asked(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 4)
    run = cli("report", path, "--format", "html")
    assert run.code == 0, run
    assert run.out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name, expected", [("r.html", "<!DOCTYPE html>"), ("r.htm", "<!DOCTYPE html>"),
                                            ("R.HTML", "<!DOCTYPE html>"), ("r.md", "# Alpha Bureau"),
                                            ("r.markdown", "# Alpha Bureau")])
def test_one_agency_to_a_file_picks_the_format_from_the_name(cli, tmp_path, name, expected):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 4)
    out = tmp_path / name
    run = cli("report", path, "-o", out)
    assert run.code == 0, run
    assert out.read_text(encoding="utf-8").startswith(expected)
    assert run.out == ""


def test_several_agencies_without_output_folder_is_a_usage_error(cli, two_agencies):
    run = cli("report", two_agencies)
    assert run.code == 2
    assert "-o DIR" in run.err and run.out == ""


def test_several_agencies_with_output_file_is_a_usage_error(cli, two_agencies, tmp_path):
    run = cli("report", two_agencies, "-o", tmp_path / "one.html")
    assert run.code == 2 and "folder" in run.err


def test_several_agencies_to_a_folder(cli, two_agencies, tmp_path):
    out = tmp_path / "reports"
    run = cli("report", two_agencies, "-o", f"{out}/")
    assert run.code == 0, run
    names = sorted(p.name for p in out.iterdir())
    assert names == ["alpha-bureau.html", "beta-office.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="alpha-bureau.html"' in index and 'href="beta-office.html"' in index
    agency = (out / "alpha-bureau.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in agency and 'href="beta-office.html"' in agency  # overview and partner links


@pytest.mark.parametrize("name", ["round-2.0", "reports.html", "r.v2"])
def test_a_trailing_slash_names_a_folder_whatever_the_name_ends_in(cli, two_agencies, tmp_path, name):
    """``--help`` promises that a path ending in '/' is a folder: also one whose name looks like it has an
    extension (typer's ``Path`` drops the slash, so the command reads the text as given)."""
    out = tmp_path / name
    run = cli("report", two_agencies, "-o", f"{out}/")
    assert run.code == 0, run
    assert sorted(p.name for p in out.iterdir()) == ["alpha-bureau.html", "beta-office.html", "index.html"]
    # without the slash the same names are files: a usage error naming the cause, nothing written
    again = cli("report", two_agencies, "-o", tmp_path / f"new-{name}")
    assert again.code == 2 and "folder" in again.err and not (tmp_path / f"new-{name}").exists()


def test_a_folder_whose_name_a_file_has_is_refused_before_any_work(cli, two_agencies, tmp_path):
    taken = tmp_path / "taken.html"
    taken.write_text("kept", encoding="utf-8")
    run = cli("report", two_agencies, "-o", f"{taken}/")
    assert run.code == 2
    assert run.err.strip().splitlines() == [f"ids-assess: error: -o {taken}/: {taken} is a file, not a folder: "
                                            "give a folder for the reports (a new name, or an existing folder)"]
    assert taken.read_text(encoding="utf-8") == "kept"


def test_folder_in_markdown(cli, two_agencies, tmp_path):
    out = tmp_path / "md"
    run = cli("report", two_agencies, "-o", out, "--format", "md")
    assert run.code == 0, run
    assert sorted(p.name for p in out.iterdir()) == ["alpha-bureau.md", "beta-office.md", "index.md"]
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "[Alpha Bureau](alpha-bureau.md)" in index
    assert "```mermaid\nflowchart LR" in index


def test_examples_give_an_index_and_one_report_per_agency(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "reports"
    run = cli("report", "examples/answers", "-o", f"{out}/")
    assert run.code == 0, run
    agencies = {yaml.safe_load(p.read_text(encoding="utf-8"))["agency"] for p in EXAMPLES.glob("*.yaml")}
    files = sorted(p.name for p in out.iterdir())
    assert "index.html" in files and len(files) == len(agencies) + 1
    assert all(f.endswith(".html") for f in files)
    index = (out / "index.html").read_text(encoding="utf-8")
    for f in files:
        if f != "index.html":
            assert f'href="{f}"' in index


def test_invalid_files_are_listed_on_stderr_and_in_the_appendix(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 4)
    bad = folder / "bad.yaml"
    bad.write_text("questionnaire: ids-core\nagency: Broken\nanswers:\n  nonsense.item: 9\n", encoding="utf-8")
    run = cli("report", folder)
    assert run.code == 1
    assert re.search(r"bad\.yaml:\d+:\d+: ", run.err)
    assert "Appendix" in run.out and "bad.yaml" not in run.out and "file 1:4:18: " in run.out  # no path by default
    assert run.out.startswith("# Alpha Bureau")
    named = cli("report", folder, "--named")
    assert "bad.yaml" in named.out


def test_no_valid_files_is_an_input_error(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: ids-core\nagency: Broken\nanswers: [1]\n", encoding="utf-8")
    run = cli("report", bad)
    assert run.code == 1 and "nothing to report" in run.err


def test_missing_path_is_a_usage_error(cli, tmp_path):
    run = cli("report", tmp_path / "nope")
    assert run.code == 2


def test_baseline_shows_the_change(cli, tmp_path):
    old = write_answers(tmp_path / "old", "a.yaml", "Alpha Bureau", 2)
    new = write_answers(tmp_path / "new", "a.yaml", "Alpha Bureau", 4)
    run = cli("report", new, "--baseline", old)
    assert run.code == 0, run
    assert "### Change since the baseline" in run.out
    assert "| Overall readiness | 25.0 | 75.0 | +50.0 | improved |" in run.out
    assert "**No longer barriers**: " in run.out


def test_baseline_from_score_json(cli, tmp_path):
    old = write_answers(tmp_path / "old", "a.yaml", "Alpha Bureau", 2)
    scores = tmp_path / "old.json"
    assert cli("score", old, "--format", "json", "-o", scores).code == 0
    new = write_answers(tmp_path / "new", "a.yaml", "Alpha Bureau", 4)
    run = cli("report", new, "--baseline", scores)
    assert run.code == 0, run
    assert "+50.0" in run.out


def test_chinese_report(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 2, role="legal")
    run = cli("report", path, "--lang", "zh")
    assert run.code == 0, run
    for heading in ("## 概览", "## A1. 就绪度概况", "## A3. 行动计划", "## A6. 方法与文献来源"):
        assert heading in run.out
    assert "25.0～25.0" in run.out  # the Chinese range separator
    assert "法务人员" in run.out
    assert CORE.factors["data_standards"].recommendations[0].text.zh in run.out
    assert "Summary" not in run.out and "Action plan" not in run.out


def test_title_option(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3)
    run = cli("report", path, "--format", "html", "--title", "City X <2026>")
    assert run.code == 0
    assert "City X &lt;2026&gt;" in run.out and "City X <2026>" not in run.out


def test_help_documents_the_options(cli):
    run = cli("report", "--help")
    assert run.code == 0
    for option in ("--format", "--output", "--lang", "--template-dir", "--title", "--baseline", "--jobs",
                   "--disagreement", "--questionnaires", "--named", "--anonymous", "--min-group"):
        assert option in run.out


# --- what a report holds ---------------------------------------------------------------------------

def test_agency_report_content(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a1.yaml", "Alpha Bureau", 1, role="it", respondent="Li Wei", note="Our systems are old.")
    write_answers(folder, "a2.yaml", "Alpha Bureau", 4, role="leader")
    run = cli("report", folder, "--format", "html", "--named")
    assert run.code == 0, run
    html = run.out
    assert "Li Wei, IT staff (R1), low confidence" in html  # named where the file names the respondent (--named)
    assert "Leader (R2), low confidence" in html  # by role otherwise
    default = cli("report", folder, "--format", "html").out
    assert "Li Wei" not in default and "IT staff (R1), low confidence" in default  # by role and code by default
    assert "Our systems are old." in html
    assert "Factors on which respondents disagree" in html and ">0.0<" in html and ">75.0<" in html
    assert "Zheng, Jiang, Yang &amp; Pardo (2008)" in html  # a finding's source, cited
    assert "European Interoperability Framework" in html
    for layer in ("Legal", "Organisational", "Semantic", "Technical"):
        assert f"<th scope=\"row\">{layer}</th>" in html


def test_action_plan_falls_back_to_the_weakest_factors(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 5)
    run = cli("report", path)
    assert run.code == 0
    assert "No factor is a barrier" in run.out
    assert re.search(r"Priority 0\.0 = 0\.0 × 1", run.out)


def test_action_plan_prioritises_by_gap_times_weight(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 2)
    run = cli("report", path)
    priorities = [float(p) for p in re.findall(r"Priority (\d+\.\d)", run.out)]
    assert priorities and priorities == sorted(priorities, reverse=True)
    assert priorities[0] == 25.0


def test_asymmetric_pair_shows_both_views(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 5, partner="Beta Office", tie="vertical")
    write_answers(folder, "b.yaml", "Beta Office", 1, partner="Alpha Bureau", tie="vertical")
    run = cli("report", folder, "-o", tmp_path / "out", "--format", "md")
    assert run.code == 0, run
    alpha = (tmp_path / "out" / "alpha-bureau.md").read_text(encoding="utf-8")
    assert "Alpha Bureau describes its tie with Beta Office as “Symbiosis” (net +50.0); Beta Office describes " \
           "it as “Tension” (net −50.0)." in alpha


def test_territoriality_has_no_relationship_determinants(cli, tmp_path):
    path = tmp_path / "t.yaml"
    terr = Registry().get("territoriality@1.0.0")
    path.write_text(yaml.safe_dump({"questionnaire": "territoriality", "version": "1.0.0", "agency": "Gamma",
                                    "answers": {i: 3 for i in terr.items}}), encoding="utf-8")
    run = cli("report", path, "--format", "html")
    assert run.code == 0, run
    assert "This questionnaire has no relationship determinants." in run.out


# --- escaping --------------------------------------------------------------------------------------

@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    for n, name in enumerate(HOSTILE):
        partner = HOSTILE[(n + 1) % len(HOSTILE)]
        write_answers(folder, f"h{n}.yaml", name, 1 + n % 5, role="it", respondent=name, partner=partner,
                      tie="vertical", note=f"{name} said <img src=x onerror=alert(2)> & | more |")
    return folder


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_hostile_names_and_notes_in_html(cli, hostile, tmp_path):
    out = tmp_path / "out"
    run = cli("report", hostile, "-o", out)
    assert run.code == 0, run
    files = list(out.iterdir())
    assert len(files) == len(HOSTILE) + 1
    for path in files:
        assert path.parent == out  # nothing written elsewhere
        html = path.read_text(encoding="utf-8")
        parser = _Tags()
        parser.feed(html)
        assert "script" not in parser.tags and "img" not in parser.tags
        assert not any(name.startswith("on") for name, _ in parser.attrs)
        assert "<script>" not in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "[bold]x[/bold]" in index  # plain text, never markup
    assert not (tmp_path / "etc").exists()


def test_hostile_names_and_notes_in_markdown(cli, hostile, tmp_path):
    out = tmp_path / "md"
    run = cli("report", hostile, "-o", out, "--format", "md")
    assert run.code == 0, run
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<!\\)<(script|img|/?blockquote)", text)  # only backslash-escaped, inert
    index = (out / "index.md").read_text(encoding="utf-8")
    assert r"\<script\>alert(1)\</script\>" in index
    assert r"\| pipe \| table" in index
    assert "line one line two" in index  # the newline cannot break a table row
    assert r"\[bold\]x\[/bold\]" in index
    table = [line for line in index.splitlines() if line.startswith("| ")]
    ranking_width = len(re.split(r"(?<!\\)\|", table[0]))
    ranking_rows = [line for line in table[1:len(HOSTILE) + 1]]
    assert all(len(re.split(r"(?<!\\)\|", row)) == ranking_width for row in ranking_rows)


def test_hostile_names_do_not_break_the_mermaid_block(cli, hostile, tmp_path):
    out = tmp_path / "md"
    assert cli("report", hostile, "-o", out, "--format", "md").code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    block = index.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    for line in block.splitlines():
        assert "<" not in line and ">" not in line.replace("-->", "").replace("==>", "").replace("-.->", "")
        assert line.count('"') % 2 == 0


def test_hostile_single_report_to_stdout(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "<script>alert(1)</script>", 2, respondent="[red]Eve[/red]",
                         note="</blockquote><script>x()</script>")
    run = cli("report", path, "--format", "html", "--named")
    assert run.code == 0
    assert "<script>" not in run.out and "&lt;script&gt;" in run.out
    assert "[red]Eve[/red]" in run.out


# --- templates -------------------------------------------------------------------------------------

def test_misspelt_variable_in_a_user_template(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "agency.md").write_text("# {{ agency }}\n\n{{ summary.score }}\n{{ sumary.score }}\n",
                                         encoding="utf-8")
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3)
    run = cli("report", path, "--template-dir", templates)
    assert run.code == 1
    assert run.err.strip() == f"{templates / 'agency.md'}:4: 'sumary' is undefined"
    assert "Traceback" not in run.err and run.out == ""


def test_misspelt_attribute_in_a_user_template(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "agency.md").write_text("{{ summary.scroe }}\n", encoding="utf-8")
    run = cli("report", write_answers(tmp_path, "a.yaml", "A", 3), "--template-dir", templates)
    assert run.code == 1
    assert run.err.startswith(f"{templates / 'agency.md'}:1: ") and "scroe" in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_template_syntax_error(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "agency.md").write_text("ok\n{% if %}\n", encoding="utf-8")
    run = cli("report", write_answers(tmp_path, "a.yaml", "A", 3), "--template-dir", templates)
    assert run.code == 1 and run.err.startswith(f"{templates / 'agency.md'}:2: ")


def test_user_templates_run_in_the_sandbox(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "agency.md").write_text("{{ agency.__class__.__mro__ }}\n", encoding="utf-8")
    run = cli("report", write_answers(tmp_path, "a.yaml", "A", 3), "--template-dir", templates)
    assert run.code == 1
    assert run.err.strip() == f"{templates / 'agency.md'}:1: access to attribute '__class__' of 'str' object is unsafe."


def test_user_template_overrides_one_bundled_template_by_name(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    run = cli("report", write_answers(tmp_path, "a.yaml", "A", 3), "--format", "html", "--template-dir", templates)
    assert run.code == 0, run
    assert "rebeccapurple" in run.out and "--vermillion" not in run.out
    assert "<h1><bdi>A</bdi></h1>" in run.out  # the bundled agency.html still renders


def test_user_markdown_template_escapes_user_text(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "agency.md").write_text("Agency: {{ agency }}\n", encoding="utf-8")
    run = cli("report", write_answers(tmp_path, "a.yaml", "<b>|x|</b>", 3), "--template-dir", templates)
    assert run.code == 0
    assert run.out == "Agency: \\<b\\>\\|x\\|\\</b\\>\n"


def test_template_dir_must_exist(cli, tmp_path):
    run = cli("report", write_answers(tmp_path, "a.yaml", "A", 3), "--template-dir", tmp_path / "none")
    assert run.code == 2


def test_every_format_has_every_template():
    from ids_assess.io.resources import templates_dir
    from ids_assess.render.report.build import FORMATS, KINDS

    for fmt, ext in FORMATS.items():
        for kind in KINDS:
            assert (templates_dir() / f"{kind}{ext}").is_file(), (fmt, kind)


# --- pieces ----------------------------------------------------------------------------------------

def test_strings_have_the_same_keys_in_both_languages():
    from ids_assess.render.report.i18n import LABELS, STRINGS

    assert set(STRINGS["en"]) == set(STRINGS["zh"])
    for vocabulary in LABELS["en"]:
        assert set(LABELS["en"][vocabulary]) == set(LABELS["zh"][vocabulary])
    for lang in ("en", "zh"):
        for key, text in STRINGS[lang].items():
            assert text.strip(), key


def test_bundled_templates_use_only_known_strings():
    from ids_assess.io.resources import templates_dir
    from ids_assess.render.report.i18n import STRINGS

    for template in templates_dir().iterdir():
        for key in re.findall(r"\bt\.(\w+)", template.read_text(encoding="utf-8")):
            assert key in STRINGS["en"], (template.name, key)


def test_number_formats():
    from ids_assess.render.report.i18n import Numbers

    en, zh = Numbers("en"), Numbers("zh")
    assert en.score(52.25) == "52.3" and en.score(None) == "n/a" and zh.score(None) == "无数据"
    assert en.signed(-3.04) == "\u22123.0" and en.signed(5) == "+5.0" and en.signed(-0.01) == "0.0"
    assert en.range(40, 60.06) == "40.0–60.1" and zh.range(40, 60) == "40.0～60.0"
    assert en.percent(0.966) == "97%" and en.points(17.5) == "17.5 points" and zh.points(17.5) == "17.5 分"
    assert en.series(["a", "b", "c"]) == "a, b and c" and zh.series(["a", "b", "c"]) == "a、b和c"


@pytest.mark.parametrize("text, expected", [
    ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
    ("a | b", r"a \| b"),
    ("one\ntwo\r\nthree", "one two three"),
    ("[bold]x[/bold]", r"\[bold\]x\[/bold\]"),
    ("# not a heading", r"\# not a heading"),
    ("1. not a list", r"1\. not a list"),
    ("- not a list", r"\- not a list"),
    ("1.0.0", "1.0.0"),
    ("-5.0", "-5.0"),
    ("snake_case_name", "snake_case_name"),
    ("_emphasis_", r"\_emphasis\_"),
    ("**bold** `code` ~~x~~", r"\*\*bold\*\* \`code\` \~\~x\~\~"),
    ("Health & Safety", "Health & Safety"),
    ("&lt;", r"\&lt;"),
])
def test_md_escape(text, expected):
    from ids_assess.render.report.build import md_escape

    assert md_escape(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("City X Customs", "city-x-customs"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "agency"),
    ("", "agency"),
    ("a\0b", "a-b"),
    ("CON", "con-agency"),
    ("nul.txt", "nul.txt-agency"),
    ("index", "index-agency"),
    ("X市海关", "x市海关"),
    ("a/b\\c", "a-b-c"),
])
def test_safe_stem(name, expected):
    from ids_assess.render.report.files import safe_stem

    assert safe_stem(name) == expected


def test_long_names_are_cut_and_collisions_get_a_suffix():
    from ids_assess.render.report.files import MAX_BYTES, FileNamer

    namer = FileNamer(".html")
    long = namer.name("部" * 500)
    assert len(long.encode("utf-8")) <= MAX_BYTES + len(".html")
    assert namer.name("City X") == "city-x.html"
    assert namer.name("city x") == "city-x-2.html"
    assert namer.name("City/X") == "city-x-3.html"
    assert namer.name("index") == "index-agency.html"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_name_gives_one_safe_path_component(name):
    from ids_assess.render.report.files import MAX_BYTES, safe_stem

    stem = safe_stem(name)
    assert stem and stem not in (".", "..") and not stem.startswith(".")
    assert "/" not in stem and "\\" not in stem and "\0" not in stem and ".." not in stem
    assert len(stem.encode("utf-8")) <= MAX_BYTES + len("-agency")
    assert all(ch.isprintable() and not ch.isspace() for ch in stem)
    assert stem.split(".")[0].casefold() not in {"con", "prn", "aux", "nul", "com1", "lpt1", "index"}


def test_the_report_module_is_imported_only_by_the_report_command():
    code = ("import sys, ids_assess.cli.app, ids_assess.core.scoring, ids_assess.core.aggregate, ids_assess.io.batch;"
            "print(sorted(m for m in sys.modules if m.startswith(('jinja2', 'ids_assess.render.report.build'))))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(found.replace("'", '"')) == []


def test_view_model_has_no_jinja_dependency():
    code = ("import sys, ids_assess.render.report.view, ids_assess.render.svg;"
            "print('jinja2' in sys.modules, 'markupsafe' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.split() == ["False", "False"]


def test_one_environment_per_process():
    from ids_assess.io.resources import templates_dir
    from ids_assess.render.report.build import environment

    bundled = str(templates_dir())
    assert environment(bundled) is environment(bundled)
    assert environment(bundled, None) is not environment(bundled, "/tmp")


def test_anonymous_attributes_evidence_by_role_only(tmp_path):
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    examples = Path(__file__).resolve().parents[1] / "examples" / "answers"
    files = sorted(str(p) for p in examples.glob("cityx-bdb-*.yaml"))
    runner = CliRunner()
    named = runner.invoke(app, ["report", *files, "--named"])
    anonymous = runner.invoke(app, ["report", *files, "--anonymous"])
    default = runner.invoke(app, ["report", *files])
    assert named.exit_code == 0 and anonymous.exit_code == 0 and default.exit_code == 0
    assert "刘洋" in named.stdout and "刘洋" not in anonymous.stdout
    assert default.stdout == anonymous.stdout  # anonymous is the default
    assert "Leader" in anonymous.stdout or "leader" in anonymous.stdout
