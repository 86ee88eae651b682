"""``report --baseline`` over several rounds: each --baseline one earlier round, earliest first; the rounds'
warnings on stderr (as ``compare`` prints them) and beside the change in every format and language; the
trend line of each agency with three rounds or more; bad rounds refused in one line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ids_assess.core.aggregate import Overview
from ids_assess.core.compare import Round, compare_rounds, history
from ids_assess.render import svg_trend
from ids_assess.render.report.view_change import round_labels
from ids_assess.render.report.view_common import Context
from tests.test_report import CORE, write_answers

DATES = {"r1": "2025-03-01", "r2": "2026-03-01", "r3": "2027-03-01"}


def _round(base: Path, name: str, level: int, roles: tuple[str, ...] = ("leader", "it"), dated: bool = True,
           agencies: tuple[str, ...] = ("Alpha Bureau",)) -> Path:
    """A round in ``base/name``: one ids-core 1.0.0 file per agency and role, every item at ``level`` (2: an
    overall of 25.0, 3: 50.0, 4: 75.0)."""
    folder = base / name
    for agency in agencies:
        for i, role in enumerate(roles):
            header = {"role": role, "date": DATES[name]} if dated else {"role": role}
            write_answers(folder, f"{agency[:5].lower()}-{i}.yaml", agency, level, **header)
    return folder


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning: ")]


@pytest.fixture
def three(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Three rounds, rising 25 → 50 → 75; the last has a third respondent (a legal officer)."""
    return (_round(tmp_path, "r1", 2), _round(tmp_path, "r2", 3),
            _round(tmp_path, "r3", 4, roles=("leader", "it", "legal")))


# --- the warnings -------------------------------------------------------------------------------------

def test_warnings_on_stderr_are_those_of_compare(cli, three):
    r1, r2, r3 = three
    report = cli("report", r3, "--baseline", r1, "--baseline", r2)
    assert report.code == 0, report
    compare = cli("compare", r1, r2, r3)
    assert _warnings(report.err) == _warnings(compare.err)
    (line,) = _warnings(report.err)
    assert line.startswith(f"warning: Alpha Bureau (ids-core): respondents 2 in {r2}, 3 in {r3}; role mix changed")


def test_warnings_in_the_markdown_agency_report(cli, tmp_path):
    old = _round(tmp_path, "r1", 2)
    new = _round(tmp_path, "r2", 4, roles=("leader", "it", "it"))
    run = cli("report", new, "--baseline", old)
    assert run.code == 0, run
    md = run.out
    page_one = md.split("**Can these numbers be trusted?**")[0]
    assert "+50.0 (25.0 → 75.0) · ⚠ Read with care: 1 warning, in A1 |" in page_one
    change = md.split("### Change since the baseline")[1].split("### By factor")[0]
    assert "**Read with care:**\n\n- Alpha Bureau (ids-core): respondents 2 in 2025-03-01, 3 in 2026-03-01" in change
    assert "role mix changed (IT staff 1, leader 1; then IT staff 2, leader 1)" in change
    assert "Across rounds" not in md  # two rounds: a change, no trend line


def test_warnings_in_html_and_chinese(cli, tmp_path):
    old = _round(tmp_path, "r1", 2)
    new = _round(tmp_path, "r2", 4, roles=("leader", "it", "it"))
    html = cli("report", new, "--baseline", old, "--format", "html").out
    assert '<div class="sub warn"><a href="#change">' in html and "Read with care: 1 warning, in A1" in html
    caution = html.split('<div class="caution" role="note">')[1].split("</div>")[0]
    assert "<bdi>Alpha Bureau (ids-core): respondents 2 in 2025-03-01, 3 in 2026-03-01;" in caution
    zh = cli("report", new, "--baseline", old, "--lang", "zh").out
    assert "⚠ 解读时请注意：1 条提示，见 A1" in zh
    assert "**解读时请注意：**" in zh and "答卷人数 2025-03-01 为 2，2026-03-01 为 3" in zh and "角色构成有变" in zh
    zh_html = cli("report", new, "--baseline", old, "--lang", "zh", "--format", "html").out
    assert "解读时请注意：1 条提示，见 A1" in zh_html and "<bdi>Alpha Bureau（ids-core）：答卷人数" in zh_html


def test_the_overview_lists_the_rounds_warnings(cli, tmp_path, answer_file):
    from ids_assess.io.questionnaires import Registry

    old = _round(tmp_path, "r1", 2)
    new = _round(tmp_path, "r2", 4, roles=("leader", "it", "legal"))
    for folder, version, date in ((old, "1.0.0", DATES["r1"]), (new, "1.1.0", DATES["r2"])):  # Beta: territoriality
        items = Registry().get(f"territoriality@{version}").items
        answer_file(dict.fromkeys(items, 3), name=f"{folder.name}/beta.yaml", agency="Beta Office", role="it",
                    version=version, date=date)
    out = tmp_path / "out"
    run = cli("report", new, "--baseline", old, "-o", out, "--format", "md")
    assert run.code == 0, run
    assert any("territoriality 1.0.0 in" in w and "1.1.0" in w for w in _warnings(run.err))
    index = (out / "index.md").read_text(encoding="utf-8")
    change = index.split("## Change since the baseline")[1]
    assert "Rounds, earliest first: 2025-03-01 → 2026-03-01. “Before” is 2025-03-01." in change
    assert "- territoriality 1.0.0 in 2025-03-01, 1.1.0 in 2026-03-01 (1 agency): levels whose definition" in change
    assert "- In 1 agency the respondents or their role mix changed between rounds: its report says how." in change
    assert "Alpha Bureau (ids-core)" not in change  # an agency's own warning is in its report
    beta = (out / "beta-office-territoriality.md").read_text(encoding="utf-8")
    alpha = (out / "alpha-bureau-ids-core.md").read_text(encoding="utf-8")
    assert "territoriality 1.0.0 in 2025-03-01, 1.1.0 in 2026-03-01" in beta and "Alpha Bureau" not in beta
    assert "territoriality 1.0.0" not in alpha and "- Alpha Bureau (ids-core): respondents 2 in" in alpha
    assert cli("report", new, "--baseline", old, "-o", tmp_path / "html").code == 0
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "<li>In 1 agency the respondents or their role mix changed" in page
    assert "<li><bdi>territoriality 1.0.0 in 2025-03-01, 1.1.0 in 2026-03-01 (1 agency)" in page


def test_same_people_same_version_no_caution(cli, tmp_path):
    old = _round(tmp_path, "r1", 2)
    new = _round(tmp_path, "r2", 4, roles=("it", "leader"))
    run = cli("report", new, "--baseline", old, "--format", "html")
    assert run.code == 0 and not _warnings(run.err)
    assert 'class="caution"' not in run.out and 'class="sub warn"' not in run.out


def test_rounds_in_reverse_date_order_are_warned(cli, three):
    r1, r2, r3 = three
    run = cli("report", r1, "--baseline", r3, "--baseline", r2)
    assert run.code == 0, run
    order = [w for w in _warnings(run.err) if "reverse date order" in w]
    assert order == [f"warning: rounds in reverse date order: {r2} (median date 2026-03-01) is given after {r3} "
                     "(2027-03-01); give the earlier round first",
                     f"warning: rounds in reverse date order: {r1} (median date 2025-03-01) is given after {r2} "
                     "(2026-03-01); give the earlier round first"]
    md = run.out
    assert "- rounds in reverse date order: 2026-03-01 (median date 2026-03-01) is given after 2027-03-01" in md
    assert "⚠ Read with care: 1 warning, in A1" in md  # the last pair's order (the respondents changed before)
    assert "**Across rounds**: 2027-03-01 75.0 → 2026-03-01 50.0 → 2025-03-01 25.0" in md


def test_no_dates_no_order_warning_and_rounds_named_by_folder(cli, tmp_path):
    rounds = [_round(tmp_path, name, level, dated=False) for name, level in (("r1", 2), ("r2", 3), ("r3", 4))]
    out = tmp_path / "out"
    run = cli("report", rounds[2], "--baseline", rounds[0], "--baseline", rounds[1], "-o", out, "--format", "md")
    assert run.code == 0, run
    assert not _warnings(run.err)
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "Rounds, earliest first: r1 → r2 → r3. “Before” is r2." in index
    assert "**Across rounds**: r1 25.0 → r2 50.0 → r3 75.0" in (out / "alpha-bureau.md").read_text(encoding="utf-8")


# --- three rounds: the trend line ---------------------------------------------------------------------

def test_three_rounds_markdown_trend_en_and_zh(cli, three, tmp_path):
    r1, r2, r3 = three
    for lang, trend_head in (("en", "Across rounds"), ("zh", "历轮得分")):
        words = f"**{trend_head}**" + (": " if lang == "en" else "：")
        out = tmp_path / f"md-{lang}"
        run = cli("report", r3, "--baseline", r1, "--baseline", r2, "-o", out, "--format", "md", "--lang", lang)
        assert run.code == 0, run
        agency = (out / "alpha-bureau.md").read_text(encoding="utf-8")
        assert f"{words}2025-03-01 25.0 → 2026-03-01 50.0 → 2027-03-01 75.0" in agency
        # the change is since the last --baseline
        assert "+25.0 (50.0 → 75.0)" in agency or "+25.0（50.0 → 75.0）" in agency
        index = (out / "index.md").read_text(encoding="utf-8")
        header = next(line for line in index.splitlines() if line.startswith("| ") and trend_head in line)
        assert header.count("|") == 9
        assert re.search(r"\| 25\.0 → 50\.0 → 75\.0 \|", index)
    zh = (tmp_path / "md-zh" / "index.md").read_text(encoding="utf-8")
    assert "各轮（由早到晚）：2025-03-01 → 2026-03-01 → 2027-03-01。“基线”指 2026-03-01。" in zh


def test_three_rounds_html_trend_chart(cli, three, tmp_path):
    r1, r2, r3 = three
    for lang, caption in (("en", "Across rounds: 2025-03-01 25.0 → 2026-03-01 50.0 → 2027-03-01 75.0"),
                          ("zh", "历轮得分：2025-03-01 25.0 → 2026-03-01 50.0 → 2027-03-01 75.0")):
        out = tmp_path / f"html-{lang}"
        assert cli("report", r3, "--baseline", r1, "--baseline", r2, "-o", out, "--lang", lang).code == 0
        page = (out / "alpha-bureau.html").read_text(encoding="utf-8")
        chart = re.search(r'<svg [^>]*class="chart trend".*?</svg>', page, re.S)
        assert chart, "no trend chart"
        svg = chart.group(0)
        assert svg.count("<circle") == 3 and svg.count('stroke="#0072B2"') == 2  # three rounds, two segments
        assert "stroke-dasharray=\"6 4\"" not in svg  # one questionnaire version: no dashed segment
        assert "2025-03-01" in svg and ">75.0</text>" in svg
        assert caption in page
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # self-contained
    assert "各轮总体就绪度" in (tmp_path / "html-zh" / "alpha-bureau.html").read_text(encoding="utf-8")
    index = (tmp_path / "html-en" / "index.html").read_text(encoding="utf-8")
    assert '<td class="num">25.0 → 50.0 → 75.0</td>' in index


def test_an_agency_missing_from_a_round_breaks_its_line(cli, tmp_path):
    r1 = _round(tmp_path, "r1", 2, agencies=("Alpha Bureau", "Beta Office"))
    r2 = _round(tmp_path, "r2", 3)
    r3 = _round(tmp_path, "r3", 4, agencies=("Alpha Bureau", "Beta Office"))
    out = tmp_path / "out"
    assert cli("report", r3, "--baseline", r1, "--baseline", r2, "-o", out, "--format", "md").code == 0
    alpha = (out / "alpha-bureau.md").read_text(encoding="utf-8")
    assert "**Across rounds**: 2025-03-01 25.0 → 2026-03-01 50.0 → 2027-03-01 75.0" in alpha
    beta = (out / "beta-office.md").read_text(encoding="utf-8")  # not in the baseline: no change and no trend
    assert "| No baseline |" in beta and "Across rounds" not in beta


def test_word_shows_the_warnings_and_the_trend(cli, three, tmp_path):
    docx = pytest.importorskip("docx")
    r1, r2, r3 = three
    out = tmp_path / "word"
    assert cli("report", r3, "--baseline", r1, "--baseline", r2, "--format", "docx", "-o", f"{out}/").code == 0
    text = "\n".join(p.text for p in docx.Document(str(out / "alpha-bureau.docx")).paragraphs)
    assert "Across rounds: 2025-03-01 25.0 → 2026-03-01 50.0 → 2027-03-01 75.0" in text
    assert "Read with care: Alpha Bureau (ids-core): respondents 2 in 2026-03-01, 3 in 2027-03-01" in text
    index = "\n".join(p.text for p in docx.Document(str(out / "index.docx")).paragraphs)
    assert "Rounds, earliest first: 2025-03-01 → 2026-03-01 → 2027-03-01." in index
    assert "Read with care: In 1 agency the respondents or their role mix changed" in index


# --- bad input ------------------------------------------------------------------------------------------

def test_a_baseline_without_valid_files_is_one_clear_error(cli, tmp_path):
    new = _round(tmp_path, "r2", 3)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.yaml").write_text("questionnaire: ids-core\nagency: Broken\nanswers: [1]\n", encoding="utf-8")
    out = tmp_path / "out"
    run = cli("report", new, "--baseline", bad, "-o", out)
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if line.startswith("ids-assess: error")]
    assert errors == [f"ids-assess: error: --baseline {bad} holds no valid answer files: nothing to compare"]
    assert run.err.rstrip().endswith("nothing to compare") and not out.exists()


def test_a_baseline_without_answer_files_is_one_clear_error(cli, tmp_path):
    new = _round(tmp_path, "r2", 3)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.yaml").write_text("questionnaire_notes: none\n", encoding="utf-8")
    run = cli("report", new, "--baseline", _round(tmp_path, "r1", 2), "--baseline", empty)
    assert run.code == 1 and run.out == ""
    assert run.err.strip().splitlines()[-1].startswith(f"ids-assess: error: --baseline {empty} holds no")


def test_a_missing_baseline_is_a_usage_error(cli, tmp_path):
    run = cli("report", _round(tmp_path, "r2", 3), "--baseline", tmp_path / "nope")
    assert run.code == 2 and "no such file or folder" in run.err


# --- inside -----------------------------------------------------------------------------------------------

def _overview(cli, folder: Path) -> Overview:
    from ids_assess.io.batch import aggregate_paths
    from ids_assess.io.questionnaires import Registry

    overview, problems = aggregate_paths([folder], Registry())
    assert not problems
    return overview


def test_history_trends_and_warnings_for_one_agency(cli, three):
    from ids_assess.io.questionnaires import Registry

    overviews = [_overview(cli, f) for f in three]
    loaded = [(f.name, o, dt.date.fromisoformat(DATES[f.name])) for f, o in zip(three, overviews, strict=True)]
    comparisons = compare_rounds(loaded, lookup=Registry().get)
    h = history([(Round(f.name, d), o) for f, (_, o, d) in zip(three, loaded, strict=True)], comparisons)
    key = overviews[-1].profiles[0].key
    trend = h.trend("ids-core", key)
    assert trend is not None and trend.scores == (25.0, 50.0, 75.0) and trend.changed == (False, False)
    assert h.trend("ids-core", "nobody") is None
    (people,) = h.warnings_for("ids-core", key)
    assert people.kind == "people" and (people.old_name, people.new_name) == ("r2", "r3")
    assert h.warnings_for("ids-core", key, last=True) == (people,)
    assert h.warnings_for("territoriality", key) == ()
    renamed = h.renamed(["A", "B", "C"])
    assert renamed.comparisons[1].warnings[0].text().startswith("Alpha Bureau (ids-core): respondents 2 in B, 3 in C")
    with pytest.raises(ValueError):
        history([(Round("x", None), overviews[0])], comparisons)


def test_round_labels_dates_names_numbers_and_duplicates():
    from ids_assess.core.compare import History

    rounds = (Round("answers", dt.date(2026, 3, 1)), Round("answers", None), Round("answers", None), Round("", None))
    h = History(rounds, (), ())
    en = Context("en", "md", lambda _: CORE, "0", history=h)
    assert round_labels(en, h) == ("2026-03-01", "answers (round 2)", "answers (round 3)", "round 4")
    zh = Context("zh", "md", lambda _: CORE, "0", history=h)
    assert round_labels(zh, h)[1:] == ("answers（第 2 轮）", "answers（第 3 轮）", "第 4 轮")


def test_a_round_of_files_is_not_named_by_a_file_name(tmp_path):
    from ids_assess.cli.rounds import round_name

    f = tmp_path / "li-wei.yaml"
    f.write_text("", encoding="utf-8")
    assert round_name([tmp_path], named=False) == tmp_path.name
    assert round_name([f], named=False) == "" and round_name([f], named=True) == "li-wei.yaml"
    assert round_name([tmp_path, f], named=True) == ""


def test_trend_chart_text_stays_readable_on_a_phone():
    """Drawn 360 units wide: at the 358 px a 390 px phone leaves it, no text is under 10 px."""
    points = [svg_trend.TrendPoint(f"2027-11-{10 + i}", 40.0 + i, f"{40.0 + i:.1f}") for i in range(8)]
    chart = svg_trend.trend_chart(points, [False] * 7, "t", "title", "desc")
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', chart)]
    assert width == 360 and min(sizes) * 358 / width >= 10
    assert len(set(re.findall(r'<text x="[\d.]+" y="([\d.]+)" text-anchor="\w+" font-size="11" fill="#5b6673">2027',
                              chart))) == 2  # eight dates alternate between two lines
    assert "\u2026" not in chart  # and fit whole


def test_trend_chart_escapes_gaps_and_dashes():
    points = [svg_trend.TrendPoint("<r1>", 30.0, "30.0"), svg_trend.TrendPoint("r2", None, "n/a"),
              svg_trend.TrendPoint("r3", 60.0, "60.0"), svg_trend.TrendPoint("r4", 70.0, "70.0")]
    chart = svg_trend.trend_chart(points, [False, False, True], "t", "a <title>", "d")
    assert "<r1>" not in chart and "&lt;r1&gt;" in chart and "a &lt;title&gt;" in chart
    assert chart.count("<circle") == 3 and chart.count("<line x1") == 3 + 1  # three grid lines, one segment
    assert 'stroke-dasharray="6 4"' in chart
    with pytest.raises(ValueError):
        svg_trend.trend_chart(points, [False], "t", "a", "d")
