"""Usage a new user gets wrong in the first hour, each answered with what to do (exit 2), and the limits of
folder scanning and of -o."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.io import resources

ANSWERS = ("questionnaire: territoriality\nversion: 1.0.0\nagency: {agency}\n"
           "answers:\n  identity_marking.our_data: {rating}\n")


def invoke(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def answer(path: Path, agency: str = "Statistics Bureau", rating: int = 2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ANSWERS.format(agency=agency, rating=rating), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["score", "report"])
def test_questionnaires_given_to_score_or_report_are_a_usage_error(command: str, tmp_path: Path) -> None:
    bundled = resources.questionnaires_dir() / "territoriality.yaml"
    for given in ([bundled], [resources.questionnaires_dir()]):
        code, out, err = invoke(command, *given)
        assert code == 2, (given, out, err)
        assert "these are questionnaires, not answer files" in err and "ids-assess template" in err
        assert out == ""


def test_a_questionnaire_among_answer_files_is_still_fine(tmp_path: Path) -> None:
    code, _, _ = invoke("score", answer(tmp_path / "a.yaml"), resources.questionnaires_dir() / "territoriality.yaml")
    assert code == 0


@pytest.mark.parametrize("args", [["--items"], ["--items", "--format", "csv"], ["--items", "--by", "agency"],
                                  ["--items", "--by", "agency", "--format", "csv"]])
def test_items_without_agency_json_is_refused(args: list[str], tmp_path: Path) -> None:
    code, out, err = invoke("score", *args, answer(tmp_path / "a.yaml"))
    assert code == 2 and "--items goes with --by agency and --format json" in err and out == ""


def test_items_with_agency_json_works(tmp_path: Path) -> None:
    code, out, _ = invoke("score", "--items", "--by", "agency", "--format", "json", answer(tmp_path / "a.yaml"))
    assert code == 0 and '"items"' in out


def test_fail_under_by_agency_counts_agencies_not_files(tmp_path: Path) -> None:
    # identity_marking.our_data is a barrier: 2 -> 75, 3 -> 50; the agency's mean is 62.5
    answer(tmp_path / "a.yaml", rating=2)
    answer(tmp_path / "b.yaml", rating=3)
    code, _, err = invoke("score", "--fail-under", "60", tmp_path)
    assert code == 3 and "1 result(s) with an overall score below 60" in err
    code, _, err = invoke("score", "--by", "agency", "--fail-under", "60", tmp_path)
    assert code == 0, err
    code, _, err = invoke("score", "--by", "agency", "--fail-under", "70", tmp_path)
    assert code == 3 and "1 agency profile(s) with an overall score below 70" in err


@pytest.mark.parametrize("target", ["new.yaml", "sub/new.yml", "NEW.YAML"])
def test_yaml_output_next_to_a_yaml_input_is_refused(target: str, tmp_path: Path) -> None:
    source = answer(tmp_path / "a.yaml")
    (tmp_path / "sub").mkdir()
    code, _, err = invoke("score", source, "-o", tmp_path / target)
    assert code == 2 and "next to the input" in err
    assert not (tmp_path / target).exists()


def test_other_output_next_to_a_yaml_input_is_fine(tmp_path: Path) -> None:
    source = answer(tmp_path / "a.yaml")
    code, _, _ = invoke("score", "--format", "json", source, "-o", tmp_path / "scores.json")
    assert code == 0 and (tmp_path / "scores.json").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_to_nothing_in_a_folder_is_said_not_skipped_silently(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    answer(inside / "own.yaml")
    (inside / "gone.yaml").symlink_to(inside / "deleted.yaml")  # its target removed, or never there
    (inside / "elsewhere.yaml").symlink_to(tmp_path / "out" / "never.yaml")  # to nothing, outside too
    (inside / "loop.yaml").symlink_to(inside / "loop.yaml")
    code, _, err = invoke("validate", inside)
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warnings == [f"warning: {inside / name}: a link to {os.path.realpath(inside / name)}, which does not "
                        "exist; skipped" for name in ("elsewhere.yaml", "gone.yaml", "loop.yaml")]
    assert err.splitlines()[-1] == "1 file(s) checked, all valid"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_out_of_the_folders_given_are_skipped_with_a_warning(tmp_path: Path) -> None:
    inside, outside = tmp_path / "in", tmp_path / "out"
    answer(inside / "own.yaml")
    answer(outside / "x.yaml", agency="Elsewhere")
    (inside / "file-link.yaml").symlink_to(outside / "x.yaml")
    (inside / "folder-link").symlink_to(outside, target_is_directory=True)
    (inside / "inner-link.yaml").symlink_to(inside / "own.yaml")  # inside: followed (and counted once)
    (inside / "sub").mkdir()
    (inside / "sub" / "up.yaml").symlink_to(inside / "own.yaml")
    code, _, err = invoke("validate", inside)
    assert code == 0
    assert err.splitlines()[-1] == "1 file(s) checked, all valid"
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2 and all("outside the folders given; skipped" in w for w in warnings)
    code, _, err = invoke("validate", inside, outside)  # both folders given: the links point inside them
    assert code == 0 and "warning" not in err and err.strip() == "2 file(s) checked, all valid"
    code, _, err = invoke("validate", inside / "file-link.yaml")  # a file named on the command line is read
    assert code == 0


@pytest.mark.parametrize(("args", "said"), [
    (["score", "--jobs", "x", "examples/answers"], "Invalid value for '--jobs' / '-j': 'x' is not a valid int range. "
                                                   "See 'ids-assess score --help'."),
    (["report", "examples/answers", "--format", "pdf"],
     "Invalid value for '--format' / '-f': 'pdf' is not one of 'md', 'html', 'docx', 'xlsx'. "
     "See 'ids-assess report --help'."),
    (["report"], "Missing argument 'PATH...'. See 'ids-assess report --help'."),
    (["score", "--job", "2", "x"], "No such option: --job (Possible options: --by, --jobs). "
                                   "See 'ids-assess score --help'."),
    (["scor"], "No such command 'scor'. Did you mean 'score'? See 'ids-assess --help'."),
    (["questionnaire", "lst"], "No such command 'lst'. Did you mean 'list'? See 'ids-assess questionnaire --help'."),
    (["--bogus"], "No such option: --bogus. See 'ids-assess --help'."),
    (["report", "-o"], "Option '-o' requires an argument. See 'ids-assess report --help'."),  # no context given
    (["score", "x", "--by"], "Option '--by' requires an argument. See 'ids-assess score --help'."),
])
def test_a_usage_error_is_one_line_saying_what_to_read(args: list[str], said: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2 and out == ""
    assert err == f"ids-assess: error: {said}\n"


def test_help_and_no_arguments_are_as_before() -> None:
    code, out, err = invoke("--help")
    assert code == 0 and "Usage: ids-assess" in out and "score" in out and err == ""
    code, out, err = invoke()
    assert code == 2 and "Usage: ids-assess" in out and "error" not in err
    code, out, err = invoke("questionnaire")
    assert code == 2 and "show" in out and "error" not in err
