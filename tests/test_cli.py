"""The command line, as a user meets it: exit codes, stdout, stderr, one test per exit-code row."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ids_assess import __version__
from ids_assess.io.questionnaires import Registry

REPO = Path(__file__).resolve().parents[1]
EX = REPO / "examples"

TERR = Registry().get("territoriality@1.0.0")
ALL_AGREE = {item: 5 for item in TERR.items}


def test_version(cli):
    run = cli("--version")
    assert run.code == 0 and run.out.strip() == f"ids-assess {__version__}"


def test_help_lists_every_command_and_the_exit_codes(cli):
    run = cli("--help")
    assert run.code == 0
    for command in ("questionnaire", "template", "validate", "score"):
        assert command in run.out
    assert "Exit codes" in run.out and "--fail-under" in run.out


@pytest.mark.parametrize("command", ["validate", "score", "template", "questionnaire list", "questionnaire show"])
def test_every_command_has_help(cli, command):
    run = cli(*command.split(), "--help")
    assert run.code == 0 and "Usage" in run.out


def test_questionnaire_list_shows_the_bundled_questionnaires(cli):
    run = cli("questionnaire", "list")
    assert run.code == 0
    assert "territoriality" in run.out and "data-stickiness" in run.out


def test_questionnaire_show_json_contract(cli):
    run = cli("questionnaire", "show", "territoriality", "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert set(data) >= {"id", "version", "title", "sections"}
    assert set(data["title"]) == {"en", "zh"}
    factor = data["sections"][0]["factors"][0]
    assert set(factor) >= {"id", "title", "weight", "source", "determinant", "items"}
    assert factor["determinant"] is False
    item = factor["items"][0]
    assert set(item) >= {"id", "text", "polarity", "weight"} and set(item["text"]) == {"en", "zh"}


def test_questionnaire_show_table_in_chinese(cli):
    run = cli("questionnaire", "show", "territoriality", "--lang", "zh")
    assert run.code == 0
    assert TERR.sections[0].title.zh in run.out


def test_unknown_questionnaire_is_a_usage_error(cli):
    run = cli("questionnaire", "show", "no-such-thing")
    assert run.code == 2
    assert "unknown questionnaire 'no-such-thing'" in run.err and "Traceback" not in run.err


def test_custom_questionnaire_folder(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (Path(TERR.origin.replace("<bundled>", str(Path(__file__).parents[1] / "questionnaires")))
            .read_text(encoding="utf-8").replace("id: territoriality", "id: my-territoriality", 1))
    (folder / "mine.yaml").write_text(text, encoding="utf-8")
    run = cli("questionnaire", "list", "--questionnaires", folder)
    assert run.code == 0 and "my-territoriality" in run.out


def test_score_exit_0_and_json_contract(cli, answer_file):
    path = answer_file(ALL_AGREE, role="it", partner="City Customs", tie="horizontal")
    run = cli("score", path, "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.out)
    assert data["tool"] == {"name": "ids-assess", "version": __version__}
    assert data["errors"] == []
    [result] = data["results"]
    assert result["questionnaire"] == "territoriality" and result["role"] == "it"
    assert result["partner"] == "City Customs" and result["tie"] == "horizontal"
    assert set(result["overall"]) == {"score", "low", "high", "coverage", "band", "band_withheld"}
    assert result["overall"]["coverage"] == 1.0 and result["overall"]["band_withheld"] is False
    for factor in result["factors"].values():
        assert set(factor) == {"score", "low", "high", "coverage", "answered", "dk", "na", "verdict",
                               "verdict_withheld"}
    assert set(result["relationship"]) == {"pull", "push", "net", "status", "strongest_push", "tension_risk"}


def test_score_json_validates_against_the_results_schema(cli, answer_file):
    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    run = cli("score", answer_file(ALL_AGREE), "--format", "json")
    Draft202012Validator(load_schema("results")).validate(json.loads(run.out))


def test_score_invalid_file_exit_1_others_still_scored(cli, answer_file, tmp_path):
    good = answer_file(ALL_AGREE, name="a-good.yaml")
    bad = answer_file({"identity_marking.our_data": 7}, name="b-bad.yaml")
    run = cli("score", good, bad, "--format", "json")
    assert run.code == 1
    data = json.loads(run.out)
    assert [r["source"] for r in data["results"]] == [str(good)]
    assert data["errors"][0]["source"] == str(bad) and data["errors"][0]["line"] == 4
    assert f"{bad}:4:" in run.err and "1 of 2 file(s) invalid" in run.err


def test_fail_under_exit_3(cli, answer_file):
    path = answer_file({item: 3 for item in TERR.items})  # everything neutral: 50
    assert cli("score", path, "--fail-under", "60").code == 3
    assert cli("score", path, "--fail-under", "50").code == 0


def test_usage_error_exit_2(cli):
    assert cli("score", "--format", "pdf", "x.yaml").code == 2
    run = cli("score", "does-not-exist.yaml")
    assert run.code == 2 and "no such file or folder: does-not-exist.yaml" in run.err


def test_a_file_behind_a_folder_that_may_not_be_entered_is_a_usage_error(cli, answer_file, monkeypatch):
    # as another user sees root's 0700 folder: the file cannot even be looked at (was an internal error)
    import pathlib

    path = answer_file({"identity_marking.our_data": 4})
    real_stat = pathlib.Path.stat

    def stat(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", stat)
    for command in ("validate", "score"):
        run = cli(command, path)
        assert run.code == 2, run
        assert f"cannot reach {path} (Permission denied): check its folder's permissions" in run.err
        assert "internal error" not in run.err and "Traceback" not in run.err


def test_internal_error_exit_4_without_traceback(cli, answer_file, monkeypatch):
    import ids_assess.core.scoring

    def boom(*args, **kwargs):
        raise ZeroDivisionError("synthetic")

    monkeypatch.setattr(ids_assess.core.scoring, "score", boom)
    run = cli("score", answer_file(ALL_AGREE))
    assert run.code == 4
    assert "internal error (this is a bug" in run.err and "Traceback" not in run.err
    run = cli("--debug", "score", answer_file(ALL_AGREE))
    assert run.code == 4 and "Traceback" in run.err


def test_csv_has_bom_a_row_per_file_and_is_formula_safe(cli, answer_file, tmp_path):
    path = answer_file(ALL_AGREE, agency="=HYPERLINK(\"http://x\")")
    out = tmp_path / "scores.csv"
    run = cli("score", path, "--format", "csv", "-o", out)
    assert run.code == 0 and run.out == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].startswith("source,questionnaire,version,agency")
    assert "'=HYPERLINK" in lines[1]


def test_output_file_is_whole_even_when_every_input_is_invalid(cli, answer_file, tmp_path):
    out = tmp_path / "scores.json"
    out.write_text("previous results", encoding="utf-8")
    bad = answer_file({"identity_marking.our_data": 9})
    run = cli("score", bad, "--format", "json", "-o", out)
    assert run.code == 1
    # not one valid file: the earlier output is left whole, as it was (not replaced by an empty document)
    assert out.read_text(encoding="utf-8") == "previous results"
    assert run.err.splitlines()[-1] == (f"ids-assess: error: no valid answer files in {bad}: nothing to score; "
                                        f"{out} left as it was")
    # on stdout nothing can be lost: the document comes whole, with the file's problem in "errors"
    shown = cli("score", bad, "--format", "json")
    assert shown.code == 1
    data = json.loads(shown.out)
    assert data["results"] == [] and len(data["errors"]) == 1


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_batch_without_one_valid_file_writes_no_output_file(cli, answer_file, tmp_path, fmt):
    bad = answer_file({"identity_marking.our_data": 9})
    kept, new = tmp_path / f"kept.{fmt}", tmp_path / f"new.{fmt}"
    kept.write_bytes(b"an earlier run's output")
    for out in (kept, new):
        run = cli("score", bad, "--format", fmt, "-o", out)
        assert run.code == 1 and "nothing to score" in run.err
    assert kept.read_bytes() == b"an earlier run's output" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file
    stats = cli("stats", bad, "--format", "json", "-o", kept)
    assert stats.code == 1 and "nothing to compute" in stats.err
    assert kept.read_bytes() == b"an earlier run's output"
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text((REPO / "questionnaires" / "territoriality.yaml").read_text(encoding="utf-8"),
                             encoding="utf-8")
    only = cli("score", questionnaire, "--format", fmt, "-o", kept)
    assert only.code == 2 and "questionnaires, not answer files" in only.err
    assert kept.read_bytes() == b"an earlier run's output"


def test_stats_refuses_a_folder_as_its_output_before_any_work(cli, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    run = cli("stats", EX / "answers", "-o", folder)
    assert run.code == 1 and run.err == f"ids-assess: error: cannot write {folder}: it is a folder; give a file name\n"
    done = cli("stats", EX / "answers", "-f", "json", "-o", tmp_path / "s.json")
    assert done.code == 0 and done.err.splitlines()[-1] == f"wrote {tmp_path / 's.json'} (json)"


def test_validate_prints_problems_sorted_and_exits_1(cli, answer_file):
    path = answer_file({"identity_marking.nope": 3, "identity_marking.our_data": 8}, role="boss")
    run = cli("validate", path)
    assert run.code == 1
    lines = run.out.strip().splitlines()
    assert len(lines) == 3
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)
    assert "role" in run.out and "unknown item id 'identity_marking.nope'" in run.out and "8" in run.out


def test_validate_accepts_questionnaires_and_folders(cli):
    run = cli("validate", Path(__file__).parents[1] / "questionnaires")
    assert run.code == 0 and "all valid" in run.err


def test_template_round_trip(cli, tmp_path):
    path = tmp_path / "blank.yaml"
    assert cli("template", "-q", "territoriality@1.0.0", "-o", path).code == 0
    text = path.read_text(encoding="utf-8")
    for item in TERR.items.values():
        assert item.text.en.split()[0] in text
    # blank: agency is required
    run = cli("validate", path)
    assert run.code == 1 and "agency must not be empty" in run.out
    filled = text.replace('agency: ""', "agency: Bureau of Statistics")
    for item_id in TERR.items:
        filled = filled.replace(f"  {item_id}:", f"  {item_id}: 4")
    path.write_text(filled, encoding="utf-8")
    assert cli("validate", path).code == 0
    run = cli("score", path, "--format", "json")
    assert run.code == 0 and json.loads(run.out)["results"][0]["overall"]["coverage"] == 1.0


def test_template_refuses_to_overwrite(cli, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("my answers", encoding="utf-8")
    run = cli("template", "-q", "territoriality@1.0.0", "-o", path)
    assert run.code == 2 and "--force" in run.err
    assert path.read_text(encoding="utf-8") == "my answers"


def test_template_in_chinese(cli):
    run = cli("template", "-q", "territoriality@1.0.0", "--lang", "zh")
    assert run.code == 0 and TERR.sections[0].factors[0].items[0].text.zh in run.out


def test_jobs_gives_the_same_results_in_the_same_order(cli, answer_file):
    files = [answer_file({item: (i % 5) + 1 for item in TERR.items}, name=f"f{i:02}.yaml") for i in range(40)]
    one = json.loads(cli("score", *files, "--format", "json").out)
    two = json.loads(cli("score", *files, "--format", "json", "--jobs", "2").out)
    assert one == two and len(one["results"]) == 40


def test_python_dash_m_and_console_script():
    run = subprocess.run([sys.executable, "-m", "ids_assess", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == f"ids-assess {__version__}"
    run = subprocess.run([sys.executable, "-m", "ids_assess", "questionnaire", "list"], capture_output=True,
                         text=True)
    assert run.returncode == 0 and "territoriality" in run.stdout


def test_control_characters_from_files_never_reach_the_terminal_raw(cli, answer_file):
    hostile = "\x1b]0;pwned\x07\x1b[31mRED"
    path = answer_file(ALL_AGREE, agency=hostile)  # PyYAML writes the ESC as the escape "\e"
    run = cli("score", path)  # such a file is refused, at the place of the escape, and nothing raw is echoed
    assert run.code == 1 and "control character U+001B (written as an escape)" in run.err
    assert "\x1b" not in run.out + run.err and "\x07" not in run.out + run.err
    for command in (["report", path], ["network", path, "-f", "mermaid"]):
        assert "\x1b" not in cli(*command).out
    bad = answer_file({"identity_marking.\x1b[2Jx": 3}, name="bad.yaml")
    run = cli("validate", bad)
    assert run.code == 1 and "\x1b" not in run.out + run.err


def test_markup_in_user_text_is_shown_literally(cli, answer_file):
    run = cli("score", answer_file(ALL_AGREE, agency="[bold]x[/bold]"))
    assert "[bold]x[/bold]" in run.out


def test_a_file_given_twice_is_counted_once(cli, answer_file):
    path = answer_file(ALL_AGREE)
    data = json.loads(cli("score", path, path, path.parent, "--format", "json").out)
    assert len(data["results"]) == 1


def test_output_that_is_an_input_is_refused_and_the_input_kept(cli, answer_file):
    path = answer_file(ALL_AGREE)
    before = path.read_bytes()
    for command in (["score", path, "-o", path], ["network", path, "-o", path]):
        run = cli(*command)
        assert run.code == 2 and "is one of the inputs" in run.err
    run = cli("score", path.parent, "-f", "csv", "-o", path.parent / "scores.yaml")
    assert run.code == 2 and "inside the input folder" in run.err
    assert path.read_bytes() == before


def test_no_yaml_files_is_a_usage_error_and_writes_nothing(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    keep = tmp_path / "keep.json"
    keep.write_text("earlier results", encoding="utf-8")
    for command in (["score", empty, "-f", "json", "-o", keep], ["validate", empty], ["network", empty]):
        run = cli(*command)
        assert run.code == 2 and "no .yaml or .yml files found" in run.err, command
    assert keep.read_text(encoding="utf-8") == "earlier results"


def test_low_coverage_is_warned_about(cli, answer_file):
    run = cli("score", answer_file({"identity_marking.our_data": 4}))
    assert run.code == 0 and "warning: only 6% of the statements that apply are answered" in run.err


def test_one_bad_questionnaire_in_a_folder_does_not_stop_the_others(cli, tmp_path, answer_file):
    folder = tmp_path / "mine"
    folder.mkdir()
    source = Path(TERR.origin.replace("<bundled>", str(Path(__file__).parents[1] / "questionnaires")))
    text = source.read_text(encoding="utf-8")
    (folder / "good.yaml").write_text(text.replace("id: territoriality", "id: terr-good", 1), encoding="utf-8")
    (folder / "clash.yaml").write_text(text.replace("id: territoriality", "id: terr-good", 1), encoding="utf-8")
    (folder / "bad.yaml").write_text(text.replace("id: territoriality", "id: terr-bad", 1)
                                     .replace("polarity: barrier", "polarity: barier", 1), encoding="utf-8")
    run = cli("questionnaire", "list", "--questionnaires", folder)
    assert run.code == 1 and "terr-good" in run.out and "terr-bad" not in run.out
    assert "bad.yaml" in run.err and "also defined in" in run.err
    # answer files of other questionnaires are scored as usual
    run = cli("score", answer_file(ALL_AGREE), "--questionnaires", folder)
    assert run.code == 0 and "warning:" in run.err


def test_csv_of_mixed_questionnaires_leaves_the_others_out_and_says_so(cli, answer_file, tmp_path):
    sticky = Registry().get("data-stickiness@1.0.0")
    a = answer_file(ALL_AGREE, name="a.yaml")
    b = answer_file({item: 3 for item in sticky.items}, name="b.yaml", questionnaire="data-stickiness",
                    version="1.0.0")
    bad = answer_file({"identity_marking.our_data": 9}, name="c.yaml")
    out = tmp_path / "scores.csv"
    run = cli("score", a, b, bad, "-f", "csv", "-o", out)
    # every file is still checked (c.yaml's problem is reported), b.yaml is named, and the exit code says so
    assert run.code == 1 and f"{b}: not written: it answers 'data-stickiness'" in run.err and f"{bad}:" in run.err
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 2
    run = cli("score", a, b, "-f", "csv", "-o", out)
    assert run.code == 2 and "of another questionnaire left out of the CSV" in run.err
    run = cli("score", a, b, "-f", "csv", "--long")  # the tidy form takes any mix
    assert run.code == 0 and "data-stickiness" in run.out and "territoriality" in run.out


def test_fail_under_compares_the_score_as_shown(cli, tmp_path):
    # two items weighted 0.1 and 0.2, both neutral: the float sum is 49.99999999999999, shown as 50.0
    source = Path(__file__).parent / "data" / "mini.yaml"
    folder = tmp_path / "q"
    folder.mkdir()
    text = source.read_text(encoding="utf-8").replace("id: mini", "id: mini-w", 1)
    text = text.replace("      polarity: enabler\n", "      polarity: enabler\n      weight: 0.1\n", 1)
    text = text.replace("      polarity: barrier\n", "      polarity: barrier\n      weight: 0.2\n", 1)
    (folder / "mini-w.yaml").write_text(text, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("questionnaire: mini-w\nagency: A\nanswers: {f1.a: 3, f1.b: 3}\n", encoding="utf-8")
    run = cli("score", answers, "--questionnaires", folder, "--fail-under", "50", "-f", "json")
    assert json.loads(run.out)["results"][0]["overall"]["score"] == 50.0
    assert run.code == 0, run


def test_linked_folders_are_read_once(cli, answer_file, tmp_path):
    path = answer_file(ALL_AGREE, name="inner/a.yaml")
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "link").symlink_to(path.parent, target_is_directory=True)
    (outer / "loop").symlink_to(outer, target_is_directory=True)
    data = json.loads(cli("score", outer, path.parent, "-f", "json").out)
    assert [r["agency"] for r in data["results"]] == ["Test Bureau"]


def test_a_results_file_with_nan_or_a_path_is_invalid_not_a_crash(cli, answer_file, tmp_path):
    scores = tmp_path / "s.json"
    assert cli("score", answer_file(ALL_AGREE), "-f", "json", "-o", scores).code == 0
    text = scores.read_text(encoding="utf-8")
    nan = tmp_path / "nan.json"
    nan.write_text(re.sub(r'"score": [0-9.]+', '"score": NaN', text, count=1), encoding="utf-8")
    run = cli("compare", scores, nan)
    assert run.code == 1 and "NaN is not a number a results file may hold" in run.err
    path = tmp_path / "path.json"
    path.write_text(text.replace('"questionnaire": "territoriality"', '"questionnaire": "../x.yaml"', 1),
                    encoding="utf-8")
    run = cli("compare", scores, path)
    assert run.code == 1 and "is not a questionnaire id" in run.err


def test_a_list_for_a_rating_is_said_to_be_one(cli, answer_file):
    # '[4， 3]' typed with the input method on: one text in a list, not a rating; the hint says both
    run = cli("validate", answer_file({"identity_marking.our_data": ["4\uff0c 3"]}))
    assert run.code == 1
    assert run.out.rstrip().endswith("is not a rating: use 1-5, dk or na (an answer is one rating, not a list; a "
                                     "full-width comma '\uff0c' separates nothing: '4\uff0c 3' is one text)")
    plain = cli("validate", answer_file({"identity_marking.our_data": [4, 3]}))
    assert plain.out.rstrip().endswith("(an answer is one rating, not a list)")


def test_stats_keeps_its_output_when_no_answer_row_was_gathered(cli, tmp_path):
    # files that are questionnaires, or of another questionnaire than -q, beside an invalid one: no row
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    out = tmp_path / "st.json"
    for args in ([REPO / "questionnaires", bad], [EX / "answers", bad, "-q", "data-stickiness"]):
        out.write_text("old", encoding="utf-8")
        run = cli("stats", *args, "-f", "json", "-o", out)
        assert run.code == 1 and "nothing to compute" in run.err and out.read_text(encoding="utf-8") == "old"
