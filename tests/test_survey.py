"""``ids-assess survey``: the pure parts (keys, navigation, the answer file) and whole runs through CliRunner.

CliRunner's standard input is not a terminal, so these runs set IDS_ASSESS_SURVEY_FORCE_TTY=1 (a testing aid);
the refusal to run without a terminal is tested without it. Real terminals: tests/test_survey_pty.py.
"""

from __future__ import annotations

import datetime
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ids_assess.core.model import Answer
from ids_assess.core.safetext import clean
from ids_assess.io.answers import load_answers
from ids_assess.io.questionnaires import Registry
from ids_assess.survey import flow, naming, options, questions, screens, terminal
from ids_assess.survey import keys as survey_keys
from ids_assess.survey import session as survey_session

REG = Registry()
TERR = REG.get("territoriality")
STICKY = REG.get("data-stickiness")
CORE = REG.get("ids-core")
T_IDS = list(TERR.items)
TODAY = datetime.date.today().isoformat()
HEAD = ["-q", "territoriality", "--agency", "Test Bureau", "--agency-id", "", "--respondent", "", "--role", "it"]


def lines(*keys: str) -> str:
    return "".join(f"{k}\n" for k in keys)


@pytest.fixture
def survey(cli, tmp_path, monkeypatch):
    """``survey(*args, input=...)`` runs ``ids-assess survey`` in tmp_path with scripted input."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(terminal.FORCE_TTY_ENV, "1")

    def run(*args: str, input: str = ""):
        return cli("survey", *args, input=input)

    return run


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def assert_valid(cli, path: Path) -> None:
    run = cli("validate", str(path))
    assert run.code == 0, run
    assert "all valid" in run.err


def header(**extra) -> dict:
    doc = {"questionnaire": "territoriality", "version": TERR.version, "agency": "Test Bureau", "role": "it",
           "date": TODAY}
    doc.update(extra)
    return doc


# --- pure parts -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "action", "rating"), [
    ("1", "rate", 1), ("5", "rate", 5), (" 3 ", "rate", 3),
    ("１", "rate", 1), ("２", "rate", 2), ("３", "rate", 3), ("４", "rate", 4), ("５", "rate", 5),
    ("\u3000４\u3000", "rate", 4),
    ("d", "rate", "dk"), ("D", "rate", "dk"), ("dk", "rate", "dk"), ("ｄ", "rate", "dk"), ("Ｄ", "rate", "dk"),
    ("n", "rate", "na"), ("NA", "rate", "na"), ("ｎ", "rate", "na"),
    ("?", "help", None), ("？", "help", None),
    ("b", "back", None), ("ｂ", "back", None), ("s", "skip", None), ("ｓ", "skip", None),
    ("q", "quit", None), ("Ｑ", "quit", None), ("", "keep", None), ("  ", "keep", None),
    ("0", "unknown", None), ("6", "unknown", None), ("44", "unknown", None), ("x", "unknown", None),
    ("\x1b[A", "unknown", None), ("yes", "unknown", None),
])
def test_parse_key(typed, action, rating):
    assert survey_keys.parse_key(typed) == survey_keys.Key(action, rating)


@given(st.integers(1, 5))
def test_full_width_digits_are_the_same_ratings(r):
    assert survey_keys.parse_key(chr(0xFF10 + r)) == survey_keys.parse_key(str(r)) == survey_keys.Key("rate", r)


def test_parse_confidence_role_tie_yes_no():
    assert [survey_keys.parse_confidence(x) for x in ("h", "ｍ", "Low", "高", "x", "")] == \
        ["high", "medium", "low", "high", None, None]
    assert [questions.parse_role(x) for x in ("IT", "法务", "leader", "l")] == ["it", "legal", "leader", None]
    assert [questions.parse_tie(x) for x in ("v", "块", "Horizontal", "x")] == \
        ["vertical", "horizontal", "horizontal", None]
    assert [survey_keys.parse_yes_no(x) for x in ("", "Y", "是", "n", "否", "maybe")] == \
        [True, True, True, False, False, None]


def test_clean_neutralises_control_characters_but_not_text():
    assert clean("\x1b[31mRED\x1b[0m") == "␛[31mRED␛[0m"
    assert clean("a\tb\x07c\x7fd\x9be\u202ef\nok") == "a␉b␇c␡d\\x9be\\u202ef\nok"
    assert clean("[bold]x[/bold] 北京 :smile:") == "[bold]x[/bold] 北京 :smile:"
    assert survey_keys.has_control("x\x1b[D") and not survey_keys.has_control("plain 北京")


@given(st.text())
def test_clean_leaves_no_control_character_but_newline(text):
    cleaned = clean(text)
    assert not survey_keys.has_control(cleaned)
    assert all(ch == "\n" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) < 0xA0) for ch in cleaned)


def test_rich_text_is_never_markup():
    text = screens.rich_text("[bold]x[/bold] [link=http://e]y[/link]")
    assert text.plain == "[bold]x[/bold] [link=http://e]y[/link]" and not text.spans


def _nav(n: int, answered: set[int]) -> survey_session.Navigator:
    return survey_session.Navigator(range(n), lambda pos: pos in answered)


def test_navigator_starts_at_the_first_unanswered_and_jumps_over_answered_items():
    answered = {0, 1, 3, 4}
    nav = _nav(6, answered)
    assert nav.current == 2
    answered.add(2)
    nav.forward()
    assert nav.current == 5
    nav.forward()
    assert nav.done


def test_navigator_after_back_walks_one_by_one_to_where_it_was():
    answered = {0, 1, 2}
    nav = _nav(5, answered)
    assert nav.current == 3
    assert nav.back() and nav.back()
    assert nav.current == 1
    nav.forward()
    assert nav.current == 2  # answered, shown again with its default
    nav.forward()
    assert nav.current == 3
    assert _nav(3, set()).back() is False


def test_navigator_over_a_subsequence():
    answered = {0, 2}
    nav = survey_session.Navigator([1, 3, 4], lambda pos: pos in answered)
    assert nav.current == 1
    answered.add(1)
    nav.forward()
    assert nav.current == 3
    assert nav.back() and nav.current == 1


def test_session_document_is_in_questionnaire_order_with_unanswered_items_absent(tmp_path):
    session = survey_session.Session(TERR, survey_session.Header("Test Bureau", date="2026-01-02"), tmp_path / "a.yaml")
    session.set_rating(3, 4)
    session.set_rating(0, "dk")
    session.set_answer(5, Answer(2, "low", "see memo"))
    doc = session.document()
    assert doc == {"questionnaire": "territoriality", "version": TERR.version, "agency": "Test Bureau",
                   "date": "2026-01-02",
                   "answers": {T_IDS[0]: "dk", T_IDS[3]: 4, T_IDS[5]: {"rating": 2, "confidence": "low",
                                                                         "evidence": "see memo"}}}
    assert session.first_unanswered() == 1
    assert session.counts() == survey_session.Counts(answered=2, dk=1, na=0, skipped=13, total=16)
    session.set_rating(5, 3)  # a new rating keeps the note
    assert session.answers[T_IDS[5]] == Answer(3, "low", "see memo")
    session.save()
    loaded = load_answers(session.path, Registry())
    assert loaded.answers == {T_IDS[0]: Answer("dk"), T_IDS[3]: Answer(4), T_IDS[5]: Answer(3, "low", "see memo")}


def test_default_file_names(tmp_path):
    day = datetime.date(2026, 3, 4)
    assert naming.file_stem("Ministry of Health", "ids-core") == "ministry-of-health"
    wang = naming.respondent_code("Wang Fang")
    assert wang == naming.respondent_code("wang  fang") and len(wang) == 7 and "wang" not in wang
    assert naming.file_stem("Ministry of Health", "ids-core", "Wang Fang") == f"ministry-of-health-{wang}"
    assert naming.file_stem("Ministry of Health", "ids-core", "Wang Fang", "it") == f"ministry-of-health-{wang}"
    assert naming.file_stem("市场监管局 (北京)", "territoriality", "王芳") == \
        f"市场监管局-北京-{naming.respondent_code('王芳')}-territoriality"
    assert naming.file_stem("M", "territoriality", role="it") == "m-it-territoriality"
    assert naming.default_output(Path("."), "ministry-of-health", day) == Path("ministry-of-health-2026-03-04.yaml")
    assert naming.default_output(Path("."), "m", day, 3) == Path("m-2026-03-04-3.yaml")
    assert naming.slug("../../etc/passwd") == "etc-passwd"
    assert naming.slug("\x1b[31m") == "31m" and naming.slug("???") == "answers"
    for name in ("ministry-of-health-2026-01-01.yaml", "ministry-of-health-2025-12-31.yaml",
                 "ministry-of-health-2026-01-01-10.yaml", "ministry-of-health-2026-01-01-2.yaml",
                 "ministry-of-health-territoriality-2026-01-02.yaml", "ministry-of-health-x.yaml",
                 "ministry-of-health-wang-fang-2026-01-03.yaml"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in naming.earlier_outputs(tmp_path, "ministry-of-health")] == [
        "ministry-of-health-2025-12-31.yaml", "ministry-of-health-2026-01-01.yaml",
        "ministry-of-health-2026-01-01-2.yaml", "ministry-of-health-2026-01-01-10.yaml"]
    assert naming.unique_output(tmp_path, "ministry-of-health", datetime.date(2026, 1, 1)).name == \
        "ministry-of-health-2026-01-01-3.yaml"
    assert naming.unique_output(tmp_path, "ministry-of-health", day).name == "ministry-of-health-2026-03-04.yaml"


def test_bar_and_quote():
    assert screens.bar(0, 8, 8) == "░" * 8 and screens.bar(8, 8, 8) == "█" * 8 and screens.bar(4, 8, 8) == "████░░░░"
    assert options.quote("北京-2026.yaml") == "北京-2026.yaml" and options.quote("a b.yaml") == "'a b.yaml'"


def test_signal_guard_defers_a_signal_until_the_save_is_over():
    before = signal.getsignal(signal.SIGINT)  # Python's handler, or SIG_IGN when the tests run in the background
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _guarded_signals()
    finally:
        signal.signal(signal.SIGINT, before)


def _guarded_signals():
    with terminal.SignalGuard() as guard:
        with pytest.raises(terminal.Interrupted) as caught:
            with guard.critical():
                signal.raise_signal(signal.SIGTERM)
                reached = True
        assert reached and caught.value.signum == signal.SIGTERM
        with pytest.raises(terminal.Interrupted):
            signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_survey_imports_no_jinja2():
    code = ("import sys, ids_assess.survey.flow, ids_assess.cli.survey; "
            "bad = [m for m in ('jinja2', 'jsonschema') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_whole_survey_run_imports_no_jinja2(tmp_path):
    code = ("import sys\nfrom ids_assess.cli.app import app\ntry:\n"
            f"    app({['survey', *HEAD, '-o', 'a.yaml']!r})\n"
            "except SystemExit:\n    pass\nprint('jinja2' in sys.modules)\n")
    env = {**os.environ, terminal.FORCE_TTY_ENV: "1"}
    done = subprocess.run([sys.executable, "-c", code], input="4\n5\nq\n", capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=30)
    assert done.stdout.rstrip().endswith("False"), done.stdout[-300:] + done.stderr
    assert read(tmp_path / "a.yaml")["answers"] == {T_IDS[0]: 4, T_IDS[1]: 5}


# --- whole runs -------------------------------------------------------------------------------------

def test_full_run_territoriality(survey, cli, tmp_path):
    ratings = [1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2]
    run = survey(*HEAD, "-o", "out.yaml", input=lines(*map(str, ratings)))
    assert run.code == 0, run
    path = tmp_path / "out.yaml"
    assert read(path) == header(answers=dict(zip(T_IDS, ratings, strict=True)))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# ids-assess survey: answers to territoriality {TERR.version}")
    assert_valid(cli, path)
    out = run.out
    assert "Item 1 of 16" in out and "Item 16 of 16" in out and "section 2 of 2" in out
    assert TERR.sections[0].title.en in out and TERR.factors["identity_marking"].title.en in out
    assert TERR.items[T_IDS[0]].text.en in " ".join(out.split())  # a long statement wraps on the terminal
    assert "1 Strongly disagree" in out and "n Not applicable" in out
    help_item = next(i for i in TERR.items.values() if i.help)
    assert " ".join(help_item.help.en.split())[:40] in " ".join(out.split())
    assert "Answered 16 · don't know 0 · not applicable 0 · skipped 0 (of 16 items)" in out
    assert "Overall" in out and "coverage" in out
    for command in ("ids-assess validate out.yaml", "ids-assess score out.yaml",
                    "ids-assess report out.yaml -o report.html --format html"):
        assert command in out
    assert "still unanswered" not in out


def test_full_run_ids_core_asks_the_header(survey, cli, tmp_path):
    n = len(CORE.items)
    keys = ["Ministry of Testing", "MOT-1", "Ann Example", "legal", "Ministry of Data", "v"] + ["4"] * n
    run = survey(input=lines(*keys))
    assert run.code == 0, run
    path = tmp_path / f"ministry-of-testing-{naming.respondent_code('Ann Example')}-{TODAY}.yaml"
    assert read(path) == {"questionnaire": "ids-core", "version": CORE.version, "agency": "Ministry of Testing",
                          "agency_id": "MOT-1", "respondent": "Ann Example", "role": "legal", "date": TODAY,
                          "partner": "Ministry of Data", "tie": "vertical", "answers": dict.fromkeys(CORE.items, 4)}
    assert f"Item {n} of {n}" in run.out and str(path.name) in run.out
    assert "Relationship with the partner agency:" in run.out
    assert_valid(cli, path)


def test_header_defaults_to_anonymous_and_rejects_bad_input(survey, tmp_path):
    keys = ["", "Ministry\x1b[D of Tests", "Ministry of Tests", "bad id!", "", "", "boss", ""] + ["3"] * 16
    run = survey("-q", "territoriality", "-o", "a.yaml", input=lines(*keys))
    assert run.code == 0, run
    assert "The agency is required." in run.out and "control characters" in run.out
    assert "Use letters, digits" in run.out and "Type leader, business" in run.out
    assert "respondent: anonymous" in run.out
    doc = read(tmp_path / "a.yaml")
    assert {k: v for k, v in doc.items() if k != "answers"} == {
        "questionnaire": "territoriality", "version": TERR.version, "agency": "Ministry of Tests", "date": TODAY}


def test_back_and_skip(survey, cli, tmp_path):
    # 4 to item 1; back from item 2 shows "[4 Agree]"; 2 changes it; Enter keeps item 2's 5 after going back;
    # s skips item 3; the rest answered; at the end the skipped item is offered and declined.
    keys = ["4", "b", "2", "5", "b", "", "s"] + ["3"] * 13 + ["n"]
    run = survey(*HEAD, "-o", "out.yaml", input=lines(*keys))
    assert run.code == 0, run
    assert "Your answer [4 Agree]: " in run.out and "Your answer [5 Strongly agree]: " in run.out
    expected = {T_IDS[0]: 2, T_IDS[1]: 5, **dict.fromkeys(T_IDS[3:], 3)}
    assert read(tmp_path / "out.yaml")["answers"] == expected
    assert "1 item(s) still unanswered. Answer them now? [Y/n]" in run.out
    assert "skipped 1 (of 16 items)" in run.out
    assert "ids-assess survey -q territoriality -o out.yaml --resume" in run.out
    assert_valid(cli, tmp_path / "out.yaml")


def test_skipped_items_are_offered_again_and_back_at_the_first_item(survey, tmp_path):
    keys = ["b", "s", "s"] + ["3"] * 14 + ["y", "1", "s"]
    run = survey(*HEAD, "-o", "out.yaml", input=lines(*keys))
    assert run.code == 0, run
    assert "There is no earlier item here." in run.out
    assert "2 item(s) still unanswered" in run.out and "(skipped earlier)" in run.out
    answers = read(tmp_path / "out.yaml")["answers"]
    assert answers == {T_IDS[0]: 1, **dict.fromkeys(T_IDS[2:], 3)}
    assert "skipped 1 (of 16 items)" in run.out


def test_dont_know_not_applicable_help_and_unknown_keys(survey, cli, tmp_path):
    keys = ["d", "?", "n", "7", "", "dk", "na"] + ["5"] * 13
    run = survey(*HEAD, "-o", "out.yaml", input=lines(*keys))
    assert run.code == 0, run
    assert read(tmp_path / "out.yaml")["answers"] == {T_IDS[0]: "dk", T_IDS[1]: "na", T_IDS[2]: "dk",
                                                        T_IDS[3]: "na", **dict.fromkeys(T_IDS[4:], 5)}
    assert run.out.count("Type 1-5, d or n and press Enter") == 2
    assert "Help" in run.out
    assert "Answered 12 · don't know 2 · not applicable 2 · skipped 0 (of 16 items)" in run.out
    assert_valid(cli, tmp_path / "out.yaml")


def test_help_says_how_a_statement_is_scored_without_saying_which_answer_is_better(survey, tmp_path):
    enabler = next(i for i, item in enumerate(TERR.items.values()) if item.polarity == "enabler")
    barrier = next(i for i, item in enumerate(TERR.items.values()) if item.polarity == "barrier")
    keys = ["3"] * min(enabler, barrier) + ["?"] + ["3"] * abs(enabler - barrier) + ["?", "q"]
    run = survey(*HEAD, "-o", "out.yaml", input=lines(*keys))
    assert run.code == 0, run
    out = " ".join(run.out.split())
    assert "this statement describes an enabler (agreeing counts towards readiness)" in out
    assert "this statement describes a barrier (agreeing counts against readiness)" in out
    assert "means more readiness" not in out and "means less readiness" not in out
    zh = survey(*HEAD, "--lang", "zh", "-o", "zh.yaml", input=lines(*keys))
    assert "此陈述描述的是促进因素" in zh.out and "此陈述描述的是障碍因素" in zh.out
    assert "越同意" not in zh.out


def test_evidence(survey, cli, tmp_path):
    keys = ["4", "x", "h", "Seen in the [b]2025[/b] audit",   # item 1: a bad confidence, then high, a note
            "d", "",                                           # item 2: dk: no confidence, no note
            "2", "l", "",                                      # item 3: low, no note
            "b", "5", "-", "",                                 # back to 3: new rating, confidence cleared
            ] + ["3", "", ""] * 13
    run = survey(*HEAD, "--evidence", "-o", "out.yaml", input=lines(*keys))
    assert run.code == 0, run
    answers = read(tmp_path / "out.yaml")["answers"]
    assert answers[T_IDS[0]] == {"rating": 4, "confidence": "high", "evidence": "Seen in the [b]2025[/b] audit"}
    assert answers[T_IDS[1]] == "dk"
    assert answers[T_IDS[2]] == 5
    assert answers[T_IDS[3]] == 3 and len(answers) == 16
    assert "Type h, m or l" in run.out and "[low; Enter keeps it, '-' clears it]" in run.out
    assert_valid(cli, tmp_path / "out.yaml")


def test_quit_then_resume(survey, cli, tmp_path):
    run = survey(*HEAD, "-o", "out.yaml", input=lines("5", "4", "3", "q"))
    assert run.code == 0, run
    assert "Saved 3 of 16 answers in out.yaml." in run.out
    assert "To continue: ids-assess survey -q territoriality -o out.yaml --resume" in run.out
    assert read(tmp_path / "out.yaml")["answers"] == {T_IDS[0]: 5, T_IDS[1]: 4, T_IDS[2]: 3}
    assert_valid(cli, tmp_path / "out.yaml")

    again = survey("-o", "out.yaml", "--resume", input=lines("2", "b", "b", "", "", "1", "q"))  # -q: the file's
    assert again.code == 0, again
    assert "Continuing out.yaml: 3 of 16 items answered." in again.out
    assert "Continuing at item 4." in again.out and "5 Strongly agree" in again.out
    assert "skipped earlier" not in again.out
    first_item = again.out.index("Item ")
    assert again.out[first_item:].startswith("Item 4 of 16")
    assert "Your answer [3 Neutral]: " in again.out  # back to item 3, Enter keeps it
    assert read(tmp_path / "out.yaml") == header(answers={T_IDS[0]: 5, T_IDS[1]: 4, T_IDS[2]: 3, T_IDS[3]: 2,
                                                          T_IDS[4]: 1})


def _last_answers(out: str, until: str = "Continuing at item") -> list[str]:
    """The item numbers listed under "Last answers:" on a resume screen."""
    block = out[out.index("Last answers:"):out.index(until)]
    return [line.split(".")[0].strip() for line in block.splitlines()[1:]]


def test_resume_goes_on_where_the_respondent_stopped_and_shows_the_answers_just_before(survey, tmp_path):
    # items 1-2 answered, 3 skipped, 4-9 answered, then q: the last answers given are items 5-9
    run = survey(*HEAD, "-o", "out.yaml", input=lines("5", "4", "s", *["3"] * 6, "q"))
    assert run.code == 0, run
    again = survey("-o", "out.yaml", input=lines("1", "q"))
    assert again.code == 0, again
    assert "Continuing out.yaml: 8 of 16 items answered." in again.out
    assert _last_answers(again.out) == ["5", "6", "7", "8", "9"]
    assert "Continuing at item 10." in again.out
    assert "1 item(s) skipped earlier will be offered again at the end." in again.out
    first_item = again.out.index("Item ")
    assert again.out[first_item:].startswith("Item 10 of 16")
    assert read(tmp_path / "out.yaml")["answers"] == {T_IDS[0]: 5, T_IDS[1]: 4, **dict.fromkeys(T_IDS[3:9], 3),
                                                      T_IDS[9]: 1}
    # the rest answered: the skipped item 3 is offered at the end, and answered
    last = survey("-o", "out.yaml", input=lines(*["2"] * 6, "y", "4"))
    assert last.code == 0, last
    assert "1 item(s) still unanswered. Answer them now?" in last.out and "(skipped earlier)" in last.out
    assert read(tmp_path / "out.yaml")["answers"][T_IDS[2]] == 4


def test_resume_when_only_skipped_items_are_left(survey, tmp_path):
    survey(*HEAD, "-o", "out.yaml", input=lines("s", *["3"] * 15, "q"))
    again = survey("-o", "out.yaml", input=lines("y", "5"))
    assert again.code == 0, again
    assert _last_answers(again.out, until="Every item after")[-1] == "16"
    assert "Every item after the last answer is answered; 1 item(s) skipped earlier are still unanswered." \
        in " ".join(again.out.split())
    assert read(tmp_path / "out.yaml")["answers"][T_IDS[0]] == 5


def test_end_of_input_saves_and_exits_130(survey, cli, tmp_path):
    run = survey(*HEAD, "-o", "out.yaml", input=lines("5", "4"))
    assert run.code == 130, run
    assert "Interrupted (end of input). Saved 2 of 16 answers in out.yaml." in run.err
    assert "ids-assess survey -q territoriality -o out.yaml --resume" in run.err
    assert read(tmp_path / "out.yaml")["answers"] == {T_IDS[0]: 5, T_IDS[1]: 4}
    assert_valid(cli, tmp_path / "out.yaml")


def test_the_file_exists_from_the_start_and_running_again_continues_it(survey, tmp_path):
    run = survey(*HEAD, input="")  # anonymous, role it
    assert run.code == 130
    path = tmp_path / f"test-bureau-it-territoriality-{TODAY}.yaml"
    assert read(path) == header(answers={})
    again = survey("-q", "territoriality", "--agency", "Test Bureau", input=lines("", "", "it", "4"))
    assert again.code == 130 and "Continuing " in again.out
    assert read(path)["answers"] == {T_IDS[0]: 4}
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_an_unfinished_file_from_an_earlier_day_is_continued(survey, answer_file, tmp_path):
    name = f"test-bureau-{naming.respondent_code('Wang Fang')}-territoriality-2020-01-01.yaml"
    old = answer_file({T_IDS[0]: 2}, name=name,
                      agency="Test Bureau", respondent="Wang Fang", role="business", version=TERR.version)
    run = survey("-q", "territoriality", "--agency", "test bureau", "--agency-id", "", "--respondent", "wang  fang",
                 input=lines("", "3", "q"))  # role asked, skipped
    assert run.code == 0, run
    assert read(old)["answers"] == {T_IDS[0]: 2, T_IDS[1]: 3}
    assert read(old)["respondent"] == "Wang Fang"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]


def test_a_complete_file_is_never_overwritten_without_force(survey, answer_file):
    path = answer_file(dict.fromkeys(T_IDS, 4), version=TERR.version, role="it")
    before = path.read_bytes()
    for extra in ([], ["--resume"]):
        run = survey("-q", "territoriality", "-o", str(path), *extra, input=lines("1"))
        assert run.code == 2, run
        assert "already holds an answer to every item, from an anonymous respondent (it); it was not changed" \
            in run.err
        assert f"to discard its 16 answers and answer it all again: ids-assess survey -q territoriality -o {path} " \
               "--force" in run.err
        assert path.read_bytes() == before
    run = survey(*HEAD, "-o", str(path), "--force", input=lines("1", "q"))
    assert run.code == 0, run
    assert read(path)["answers"] == {T_IDS[0]: 1}


# --- whose file: never continue or overwrite another respondent's answers ---------------------------

AGENCY = "City X Market Supervision Bureau"
WANG = ["-q", "territoriality", "--agency", AGENCY, "--agency-id", "", "--respondent", "Wang Fang", "--role",
        "business"]
LI = ["-q", "territoriality", "--agency", AGENCY, "--agency-id", "", "--respondent", "Li Wei", "--role", "leader"]
WANG_FILE = f"city-x-market-supervision-bureau-{naming.respondent_code('Wang Fang')}-territoriality-{TODAY}.yaml"
LI_FILE = f"city-x-market-supervision-bureau-{naming.respondent_code('Li Wei')}-territoriality-{TODAY}.yaml"


def test_another_respondent_never_continues_an_unfinished_file(survey, tmp_path):
    assert survey(*WANG, input=lines("5", "4", "q")).code == 0
    [wang] = tmp_path.iterdir()
    before = wang.read_bytes()
    run = survey(*LI, input=lines("1", "q"))
    assert run.code == 0, run
    assert "respondent: Li Wei" in run.out and "Continuing" not in run.out and "kept from the file" not in run.out
    assert wang.read_bytes() == before
    assert wang.name == WANG_FILE
    li = read(tmp_path / LI_FILE)
    assert li["respondent"] == "Li Wei" and li["role"] == "leader" and li["answers"] == {T_IDS[0]: 1}
    # and Wang Fang, running again, continues her own file
    again = survey(*WANG, input=lines("3", "q"))
    assert "Continuing " + WANG_FILE in again.out
    assert read(wang)["answers"] == {T_IDS[0]: 5, T_IDS[1]: 4, T_IDS[2]: 3}


def test_another_respondent_cannot_wipe_a_complete_file(survey, tmp_path):
    assert survey(*WANG, input=lines(*["4"] * 16)).code == 0
    [wang] = tmp_path.iterdir()
    before = wang.read_bytes()
    for extra in ([], ["--force"]):
        run = survey(*LI, *extra, input=lines("1", "q"))
        assert "--force" not in run.err
        assert wang.read_bytes() == before
        assert run.code == 0, run
        assert read(tmp_path / LI_FILE)["answers"] == {T_IDS[0]: 1}
    # her own run refuses the complete file, and says what --force would discard
    own = survey(*WANG, input=lines("1"))
    assert own.code == 2, own
    assert "already holds an answer to every item, from Wang Fang (business); it was not changed" in own.err
    assert f"to discard its 16 answers and answer it all again: ids-assess survey -q territoriality -o {WANG_FILE} " \
           "--respondent 'Wang Fang' --force" in own.err
    assert wang.read_bytes() == before


@pytest.mark.parametrize("complete", [False, True])
@pytest.mark.parametrize("extra", [[], ["--resume"], ["--force"]])
def test_o_naming_another_respondents_file_is_refused(survey, tmp_path, complete, extra):
    assert survey(*WANG, input=lines(*["4"] * (16 if complete else 2), "q")).code == 0
    wang = tmp_path / WANG_FILE
    before = wang.read_bytes()
    run = survey(*LI, "-o", WANG_FILE, *extra, input=lines("1", "q"))
    assert run.code == 2, run
    assert run.err.count("\n") == 1 and "--force" not in run.err
    assert (f"{WANG_FILE} holds the answers of Wang Fang (business), but you gave --respondent 'Li Wei' --role "
            "leader; it was not changed. Choose another file with -o") in run.err
    assert wang.read_bytes() == before
    role_only = survey("-o", WANG_FILE, "--role", "it", *extra, input=lines("1", "q"))
    assert role_only.code == 2 and "but you gave --role it;" in role_only.err
    anonymous = survey("-o", WANG_FILE, "--respondent", "", *extra, input=lines("1", "q"))
    assert anonymous.code == 2 and "but you gave --respondent '';" in anonymous.err
    assert wang.read_bytes() == before


def test_force_on_a_named_respondents_file_needs_that_respondent(survey, tmp_path):
    assert survey(*WANG, input=lines(*["4"] * 16)).code == 0
    wang = tmp_path / WANG_FILE
    before = wang.read_bytes()
    run = survey("-o", WANG_FILE, input=lines("1"))  # who runs it is not said: no --force offered
    assert run.code == 2 and "already holds an answer to every item" in run.err and "--force" not in run.err
    run = survey("-o", WANG_FILE, "--force", input=lines("1"))
    assert run.code == 2, run
    assert "--force starts over only your own file: say who you are with --respondent NAME" in run.err
    assert wang.read_bytes() == before
    run = survey("-o", WANG_FILE, "--respondent", "Wang Fang", "--force", input=lines("2", "q"))
    assert run.code == 0, run
    assert "Agency code" not in run.out  # started over: the header is the file's
    doc = read(wang)
    assert doc["answers"] == {T_IDS[0]: 2}
    assert (doc["agency"], doc["respondent"], doc["role"]) == (AGENCY, "Wang Fang", "business")


def test_anonymous_without_a_role_always_gets_a_new_file(survey, tmp_path):
    anon = ["-q", "territoriality", "--agency", "Test Bureau", "--agency-id", "", "--respondent", ""]
    first = survey(*anon, input=lines("", "4", "q"))  # role asked, skipped
    assert first.code == 0, first
    path = tmp_path / f"test-bureau-territoriality-{TODAY}.yaml"
    before = path.read_bytes()
    second = survey(*anon, input=lines("", "2", "q"))
    assert second.code == 0, second
    assert "Continuing" not in second.out
    second_path = tmp_path / f"test-bureau-territoriality-{TODAY}-2.yaml"
    assert path.read_bytes() == before and read(second_path)["answers"] == {T_IDS[0]: 2}
    refused = survey(*anon, "--resume", input=lines("", "1"))
    assert refused.code == 2 and "name the file with -o FILE --resume" in refused.err
    resumed = survey("-o", path.name, "--resume", input=lines("5", "q"))  # named explicitly: continued
    assert resumed.code == 0 and read(path)["answers"] == {T_IDS[0]: 4, T_IDS[1]: 5}
    assert len(list(tmp_path.iterdir())) == 2


def test_a_file_of_another_respondent_at_the_default_name_is_left_alone(survey, answer_file, tmp_path):
    # a file named as Li Wei's would be, but holding someone else's answers (renamed by hand)
    other = answer_file({T_IDS[0]: 2}, name=LI_FILE, agency=AGENCY, respondent="Zhang San", version=TERR.version)
    before = other.read_bytes()
    run = survey(*LI, input=lines("1", "q"))
    assert run.code == 0, run
    assert other.read_bytes() == before
    assert read(tmp_path / LI_FILE.replace(".yaml", "-2.yaml"))["respondent"] == "Li Wei"
    nothing = survey(*LI[:-2], "--role", "it", "--resume", input=lines("1"))
    assert nothing.code == 2 and "there is no answer file of Li Wei (it)" in nothing.err


def test_a_file_of_another_questionnaire_or_version_is_refused(survey, answer_file):
    other = answer_file({"hardware_software.manual_rework": 3}, name="core.yaml", questionnaire="ids-core")
    old = answer_file({T_IDS[0]: 3}, name="old.yaml", version="0.9")
    for path, words in ((other, "holds answers to questionnaire 'ids-core', not 'territoriality'"),
                        (old, "holds answers to version 0.9 of 'territoriality', "
                              f"but version {TERR.version} is loaded")):
        before = path.read_bytes()
        for force in ([], ["--force"]):
            run = survey(*HEAD, "-o", str(path), *force, input=lines("1"))
            assert run.code == 2, run
            assert words in run.err and "it was not changed" in run.err
            assert path.read_bytes() == before


def test_an_invalid_file_is_refused_with_its_problems(survey, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("questionnaire: territoriality\nagency: X\nanswers:\n  identity_marking.our_data: 7\n"
                    "  nope.item: 3\n", encoding="utf-8")
    before = path.read_bytes()
    run = survey(*HEAD, "-o", str(path), "--force", input=lines("1"))
    assert run.code == 1, run
    assert f"{path}:4:30: " in run.err and f"{path}:5:3: unknown item id 'nope.item'" in run.err
    assert "is not a valid answer file (problems above); it was not changed" in run.err
    assert path.read_bytes() == before
    broken = tmp_path / "broken.yaml"
    broken.write_text("questionnaire: [territoriality\n", encoding="utf-8")
    run = survey(*HEAD, "-o", str(broken), input=lines("1"))
    assert run.code == 1 and f"{broken}:1:16: YAML syntax error: the '[' opened here is not closed" in run.err


def test_refuses_without_a_terminal_and_creates_no_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(terminal.FORCE_TTY_ENV, raising=False)
    run = cli("survey", *HEAD, "-o", "out.yaml", input=lines("1"))
    assert run.code == 2, run
    assert "survey needs an interactive terminal" in run.err and "ids-assess template -q territoriality" in run.err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_questionnaire_is_reported_before_the_missing_terminal(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(terminal.FORCE_TTY_ENV, raising=False)
    run = cli("survey", "-q", "nosuch", input=lines("1"))
    assert run.code == 2, run
    assert "unknown questionnaire 'nosuch' (known: " in run.err and "territoriality" in run.err
    assert "template" not in run.err and "terminal" not in run.err
    assert list(tmp_path.iterdir()) == []
    own = cli("survey", "-q", "mine/own.yaml")  # a path that does not exist
    assert own.code == 2 and "questionnaire file not found: mine/own.yaml" in own.err


def test_without_a_terminal_template_is_suggested_with_the_questionnaires_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(terminal.FORCE_TTY_ENV, raising=False)
    folder = tmp_path / "my qs"
    folder.mkdir()
    text = (Path(flow.__file__).parents[2] / "questionnaires" / "territoriality.yaml").read_text(encoding="utf-8")
    (folder / "own.yaml").write_text(text.replace("id: territoriality", "id: own-terr", 1), encoding="utf-8")
    run = cli("survey", "-q", "own-terr", "--questionnaires", str(folder), input=lines("1"))
    assert run.code == 2, run
    command = f"ids-assess template -q own-terr --questionnaires '{folder}' -o answers.yaml"
    assert command in run.err
    assert cli("template", *shlex.split(command)[2:]).code == 0


def test_refuses_without_a_terminal_as_a_real_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != terminal.FORCE_TTY_ENV}
    done = subprocess.run([sys.executable, "-m", "ids_assess", "survey", *HEAD], input="1\n", text=True,
                          capture_output=True, cwd=tmp_path, env=env, timeout=30)
    assert done.returncode == 2 and "ids-assess template" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "words"), [
    (["--tie", "vertical"], "--tie needs --partner"),
    (["--resume", "--force"], "either --resume"),
    (["--agency-id", "has space"], "--agency-id: 'has space' is not valid"),
    (["--agency", " "], "--agency must not be empty"),
    (["--resume", "-o", "missing.yaml"], "there is no answer file to continue"),
    (["-o", "no/such/folder/a.yaml"], "folder no/such/folder does not exist"),
    (["-q", "nope"], "unknown questionnaire 'nope'"),
])
def test_usage_errors_exit_2_and_write_nothing(survey, tmp_path, args, words):
    run = survey("--agency", "X", *args, input=lines("1"))
    assert run.code == 2, run
    assert words in run.err
    assert list(tmp_path.iterdir()) == []


def test_chinese(survey, cli, tmp_path):
    keys = ["北京市市场监督管理局", "", "", "业务"] + ["４"] * 15 + ["ｄ"]
    run = survey("-q", "territoriality", "--lang", "zh", input=lines(*keys))
    assert run.code == 0, run
    path = tmp_path / f"北京市市场监督管理局-business-territoriality-{TODAY}.yaml"
    assert read(path)["answers"] == {**dict.fromkeys(T_IDS[:15], 4), T_IDS[15]: "dk"}
    assert read(path)["role"] == "business"
    out = run.out
    for text in ("您所代表的机构（必填）：", "第 1 题（共 16 题）", "第 2 部分（共 2 部分）", "您的回答：",
                 TERR.items[T_IDS[0]].text.zh, TERR.sections[1].title.zh, "1 非常不同意", "d 不知道",
                 "已评分 15 · 不知道 1 · 不适用 0 · 跳过 0（共 16 题）", "总体", "您的答卷已保存在"):
        assert text in out, text
    assert "Item " not in out and "Your answer" not in out
    assert f"ids-assess report {path.name} -o report.html --format html --lang zh" in out
    assert_valid(cli, path)


def test_chinese_messages_on_quit(survey, tmp_path):
    run = survey(*HEAD, "--lang", "zh", "-o", "a.yaml", input=lines("1", "ｑ"))
    assert run.code == 0
    assert "已保存 1 题（共 16 题）到 a.yaml。" in run.out and "继续作答：ids-assess survey" in run.out


def test_full_width_keys(survey, tmp_path):
    keys = ["１", "２", "３", "４", "５", "ｄ", "ｎ", "ｂ", "", "ｓ", "？"] + ["５"] * 9 + ["ｎ"]
    run = survey(*HEAD, "-o", "out.yaml", input=lines(*keys))
    assert run.code == 0, run
    expected = dict(zip(T_IDS[:7], [1, 2, 3, 4, 5, "dk", "na"], strict=True))
    expected.update(dict.fromkeys(T_IDS[8:], 5))
    assert read(tmp_path / "out.yaml")["answers"] == expected


def test_hostile_agency_and_evidence_are_shown_as_plain_text(survey, cli, tmp_path):
    escaped = "[bold]x[/bold] \x1b[31mRED\x1b]0;pwned\x07"
    refused = survey(*HEAD[:2], "--agency", escaped, "--respondent", "", "--agency-id", "", "--role", "it",
                     "-o", "esc.yaml", input=lines("4", "q"))
    # a control character could be neither saved in a valid answer file nor shown as it is: refused, no file
    assert refused.code == 2 and "--agency holds the control character U+001B" in refused.err
    assert "\x1b" not in refused.out + refused.err and not (tmp_path / "esc.yaml").exists()
    agency = "[bold]x[/bold] [red]RED[/red]"
    run = survey(*HEAD[:2], "--agency", agency, "--respondent", ":smile: [i]me[/i]", "--agency-id", "",
                 "--role", "it", "-o", "out.yaml", "--evidence", input=lines("4", "h", "[red]note[/red]", "q"))
    assert run.code == 0, run
    assert "Agency: [bold]x[/bold] [red]RED[/red] · respondent: :smile: [i]me[/i]" in run.out
    assert "\x1b" not in run.out and "\x07" not in run.out
    doc = read(tmp_path / "out.yaml")
    assert doc["agency"] == agency and doc["answers"][T_IDS[0]]["evidence"] == "[red]note[/red]"
    assert_valid(cli, tmp_path / "out.yaml")
    again = survey(*HEAD[:2], "-o", "out.yaml", "--evidence", input=lines("b", "4", "", "", "q"))
    assert "[high; Enter keeps it" in again.out and "[[red]note[/red]; Enter keeps it" in again.out
    assert "\x1b" not in again.out
    assert read(tmp_path / "out.yaml") == doc


def test_a_questionnaire_of_ones_own_from_a_path(survey, cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (Path(flow.__file__).parents[2] / "questionnaires" / "territoriality.yaml").read_text(encoding="utf-8")
    (folder / "own.yaml").write_text(text.replace("id: territoriality", "id: own-terr", 1), encoding="utf-8")
    run = survey("-q", "mine/own.yaml", "--agency", "A", "--agency-id", "", "--respondent", "", "--role", "it",
                 "-o", "a.yaml", input=lines(*["3"] * 16))
    assert run.code == 0, run
    assert read(tmp_path / "a.yaml")["questionnaire"] == "own-terr"
    assert "ids-assess validate a.yaml --questionnaires mine" in run.out
    assert cli("validate", "a.yaml", "--questionnaires", "mine").code == 0
    quit_run = survey("-q", "mine/own.yaml", "--agency", "A", "-o", "b.yaml", "--agency-id", "", "--respondent",
                      "", "--role", "it", input=lines("q"))
    assert "ids-assess survey -q mine/own.yaml -o b.yaml --resume" in quit_run.out


def test_continues_a_file_begun_in_an_editor_from_the_template(survey, cli, tmp_path):
    assert cli("template", "-q", "territoriality", "-o", "t.yaml").code == 0
    path = tmp_path / "t.yaml"
    blank = path.read_text(encoding="utf-8")
    refused = survey("-o", "t.yaml", input=lines("1"))  # agency still empty: invalid, left alone
    assert refused.code == 1 and "t.yaml:" in refused.err and path.read_text(encoding="utf-8") == blank
    filled = blank.replace('agency: ""', 'agency: "Editor Bureau"').replace(f"  {T_IDS[0]}:", f"  {T_IDS[0]}: 2")
    path.write_text(filled, encoding="utf-8")
    run = survey("-o", "t.yaml", input=lines("5", "q"))
    assert run.code == 0, run
    assert "Continuing t.yaml: 1 of 16 items answered." in run.out
    doc = read(path)
    assert doc["agency"] == "Editor Bureau" and doc["answers"] == {T_IDS[0]: 2, T_IDS[1]: 5}
    assert_valid(cli, path)


def test_options_that_differ_from_a_resumed_file_are_noted(survey, answer_file):
    path = answer_file({T_IDS[0]: 2}, agency="Old Name", version=TERR.version)
    run = survey("-q", "territoriality", "-o", str(path), "--agency", "New Name", input=lines("q"))
    assert run.code == 0
    assert "agency is kept from the file (Old Name)" in run.out
    assert read(path)["agency"] == "Old Name"


def test_file_names_and_commands_are_never_broken_on_a_narrow_terminal(survey, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    name = "city-x-market-supervision-bureau-li-wei-territoriality-2026-11-26.yaml"
    run = survey(*LI, "-o", name, input=lines("4", "q"))
    assert run.code == 0, run
    out_lines = run.out.splitlines()
    command = f"ids-assess survey -q territoriality -o {name} --resume"
    assert len(command) > 60
    assert f"To continue: {command}" in out_lines  # one line: the terminal wraps it, copying keeps it whole
    assert f"Saved 1 of 16 answers in {name}." in out_lines
    assert any(line.startswith("Every answer is saved at once to " + name) for line in out_lines)
    assert max(len(line) for line in out_lines if name not in line) <= 60  # the rest is wrapped as before
    again = survey(*LI, "-o", name, input=lines("q"))
    assert f"Continuing {name}: 1 of 16 items answered." in again.out.splitlines()
    done = survey("-o", name, input=lines(*["3"] * 14, "s", "n"))
    assert done.code == 0, done
    assert f"Your answers are saved in {name}" in done.out.splitlines()
    assert f"  ids-assess report {name} -o report.html --format html" in done.out.splitlines()
    assert f"To continue: {command}" in done.out.splitlines()


def _option_helps() -> list[tuple[str, str]]:
    import typer.main

    from ids_assess.cli.app import app

    command = typer.main.get_command(app).commands["survey"]  # type: ignore[attr-defined]
    return [(param.opts[0], param.help) for param in command.params if getattr(param, "help", None)]


@pytest.mark.parametrize("columns", ["80", "120"])
def test_survey_help_shows_every_option_help_in_full(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    run = cli("survey", "--help")
    assert run.code == 0, run
    flat = " ".join(run.out.replace("│", " ").split())
    assert "…" not in flat
    helps = _option_helps()
    assert len(helps) == 13
    for name, text in helps:
        at = flat.index(name + " ")
        for word in text.split():  # every word, in order: nothing eaten as markup or cut off
            found = flat.find(word, at)
            assert found >= 0, (name, word)
            at = found + len(word)
    assert "(default: ids-core, or the one the -o file being continued is for)" in flat
    assert "--role ROLE Your role: leader, business, it, legal or other." in flat


def test_survey_help(cli):
    run = cli("survey", "--help")
    assert run.code == 0
    for word in ("--questionnaire", "--output", "--agency", "--agency-id", "--respondent", "--role", "--partner",
                 "--tie", "--lang", "--evidence", "--resume", "--force", "--questionnaires", "130",
                 "template"):
        assert word in run.out, word


def test_the_dataset_a_questionnaire_declares_is_asked_and_kept_on_resume(survey, cli, tmp_path):
    """data-stickiness 1.1.0 declares a required ``dataset``: a new file asks for it (again while it is left
    empty), and a continued file keeps it (it used to be dropped at the first answer saved)."""
    new = tmp_path / "new.yaml"
    run = survey("-q", "data-stickiness@1.1.0", "-o", str(new), "--agency", "Tax Bureau", "--role", "it",
                 "--partner", "Customs", "--tie", "horizontal",
                 input="\n\n\nEnterprise registry\n4\nq\n")
    assert run.code == 0, run
    assert "Dataset is needed" in run.out
    assert read(new)["dataset"] == "Enterprise registry"
    assert_valid(cli, new)
    first = next(iter(read(new)["answers"]))
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump({"questionnaire": "data-stickiness", "version": "1.1.0", "agency": "Tax Bureau",
                                   "partner": "Customs", "dataset": "Business licences", "answers": {first: 3}},
                                  allow_unicode=True, sort_keys=False), encoding="utf-8")
    again = survey("-q", "data-stickiness@1.1.0", "-o", str(old), "--resume", input="\n4\n4\nq\n")
    assert again.code == 0, again
    kept = read(old)
    assert kept["dataset"] == "Business licences" and len(kept["answers"]) >= 2
    assert_valid(cli, old)
