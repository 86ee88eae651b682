"""Decision-ready reports: page one (score, interval, rank, change, partners, the three actions), the
city-wide action plan and relationship matrix, privacy by default (roles and codes, small groups suppressed
with their complements), bidi safety and heat-map contrast."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from ids_assess.render.report.view_groups import shown_groups, suppressed
from tests.test_report import CORE, write_answers

# --- complementary suppression, by hand -----------------------------------------------------------


@pytest.mark.parametrize("sizes, k, hidden", [
    ({"it": 3, "legal": 1}, 3, {"it", "legal"}),  # IT beside the agency's mean would give legal away
    ({"it": 3, "business": 3, "legal": 1}, 3, {"legal", "business"}),  # one more (the smaller; ties by name)
    ({"it": 4, "leader": 1, "legal": 1}, 3, {"it", "leader", "legal"}),  # leader + legal are 2 < 3 together
    ({"it": 3, "business": 3, "legal": 3, "leader": 1}, 3, {"leader", "business"}),
    ({"it": 3, "business": 4}, 3, set()),
    ({"it": 3, "legal": 1}, 1, set()),
    ({"it": 5, "legal": 2}, 2, set()),
    ({"it": 5, "legal": 2, "leader": 1}, 2, {"leader", "legal"}),
    ({"it": 2}, 3, {"it"}),
])
def test_suppression_by_hand(sizes, k, hidden):
    assert suppressed(sizes, k) == hidden


def test_a_hidden_group_cannot_be_worked_out_from_the_total():
    """The agency total is shown, so the shown groups give away the hidden ones' combined sum: whenever
    anything is hidden, the hidden groups are at least two and hold at least k respondents together (or
    nothing is shown). Checked for every size pattern of up to four groups."""
    for k in (2, 3, 5):
        for sizes in itertools.product(range(1, 7), repeat=4):
            groups = dict(zip("abcd", sizes, strict=True))
            hidden = suppressed(groups, k)
            assert all(groups[g] >= k for g in groups if g not in hidden)
            shown = shown_groups(groups, k)
            if hidden and shown:
                assert len(hidden) >= 2 and sum(groups[g] for g in hidden) >= k


def test_three_it_and_one_legal_show_no_breakdown_by_role(cli, tmp_path):
    folder = tmp_path / "in"
    for n in range(3):
        write_answers(folder, f"it{n}.yaml", "Alpha Bureau", 4, role="it")
    write_answers(folder, "legal.yaml", "Alpha Bureau", 1, role="legal")
    md = cli("report", folder).out
    part = md.split("### Readiness by role", 1)[1].split("## A6.", 1)[0]
    assert "No breakdown by role is shown: fewer than 3 respondents in IT staff, legal staff" in part
    assert "| IT staff" not in part and "75.0" not in part
    assert "| IT staff (n = 3) | Legal staff (n = 1) | Agency |" in cli("report", folder, "--min-group", "1").out


def test_two_groups_of_three_are_shown_with_their_means(cli, tmp_path):
    folder = tmp_path / "in"
    for n in range(3):
        write_answers(folder, f"it{n}.yaml", "Alpha Bureau", 2, role="it")  # every factor 25.0
        write_answers(folder, f"b{n}.yaml", "Alpha Bureau", 1, role="business")  # every factor 0.0
    md = cli("report", folder).out
    part = md.split("### Readiness by role", 1)[1].split("## A6.", 1)[0]
    assert "| Business staff (n = 3) | IT staff (n = 3) | Agency |" in part
    assert re.search(r"^\| [^|]+ \| 0\.0 \| 25\.0 \| 12\.5 \|$", part, re.M)  # the agency: the mean of six


def test_respondents_are_coded_and_never_named_or_pathed_by_default(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "zhang-san-it.yaml", "Alpha Bureau", 2, role="it", respondent="Zhang San")
    bad = folder / "wang-wu.yaml"
    bad.write_text("questionnaire: ids-core\nagency: Alpha Bureau\nanswers:\n  x.y: 9\n", encoding="utf-8")
    for fmt in ("md", "html"):
        out = cli("report", folder, "--format", fmt).out
        assert "Zhang San" not in out and "zhang-san" not in out and "wang-wu" not in out
        assert "IT staff (R1)" in out and "file 1:" in out
        named = cli("report", folder, "--format", fmt, "--named").out
        assert "Zhang San" in named and "wang-wu.yaml" in named


# --- page one --------------------------------------------------------------------------------------

def test_page_one_has_rank_city_mean_partners_and_three_actions(cli, tmp_path):
    folder = tmp_path / "in"
    write_answers(folder, "a.yaml", "Alpha Bureau", 2, role="it", partner="Beta Office", tie="horizontal")
    write_answers(folder, "b.yaml", "Beta Office", 4, role="leader", partner="Alpha Bureau", tie="horizontal")
    out = tmp_path / "out"
    assert cli("report", folder, "-o", out, "--format", "md").code == 0
    md = (out / "alpha-bureau.md").read_text(encoding="utf-8")
    front = md.split("## At a glance", 1)[1].split("## A1.", 1)[0]
    assert "2 of 2 agencies assessed · City mean 50.0 (−25.0)" in front
    assert "| [Beta Office](beta-office.md) |" in front and "| 1 |" in front
    actions = re.findall(r"^(\d)\. \*\*(.+)\*\*  $", front, re.M)
    assert [n for n, _ in actions] == ["1", "2", "3"]
    assert front.count("Who can act: This agency · Horizon: ") == 3 and front.count("Answers the barrier: ") == 3
    assert "No baseline" in front


def test_top_actions_prefer_what_the_agency_can_do_itself():
    from ids_assess.core.model import Recommendation, Text
    from ids_assess.core.plan import ActionPlan, PlanEntry
    from ids_assess.render.report.view_common import Context
    from ids_assess.render.report.view_front import top_actions

    src = next(iter(CORE.factors.values())).source
    higher = SimpleNamespace(text=Text("Ask the city", "请市里"), source=src, actor="higher_level",
                             horizon="long_term")
    own = Recommendation(Text("Do it ourselves", "自己做"), src)
    ids = list(CORE.factors)[:4]
    entries = (PlanEntry(ids[0], "", 10.0, 40.0, 1.0, 40.0, (higher, own)),  # type: ignore[arg-type]
               PlanEntry(ids[1], "", 20.0, 30.0, 1.0, 30.0, (higher,)),  # type: ignore[arg-type]
               PlanEntry(ids[2], "", 30.0, 20.0, 1.0, 20.0, ()),
               PlanEntry(ids[3], "", 40.0, 10.0, 1.0, 10.0, (own,)))
    ctx = Context("en", "md", lambda _: CORE, "0")
    views = {fid: SimpleNamespace(title=fid, score="1.0", anchor=f"f-{fid}", detailed=True) for fid in ids}
    got = top_actions(ctx, ActionPlan("barriers", entries), views)  # type: ignore[arg-type]
    assert [a.text for a in got] == ["Do it ourselves", "Ask the city", "Do it ourselves"]
    assert [a.barrier_id for a in got] == [ids[0], ids[1], ids[3]]  # a barrier without actions is passed over
    assert got[1].actor_label == "The higher level" and got[1].horizon_label == "Long term"
    assert got[0].horizon_label == "Not classified"


def test_partner_lines_use_per_partner_relationships_where_the_profile_has_them(cli, tmp_path):
    from ids_assess.cli.common import registry
    from ids_assess.io.batch import aggregate_paths
    from ids_assess.render.report.view_common import Context
    from ids_assess.render.report.view_front import partner_lines

    path = write_answers(tmp_path, "a.yaml", "Alpha Bureau", 2, role="it", partner="Beta Office")
    overview, _ = aggregate_paths([path], registry(None))
    profile = overview.profiles[0]
    ctx = Context("en", "md", lambda _: CORE, "0")
    (derived,) = partner_lines(ctx, CORE, profile, overview)
    assert derived.partner == "Beta Office" and derived.n == 1 and derived.tension_risk == "high"
    assert derived.strongest_push  # the agency's weakest determinant
    rel = SimpleNamespace(partner="Beta Office", tie="vertical", n=4, pull=60.0, push=40.0, net=20.0,
                          status="symbiosis", strongest_push="trust", tension_risk="low")
    richer = SimpleNamespace(**{**vars(profile), "relationships": [rel]})
    (line,) = partner_lines(ctx, CORE, richer, overview)  # type: ignore[arg-type]
    assert (line.n, line.status, line.tension_risk_label, line.net) == (4, "symbiosis", "Low", "+20.0")
    assert line.strongest_push == (CORE.factors["trust"].title.en if "trust" in CORE.factors else "trust")
    as_dict = SimpleNamespace(**{**vars(profile), "relationships": {"Beta Office": {
        "partner": "Beta Office", "n": 2, "net": -12.0, "status": "tension", "tension_risk": None,
        "strongest_push": (next(f for f in CORE.factors.values() if f.determinant).id, -20.0)}}})
    (line,) = partner_lines(ctx, CORE, as_dict, overview)  # type: ignore[arg-type]
    assert (line.n, line.tension_risk, line.net) == (2, "high", "−12.0")
    assert line.strongest_push == next(f for f in CORE.factors.values() if f.determinant).title.en


# --- the overview ----------------------------------------------------------------------------------

def test_city_plan_and_owner_due_status_in_the_overview(cli, tmp_path):
    folder = tmp_path / "in"
    for name in ("Alpha Bureau", "Beta Office", "Gamma Agency"):
        write_answers(folder, f"{name}.yaml", name, 2, role="it")
    out = tmp_path / "out"
    assert cli("report", folder, "-o", out, "--format", "md").code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    plan = index.split("## City-wide action plan", 1)[1].split("\n## ", 1)[0]
    assert "| # | Action | Who must act | Horizon | Owner | Due | Status |" in plan
    assert "· A barrier in Alpha Bureau, Beta Office, Gamma Agency | | | | | |" in plan
    assert re.search(r"^\| 1 \| .+ \| Each agency \| Not classified \|  \|  \|  \|$", plan, re.M)
    assert cli("report", folder, "-o", tmp_path / "h", "--format", "html").code == 0
    html = (tmp_path / "h" / "index.html").read_text(encoding="utf-8")
    assert 'id="city-plan"' in html and '<th scope="col" class="fill">Owner</th>' in html


@pytest.mark.parametrize("lang, heading, who, answers", [
    ("en", "The three city-wide actions to take first", "Who must act: ", "Answers the systemic barrier: "),
    ("zh", "全市首先要采取的三项行动", "行动主体：", "针对的系统性障碍："),
])
def test_the_overview_opens_with_the_three_city_wide_actions(cli, tmp_path, lang, heading, who, answers):
    """The first action of each of the three first systemic barriers, before the ranking; the pairs that must
    act together under the action, not squeezed into the narrow column of who must act."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "md"
    assert cli("report", examples / "answers-2027", "-o", out, "--format", "md", "--lang", lang).code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    top = index.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    assert index.index(f"## {heading}") < index.index("\n## ", index.index(f"## {heading}") + 1)
    items = re.findall(r"^\d\. \*\*(.+)\*\*  \n   (.+)$", top, re.M)
    assert len(items) == 3 and all(who in meta and answers in meta for _, meta in items), top
    plan = index.split("## " + ("City-wide action plan" if lang == "en" else "全市行动计划"), 1)[1]
    for action, _ in items:
        assert action in plan  # the first of its barrier's actions in the whole plan
    pairs = "Pairs of agencies" if lang == "en" else "部门两两共同"
    assert re.search(rf"^\| \d+ \| .+ · {pairs}{'：' if lang == 'zh' else ': '}.+ \u2013 .+ \| {pairs} \|", plan, re.M)
    html_out = tmp_path / "html"
    assert cli("report", examples / "answers-2027", "-o", html_out, "--lang", lang).code == 0
    html = (html_out / "index.html").read_text(encoding="utf-8")
    assert html.index('id="city-top"') < html.index('id="ranking"')
    assert f"<td>{pairs}</td>" in html and f"<td>{pairs}<br>" not in html


def test_more_than_twelve_agencies_get_a_matrix_instead_of_the_diagram(cli, tmp_path):
    folder = tmp_path / "in"
    names = [f"Agency {chr(65 + i)}" for i in range(13)]
    for i, name in enumerate(names):
        write_answers(folder, f"{i}.yaml", name, 1 + i % 5, role="it", partner=names[(i + 1) % 13])
    out = tmp_path / "out"
    assert cli("report", folder, "-o", out).code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<table class="compact matrix">' in html and 'id="c-net' not in html
    assert html.count('<td class="cell"><span class="chip status-') == 13
    md = tmp_path / "md"
    assert cli("report", folder, "-o", md, "--format", "md").code == 0
    index_md = (md / "index.md").read_text(encoding="utf-8")
    assert "### Relationship matrix" in index_md and "```mermaid" not in index_md
    assert re.search(r"^\| 1\. Agency A \|( [^|]* \|){13}$", index_md, re.M)
    small = tmp_path / "small"
    assert cli("report", folder / "0.yaml", folder / "1.yaml", "-o", small).code == 0
    index = (small / "index.html").read_text(encoding="utf-8")
    assert 'class="compact matrix"' not in index and 'class="network-key"' in index and "<bdi>Agency B</bdi>" in index


# --- bidi, contrast --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "html"])
def test_bidi_controls_cannot_reverse_the_reports_own_text(cli, tmp_path, fmt):
    path = write_answers(tmp_path, "a.yaml", "Customs \u202e", 2, role="it", partner="Port \u2067Office\u2069",
                         note="evil \u202d note \u202c")
    out = cli("report", path, "--format", fmt).out
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", out)
    assert re.search(r"Customs \\{1,2}u202e scores \d+\.\d out of 100", out)  # visible, and not reversing
    if fmt == "html":
        assert "<h1><bdi>Customs \\u202e</bdi></h1>" in out and "<bdi>Port \\u2067Office\\u2069</bdi>" in out


def test_heat_map_text_contrast_is_at_least_aa():
    from ids_assess.render.svg import contrast, heat_colour

    worst = min(contrast(*heat_colour(s / 10)) for s in range(0, 1001))
    assert worst >= 4.5, worst
    assert contrast(*heat_colour(None)) >= 4.5
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0 and contrast("#777777", "#777777") == 1.0


def test_network_labels_are_drawn_over_every_tie_apart_and_readable(cli, tmp_path):
    """The example network (7 agencies, 11 ties that cross): every edge label comes after the last tie, on a white
    box, no two label boxes overlap, and its text has at least 4.5:1 contrast on white."""
    from ids_assess.render.svg import contrast

    examples = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "html"
    assert cli("report", examples / "answers-2027", "-o", out).code == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    start = page.index('id="c-net')
    svg = page[page.rfind("<svg", 0, start):page.index("</svg>", start)]
    ties = [m.start() for m in re.finditer(r"<path d=\"M[^\"]*Q", svg)]
    boxes = [(m.start(), *map(float, m.groups()[:4]), m.group(5))
             for m in re.finditer(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="3" '
                                  r'fill="#fff"/><text [^>]*fill="(#[0-9a-fA-F]{6})"', svg)]
    assert len(ties) == 11 and len(boxes) == 11
    assert min(b[0] for b in boxes) > max(ties)
    for (_, x1, y1, w1, h1, _ink), (_, x2, y2, w2, h2, _) in itertools.combinations(boxes, 2):
        assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
    assert all(contrast(b[5], "#ffffff") >= 4.5 for b in boxes)
