"""The statistics in the reports: page one's "Can these numbers be trusted?" panel, the overview's reliability
table and rank intervals, the statistics' method; ``--no-stats`` leaves them all out. The numbers are those of
``ids-assess stats`` on the same batch (seed 0, 2000 draws)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.render import numbers

REPO = Path(__file__).resolve().parent.parent
ROUND2 = REPO / "examples" / "answers-2027"  # 7 agencies, 5 respondents each
MSB = "city-x-market-supervision-bureau"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def stats() -> dict:  # type: ignore[type-arg]
    """``ids-assess stats examples/answers-2027 --format json``: the questionnaire's figures."""
    data = json.loads(invoke("stats", str(ROUND2), "--format", "json"))
    (q,) = data["questionnaires"]
    return q  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for fmt, lang in (("md", "en"), ("html", "en"), ("md", "zh")):
        folder = tmp_path_factory.mktemp(f"stats-{fmt}-{lang}")
        invoke("report", str(ROUND2), "-f", fmt, "--lang", lang, "-o", str(folder) + "/")
        out[f"{fmt}-{lang}"] = folder
    return out


def panel(text: str) -> str:
    """The Markdown panel, from its heading to the next bold heading."""
    start = text.index("**Can these numbers be trusted?**")
    return text[start:text.index("**Relationship with each partner**", start)]


def score(value: float) -> str:
    return numbers.fixed(value, 1)


def test_the_panel_shows_the_numbers_of_ids_assess_stats(reports: dict[str, Path], stats: dict) -> None:  # type: ignore[type-arg]
    agency = next(a for a in stats["agencies"] if a["key"] == "cityx-msb")
    text = panel((reports["md-en"] / f"{MSB}.md").read_text(encoding="utf-8"))
    low, high = agency["overall"]["interval"]
    assert f"{agency['respondents']} respondent(s): 90% interval {score(low)}–{score(high)}" in text
    factors = agency["factors"]
    agree = sum(1 for f in factors.values() if f["aggregation_ok"] is True)
    assert f"agree on {agree} of {len(factors)} factors" in text
    unmeasured = sum(1 for f in factors.values() if f["rwg_j"] is None)
    if unmeasured:
        assert f"({unmeasured} not measurable: too few complete answers)" in text
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
    assert "cityx-msb-0" not in text and ".yaml" not in text  # flagged files by role only, never by file
    # the interval is also page one's statistics interval slot
    head = (reports["md-en"] / f"{MSB}.md").read_text(encoding="utf-8").split("**Can these")[0]
    assert f"90% interval {score(low)}–{score(high)}" in head


def test_the_html_and_chinese_reports_have_the_panel_too(reports: dict[str, Path], stats: dict) -> None:  # type: ignore[type-arg]
    agency = next(a for a in stats["agencies"] if a["key"] == "cityx-msb")
    low, high = agency["overall"]["interval"]
    html = (reports["html-en"] / f"{MSB}.html").read_text(encoding="utf-8")
    front = html[:html.index('class="annex"')]  # page one: the interval beside the score
    assert f"90% interval: {score(low)}–{score(high)}" in front  # the key figure's label and value
    # the panel opens the annex, right after page one (on page one it pushed the third action off the page)
    annex = html[html.index('class="annex"'):html.index('id="profile"')]
    assert "Can these numbers be trusted?" in annex and 'class="trust compact"' in annex
    assert f"90% interval {score(low)}–{score(high)}" in annex
    zh = (reports["md-zh"] / f"{MSB}.md").read_text(encoding="utf-8")
    assert "**这些数字可信吗？**" in zh and f"90% 区间 {score(low)}～{score(high)}" in zh
    assert "### 统计方法" in zh and "Bliese, P. D. (2000)" in zh


def test_the_overview_has_reliability_rank_intervals_and_the_method(reports: dict[str, Path],
                                                                    stats: dict) -> None:  # type: ignore[type-arg]
    index = (reports["md-en"] / "index.md").read_text(encoding="utf-8")
    assert "## Reliability of the factors" in index and "| Rank | Rank interval |" in index
    table = index[index.index("## Reliability of the factors"):index.index("## Readiness by agency and factor")]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(stats["factors"])
    for row, f in zip(rows, stats["factors"].values(), strict=True):  # in the questionnaire's order
        for shown, key in zip(row[1:4], ("alpha", "icc1", "icc2"), strict=True):
            value = f[key]
            assert (shown == "n/a") if value is None else abs(float(shown.replace("\u2212", "-")) - value) <= 0.0051
        reliable = f["icc2"] is not None and f["icc2"] >= 0.70
        assert row[4].startswith("agency means are reliable") == reliable, row
    bdb = next(a for a in stats["agencies"] if a["key"] == "cityx-bdb")
    low, high = bdb["rank_interval"]
    shown = numbers.plain(low) if low == high else f"{numbers.plain(low)}–{numbers.plain(high)}"
    assert re.search(rf"^\| {bdb['rank']} \| {shown} \| \[City X Big Data Bureau\]", index, re.M)
    method = index[index.index("### Statistics"):]
    for cited in ("James, L. R., Demaree, R. G., & Wolf, G. (1984)", "Bliese, P. D. (2000)",
                  "Cronbach, L. J. (1951)"):
        assert cited in method


def test_no_stats_leaves_the_statistics_out(tmp_path: Path) -> None:
    invoke("report", str(ROUND2), "-f", "md", "--no-stats", "-o", str(tmp_path) + "/")
    text = (tmp_path / f"{MSB}.md").read_text(encoding="utf-8")
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "Can these numbers be trusted?" not in text and "90% interval" not in text
    assert "### Statistics" not in text and "Reliability of the factors" not in index
    assert "Rank interval" not in index and "### Statistics" not in index


def test_an_agency_of_two_respondents_says_why_there_is_no_interval(tmp_path: Path) -> None:
    for path in sorted(ROUND2.glob("cityx-msb-0[12]-*.yaml")):
        shutil.copy(path, tmp_path / path.name)
    text = invoke("report", str(tmp_path), "-f", "md")
    trust = panel(text)
    assert "2 respondent(s): no interval, which needs at least 3 respondents with a score (this agency has 2)" in trust
    assert "No rank interval: it needs an overall score and at least 2 agencies" in trust
    html = invoke("report", str(tmp_path), "-f", "html", "--lang", "zh")
    assert "无区间，区间至少需要 3 名有得分的答卷人（本部门只有 2 名）" in html


def test_an_older_version_is_read_with_its_own_factors() -> None:
    """The first round answers ids-core 1.0.0, not the newest version: the statistics count its factors."""
    data = json.loads(invoke("stats", str(REPO / "examples" / "answers"), "--format", "json"))
    (q,) = data["questionnaires"]
    assert q["version"] == "1.0.0"
    text = panel(invoke("report", *map(str, sorted((REPO / "examples" / "answers").glob("cityx-msb-0*.yaml"))),
                        "-f", "md"))
    assert f" of {len(q['factors'])} factors" in text
