"""``ids-assess report``: what the reports say and how (explanations of the numbers, one ranking per
questionnaire, the output file's format, stale reports, help texts, template errors, wording, Chinese
typography and rounding)."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from test_report import write_answers
from typer.testing import CliRunner

from ids_assess.io.questionnaires import Registry

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "answers"
TERRITORIALITY = Registry().get("territoriality@1.0.0")


def write_territoriality(folder: Path, name: str, agency: str, level: int = 2) -> Path:
    """A territoriality answer file rating every item ``level`` (barrier items mirrored)."""
    answers = {iid: (level if item.polarity == "enabler" else 6 - level) for iid, item in TERRITORIALITY.items.items()}
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"questionnaire": "territoriality", "version": "1.0.0", "agency": agency,
                                    "answers": answers},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def two_respondents(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_answers(folder, "a1.yaml", "Alpha Bureau", 1, role="it")
    write_answers(folder, "a2.yaml", "Alpha Bureau", 4, role="leader")
    return folder


# --- 1. the numbers are explained where a reader compares them --------------------------------------

@pytest.mark.parametrize("lang, levels, pushpull, method", [
    ("en", "Each level is the mean of the respondents' own scores at that level",
     "Pull, push and net are worked out for each respondent and then averaged",
     "An agency's numbers are each the plain mean of its respondents' own values at that level"),
    ("zh", "每一层级的得分都是各答卷人在该层级自身得分的平均值", "拉力、推力和净值先按每名答卷人分别计算，再取平均",
     "部门的各项数值均为其答卷人在同一层级自身数值的简单平均"),
])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_notes_say_each_level_is_the_mean_of_the_respondents(cli, two_respondents, lang, levels, pushpull, method,
                                                             fmt):
    run = cli("report", two_respondents, "--lang", lang, "--format", fmt)
    assert run.code == 0, run
    text = html.unescape(run.out)
    assert levels in text and pushpull in text and method in text
    # each note sits under the chart it explains, and names the figure the reader compares
    by_section, by_factor = ("### By section", "### By factor") if lang == "en" else ("### 按维度", "### 按因素")
    if fmt == "html":
        by_section, by_factor = by_section.replace("### ", "<h3>"), by_factor.replace("### ", "<h3>")
        assert f"<figcaption>{levels}" in text
    assert text.index(by_section) < text.index(levels) < text.index(by_factor)
    assert text.index("Pull 87.5" if lang == "en" else "拉力 87.5") < text.index(pushpull)
    assert ("(87.5)" if lang == "en" else "（87.5）") in text.split(pushpull, 1)[1][:80]
    assert ("(37.5)" if lang == "en" else "（37.5）") in text.split(levels, 1)[1][:120]


def test_one_respondent_gets_no_comparison_notes(cli, tmp_path):
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 2))
    assert run.code == 0, run
    assert "Each level is the mean" not in run.out and "worked out for each respondent" not in run.out
    assert "An agency's numbers are each the plain mean" in run.out  # the method says it all the same


# --- 2. several questionnaires are ranked and mapped apart ------------------------------------------

@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    shutil.copytree(EXAMPLES, folder / "core")
    write_territoriality(folder, "t1.yaml", "City X Customs", 2)
    write_territoriality(folder, "t2.yaml", "City X Health Commission", 4)
    write_territoriality(folder, "t3.yaml", "City X Big Data Bureau", 3)
    return folder


def test_several_questionnaires_get_a_ranking_and_heat_map_each(cli, mixed, tmp_path):
    out = tmp_path / "md"
    run = cli("report", mixed, "-o", out, "--format", "md")
    assert run.code == 0, run
    index = (out / "index.md").read_text(encoding="utf-8")
    core = "### Interagency data sharing readiness (core), ids-core 1.0.0"
    terr = "### Territorial behaviour around data, territoriality 1.0.0"
    ranking, rest = index.split("## Readiness by agency and factor", 1)
    heat = rest.split("## Systemic barriers", 1)[0]
    for part in (ranking, heat):
        assert part.count(core) == 1 and part.count(terr) == 1
    core_rank, terr_rank = ranking.split(core, 1)[1].split(terr, 1)
    assert "territoriality.md)" not in core_rank and "ids-core.md)" not in terr_rank
    assert re.findall(r"^\| (\d+) \|", terr_rank, re.M) == ["1", "2", "3"]  # ranks restart per questionnaire
    assert len(re.findall(r"^\| (\d+) \|", core_rank, re.M)) == 7
    assert "City X Health Commission · Territorial behaviour around data" in index  # the reports list
    assert "7 agencies, 2 questionnaires, 26 answer sets." in index
    # each agency report names its questionnaire in the header
    terr_report = (out / "city-x-customs-territoriality.md").read_text(encoding="utf-8")
    assert terr_report.splitlines()[5].startswith("Questionnaire: Territorial behaviour around data, territoriality")


def test_several_questionnaires_in_html(cli, mixed, tmp_path):
    out = tmp_path / "html"
    assert cli("report", mixed, "-o", out).code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<h3 id="ranking-territoriality">') == 1 and index.count('<h3 id="heatmap-ids-core">') == 1
    assert index.count('<table class="ranking"') == 2 and index.count('<table class="heat"') == 2


def test_one_questionnaire_is_not_titled_again(cli, two_respondents, tmp_path):
    out = tmp_path / "md"
    write_answers(two_respondents, "b.yaml", "Beta Office", 3)
    assert cli("report", two_respondents, "-o", out, "--format", "md").code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "### Interagency" not in index and "Questionnaire |" not in index


# --- 3. a single report file is Markdown, HTML, Word or a workbook, as its extension says ---------------

@pytest.mark.parametrize("name", ["one.pdf", "one.txt", "one.rtf", "one.HTML.bak"])
def test_a_report_file_with_another_extension_is_a_usage_error(cli, tmp_path, name):
    out = tmp_path / name
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3), "-o", out)
    assert run.code == 2
    assert ".md, .markdown, .html, .htm, .docx or .xlsx" in run.err and not out.exists()


@pytest.mark.parametrize("name, fmt", [("x.md", "html"), ("x.markdown", "html"), ("x.html", "md"), ("x.htm", "md")])
def test_format_and_extension_must_agree(cli, tmp_path, name, fmt):
    out = tmp_path / name
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3), "-o", out, "--format", fmt)
    assert run.code == 2
    assert f"--format {fmt} does not match" in run.err and not out.exists()


@pytest.mark.parametrize("name, fmt", [("x.md", "md"), ("x.html", "html"), ("x.htm", "html")])
def test_format_and_extension_that_agree(cli, tmp_path, name, fmt):
    out = tmp_path / name
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3), "-o", out, "--format", fmt)
    assert run.code == 0, run
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>" if fmt == "html" else "# Alpha Bureau")


# --- 4. reports of an earlier run are kept, and counted ----------------------------------------------

def test_stale_reports_are_kept_and_named_once(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 3)
    write_answers(folder, "b.yaml", "Beta Office", 3)
    out = tmp_path / "reports"
    assert cli("report", folder, "-o", out).code == 0
    (out / "notes.md").write_text("mine\n", encoding="utf-8")  # another format: not counted
    (folder / "b.yaml").unlink()
    run = cli("report", folder, "-o", out)
    assert run.code == 0, run
    assert (out / "beta-office.html").is_file()  # never deleted
    assert 'href="beta-office.html"' not in (out / "index.html").read_text(encoding="utf-8")
    notes = [line for line in run.err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert "1 other .html file(s)" in notes[0] and "beta-office.html" in notes[0]


def test_a_fresh_folder_gets_no_note(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 3)
    run = cli("report", folder, "-o", tmp_path / "new", "--format", "md")
    assert run.code == 0 and "note:" not in run.err


# --- 5. every help text renders in full --------------------------------------------------------------

def test_help_renders_every_help_text_in_full():
    import typer.main

    from ids_assess.cli.app import app

    command = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    run = CliRunner().invoke(app, ["report", "--help"], env={"COLUMNS": "200", "TERM": "dumb"})
    assert run.exit_code == 0
    shown = " ".join(run.stdout.replace("│", " ").split())
    for param in command.params:
        if param.help:
            assert " ".join(param.help.split()) in shown, param.name
    assert "(default: 50)" in shown and "html for a folder" in shown


# --- 6. template errors name the user's file and line ------------------------------------------------

def test_template_error_names_the_folder_as_given_and_the_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "agency.md").write_text("# {{ agency }}\n\n{{ sumary.score }}\n", encoding="utf-8")
    answers = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3)
    for folder in ("tpl", "./tpl", "tpl/"):  # relative, as given (the command line normalises "./tpl" to "tpl")
        run = cli("report", answers, "--template-dir", folder)
        assert run.code == 1
        assert run.err.strip() == "tpl/agency.md:3: 'sumary' is undefined"


def test_missing_include_names_where_it_is_included(cli, tmp_path):
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "agency.md").write_text("a\nb\n{% include 'nope.md' %}\n", encoding="utf-8")
    run = cli("report", write_answers(tmp_path, "a.yaml", "A", 3), "--template-dir", templates)
    assert run.code == 1 and run.err.strip() == f"{templates / 'agency.md'}:3: template not found: nope.md"


def test_errors_in_bundled_templates_are_named_bundled():
    from ids_assess.io.resources import templates_dir
    from ids_assess.render.report.build import ReportTemplateError, render_template

    @dataclasses.dataclass
    class Empty:
        format: str = "md"

    with pytest.raises(ReportTemplateError) as caught:
        render_template("index.md", Empty(), str(templates_dir()))  # type: ignore[arg-type]
    assert str(caught.value) == "<bundled>/index.md:1: 'title' is undefined"


# --- 7. wording and presentation -----------------------------------------------------------------------

def test_the_default_title_is_said_once(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3)
    for fmt in ("md", "html"):
        run = cli("report", path, "--format", fmt)
        head = run.out.split("At a glance", 1)[0]
        assert head.count("Interagency data sharing readiness") == 1, fmt
    run = cli("report", path, "--format", "html", "--title", "City X 2026")
    assert '<p class="kicker">City X 2026 · Data sharing readiness report</p>' in run.out


def test_factor_chart_legend(cli, tmp_path):
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3))
    assert "◆ at the midpoint (50)" in run.out
    assert "Range: unknown answers counted as worst and best" in run.out and "Range: range" not in run.out
    html = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3), "--format", "html").out
    assert ">at the midpoint (50)</text>" in html


def test_long_chart_labels_wrap_instead_of_being_cut(cli, tmp_path):
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 2), "--format", "html")
    svg_text = " ".join(re.findall(r"<svg.*?</svg>", run.out, re.S))
    labels = re.findall(r'text-anchor="end">(.*?)</text>', svg_text)
    assert labels and not any("…" in label for label in labels)
    assert "IT compatibility: hardware and software" in svg_text


def test_chart_labels_wrap_onto_two_lines_when_very_long():
    from ids_assess.render import svg

    long = "A very long factor title that cannot possibly fit into the label column of the chart at all"
    chart = svg.bar_chart([svg.BarRow(long, 40, None, None, "barrier", "40.0")], "x", "t", "d")
    assert chart.count("<tspan") == 2


def test_cards_say_whether_respondents_agreed(cli, tmp_path):
    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 2)
    md = cli("report", path).out
    cards = re.findall(r"^- \*\*(?:Weakest|Strongest) statement\*\*: “.*”( \(.*\))$", md, re.M)
    assert cards and all(re.fullmatch(r" \(respondents (dis)?agree; item readiness 25\.0\)", c) for c in cards)
    zh = cli("report", path, "--lang", "zh").out
    assert re.search(r"\*\*得分最低的题目\*\*：“[^”]+”（答卷人(不)?认同；该项就绪度 25\.0）", zh)


def test_stance_follows_the_polarity_and_the_midpoint():
    from ids_assess.render.report.view_factors import _stance

    assert _stance("enabler", 75.0) == "agree" and _stance("barrier", 75.0) == "disagree"
    assert _stance("enabler", 25.0) == "disagree" and _stance("barrier", 25.0) == "agree"
    assert _stance("enabler", 50.0) == "neutral" and _stance("barrier", 50.0) == "neutral"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_action_plan_is_one_table_by_barrier_with_empty_owner_due_status(cli, tmp_path, fmt):
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 1), "--format", fmt)
    assert run.code == 0, run
    plan = run.out.split("A3. Action plan" if fmt == "md" else "</span> Action plan", 1)[1]
    plan = plan.split("The relationship with partner agencies", 1)[0]
    if fmt == "md":
        assert "| # | Action | Who can act | Horizon | Owner | Due | Status |" in plan
        numbers = re.findall(r"^\| (\d+) \| ", plan, re.M)
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) > 10
        assert all(row.endswith("|  |  |  |") for row in plan.splitlines() if re.match(r"\| \d+ \| ", row))
    else:
        assert '<table class="compact plan">' in plan and plan.count('<td class="fill"></td>') > 30
        assert '<th scope="col" class="fill">Owner</th>' in plan and '<td class="num">11</td>' in plan
    assert plan.count("Recommendation for") or plan.count("For")


def test_a_short_action_plan_has_no_further_actions(cli, tmp_path):
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 5))
    assert "Further actions" not in run.out


def test_no_mutual_pair_is_not_called_agreement(cli, tmp_path):
    run = cli("report", write_answers(tmp_path, "a.yaml", "Alpha Bureau", 3, partner="Gamma", tie="vertical"))
    assert "No pair of agencies answered about each other" in run.out
    assert "see their tie alike" not in run.out


def test_a_mutual_pair_that_agrees(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 3, partner="Beta Office", tie="vertical")
    write_answers(folder, "b.yaml", "Beta Office", 3, partner="Alpha Bureau", tie="vertical")
    out = tmp_path / "out"
    assert cli("report", folder, "-o", out, "--format", "md").code == 0
    alpha = (out / "alpha-bureau.md").read_text(encoding="utf-8")
    assert "both see their tie alike" in alpha and "No pair of agencies" not in alpha


# --- 8. Chinese typography -----------------------------------------------------------------------------

def test_chinese_strings_use_one_term_for_respondents():
    from ids_assess.render.report.i18n import STRINGS

    assert not [k for k, v in STRINGS["zh"].items() if "受访" in v]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_chinese_typography(cli, tmp_path, fmt):
    folder = tmp_path / "in"
    write_answers(folder, "a1.yaml", "甲局", 2, role="it", partner="乙局", tie="vertical")
    write_answers(folder, "a2.yaml", "甲局", 4, role="leader", partner="乙局", tie="vertical")
    run = cli("report", folder, "--lang", "zh", "--format", fmt)
    assert run.code == 0, run
    text = run.out
    assert "跨部门数据共享就绪度（核心问卷），ids-core 1.0.0" in text
    assert "50.0 分或以上" in text and "分 或" not in text
    assert re.search(r"\| (共生|均衡|紧张) \| [+−]?\d", text) or fmt == "html"
    assert not re.search(r"：\s", text)  # no space after a full-width colon
    assert not re.search(r"[\u4e00-\u9fff）”] ?\(", text)  # no ASCII parenthesis after Chinese text
    assert "受访" not in text  # (the research findings of ids-core do not use the word for these agencies)


# --- 9. rounding: half up, one formatter -----------------------------------------------------------

def test_every_number_rounds_half_up():
    from ids_assess.render.report.i18n import Numbers

    en = Numbers("en")
    assert en.percent(0.125) == "13%" and en.percent(0.145) == "15%" and en.percent(0.005) == "1%"
    assert en.score(0.25) == "0.3" and en.score(2.45) == "2.5" and en.signed(-0.25) == "\u22120.3"
    assert en.plain(40) == "40" and en.plain(52.25) == "52.3" and en.weight(0.125) == "0.13"
    assert en.weight(1) == "1" and en.weight(1.5) == "1.5"


def test_the_view_formats_no_number_itself():
    """Every number in a report goes through report_i18n.Numbers: the view has no rounding of its own."""
    views = sorted((REPO / "ids_assess" / "render" / "report").glob("view*.py"))
    assert views
    source = "".join(p.read_text(encoding="utf-8") for p in views)
    assert not re.search(r"\bround\(|:\.\d+f\}|:g\}|:,d\}", source)


def test_numbers_are_rounded_in_one_module():
    """The reports' Numbers and the terminal tables round through render/numbers.py, not a copy of their own."""
    for path in ("render/report/i18n.py", "render/tables.py"):
        source = (REPO / "ids_assess" / path).read_text(encoding="utf-8")
        assert not re.search(r"\bround\(|_half_up|10\.0 ?\*\*|:\.\d+f\}|:\.0%\}|:g\}|:,d\}", source), path
