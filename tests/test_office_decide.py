"""The Word reports lead with the decision as the HTML does: page one of an agency report has the rank with the
city mean, the change since the baseline, the same three actions as the HTML (each with who acts, horizon,
the barrier it answers and its source) and the relationship with each partner with its n, the change table in
the annex; the overview opens with the three city-wide actions, has the city-wide action plan with owner, due
and status columns, and an agency x agency matrix beyond 12 agencies."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.test_office import MSB, SOFFICE, needs_office
from tests.test_report import write_answers

docx = pytest.importorskip("docx")

REPO = Path(__file__).resolve().parent.parent
ROUND1, ROUND2 = REPO / "examples" / "answers", REPO / "examples" / "answers-2027"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Round 2 against round 1: Word in English and Chinese, and the Markdown of the same reports."""
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    out = {}
    for key, fmt, lang in (("en", "docx", "en"), ("zh", "docx", "zh"), ("md", "md", "en")):
        folder = tmp_path_factory.mktemp(f"rounds-{key}")
        run = CliRunner().invoke(app, ["report", str(ROUND2), "--baseline", str(ROUND1), "--format", fmt,
                                       "-o", f"{folder}/", "--lang", lang])
        assert run.exit_code == 0, run.stderr
        out[key] = folder
    return out


def _summary(path: Path) -> tuple[list[str], list[object]]:
    """The paragraphs and tables of page one (between the first two Heading 1)."""
    document = docx.Document(str(path))
    body = document.element.body
    blocks: list[object] = []
    level1 = 0
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    for element in body.iterchildren():
        p = paragraphs.get(element)
        if p is not None and p.style.name == "Heading 1":
            level1 += 1
            if level1 == 2:
                break
            continue
        if level1 == 1:
            blocks.append(p if p is not None else tables.get(element))
    texts = [b.text for b in blocks if b is not None and hasattr(b, "text") and b.text]
    return texts, [b for b in blocks if b is not None and not hasattr(b, "text")]


def test_page_one_has_rank_with_city_mean_change_and_partners_with_n(rounds):
    texts, tables = _summary(rounds["en"] / f"{MSB}.docx")
    joined = "\n".join(texts)
    assert re.search(r"Rank: \d of 7 agencies .* \u00b7 City mean \d+\.\d \([+\u2212]\d+\.\d\)", joined)
    assert re.search(r"Since the baseline: .*\d+\.\d \u2192 \d+\.\d", joined)
    # the rounds warn of this agency's change: where to read the warnings, in the Word document's own words
    assert re.search(r"Read with care: \d warnings?, under \u201cChange since the baseline\u201d", joined)
    assert "A1" not in joined
    partners = next(t for t in tables if t.rows[0].cells[0].text == "Partner agency")
    assert [c.text for c in partners.rows[0].cells] == ["Partner agency", "Status", "Net", "Strongest push",
                                                       "Tension risk", "n"]
    body = [[c.text for c in row.cells] for row in partners.rows[1:]]
    assert "City X Customs" in [r[0] for r in body] and all(r[-1].isdigit() for r in body)
    assert "Change since the baseline" not in texts  # the heading and table of the change are in the annex


def test_page_one_has_the_same_three_actions_as_the_html_with_the_barrier_each_answers(rounds):
    md = (rounds["md"] / f"{MSB}.md").read_text(encoding="utf-8")
    first = md.split("**The three actions to take first**", 1)[1].split("\n#", 1)[0]
    document = docx.Document(str(rounds["en"] / f"{MSB}.docx"))
    actions = [p.text for p in document.paragraphs if p.style.name == "List Number"][:3]
    assert len(actions) == 3
    for text in actions:
        action = text.split("\n", 1)[0]
        assert action in first, action
        assert re.search(r"Who acts: .+ \u00b7 Horizon: .+ \u00b7 Answers the barrier: .+ \(\d+\.\d\) \u00b7 "
                         r"Source: .+", text), text
    zh = [p.text for p in docx.Document(str(rounds["zh"] / f"{MSB}.docx")).paragraphs
          if p.style.name == "List Number"][:3]
    assert all("针对的障碍：" in text and "实施主体：" in text for text in zh)


def test_the_change_table_is_in_the_annex(rounds):
    document = docx.Document(str(rounds["en"] / f"{MSB}.docx"))
    heads = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert heads.index("Change since the baseline") > heads.index("Readiness profile")


def test_the_overview_opens_with_the_three_city_wide_actions_and_has_the_city_plan(rounds):
    document = docx.Document(str(rounds["en"] / "index.docx"))
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # the ranking, then each agency's change since the baseline beside it
    assert level1[:3] == ["The three city-wide actions to take first", "Ranking", "Change since the baseline"]
    change = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:4] == ["Agency", "Before", "Now",
                                                                                       "Change"])
    assert len(change.rows) == 8
    assert level1.index("City-wide action plan") == level1.index("Systemic barriers") + 1
    top = [p.text for p in document.paragraphs if p.style.name == "List Number"][:3]
    assert all(re.search(r"Who must act: .+ \u00b7 Horizon: .+ \u00b7 Answers the systemic barrier: .+ "
                         r"\(a barrier in \d of 7 agencies\) \u00b7 Source: ", t) for t in top), top
    plan = next(t for t in document.tables if [c.text for c in t.rows[0].cells][1:3] == ["Action", "Who must act"])
    assert [c.text for c in plan.rows[0].cells][-3:] == ["Owner", "Due", "Status"]
    rows = [[c.text for c in row.cells] for row in plan.rows[1:]]
    actions = [r for r in rows if r[0].isdigit()]
    assert len(actions) > 3 and all(r[-3:] == ["", "", ""] for r in actions)
    pairs = [r for r in actions if r[2] == "Pairs of agencies"]
    assert pairs and all("\nPairs of agencies: " in r[1] and " \u2013 " in r[1] for r in pairs)  # under the action
    zh = docx.Document(str(rounds["zh"] / "index.docx"))
    assert [p.text for p in zh.paragraphs if p.style.name == "Heading 1"][:2] == ["全市首先要采取的三项行动", "排名"]


def test_more_than_twelve_agencies_get_a_matrix_in_word(cli, tmp_path):
    folder = tmp_path / "in"
    names = [f"Agency {chr(65 + i)}" for i in range(13)]
    for i, name in enumerate(names):
        write_answers(folder, f"{i}.yaml", name, 1 + i % 5, role="it", partner=names[(i + 1) % 13])
    out = tmp_path / "word"
    assert cli("report", folder, "--format", "docx", "-o", f"{out}/").code == 0
    document = docx.Document(str(out / "index.docx"))
    assert "Relationship matrix" in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    matrix = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["#", "Agency", "1"])
    assert len(matrix.rows) == 14 and len(matrix.columns) == 15
    assert matrix.rows[1].cells[1].text == "Agency A" and matrix.rows[1].cells[3].text  # A's tie with B
    small = tmp_path / "small"
    assert cli("report", folder / "0.yaml", folder / "1.yaml", "--format", "docx", "-o", f"{small}/").code == 0
    heads = [p.text for p in docx.Document(str(small / "index.docx")).paragraphs]
    assert "Relationship matrix" not in heads


@pytest.mark.office
@needs_office
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_one_printed_by_libreoffice_holds_the_whole_summary(rounds, tmp_path, lang):
    """With a baseline, page one (the partners' table included) is the first page LibreOffice prints, and the
    report takes at most 12 A4 pages."""
    source = rounds[lang] / f"{MSB}.docx"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)], capture_output=True, check=True, timeout=180)
    pdf = tmp_path / f"{MSB}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 12
    first = re.sub(r"[\s\-\u00ad]+", "", subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                                              capture_output=True, text=True, check=True).stdout)
    texts, tables = _summary(source)
    for text in texts:
        assert re.sub(r"[\s\-\u00ad]+", "", text) in first, text
    for cell in {c.text for t in tables for row in t.rows for c in row.cells}:  # a table is read column by column
        assert all(word in first for word in cell.split()), cell


def test_the_json_action_plan_has_owner_due_and_status_and_who_can_act(cli):
    """The plan can be used as the plan in JSON too: every action carries empty owner, due and status, and its
    actor and horizon; the output still validates against the results schema."""
    import json

    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    run = cli("score", ROUND2, "--by", "agency", "--format", "json")
    data = json.loads(run.out)
    Draft202012Validator(load_schema("results")).validate(data)
    actions = [a for agency in data["agencies"] for e in agency["action_plan"] for a in e["actions"]]
    assert actions and all(a["owner"] == a["due"] == a["status"] == "" for a in actions)
    assert {a["actor"] for a in actions} == {"agency", "with_partner", "higher_level"}
    assert {a["horizon"] for a in actions} == {"quick_win", "long_term"}
    schema = load_schema("results")["$defs"]
    assert {"owner", "due", "status"} <= set(schema["plan_entry"]["properties"]["actions"]["items"]["required"])
