"""Tables fit an 80-column terminal with no number, band or status broken across lines; Chinese tables and
network labels speak Chinese."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from ids_assess.core.vocab import STATUS_TERMS, TIE_TERMS

EX = Path(__file__).resolve().parents[1] / "examples"
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?%?(?:–\d+(?:\.\d+)?)?(?![\w.])")


def _whole(text: str, tokens: set[str], width: int = 80) -> None:
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    for token in tokens:
        assert any(token in line for line in lines), f"{token!r} is broken across lines or missing"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_table_at_80_columns(cli, monkeypatch, lang):
    files = sorted((EX / "answers").glob("cityx-bdb-*.yaml"))
    wide = cli("score", *files, "--lang", lang).out
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("score", *files, "--lang", lang).out
    tokens = {m.group(0) for m in NUMBER.finditer(wide)}
    assert tokens
    _whole(text, tokens)
    statuses = {t.label(lang) for t in STATUS_TERMS.values()}
    assert any(s in text for s in statuses)
    if lang == "zh":
        assert "· 领导 ·" in text and "总分：" in text and "· leader ·" not in text


@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_agency_table_fits(cli, monkeypatch, lang, width):
    wide = cli("score", EX / "answers", "--by", "agency", "--lang", lang).out
    monkeypatch.setenv("COLUMNS", str(width))
    text = cli("score", EX / "answers", "--by", "agency", "--lang", lang).out
    # every number of the wide table appears whole in the narrow one
    tokens = {m.group(0) for m in NUMBER.finditer(wide)}
    assert tokens
    _whole(text, tokens, width)
    if lang == "zh":
        assert "；" in text or "：" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_table_at_80_columns(cli, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("compare", EX / "answers", EX / "answers-2027", "--lang", lang).out
    data = json.loads(cli("compare", EX / "answers", EX / "answers-2027", "-f", "json").out)
    tokens = {f"{c['new']:.1f}" for a in data["agencies"] for c in a["changes"]
              if c["level"] == "overall" and c["new"] is not None}
    _whole(text, tokens)
    changed = "定义已变" if lang == "zh" else "definition changed"
    assert any(changed in line for line in text.splitlines())


def test_questionnaire_list_fits_and_speaks_chinese(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("questionnaire", "list", "--lang", "zh").out
    head = text.splitlines()[1]
    for word in ("编号", "版本", "标题", "因素", "题目"):
        assert word in head
    _whole(text, {"100", "130", "1.0.0", "2.0.0"})
    assert "id" not in head and "<bundled>" not in text  # the folder column is left out when narrow
    monkeypatch.delenv("COLUMNS")
    assert "<bundled>" in cli("questionnaire", "list").out  # at the default width it stays


def test_network_labels_in_chinese_json_neutral(cli):
    zh_dot = cli("network", EX / "answers", "-f", "dot", "--lang", "zh").out
    zh_mermaid = cli("network", EX / "answers", "-f", "mermaid", "--lang", "zh").out
    en_dot = cli("network", EX / "answers", "-f", "dot").out
    for text in (zh_dot, zh_mermaid):
        assert "净值" in text and any(t.zh in text for t in STATUS_TERMS.values())
        assert any(t.zh in text for t in TIE_TERMS.values())
        for t in STATUS_TERMS.values():
            assert f'"{t.en},' not in text and f'"{t.en}' not in text.replace(f'"{t.en}"', "")
        assert "asymmetric" not in text and "net " not in text
    assert "symbiosis" in en_dot or "tension" in en_dot or "balanced" in en_dot
    assert "net " in en_dot
    assert cli("network", EX / "answers", "--lang", "zh").out == cli("network", EX / "answers").out


def test_network_labels_name_the_tie_in_english_too(cli):
    dot = cli("network", EX / "answers", "-f", "dot").out
    mermaid = cli("network", EX / "answers", "-f", "mermaid").out
    for text in (dot, mermaid):
        assert any(f", {t.en}, net " in text for t in TIE_TERMS.values())


def test_stats_agency_table_at_80_columns_cuts_no_interval_or_rank(cli, monkeypatch):
    """The agencies' intervals and rank intervals of ``stats`` are whole at 80 columns (a block per agency when
    the table does not fit), as they are in a wide table."""
    wide = cli("stats", EX / "answers").out
    section = wide.split("agencies (90% intervals)", 1)[1].split("file(s) with response-style flags", 1)[0]
    intervals = set(re.findall(r"\d+\.\d–\d+\.\d", section))
    ranks = set(re.findall(r"\d \(\d–\d\)", section))
    assert len(intervals) >= 5 and len(ranks) >= 5
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("stats", EX / "answers").out
    assert "…" not in text.split("agencies (90% intervals)", 1)[1].split("file(s) with", 1)[0]
    _whole(text, intervals | ranks)


COMMANDS = [["template"], ["validate"], ["score"], ["survey"], ["report"], ["network"], ["compare"], ["export"],
            ["import"], ["stats"], ["questionnaire", "list"], ["questionnaire", "show"], []]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "program")
def test_help_prose_flows_at_80_columns(cli, monkeypatch, command):
    # a command's description is wrapped to the terminal as prose: within a paragraph every line but the last
    # is nearly full (the docstring's own line breaks would leave a short line after each wrapped one)
    monkeypatch.setenv("COLUMNS", "80")
    text = cli(*command, "--help").out
    assert "\u2026" not in text  # nothing cut short to fit a column
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    paragraphs: list[list[str]] = [[]]
    for line in lines[start:end]:
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    assert paragraphs
    for paragraph in paragraphs:
        assert all(cell_len(line) <= 80 for line in paragraph)
        for line in paragraph[:-1]:
            assert cell_len(line) >= 60, f"a short line inside a paragraph: {line!r} in {paragraph}"
