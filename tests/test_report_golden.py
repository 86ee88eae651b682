"""Golden files: the example reports, both formats, both languages, compared byte for byte.

Regenerate after an intended change and review the diff::

    IDS_ASSESS_UPDATE_GOLDEN=1 python -m pytest tests/test_report_golden.py

The tool version is fixed to ``VERSION`` while rendering, so a release does not change the golden files;
nothing else in a report depends on the date or the machine.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

import ids_assess

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("IDS_ASSESS_UPDATE_GOLDEN") == "1"

#: (case, arguments, reports kept as golden files)
CASES = {
    "round1": (["examples/answers"], ["index", "city-x-market-supervision-bureau"]),
    "round2": (["examples/answers-2027", "--baseline", "examples/answers"], ["index", "city-x-customs"]),
}
VARIANTS = [("md", "en"), ("md", "zh"), ("html", "en"), ("html", "zh")]
HTML_CASES = {"round1"}  # HTML golden files are large: one case is enough next to the Markdown ones


def _params() -> list[tuple[str, str, str]]:
    return [(case, fmt, lang) for case in CASES for fmt, lang in VARIANTS if fmt == "md" or case in HTML_CASES]


@pytest.mark.parametrize("case, fmt, lang", _params())
def test_example_reports_match_the_golden_files(cli, tmp_path, monkeypatch, case, fmt, lang):
    monkeypatch.chdir(REPO)
    monkeypatch.setattr(ids_assess, "__version__", "VERSION")
    args, keep = CASES[case]
    out = tmp_path / "out"
    run = cli("report", *args, "-o", out, "--format", fmt, "--lang", lang)
    assert run.code == 0, run
    for name in keep:
        got = (out / f"{name}.{fmt}").read_text(encoding="utf-8")
        golden = GOLDEN / f"{case}-{lang}-{name}.{fmt}"
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got, encoding="utf-8", newline="")
            continue
        assert golden.is_file(), f"{golden} is missing: run with IDS_ASSESS_UPDATE_GOLDEN=1 to create it"
        expected = golden.read_text(encoding="utf-8")
        if got != expected:
            diff = "".join(list(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), str(golden),
                                                     "rendered", n=2))[:80])
            pytest.fail(f"{golden.name} differs (IDS_ASSESS_UPDATE_GOLDEN=1 to accept):\n{diff}")


def test_golden_files_hold_no_version_and_no_absolute_path():
    for path in GOLDEN.glob("*.*"):
        text = path.read_text(encoding="utf-8")
        assert "ids-assess VERSION" in text, path.name
        assert str(REPO) not in text, path.name
