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
