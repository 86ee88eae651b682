"""yaml-rs and libyaml give the same values or the same problems, whatever the text.

``yamlio.loads`` reads most texts with yaml-rs and everything else with libyaml, where our own constructor
types every scalar and places every problem. These properties hold the two paths to one result: random
valid and near-valid texts (answer files, numbers and words of every spelling, quoting and block styles,
flow collections, then a character inserted, deleted or swapped) must load to the same values, with the same
types, or fail with the same problems at the same places.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ids_assess.core.errors import InvalidInput
from ids_assess.io import yamlfast, yamlio

pytestmark = pytest.mark.skipif(yamlfast.RS_LOADS is None, reason="yaml-rs is not installed")


def typed(value: Any) -> Any:
    """``value`` with the type of every scalar spelled out (so that 1, 1.0 and True differ)."""
    if isinstance(value, dict):
        return {"dict": [(type(k).__name__, k, typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [typed(v) for v in value]}
    return (type(value).__name__, json.dumps(value, ensure_ascii=False))


def result(load: Any, text: str) -> tuple[str, Any]:
    try:
        return ("data", typed(load(text, "f.yaml").data))
    except InvalidInput as exc:
        return ("problems", [(p.line, p.column, p.message, p.hint) for p in exc.problems])


def assert_same(text: str) -> None:
    assert result(yamlio.loads, text) == result(yamlio._load_libyaml, text), repr(text)


# --- the pieces texts are made of ------------------------------------------------------------------

WORDS = [
    "1", "2", "5", "0", "-3", "+4", "012345", "00", "0x1F", "0o17", "0b11", "1_000", "1.5", "-0.5", "0.0", "-0",
    "1.", ".5", "1e3", "1E-2", "1.5e400", ".inf", "-.Inf", ".nan", "inf", "nan", "Infinity", "12345678901234567890",
    "true", "True", "TRUE", "tRUE", "false", "no", "No", "NO", "yes", "on", "off", "y", "n", "~", "null", "Null",
    "NULL", "2026-11-22", "2026-11-22T10:00:00Z", "1:20", "1.2.3", "dk", "na", "medium", "high", "R&D", "5 * 3",
    "a b", "研发&测试", "证据说明", "Agency 001", "memo 012", "x 1e3", "n 0x1F", "it's", "x#y", "x #y", "<<", "=",
    "-", "?", "a: b", "[a]", "{a}",
]
KEYS = ["rating", "confidence", "evidence", "a", "b", "1", "01", "+1", "true", "null", "~", "identity.our_data",
        "Agency", "键", "<<", "1.5", "a b"]


def scalar(word: str, style: str) -> str:
    if style == "'":
        return "'" + word.replace("'", "''") + "'"
    if style == '"':
        return '"' + word.replace('"', "") + '"'
    return word


@st.composite
def values(draw: st.DrawFn, depth: int = 0) -> str:
    """A value in flow style."""
    kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "list", "map"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return scalar(draw(st.sampled_from(WORDS)), draw(st.sampled_from(["", "", "'", '"'])))
    items = draw(st.lists(values(depth + 1), max_size=3))
    if kind == "list":
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=len(items), max_size=len(items)))
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


@st.composite
def block_texts(draw: st.DrawFn) -> str:
    """A block mapping of block mappings, sequences, flow values and block scalars."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(KEYS))
        form = draw(st.sampled_from(["flow", "flow", "map", "seq", "literal", "folded"]))
        if form == "flow":
            lines.append(f"{key}: {draw(values())}")
        elif form in ("map", "seq"):
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(0, 3))):
                lead = "  - " if form == "seq" else f"  {draw(st.sampled_from(KEYS))}: "
                lines.append(lead + draw(values(1)))
        else:
            header = draw(st.sampled_from(["", "-", "+", "2"]))
            lines.append(f"{key}: {'|' if form == 'literal' else '>'}{header}")
            for _ in range(draw(st.integers(0, 3))):
                lines.append(draw(st.sampled_from(["", "  ", "  text", "  two words", "    more", "  x: y"])))
    end = draw(st.sampled_from(["\n", "", "\n\n", "\n# end\n"]))
    return "\n".join(lines) + end


@st.composite
def answer_files(draw: st.DrawFn) -> str:
    """An answer file as people and the survey write them: block or flow answers, notes in two languages."""
    agency = draw(st.sampled_from(["Agency 001", "City X", "市数据局"]))
    role = draw(st.sampled_from(["it", "leader", "legal"]))
    date = draw(st.sampled_from(["2026-11-22", "2026-01-05", "'2026-11-22'"]))
    lines = ["questionnaire: ids-core", f"agency: {agency}", f"role: {role}", f"date: {date}", "answers:"]
    for i in range(draw(st.integers(0, 6))):
        rating = draw(st.sampled_from(["1", "3", "5", "dk", "na", "0", "6", "4.0", "'4'"]))
        note = draw(st.sampled_from(["R&D evidence", "证据说明 12", "see memo 5 * 3", "platform, shared"]))
        form = draw(st.sampled_from(["plain", "flow", "block"]))
        if form == "plain":
            lines.append(f"  f.item{i}: {rating}")
        elif form == "flow":
            lines.append(f'  f.item{i}: {{rating: {rating}, confidence: medium, evidence: "{note}"}}')
        else:
            lines += [f"  f.item{i}:", f"    rating: {rating}", "    confidence: low", f"    evidence: {note}"]
    return "\n".join(lines) + "\n"


LINES = ["key: value", "- value", "- key: value", "key:", "continued words", "# comment", "key: 'multi", "line'",
         'key: "two', 'lines"', "key: |", "key: >-", "key: [a, b]", "key: {a: 1}", "- [1, 2]", "- {k: v}", "",
         "other: 3 # note", "k2: a b  c", "- - x", "? k", ": v", "k3: 1.5", "k4: R&D 5 * 3", "数据: 共享"]


@st.composite
def line_texts(draw: st.DrawFn) -> str:
    """Lines of many kinds at random indentation: sequences of mappings, continued and quoted scalars."""
    lines = [" " * draw(st.sampled_from([0, 0, 1, 2, 4])) + draw(st.sampled_from(LINES))
             for _ in range(draw(st.integers(0, 8)))]
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


MUTATIONS = ["", ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "'", '"', "#", " #", "\t", "&a ", "*a", "!!str ",
             "\n", " ", "  ", "\\", "\r", "\x85", "\u2028", "---\n", "? ", "|", ">", "0", "+", ".", "e", "_", "_1",
             "@", "%", "`", "?", "&\u3000", "*\u3000", "\u3000", "\xa0"]


@st.composite
def near_valid(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    text = draw(texts)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(MUTATIONS))
        if how == "insert":
            text = text[:at] + piece + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + piece + text[at + 1:]
    return text


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(block_texts())
@example("k: |\n")
@example("k: >-\n  \n")
@example("1: a\n'1': b\n")
@example("a: 1\n---\nb: 2\n")
@example(": 1\n")
def test_valid_texts_load_the_same_either_way(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(near_valid(block_texts()))
def test_near_valid_texts_load_or_fail_the_same_either_way(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(near_valid(answer_files()))
def test_answer_files_load_or_fail_the_same_either_way(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(near_valid(line_texts()))
def test_free_form_lines_load_or_fail_the_same_either_way(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(values())
def test_flow_values_load_the_same_either_way(text: str) -> None:
    assert_same("k: " + text + "\n")
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(answer_files())
def test_positions_are_the_same_either_way(text: str) -> None:
    fast, reference = yamlio.loads(text, "f.yaml"), yamlio._load_libyaml(text, "f.yaml")
    for item, answer in (fast.data.get("answers") or {}).items():
        for where in (["answers", item], ["answers", item, "rating"], ["answers", item, "nothing"]):
            assert fast.locate(where) == reference.locate(where)
            assert fast.locate(where, key=True) == reference.locate(where, key=True)
        assert answer is not None


@pytest.mark.parametrize("note", ["R&D evidence 研发&测试", "plain note"])
def test_typical_answer_files_take_the_fast_path(note: str) -> None:
    text = "questionnaire: ids-core\nagency: City X\nanswers:\n" + "".join(
        f'  f.item{i}: {{rating: {i % 5 + 1}, confidence: medium, evidence: "{note} {i}"}}\n' if i % 3 else
        f"  f.item{i}: {i % 5 + 1}\n" for i in range(60))
    assert yamlfast.read_rs(text) is not yamlfast.MISSING
    assert typed(yamlio.loads(text).data) == typed(yamlio._load_libyaml(text, "<string>").data)


@pytest.mark.parametrize("text", [
    "a: [?x]\n", "a: {?x: 1}\n", "a: [?'x']\n", "a: [?1]\n", "a: {a: ?y}\n", "a: [??]\n", "a: [?? x]\n",
    "a: {rating: 4, evidence: \"why?\"}\n", "a: [x?, y]\n", "q: why? because\n",
    "a: &\u3000x 1\nb: *\u3000x\n", "a: &\u00a0x [1, 2]\n", "a: &\u2003x {k: v}\n", "- &\u3000x 1\n- *\u3000x\n",
    "a: R&D\u3000and\n", "a: 研发&测试\n",
])
def test_question_marks_in_flow_and_anchors_before_unicode_spaces_load_the_same_either_way(text: str) -> None:
    """Found by fuzzing: libyaml reads '?' starting a token in a flow collection as a key ('[?x]' is
    [{x: null}], yaml-rs said '?x'), and U+3000 or U+00A0 after '&' goes on into an anchor name (yaml-rs
    resolved the alias, libyaml refuses the name): both now go to libyaml."""
    assert_same(text)


def test_a_text_the_fast_reader_took_but_libyaml_refuses_is_a_located_problem() -> None:
    """The last line of defence: when a position is asked for in a text that only yaml-rs could read, the
    problem is libyaml's, placed, and never an internal error."""
    doc = yamlio.YamlDocument("f.yaml", {"a": 1}, yamlio._UNCOMPOSED, "a: [??]\n")
    with pytest.raises(InvalidInput) as caught:
        _ = doc.root
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("f.yaml", 1) and "YAML syntax error" in problem.message


def test_an_answer_file_with_a_key_in_flow_is_judged_as_libyaml_reads_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    source = (Path(__file__).resolve().parent.parent / "examples" / "answers" / "cityx-bdb-01-leader.yaml")
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  leadership.strategic_priority:"))
    end = next(j for j in range(at + 1, len(lines)) if not lines[j].startswith("    "))
    lines[at:end] = ["  leadership.strategic_priority: {?rating: 5, confidence: high, evidence: core mission}\n"]
    path = tmp_path / "a.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    no_rs = ("import sys, ids_assess.io.yamlfast as y; y.RS_LOADS = None; sys.argv = ['ids-assess', *sys.argv[1:]]; "
             "from ids_assess.entry import main; main()")
    runs = [subprocess.run([sys.executable, *how, "score", str(path), "--format", "json"], capture_output=True,
                           text=True, check=False) for how in (["-m", "ids_assess"], ["-c", no_rs])]
    assert runs[0].returncode == runs[1].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout and '"leadership.strategic_priority"' not in runs[0].stderr
