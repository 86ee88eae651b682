"""The survey's pure parts added by the split: the start decisions, the header questions as data, the
words taken from core/vocab, and the closing score table's rounding (the same as the reports')."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from rich.console import Console

from ids_assess.core.model import Answer, AnswerSet
from ids_assess.io.questionnaires import Registry
from ids_assess.render.numbers import one
from ids_assess.survey import messages, naming, questions, screens, start
from ids_assess.survey.options import Options
from ids_assess.survey.session import Header, Session

REG = Registry()
TERR = REG.get("territoriality")
CORE = REG.get("ids-core")
DAY = datetime.date(2026, 3, 4)
FRESH = Path(f"ministry-{naming.respondent_code('Wang Fang')}-territoriality-2026-03-04.yaml")


def answers(n: int, agency: str = "Ministry", respondent: str | None = "Wang Fang", role: str | None = "business",
            ) -> AnswerSet:
    ids = list(TERR.items)[:n]
    return AnswerSet(source="x.yaml", questionnaire=TERR.id, agency=agency, answers={i: Answer(3) for i in ids},
                     respondent=respondent, role=role, date="2026-01-01")


def shown(renderable: object) -> str:
    console = Console(record=True, width=120)
    console.print(renderable)
    return console.export_text()


# --- decide: what to do with a file -----------------------------------------------------------------

def test_decide_new_continue_restart():
    named = Options(output=Path("a.yaml"), respondent="Wang Fang")
    assert start.decide(named, Path("a.yaml"), None, TERR) == start.Decision(Path("a.yaml"), "new")
    assert start.decide(named, Path("a.yaml"), answers(3), TERR).action == "continue"
    forced = Options(output=Path("a.yaml"), respondent="wang  fang", force=True)  # names compare folded
    assert start.decide(forced, Path("a.yaml"), answers(16), TERR).action == "restart"


def test_decide_refusals_say_why():
    resume = start.decide(Options(output=Path("a.yaml"), resume=True), Path("a.yaml"), None, TERR)
    assert resume.action is None and resume.refusal is not None
    assert "there is no answer file to continue (a.yaml does not exist)" in resume.refusal
    other = start.decide(Options(output=Path("a.yaml"), respondent="Li Wei"), Path("a.yaml"), answers(3), TERR)
    assert other.action is None and other.refusal is not None
    assert "holds the answers of Wang Fang (business), but you gave --respondent 'Li Wei'" in other.refusal
    unconfirmed = start.decide(Options(output=Path("a.yaml"), force=True), Path("a.yaml"), answers(16), TERR)
    assert unconfirmed.refusal is not None and "--force starts over only your own file" in unconfirmed.refusal
    complete = start.decide(Options(output=Path("a.yaml"), respondent="Wang Fang"), Path("a.yaml"), answers(16),
                            TERR)
    assert complete.refusal is not None and complete.refusal.endswith("--respondent 'Wang Fang' --force")
    anonymous = start.decide(Options(output=Path("a.yaml"), questionnaire="territoriality"), Path("a.yaml"),
                             answers(16, respondent=None), TERR)  # an anonymous file: anyone may start it over
    assert anonymous.refusal is not None
    assert anonymous.refusal.endswith("ids-assess survey -q territoriality -o a.yaml --force")


def test_decide_without_o_does_not_check_the_owner():
    # the default file was chosen as the respondent's own: no --respondent needed to start it over
    assert start.decide(Options(force=True), FRESH, answers(16), TERR).action == "restart"


# --- choose_default: which default file ------------------------------------------------------------

def test_choose_default():
    who = Header("Ministry", respondent="Wang Fang", role="business")
    older = Path(f"ministry-{naming.respondent_code('Wang Fang')}-territoriality-2026-01-01.yaml")
    choose = start.choose_default
    assert choose(Options(), who, TERR, [], FRESH, DAY) == start.FileChoice(FRESH)
    mine = answers(3)
    assert choose(Options(), who, TERR, [(older, mine)], FRESH, DAY) == start.FileChoice(older, mine)
    someone = answers(3, respondent="Li Wei")
    assert choose(Options(), who, TERR, [(older, someone)], FRESH, DAY) == start.FileChoice(FRESH)
    done = answers(16)
    assert choose(Options(), who, TERR, [(older, done)], FRESH, DAY) == start.FileChoice(FRESH)
    assert choose(Options(force=True), who, TERR, [(older, done)], FRESH, DAY) == start.FileChoice(older, done)
    assert choose(Options(), who, TERR, [(FRESH, done)], FRESH, DAY) == start.FileChoice(FRESH, done)  # today's
    assert choose(Options(), who, TERR, [(older, mine), (FRESH, done)], FRESH, DAY).existing is done  # the latest
    missing = choose(Options(resume=True), who, TERR, [(older, someone)], FRESH, DAY)
    assert missing.path is None and missing.refusal is not None and "of Wang Fang (business)" in missing.refusal


def test_choose_default_anonymous_without_role_always_gets_a_new_file():
    nobody = Header("Ministry")
    earlier = [(FRESH, answers(3, respondent=None, role=None))]
    assert start.choose_default(Options(), nobody, TERR, earlier, Path("new.yaml"), DAY) == \
        start.FileChoice(Path("new.yaml"))
    refused = start.choose_default(Options(resume=True), nobody, TERR, earlier, Path("new.yaml"), DAY)
    assert refused.refusal is not None and "anonymous survey without a role" in refused.refusal


def test_restart_header_and_kept_fields():
    existing = AnswerSet(source="a.yaml", questionnaire=TERR.id, agency="Ministry", answers={}, agency_id="M-1",
                         respondent="Wang Fang", role="business", date="2026-01-01", partner="Bureau", tie="vertical")
    header = start.restart_header(Options(partner="Other"), existing, None, DAY)
    assert header == Header("Ministry", "M-1", "Wang Fang", "business", "2026-03-04", "Other", None)
    assert start.kept_fields(Options(agency="Elsewhere", partner="Bureau"), existing, None) == [
        ("agency", "Ministry")]
    who = Header("Ministry", respondent="Wang Fang", role="business")
    assert start.kept_fields(Options(agency_id="M-2"), existing, who) == []  # who, not the options, names them


# --- the header questions --------------------------------------------------------------------------

def test_header_questions_are_data_in_the_vocabulary_order():
    assert tuple(questions.QUESTIONS) == ("agency", "agency_id", "respondent", "role", "partner", "tie")
    assert questions.IDENTITY + questions.RELATIONSHIP == tuple(questions.QUESTIONS)


def test_reply():
    q = questions.QUESTIONS
    reply, Reply = questions.reply, questions.Reply
    assert reply(q["agency"], "  Ministry\tof X ") == Reply("Ministry of X")
    assert reply(q["agency"], "") == Reply(problem="agency_required")
    assert reply(q["agency"], "x\x1b[D") == Reply(problem="control_chars")
    assert reply(q["agency_id"], "") == Reply()
    assert reply(q["agency_id"], "bad id") == Reply(problem="bad_agency_id")
    assert reply(q["role"], "ＩＴ") == Reply("it")
    assert reply(q["role"], " ") == Reply()
    assert reply(q["role"], "boss") == Reply(problem="bad_role")
    assert reply(q["tie"], "块") == Reply("horizontal")


def test_which_header_questions_apply():
    q = questions.QUESTIONS
    assert not questions.applies(q["partner"], {}, relationship=False)
    assert questions.applies(q["partner"], {}, relationship=True)
    assert not questions.applies(q["tie"], {"partner": None}, relationship=True)
    assert questions.applies(q["tie"], {"partner": "Bureau"}, relationship=False)  # a partner given: its tie


def test_the_survey_accepts_every_spelling_it_accepted_before():
    for typed, role in [("leader", "leader"), ("领导", "leader"), ("business", "business"), ("业务", "business"),
                        ("it", "it"), ("信息技术", "it"), ("legal", "legal"), ("法务", "legal"),
                        ("other", "other"), ("其他", "other")]:
        assert questions.parse_role(typed) == role
    for typed, tie in [("vertical", "vertical"), ("v", "vertical"), ("条", "vertical"), ("纵向", "vertical"),
                       ("horizontal", "horizontal"), ("h", "horizontal"), ("块", "horizontal"), ("横向", "horizontal")]:
        assert questions.parse_tie(typed) == tie


def test_owner_names_the_role_as_it_is_typed():
    assert messages.owner("en", "Wang Fang", "business") == "Wang Fang (business)"
    assert messages.owner("zh", "王芳", "business") == "王芳（业务）"
    assert messages.owner("zh", None, "it") == "匿名答卷人（信息技术）"
    assert messages.owner("en", None, None) == "an anonymous respondent"
    assert [messages.role_word(r, "zh") for r in ("leader", "legal", "other", "unknown")] == \
        ["领导", "法务", "其他", "unknown"]


# --- the closing score table -----------------------------------------------------------------------

def test_score_table_rounds_half_up_like_the_reports():
    session = Session(TERR, Header("A"), Path("a.yaml"))
    session.set_rating(0, 1)  # the overall low bound is 6.25: 6.2 with :.1f, 6.3 in the reports
    text = shown(screens.score_view(session, "en"))
    assert one(6.25) == "6.3" and "6.3–100.0" in text and "6.2" not in text


def test_score_table_says_balanced_as_the_rest_of_the_tool():
    session = Session(CORE, Header("A"), Path("a.yaml"))
    for pos in range(len(session.order)):
        session.set_rating(pos, 3)
    assert "与合作部门的关系：均衡" in shown(screens.score_view(session, "zh"))
    assert "Relationship with the partner agency: balanced" in shown(screens.score_view(session, "en"))


# --- words, a trailing 。, the estimate -----------------------------------------------------------

@pytest.mark.parametrize(("typed", "action"), [("help", "help"), ("帮助", "help"), ("back", "back"), ("返回", "back"),
                                               ("skip", "skip"), ("跳过", "skip"), ("quit", "quit"), ("退出", "quit"),
                                               ("QUIT", "quit"), ("退出。", "quit"), ("４。", "rate")])
def test_word_forms_of_the_keys_and_a_trailing_full_stop(typed, action):
    from ids_assess.survey.keys import parse_key

    assert parse_key(typed).action == action


def test_dont_know_and_not_applicable_in_chinese_words():
    from ids_assess.survey.keys import parse_key

    assert parse_key("不知道").rating == "dk" and parse_key("不适用。").rating == "na"


def test_the_estimate_is_the_questionnaires_own_else_twelve_seconds_a_statement():
    from dataclasses import replace

    from ids_assess.survey.flow import estimated_minutes

    given = replace(TERR)
    object.__setattr__(given, "estimated_minutes", 7)
    assert estimated_minutes(given) == 7
    bare = replace(TERR)
    object.__setattr__(bare, "estimated_minutes", None)
    assert estimated_minutes(bare) == 4  # 16 statements x 12 s = 3.2 minutes, rounded up


def test_the_survey_says_how_long_it_takes_and_asks_yes_no_in_chinese(cli, tmp_path, monkeypatch):
    from ids_assess.survey.terminal import FORCE_TTY_ENV

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(FORCE_TTY_ENV, "1")
    head = ["-q", "territoriality", "--agency", "测试局", "--agency-id", "", "--respondent", "", "--role", "it"]
    run = cli("survey", *head, "--lang", "zh", "-o", "a.yaml", input="s\n" + "4\n" * 15 + "否\n")
    assert run.code == 0, run
    assert "约需 4 分钟" in run.out
    assert "现在作答吗？[是/否，直接回车为是]" in run.out
