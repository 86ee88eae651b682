"""Bidirectional controls in user text never reorder what a person reads: JSON keeps the data but escapes them,
terminal, DOT and Mermaid output make them visible."""

from __future__ import annotations

import json

EVIL = "Customs \u202e"


def write(answer_file, tmp_path):
    return answer_file({"identity_marking.our_data": 4, "identity_marking.source_of_status": 2}, agency=EVIL,
                       version="1.0.0", partner="Tax \u2067Bureau", tie="vertical")


def test_json_escapes_bidi_controls_and_keeps_the_data(cli, answer_file, tmp_path):
    path = write(answer_file, tmp_path)
    for args in (["score", str(path), "--format", "json"], ["score", str(path), "--by", "agency", "--format", "json"],
                 ["network", str(path)]):
        run = cli(*args)
        assert run.code == 0, run
        assert "\u202e" not in run.out and "\u2067" not in run.out
        assert "\\u202e" in run.out
        assert EVIL in json.dumps(json.loads(run.out), ensure_ascii=False)


def test_terminal_dot_and_mermaid_show_no_raw_bidi_control(cli, answer_file, tmp_path):
    path = write(answer_file, tmp_path)
    for args in (["score", str(path)], ["network", str(path), "--format", "dot"],
                 ["network", str(path), "--format", "mermaid"]):
        run = cli(*args)
        assert run.code == 0, run
        assert "\u202e" not in run.out and "\u2067" not in run.out, args


def test_every_bidi_control_is_made_visible_in_a_rendered_report():
    from ids_assess.render.report.build import BIDI_CONTROLS, strip_bidi

    for code, shown in BIDI_CONTROLS.items():
        assert strip_bidi(f"a{chr(code)}b") == f"a{shown}b"
    plain = "报告 <p>no control here</p>\u200d\u2060"  # joiners are not bidi controls
    assert strip_bidi(plain) is plain


def _results():
    from pathlib import Path

    from ids_assess.io.batch import run
    from ids_assess.io.questionnaires import Registry

    examples = Path(__file__).resolve().parent.parent / "examples" / "answers"
    return [o.result for o in run([examples], Registry([])) if o.result is not None]


def test_a_result_line_searches_only_its_free_text_and_escapes_what_the_whole_line_would():
    import dataclasses

    from ids_assess.render import results_json

    results = _results()
    assert len(results) > 5
    fields = ("source", "agency", "agency_id", "respondent", "role", "date", "partner", "tie", "dataset")
    for result in results:
        assert results_json.encode(result) == results_json.line(results_json.result_dict(result))
        for name in fields:  # a control in any header field is escaped exactly as the whole line's search does
            evil = dataclasses.replace(result, answers=dataclasses.replace(result.answers, **{name: "x\u2066y"}))
            line = results_json.encode(evil)
            assert line == results_json.line(results_json.result_dict(evil)) and "\\u2066" in line, name
        for name in ("questionnaire", "version"):
            evil = dataclasses.replace(result, **{name: "q\u202e"})
            assert "\\u202e" in results_json.encode(evil) and "\u202e" not in results_json.encode(evil), name


def test_every_other_text_of_a_result_line_is_an_identifier_or_a_word_of_the_contract():
    # what encode() does not search must never hold a bidirectional control: identifiers (the questionnaire
    # schema's patterns) and the contract's words; a new free-text key in result_dict fails here
    import re

    from ids_assess.render import results_json

    ident = re.compile(r"[a-z][a-z0-9_.]*")

    def texts(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                assert ident.fullmatch(k), k
                yield from texts(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from texts(v, key)
        elif isinstance(value, str):
            yield key, value

    for result in _results():
        free = set(results_json.free_text(result))
        header = {"source", "questionnaire", "version", "agency", "agency_id", "respondent", "role", "date",
                  "partner", "tie", "dataset"}
        for key, text in texts(results_json.result_dict(result)):
            if key in header:
                assert text in free, key
            else:
                assert ident.fullmatch(text), (key, text)
