"""The statistics in the Word reports and the Excel workbook: the interval on page one, the "Can these numbers be
trusted?" panel opening the annex, the overview's reliability and rank intervals, the statistics' method, and
the workbook's statistics and reliability sheets; their numbers are those of ``ids-assess stats --format json``
on the same batch (seed 0, 2000 draws), and ``--no-stats`` leaves them out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.render import numbers
from tests.test_report import write_answers

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.table import Table  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ROUND1 = REPO / "examples" / "answers"
ROUND2 = REPO / "examples" / "answers-2027"  # 7 agencies, 5 respondents each
MSB = "city-x-market-supervision-bureau"
TRUST_LABELS = {"en": ["Score", "Agreement", "Barriers", "Rank", "Files flagged"],
                "zh": ["得分", "一致性", "障碍", "排名", "被标记的文件"]}


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def score(value: float) -> str:
    return numbers.fixed(value, 1)


@pytest.fixture(scope="module")
def stats() -> dict[str, Any]:
    """``ids-assess stats examples/answers-2027 --format json``: the questionnaire's figures."""
    data = json.loads(invoke("stats", ROUND2, "--format", "json"))
    (q,) = data["questionnaires"]
    return q  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Word report sets of round 2: English, Chinese, and English with ``--no-stats``."""
    out = {}
    for name, args in (("en", ()), ("zh", ("--lang", "zh")), ("none", ("--no-stats",))):
        folder = tmp_path_factory.mktemp(f"docx-stats-{name}")
        invoke("report", ROUND2, "-f", "docx", "-o", f"{folder}/", *args)
        out[name] = folder
    return out


def blocks(path: Path) -> list[Any]:
    """The document's paragraphs and tables, in order."""
    return list(docx.Document(str(path)).iter_inner_content())


def style(block: Any) -> str:
    return "" if isinstance(block, Table) else str(block.style.name)


def chapter(items: list[Any], title: str) -> list[Any]:
    """The blocks under the Heading 1 ``title``, up to the next Heading 1."""
    start = next(i for i, b in enumerate(items) if style(b) == "Heading 1" and b.text == title)
    end = next((i for i in range(start + 1, len(items)) if style(items[i]) == "Heading 1"), len(items))
    return items[start + 1:end]


def after(items: list[Any], heading: str) -> list[Any]:
    """The blocks after the heading ``heading``, up to the next heading of its level or higher."""
    start = next(i for i, b in enumerate(items) if style(b).startswith("Heading") and b.text == heading)
    level = style(items[start])
    end = next((i for i in range(start + 1, len(items)) if style(items[i]).startswith("Heading")
                and style(items[i]) <= level), len(items))
    return items[start + 1:end]


def rows(table: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def text_of(items: list[Any]) -> str:
    return "\n".join(b.text if not isinstance(b, Table) else "\n".join(" | ".join(r) for r in rows(b))
                     for b in items)


# --- Word: an agency ---------------------------------------------------------------------------------

def test_page_one_has_the_interval_beside_the_score(words: dict[str, Path], stats: dict[str, Any]) -> None:
    agency = next(a for a in stats["agencies"] if a["key"] == "cityx-msb")
    low, high = agency["overall"]["interval"]
    summary = [b.text for b in chapter(blocks(words["en"] / f"{MSB}.docx"), "Summary") if not isinstance(b, Table)]
    first = next(i for i, t in enumerate(summary) if t.startswith("Overall readiness: "))
    assert summary[first + 1] == f"90% interval: {score(low)}–{score(high)}"
    zh = [b.text for b in chapter(blocks(words["zh"] / f"{MSB}.docx"), "摘要") if not isinstance(b, Table)]
    assert f"90% 区间：{score(low)}～{score(high)}" in zh
    plain = text_of(blocks(words["none"] / f"{MSB}.docx"))
    assert "90% interval" not in plain and "Overall readiness: " in plain


def test_the_trust_panel_opens_the_annex_with_the_numbers_of_ids_assess_stats(
        words: dict[str, Path], stats: dict[str, Any]) -> None:
    items = blocks(words["en"] / f"{MSB}.docx")
    assert "Can these numbers be trusted?" not in text_of(chapter(items, "Summary"))  # page one decides
    profile = chapter(items, "Readiness profile")
    assert style(profile[0]) == "Heading 2" and profile[0].text == "Can these numbers be trusted?"
    panel = rows(profile[1])
    assert [r[0] for r in panel] == TRUST_LABELS["en"]
    text = "\n".join(r[1] for r in panel)
    agency = next(a for a in stats["agencies"] if a["key"] == "cityx-msb")
    low, high = agency["overall"]["interval"]
    assert f"{agency['respondents']} respondent(s): 90% interval {score(low)}–{score(high)} · bootstrap" in text
    factors = agency["factors"]
    agree = sum(1 for f in factors.values() if f["aggregation_ok"] is True)
    assert f"agree on {agree} of {len(factors)} factors" in text
    rwg = [f["rwg_j"] for f in factors.values() if f["rwg_j"] is not None]
    assert f"rwg(j) ≥ 0.70, mean {numbers.fixed(sum(rwg) / len(rwg), 2)}" in text
    confirmed = sum(1 for f in factors.values() if f["class"] == "confirmed_barrier")
    uncertain = sum(1 for f in factors.values() if f["class"] == "uncertain_barrier")
    assert f"Confirmed ({confirmed})" in text and f"uncertain ({uncertain})" in text
    rank_low, rank_high = agency["rank_interval"]
    assert (f"{agency['rank']} of {len(stats['agencies'])}, {numbers.plain(rank_low)} to "
            f"{numbers.plain(rank_high)} when the weights vary") in text
    files = [f for f in stats["files"] if f["key"] == "cityx-msb"]
    flagged = [f for f in files if f["flags"]]
    assert f"{len(flagged)} of {len(files)}, by role" in text or (not flagged and f"None of {len(files)}" in text)
    assert "cityx-msb-0" not in text and ".yaml" not in text  # flagged files by role only
    zh = chapter(blocks(words["zh"] / f"{MSB}.docx"), "就绪度概况")
    assert zh[0].text == "这些数字可信吗？" and [r[0] for r in rows(zh[1])] == TRUST_LABELS["zh"]
    assert f"90% 区间 {score(low)}～{score(high)}" in rows(zh[1])[0][1]
    assert "Can these numbers be trusted?" not in text_of(blocks(words["none"] / f"{MSB}.docx"))


def _numbering(path: Path) -> tuple[Any, dict[str, Any]]:
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    return document, {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}


def _num_id(paragraph: Any) -> str | None:
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    return None if num_pr is None else str(num_pr.numId.val)


def test_the_method_gives_the_statistics_with_their_citations_numbered_from_one(words: dict[str, Path]) -> None:
    path = words["en"] / f"{MSB}.docx"
    items = blocks(path)
    part = after(items, "Statistics")
    bullets = [b.text for b in part if style(b) == "List Bullet"]
    cited = [b for b in part if style(b) == "List Number"]
    assert len(bullets) == 4 and bullets[0].startswith("Agreement within an agency is rwg(j)")
    assert [b.text.split(",")[0] for b in cited] == ["Bliese", "Cronbach", "James"]
    # every numbered list (the three actions, the sources, the statistics' citations) starts at 1
    _, nums = _numbering(path)
    firsts = [b for b in chapter(items, "Summary") if style(b) == "List Number"][:1]
    firsts += [b for b in after(items, "Sources") if style(b) == "List Number"][:1] + cited[:1]
    ids = [_num_id(p) for p in firsts]
    assert len(set(ids)) == 3 and None not in ids
    for num_id in ids:
        start = nums[num_id].find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"
    assert {_num_id(p) for p in cited} == {ids[2]}
    assert "Statistics" not in [b.text for b in blocks(words["none"] / f"{MSB}.docx") if style(b) == "Heading 2"]
    zh = blocks(words["zh"] / f"{MSB}.docx")
    assert any(style(b) == "Heading 2" and b.text == "统计方法" for b in zh)


# --- Word: the overview ------------------------------------------------------------------------------

def test_the_overview_has_reliability_and_rank_intervals(words: dict[str, Path], stats: dict[str, Any]) -> None:
    items = blocks(words["en"] / "index.docx")
    ranking = chapter(items, "Ranking")
    table = next(b for b in ranking if isinstance(b, Table))
    head, *body = rows(table)
    assert head[:3] == ["Rank", "Rank interval", "Agency"]
    bdb = next(a for a in stats["agencies"] if a["key"] == "cityx-bdb")
    low, high = bdb["rank_interval"]
    shown = numbers.plain(low) if low == high else f"{numbers.plain(low)}–{numbers.plain(high)}"
    assert [str(bdb["rank"]), shown, "City X Big Data Bureau"] in [r[:3] for r in body]
    # the reliability of the agency means the ranking compares, under the ranking
    part = after(items, "Reliability of the factors")
    assert part[0].text.startswith("Alpha (Cronbach's alpha)")
    head, *body = rows(next(b for b in part if isinstance(b, Table)))
    assert head == ["Factor", "Alpha", "ICC(1)", "ICC(2)", "Reading"]
    assert len(body) == len(stats["factors"])
    for row, f in zip(body, stats["factors"].values(), strict=True):  # in the questionnaire's order
        for shown, key in zip(row[1:4], ("alpha", "icc1", "icc2"), strict=True):
            value = f[key]
            assert (shown == "n/a") if value is None else abs(float(shown.replace("\u2212", "-")) - value) <= 0.0051
        reliable = f["icc2"] is not None and f["icc2"] >= 0.70
        assert row[4].startswith("agency means are reliable") == reliable, row
    assert "Bliese" in text_of(after(items, "Statistics"))
    zh = blocks(words["zh"] / "index.docx")
    assert rows(next(b for b in chapter(zh, "排名") if isinstance(b, Table)))[0][:2] == ["名次", "排名区间"]
    assert any(style(b) == "Heading 2" and b.text == "因素的信度" for b in chapter(zh, "排名"))
    plain = blocks(words["none"] / "index.docx")
    assert rows(next(b for b in chapter(plain, "Ranking") if isinstance(b, Table)))[0][:2] == ["Rank", "Agency"]
    assert "Reliability of the factors" not in text_of(plain) and "Bliese" not in text_of(plain)


# --- Excel ---------------------------------------------------------------------------------------------

def _book(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[list[Any]]]]:
    folder = tmp_path_factory.mktemp("xlsx-stats")
    runs = {"en": ("report", "-o"), "zh": ("report", "--lang", "zh", "-o"), "none": ("report", "--no-stats", "-o"),
            "score": ("score", "--format", "xlsx", "--stats", "-o"), "score-none": ("score", "--format", "xlsx", "-o")}
    out = {}
    for name, (command, *args) in runs.items():
        path = folder / f"{name}.xlsx"
        invoke(command, ROUND2, *args, path)
        out[name] = _book(path)
    return out


HEADER_EN = ["Questionnaire", "Agency", "Agency id", "Factor id", "Factor", "Respondents with a score", "Mean",
             "90% interval: low", "90% interval: high", "rwg(j)", "AD(M)", "Respondents in rwg(j)",
             "Respondents agree", "Class", "Share of weight draws in the top three barriers", "Rank",
             "Rank interval: low", "Rank interval: high", "Answer files", "Files flagged"]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def test_the_statistics_sheet_has_the_numbers_of_ids_assess_stats(books: dict[str, Any],
                                                                  stats: dict[str, Any]) -> None:
    sheet = books["en"]["statistics"]
    assert sheet[0] == HEADER_EN
    by = {(r[2], r[3]): r for r in sheet[1:]}
    assert len(sheet) - 1 == sum(1 + len(a["factors"]) for a in stats["agencies"])
    ref = f"{stats['id']}@{stats['version']}"
    for a in stats["agencies"]:
        overall = by[(a["agency_id"], "")]
        files = [f for f in stats["files"] if f["key"] == a["key"]]
        assert overall[:2] == [ref, a["agency"]] and overall[4] == "Overall"
        assert overall[5:9] == [a["overall"]["n"], a["overall"]["mean"], *a["overall"]["interval"]]
        assert overall[15:] == [a["rank"], *a["rank_interval"], len(files), sum(1 for f in files if f["flags"])]
        for fid, f in a["factors"].items():
            row = by[(a["agency_id"], fid)]
            assert row[5:13] == [f["n"], f["mean"], *(f["interval"] or ["", ""]), _blank(f["rwg_j"]),
                                 _blank(f["ad_m"]), f["n_rwg"], _blank(f["aggregation_ok"])], (a["key"], fid)
            assert row[13] == (f["class"].replace("_", " ") if f["class"] else "")
    reliability = books["en"]["reliability"]
    assert reliability[0] == ["Questionnaire", "Factor id", "Factor", "Alpha", "Respondents in alpha", "ICC(1)",
                              "ICC(2)", "Reading"]
    assert [r[1] for r in reliability[1:]] == list(stats["factors"])
    for row, f in zip(reliability[1:], stats["factors"].values(), strict=True):
        assert row[3:7] == [_blank(f["alpha"]), f["alpha_n"], _blank(f["icc1"]), _blank(f["icc2"])]
        assert row[7].startswith("agency means are reliable") == (f["icc2"] is not None and f["icc2"] >= 0.70)
    method = [r[1] for r in books["en"]["method"]]
    assert any(str(v).startswith("Agreement within an agency is rwg(j)") for v in method)
    assert any(str(v).startswith("Bliese, P. D. (2000)") for v in method)


def test_chinese_sheet_and_column_names(books: dict[str, Any], stats: dict[str, Any]) -> None:
    book = books["zh"]
    assert list(book)[5:7] == ["统计", "信度"]
    head = book["统计"][0]
    assert head[:7] == ["问卷", "部门", "部门编号", "因素编号", "因素", "有得分的答卷人数", "均值"]
    assert head[7:9] == ["90% 区间下限", "90% 区间上限"] and head[-2:] == ["答卷文件数", "被标记的文件"]
    assert not any(re.fullmatch(r"[A-Za-z ]+", h) for h in head if h not in ("rwg(j)", "AD(M)"))
    classes = {r[13] for r in book["统计"][1:] if r[13]}
    assert classes and classes <= {"确定障碍", "不确定障碍", "中性", "不确定促进因素", "确定促进因素"}
    assert book["信度"][0][:3] == ["问卷", "因素编号", "因素"]
    assert {r[7] for r in book["信度"][1:]} <= {"部门均值可靠", "部门均值可靠性不足",
                                               "无法计算：至少需要 2 个各有多名答卷人且得分有差异的部门"}
    assert [r[5:9] for r in book["统计"][1:]] == [r[5:9] for r in books["en"]["statistics"][1:]]


def test_score_xlsx_with_stats_has_the_same_sheets_and_no_stats_none(books: dict[str, Any], cli: Any) -> None:
    assert books["score"]["statistics"] == books["en"]["statistics"]
    assert books["score"]["reliability"] == books["en"]["reliability"]
    for name in ("none", "score-none"):
        assert "statistics" not in books[name] and "reliability" not in books[name]
        assert not any(str(r[1]).startswith("Bliese") for r in books[name]["method"])
    assert cli("score", ROUND2, "--format", "csv", "--stats").code == 2  # --stats: JSON by agency, or xlsx


def test_statistics_sheet_text_is_always_a_string_cell(cli: Any, tmp_path: Path) -> None:
    import zipfile

    hostile = "=HYPERLINK(\"http://evil.example\",\"x\") Bureau"
    folder = tmp_path / "in"
    for n, level in enumerate((2, 3, 4)):
        write_answers(folder, f"a{n}.yaml", hostile, level, role="it")
        write_answers(folder, f"b{n}.yaml", "@Other Office", 5 - n, role="leader")
        write_answers(folder, f"c{n}.yaml", "-1+2", level, role="legal")
    for command in (("report",), ("score", "--stats")):
        out = tmp_path / f"{command[0]}.xlsx"
        run = cli(command[0], folder, "--format", "xlsx", "-o", out, *command[1:])
        assert run.code == 0, run
        with zipfile.ZipFile(out) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    xml = z.read(name).decode("utf-8")
                    assert "<f>" not in xml and "<f " not in xml
        sheet = _book(out)["statistics"]
        assert {r[1] for r in sheet[1:]} == {hostile, "@Other Office", "-1+2"}


def test_the_office_renderers_take_the_statistics_in_process(books: dict[str, Any], tmp_path: Path) -> None:
    """The same sheets and panel from the renderers themselves, given the statistics of the collector."""
    from ids_assess.io.batch import aggregate_paths
    from ids_assess.io.questionnaires import Registry, pinned
    from ids_assess.io.resources import templates_dir
    from ids_assess.render.formats import REPORT, ReportJob
    from ids_assess.render.office.word_report import agency_document
    from ids_assess.render.report.build import Options
    from ids_assess.stats.collect import Collector

    reg = Registry()
    collector = Collector(reg.get)
    results: list[Any] = []

    def seen(result: Any) -> None:
        results.append(result)
        collector.add(result)

    overview, problems = aggregate_paths([ROUND2], reg, on_result=seen)
    assert not problems
    lookup = pinned(reg, ((p.questionnaire, p.version) for p in overview.profiles))
    report = collector.finish(draws=2000, seed=0)
    for stats in (report, None):
        options = Options("xlsx", "en", lookup, "0", bundled=str(templates_dir()), stats=stats)
        path = tmp_path / f"{stats is not None}.xlsx"
        data = REPORT.get("xlsx").render(ReportJob(options, overview, results))
        assert isinstance(data, bytes)
        path.write_bytes(data)
        book = _book(path)
        if stats is None:
            assert "statistics" not in book
        else:
            assert book["statistics"] == books["en"]["statistics"]
            assert book["reliability"] == books["en"]["reliability"]
        index = next(i for i, p in enumerate(overview.profiles) if p.key == "cityx-msb")
        word = tmp_path / f"{stats is not None}.docx"
        word.write_bytes(agency_document(Options("docx", "en", lookup, "0", bundled=str(templates_dir()),
                                                 stats=stats), overview, index))
        headings = [b.text for b in blocks(word) if style(b) == "Heading 2"]
        assert ("Can these numbers be trusted?" in headings) == (stats is not None)


def test_the_office_words_have_both_languages() -> None:
    from ids_assess.render.office.text import WORDS

    assert set(WORDS["en"]) == set(WORDS["zh"])
    assert all(WORDS["zh"][k] for k in WORDS["zh"])
