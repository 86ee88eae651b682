"""A report of answers to two versions of one questionnaire (the bundled 2026 round on ids-core 1.0.0 and the
2027 round on 2.0.0, given together): each version is a questionnaire of its own, as in ``score --by agency``:
its own ranking, heat map and systemic barriers, and an agency that answered both has a report per version,
each the same as the report of that round alone but for the links between the reports."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ids_assess.core.aggregate import Overview
from ids_assess.io.batch import aggregate_paths
from ids_assess.io.questionnaires import Registry
from ids_assess.render.report.files import report_names

REPO = Path(__file__).resolve().parent.parent
OLD = REPO / "examples" / "answers"  # ids-core 1.0.0, seven agencies
NEW = REPO / "examples" / "answers-2027"  # ids-core 2.0.0, the same seven agencies
AGENCIES = 7


def _overview(*paths: Path) -> Overview:
    overview, problems = aggregate_paths(list(paths), Registry())
    assert not problems
    return overview


def _unlinked(text: str, version: str) -> str:
    """The report with its links to the other reports of a two-version set turned into those of a one-round set."""
    return re.sub(rf"-ids-core-{re.escape(version)}(\.(?:md|html))", r"\1", text)


@pytest.fixture(scope="module")
def both() -> Overview:
    return _overview(OLD, NEW)


def test_an_agency_that_answered_both_versions_has_a_profile_and_a_file_per_version(both: Overview) -> None:
    assert sorted({p.version for p in both.profiles}) == ["1.0.0", "2.0.0"]
    names = report_names(both.profiles, ".md")
    assert len(names) == len(both.profiles) == 2 * AGENCIES
    assert len(set(names.values())) == len(names)  # no two profiles share a file
    customs = sorted(name for name in names.values() if name.startswith("city-x-customs"))
    assert customs == ["city-x-customs-ids-core-1.0.0.md", "city-x-customs-ids-core-2.0.0.md"]


def test_one_version_keeps_the_plain_names(both: Overview) -> None:
    names = report_names(_overview(NEW).profiles, ".md")
    assert "city-x-customs.md" in names.values()
    assert not any("ids-core" in name for name in names.values())


def test_systemic_barriers_are_counted_within_each_version() -> None:
    """Pooling the versions counts an agency twice and lets a barrier of every agency in one round drown in
    the other round's scores: the systemic barriers of both rounds together are those of each round alone."""
    old, new, both = _overview(OLD).systemic_barriers, _overview(NEW).systemic_barriers, _overview(OLD, NEW)
    assert both.systemic_barriers == tuple(dict.fromkeys(old + new))
    assert "staff_resistance" in old and "staff_resistance" not in new  # the one a pooled count lost


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_of_two_versions_writes_each_rounds_reports(cli, tmp_path: Path, fmt: str) -> None:
    run = cli("report", OLD, NEW, "-o", f"{tmp_path / 'both'}/", "-f", fmt)
    assert run.code == 0, run
    assert "internal error" not in run.err
    assert f"wrote {2 * AGENCIES + 1} report(s)" in run.err
    assert run.err.count("answered versions 1.0.0 and 2.0.0 of 'ids-core'") == AGENCIES
    for folder, version in ((OLD, "1.0.0"), (NEW, "2.0.0")):
        alone = cli("report", folder, "-o", f"{tmp_path / version}/", "-f", fmt)
        assert alone.code == 0, alone
        for agency in ("city-x-customs", "city-x-big-data-bureau"):
            mixed = (tmp_path / "both" / f"{agency}-ids-core-{version}.{fmt}").read_text(encoding="utf-8")
            single = (tmp_path / version / f"{agency}.{fmt}").read_text(encoding="utf-8")
            assert _unlinked(mixed, version) == single
            # and its partners are linked to their reports on the same version
            others = set(re.findall(r"city-x-[a-z-]+?-ids-core-(\d\.\d\.\d)\." + fmt, mixed))
            assert others == {version}


def test_the_overview_ranks_each_version_on_its_own(cli, tmp_path: Path) -> None:
    run = cli("report", OLD, NEW, "-o", f"{tmp_path}/", "-f", "md")
    assert run.code == 0, run
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    ranking = index.split("## Ranking", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### .*ids-core (\d\.\d\.\d)$", ranking, flags=re.M)
    assert headings == ["1.0.0", "2.0.0"]
    for part, version in zip(ranking.split("\n### ")[1:], headings, strict=True):
        rows = [line for line in part.splitlines() if line.startswith("| ") and "](" in line]
        assert len(rows) == AGENCIES
        assert all(f"-ids-core-{version}.md)" in row for row in rows)
        assert [row.split("|")[1].strip() for row in rows] == [str(i) for i in range(1, AGENCIES + 1)]


def test_two_versions_with_two_jobs_write_the_same_reports(cli, tmp_path: Path) -> None:
    one = cli("report", OLD, NEW, "-o", f"{tmp_path / 'one'}/", "-f", "html")
    two = cli("report", OLD, NEW, "-o", f"{tmp_path / 'two'}/", "-f", "html", "--jobs", "2")
    assert one.code == two.code == 0, (one, two)
    files = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_word_set_of_two_versions(cli, tmp_path: Path) -> None:
    run = cli("report", OLD, NEW, "-o", f"{tmp_path}/", "-f", "docx")
    assert run.code == 0, run
    assert "internal error" not in run.err
    documents = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert len(documents) == 2 * AGENCIES + 1
    with zipfile.ZipFile(tmp_path / "index.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "ids-core 1.0.0" in body and "ids-core 2.0.0" in body
    with zipfile.ZipFile(tmp_path / "city-x-customs-ids-core-1.0.0.docx") as z:
        assert "ids-core 1.0.0" in z.read("word/document.xml").decode("utf-8")


def _section(text: str, heading: str) -> str:
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def _rows(section: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("|---")][1:]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """index.md of both rounds together, and of each alone."""
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    base = tmp_path_factory.mktemp("indexes")
    out = {}
    for name, folders in (("both", [OLD, NEW]), ("1.0.0", [OLD]), ("2.0.0", [NEW])):
        run = CliRunner().invoke(app, ["report", *map(str, folders), "-o", f"{base / name}/", "-f", "md"])
        assert run.exit_code == 0, run.output
        out[name] = (base / name / "index.md").read_text(encoding="utf-8")
    return out


def test_the_systemic_barriers_of_both_rounds_are_those_of_each_round_alone(indexes: dict[str, str]) -> None:
    # (factor, in how many agencies, mean) of each version's rows: none leaks from one version into the other
    both = _rows(_section(indexes["both"], "## Systemic barriers"))
    for version in ("1.0.0", "2.0.0"):
        alone = [(r[0], r[1], r[2]) for r in _rows(_section(indexes[version], "## Systemic barriers"))]
        mixed = [(r[0], r[2], r[3]) for r in both if r[1] == f"ids-core {version}"]
        assert mixed == alone and alone
    assert len(both) == sum(len(_rows(_section(indexes[v], "## Systemic barriers"))) for v in ("1.0.0", "2.0.0"))


def test_the_network_of_both_rounds_shows_the_newest_rounds_ties_once(indexes: dict[str, str]) -> None:
    def ties(text: str) -> list[list[str]]:
        rows = _rows(_section(text, "### Ties between agencies"))
        return [[re.sub(r"\]\([^)]*\)", "]", cell) for cell in row] for row in rows]  # without the links

    assert ties(indexes["both"]) == ties(indexes["2.0.0"])
    assert len(ties(indexes["both"])) == len({(r[0], r[1]) for r in ties(indexes["both"])})  # each pair once


def test_no_html_id_is_given_twice_in_the_overview_of_both_rounds(cli, tmp_path: Path) -> None:
    run = cli("report", OLD, NEW, "-o", f"{tmp_path}/", "-f", "html")
    assert run.code == 0, run
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', index)
    assert len(ids) == len(set(ids))
    assert 'id="ranking-ids-core-1.0.0"' in index and 'aria-labelledby="heatmap-ids-core-2.0.0"' in index
    paths = re.findall(r"<path[^>]*>", index)
    assert paths and len(paths) == len(set(paths))  # no tie drawn over another


def test_a_partner_that_answered_only_the_other_version_is_not_linked(cli, tmp_path: Path) -> None:
    import shutil

    new = tmp_path / "new"
    shutil.copytree(NEW, new)
    for path in new.glob("cityx-customs-*.yaml"):  # Customs answered 1.0.0 only
        path.unlink()
    run = cli("report", OLD, new, "-o", f"{tmp_path / 'out'}/", "-f", "md")
    assert run.code == 0, run
    reports = sorted((tmp_path / "out").glob("*-ids-core-2.0.0.md"))
    assert reports
    for report in reports:
        text = report.read_text(encoding="utf-8")
        assert "-ids-core-1.0.0.md" not in text, report.name
    assert "[City X Customs](city-x-customs-ids-core-1.0.0.md)" in \
        (tmp_path / "out" / "city-x-market-supervision-bureau-ids-core-1.0.0.md").read_text(encoding="utf-8")


def test_score_by_agency_names_the_version_and_every_versions_systemic_barriers(cli) -> None:
    run = cli("score", OLD, NEW, "--by", "agency")
    assert run.code == 0, run
    assert "ids-core 1.0.0" in run.out and "ids-core 2.0.0" in run.out
    systemic = " ".join(run.out.split("Systemic barriers", 1)[1].split())
    assert "Staff resistance" in systemic and "Time and effort of sharing" in systemic  # 1.0.0 and 2.0.0 alone


def test_the_city_wide_plan_says_which_versions_barrier_each_action_answers(indexes: dict[str, str]) -> None:
    plan = indexes["both"].split("## City-wide action plan", 1)[1].split("\n## ", 1)[0]
    groups = re.findall(r"\*\*For: ([^*]+)\*\*", plan)
    assert groups and all(g.endswith((" · ids-core 1.0.0", " · ids-core 2.0.0")) for g in groups)
    assert len(groups) == len(set(groups))  # a factor systemic in both versions: two groups, told apart
    top = indexes["both"].split("## The three city-wide actions to take first", 1)[1].split("\n## ", 1)[0]
    assert top.count("· ids-core 2.0.0 (a barrier in") + top.count("· ids-core 1.0.0 (a barrier in") == 3
    alone = indexes["2.0.0"].split("## City-wide action plan", 1)[1].split("\n## ", 1)[0]
    assert "ids-core" not in "".join(re.findall(r"\*\*For: ([^*]+)\*\*", alone))  # one version: as before


def test_the_workbook_of_both_rounds_names_the_version_of_each_plan_and_tie(cli, tmp_path: Path) -> None:
    def strings(path: Path) -> str:
        with zipfile.ZipFile(path) as z:
            return z.read("xl/sharedStrings.xml").decode("utf-8")

    run = cli("report", OLD, NEW, "-o", tmp_path / "both.xlsx")
    assert run.code == 0, run
    both = strings(tmp_path / "both.xlsx")
    for version in ("1.0.0", "2.0.0"):
        assert f"City X Customs \u00b7 ids-core {version}" in both  # the action plan's rows
        assert f">ids-core {version}<" in both  # the ties' questionnaire
    assert cli("report", NEW, "-o", tmp_path / "one.xlsx").code == 0
    assert "\u00b7 ids-core" not in strings(tmp_path / "one.xlsx")  # one version: as before


def test_the_overview_counts_one_questionnaire_in_two_versions(indexes: dict[str, str]) -> None:
    assert "7 agencies, one questionnaire in 2 versions, 58 answer sets." in indexes["both"]
    assert "questionnaires" not in indexes["both"].splitlines()[2]
    assert "7 agencies, 23 respondents." in indexes["1.0.0"]  # one questionnaire, one version: as before


def test_the_overview_counts_questionnaires_and_versions_apart(cli, tmp_path: Path) -> None:
    other = tmp_path / "territoriality.yaml"
    other.write_text("questionnaire: territoriality\nversion: 1.0.0\nagency: Statistics Bureau\n"
                     "answers:\n  identity_marking.our_data: 2\n", encoding="utf-8")
    for lang, said in (("en", "8 agencies, 2 questionnaires in 3 versions, 59 answer sets."),
                       ("zh", "共 8 个部门、2 份问卷的 3 个版本、59 份答卷。")):
        run = cli("report", OLD, NEW, other, "-o", f"{tmp_path / lang}/", "-f", "md", "--lang", lang)
        assert run.code == 0, run.err
        assert said in (tmp_path / lang / "index.md").read_text(encoding="utf-8")


def test_the_method_names_each_questionnaire_once_with_its_versions(cli, tmp_path: Path) -> None:
    other = tmp_path / "territoriality.yaml"
    other.write_text("questionnaire: territoriality\nversion: 1.0.0\nagency: Statistics Bureau\n"
                     "answers:\n  identity_marking.our_data: 2\n", encoding="utf-8")
    for lang, said in (
            ("en", "- **Questionnaire**: Interagency data sharing readiness (core), ids-core 1.0.0 and 2.0.0; "
                   "Territorial behaviour around data, territoriality 1.0.0"),
            ("zh", "- **问卷**：跨部门数据共享就绪度（核心问卷），ids-core 1.0.0和2.0.0；")):
        run = cli("report", OLD, NEW, other, "-o", f"{tmp_path / lang}/", "-f", "md", "--lang", lang)
        assert run.code == 0, run.err
        line = next(x for x in (tmp_path / lang / "index.md").read_text(encoding="utf-8").splitlines()
                    if x.startswith(said[:12]))
        assert line.startswith(said), line
        assert line.count("ids-core") == 1 and line.endswith("territoriality 1.0.0"), line
