"""Unit tests of the hardened YAML loader (ids_assess.io.yamlio): every rejection has its line and column."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ids_assess.core.errors import MAX_PROBLEMS, InvalidInput, Problem
from ids_assess.io import yamlio


def problems_of(text: str) -> list[Problem]:
    """The problems ``loads`` raises for ``text`` (fails the test when it loads)."""
    with pytest.raises(InvalidInput) as info:
        yamlio.loads(text, "f.yaml")
    return list(info.value.problems)


def places(text: str) -> list[tuple[int, int]]:
    return [(p.line, p.column) for p in problems_of(text)]


def load_bytes(tmp_path: Path, raw: bytes, name: str = "f.yaml") -> yamlio.YamlDocument:
    path = tmp_path / name
    path.write_bytes(raw)
    return yamlio.load(path, name)


def file_problems(tmp_path: Path, raw: bytes) -> list[Problem]:
    with pytest.raises(InvalidInput) as info:
        load_bytes(tmp_path, raw)
    return list(info.value.problems)


def nested_block(levels: int) -> str:
    """A block mapping ``levels`` mappings deep: k0: {k1: {... : v}}."""
    return "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "v\n"


# --- duplicate keys ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place", "key"), [
    ("a: 1\nb: 2\na: 3\n", (3, 1), "a"),
    ("top:\n  x: 1\n  y: 2\n  x: 3\n", (4, 3), "x"),
    ("x: {a: 1, b: 2, a: 3}\n", (1, 17), "a"),
    ("- n: 1\n  n: 2\n", (2, 3), "n"),
    ("answers:\n  identity_marking.our_data: 2\n  identity_marking.our_data: 3\n", (3, 3),
     "identity_marking.our_data"),
])
def test_duplicate_key_is_reported_at_the_second_key(text: str, place: tuple[int, int], key: str) -> None:
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == place
    assert problem.message == f"duplicate key '{key}'"
    assert problem.hint


def test_every_duplicate_is_reported_not_just_the_first() -> None:
    assert places("a: 1\na: 2\nb: 1\nb: 2\n") == [(2, 1), (4, 1)]


def test_quoted_and_plain_spellings_of_a_key_are_the_same_key() -> None:
    assert places("a: 1\n'a': 2\n") == [(2, 1)]


# --- anchors and aliases -------------------------------------------------------------------------


def test_anchor_and_alias_are_both_reported_with_their_places() -> None:
    problems = problems_of("a: &x 1\nb: *x\n")
    assert [(p.line, p.column) for p in problems] == [(1, 4), (2, 4)]
    assert "anchor '&x'" in problems[0].message
    assert "alias '*x'" in problems[1].message


def test_merge_key_with_alias_is_rejected() -> None:
    problems = problems_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert [(p.line, p.column) for p in problems] == [(1, 7), (3, 7)]


def test_anchor_on_a_mapping_alone_is_rejected() -> None:
    [problem] = problems_of("a:\n  b: &m\n    c: 1\n")
    assert (problem.line, problem.column) == (2, 6)
    assert "anchor" in problem.message


def test_alias_bomb_is_rejected_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    problems = problems_of("\n".join(lines) + "\n")
    # 10 anchors and 81 aliases: capped at MAX_PROBLEMS plus one line summarising the rest
    assert len(problems) == MAX_PROBLEMS + 1
    assert all("anchor" in p.message or "alias" in p.message for p in problems[:-1])
    assert problems[-1].message == f"... and {91 - MAX_PROBLEMS} more problem(s) not shown"


def test_ampersand_and_star_inside_text_are_fine() -> None:
    doc = yamlio.loads("a: 'R&D * 2'\nb: R&D\nc: \"*x\"\n")
    assert doc.data == {"a": "R&D * 2", "b": "R&D", "c": "*x"}


# --- explicit tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place", "tag"), [
    ("a: !!python/object:os.system ls\n", (1, 4), "python/object:os.system"),
    ("a: !!python/object/apply:os.system [ls]\n", (1, 4), "python/object/apply:os.system"),
    ("a: !!int '3'\n", (1, 4), "int"),
    ("a: !!float 3\n", (1, 4), "float"),
    ("a: !!bool yes\n", (1, 4), "bool"),
    ("a: !!null ''\n", (1, 4), "null"),
    ("a:\n  b: !!binary aGk=\n", (2, 6), "binary"),
    ("a: !custom x\n", (1, 4), "!custom"),
    ("a: !!set {x, y}\n", (1, 4), "set"),
    ("a: !!omap [b: 1]\n", (1, 4), "omap"),
])
def test_explicit_tag_is_rejected_at_its_place(text: str, place: tuple[int, int], tag: str) -> None:
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == place
    assert "explicit tag" in problem.message and tag in problem.message
    assert "tag" in problem.hint


def test_tagged_key_is_rejected() -> None:
    [problem] = problems_of("? !!python/name:os.system\n: 1\n")
    assert (problem.line, problem.column) == (1, 3)


@pytest.mark.parametrize("text", ["a: !!str 3\n", "a: !!map {b: 1}\n", "a: !!seq [1]\n"])
def test_explicit_default_tags_are_rejected_too(text: str) -> None:
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == (1, 4)
    assert "explicit tag" in problem.message


# --- nesting depth -------------------------------------------------------------------------------


def test_flow_nesting_at_the_limit_loads() -> None:
    depth = yamlio.MAX_DEPTH
    data = yamlio.loads("[" * depth + "]" * depth).data
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


def test_flow_nesting_over_the_limit_is_reported_where_it_goes_too_deep() -> None:
    depth = yamlio.MAX_DEPTH + 1
    [problem] = problems_of("[" * depth + "]" * depth)
    assert (problem.line, problem.column) == (1, depth)
    assert problem.message == f"nesting deeper than {yamlio.MAX_DEPTH} levels"


def test_flow_mapping_nesting_over_the_limit() -> None:
    depth = yamlio.MAX_DEPTH + 1
    [problem] = problems_of("{a: " * depth + "1" + "}" * depth)
    assert problem.line == 1 and "nesting deeper" in problem.message


def test_very_deep_flow_nesting_is_rejected_without_recursion() -> None:
    [problem] = problems_of("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    # the top-level mapping is the first level, so the 32nd '[' (column 4 + 31) is one too many
    assert (problem.line, problem.column) == (1, 4 + yamlio.MAX_DEPTH - 1)
    assert "nesting deeper" in problem.message


def test_block_nesting_at_the_limit_loads() -> None:
    data = yamlio.loads(nested_block(yamlio.MAX_DEPTH)).data
    for i in range(yamlio.MAX_DEPTH):
        data = data[f"k{i}"]
    assert data == "v"


def test_block_nesting_over_the_limit_is_reported() -> None:
    levels = yamlio.MAX_DEPTH + 1
    problems = problems_of(nested_block(levels))
    assert [p.message for p in problems] == [f"nesting deeper than {yamlio.MAX_DEPTH} levels"]
    # the mapping that is one level too deep: the 33rd, which starts at its key on line 33
    assert (problems[0].line, problems[0].column) == (levels, 2 * levels - 1)


def test_compact_block_sequences_over_the_limit_are_reported() -> None:
    depth = yamlio.MAX_DEPTH + 1
    [problem] = problems_of("- " * depth + "x\n")
    assert problem.line == 1 and "nesting deeper" in problem.message
    yamlio.loads("- " * yamlio.MAX_DEPTH + "x\n")  # at the limit: fine


def test_block_and_flow_nesting_add_up() -> None:
    block = yamlio.MAX_DEPTH // 2 + 4
    flow = yamlio.MAX_DEPTH // 2
    text = nested_block(block).replace("v\n", "[" * flow + "]" * flow + "\n")
    [problem] = problems_of(text)
    assert problem.line == block + 1 and "nesting deeper" in problem.message


def test_very_deep_block_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("- " * 100_000 + "x\n", encoding="utf-8")
    code = ("import sys\nfrom ids_assess.io import yamlio\nfrom ids_assess.core.errors import InvalidInput\n"
            "try:\n    yamlio.load(sys.argv[1], 'deep.yaml')\n"
            "except InvalidInput as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"the loader died with {done.returncode}"
    assert "nesting deeper than" in done.stdout


# --- size ----------------------------------------------------------------------------------------


def test_file_over_max_bytes_is_rejected_with_its_size(tmp_path: Path) -> None:
    size = yamlio.MAX_BYTES + 1
    [problem] = file_problems(tmp_path, b"a: " + b"x" * (size - 4) + b"\n")
    assert (problem.line, problem.column) == (1, 1)
    assert f"{size:,}" in problem.message and f"{yamlio.MAX_BYTES:,}" in problem.message
    assert problem.hint


def test_file_of_exactly_max_bytes_loads(tmp_path: Path) -> None:
    doc = load_bytes(tmp_path, b"a: " + b"x" * (yamlio.MAX_BYTES - 4) + b"\n")
    assert len(doc.data["a"]) == yamlio.MAX_BYTES - 4


def test_size_limit_is_read_when_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ids_assess.io import files

    monkeypatch.setattr(files, "MAX_BYTES", 10)
    [problem] = file_problems(tmp_path, b"a: 12345678\n")
    assert "over the limit of 10" in problem.message


def test_unreadable_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as info:
        yamlio.load(tmp_path / "missing.yaml", "missing.yaml")
    [problem] = info.value.problems
    assert problem.path == "missing.yaml" and "cannot read file" in problem.message


# --- non-finite numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [".inf", "-.inf", "+.inf", ".nan", ".Inf", ".INF", ".NaN", ".NAN", "-.Inf"])
def test_non_finite_number_is_rejected_at_its_place(value: str) -> None:
    [problem] = problems_of(f"a: 1\nrating: {value}\n")
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message == f"non-finite number '{value}' is not allowed"


def test_all_non_finite_numbers_are_reported() -> None:
    assert places("a: .inf\nb: -.inf\nc: .nan\n") == [(1, 4), (2, 4), (3, 4)]


@pytest.mark.parametrize(("text", "value"), [
    ("a: '.inf'\n", ".inf"), ("a: inf\n", "inf"), ("a: nan\n", "nan"), ("a: \".nan\"\n", ".nan"),
    ("a: Infinity\n", "Infinity"),
])
def test_quoted_or_bare_words_for_infinity_stay_text(text: str, value: str) -> None:
    assert yamlio.loads(text).data == {"a": value}


# --- NUL bytes, control characters and encodings ------------------------------------------------


def test_nul_byte_in_a_file_is_rejected(tmp_path: Path) -> None:
    [problem] = file_problems(tmp_path, b"a: 1\nb: x\x00y\n")
    assert "NUL" in problem.message
    assert problem.line >= 1 and problem.column >= 1


def test_nul_byte_is_reported_at_its_place(tmp_path: Path) -> None:
    [problem] = file_problems(tmp_path, b"a: 1\nb: x\x00y\n")
    assert (problem.line, problem.column) == (2, 5)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\ufffe"])
def test_control_character_is_one_line_at_its_place(char: str) -> None:
    [problem] = problems_of(f"a: 1\nb: x{char}y\n")
    assert "\n" not in problem.format()
    assert (problem.line, problem.column) == (2, 5)


def test_gb18030_file_gets_a_hint_naming_gbk(tmp_path: Path) -> None:
    raw = "questionnaire: territoriality\nagency: 市统计局\n".encode("gb18030")
    [problem] = file_problems(tmp_path, raw)
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message == "file is not valid UTF-8"
    assert "GBK/GB18030" in problem.hint and "UTF-8" in problem.hint


def test_latin1_file_gets_a_plain_utf8_hint(tmp_path: Path) -> None:
    [problem] = file_problems(tmp_path, "a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert (problem.line, problem.column) == (2, 7)
    assert "GB" not in problem.hint and "UTF-8" in problem.hint


def test_invalid_utf8_column_counts_characters(tmp_path: Path) -> None:
    raw = "agency: 公安局".encode() + "数据".encode("gb18030") + b"\n"
    [problem] = file_problems(tmp_path, raw)
    assert (problem.line, problem.column) == (1, 12)


def test_bom_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    doc = load_bytes(tmp_path, "\ufeffagency: 公安局\nb: 2\n".encode())
    assert doc.data == {"agency": "公安局", "b": 2}
    assert doc.locate(["agency"], key=True) == (1, 1)
    assert doc.locate(["b"]) == (2, 4)


def test_bom_is_accepted_by_loads_path_too(tmp_path: Path) -> None:
    assert yamlio.decode("\ufeffa: 1\n".encode(), "f") == "a: 1\n"


# --- syntax errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place"), [
    ("a: [1, 2\nb: 3\n", (2, 2)),
    ("a: 1\n b: 2\n", (2, 3)),
    ("a:\n  - 1\n  b: 2\n", (3, 3)),
    ("a: 1\n---\nb: 2\n", (2, 1)),  # worded as "more than one YAML document"
])
def test_syntax_error_is_one_problem_with_a_place_and_a_hint(text: str, place: tuple[int, int]) -> None:
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == place
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.hint


@pytest.mark.parametrize(("text", "place", "said"), [
    # never closed: placed where it opens
    ("agency: [unclosed\n", (1, 9), "the '[' opened here is not closed before the end of the file"),
    ("x: {a: 1, b: 2", (1, 4), "the '{' opened here is not closed before the end of the file"),
    ("a: 1\nb: [1,\n  2\n\n", (2, 4), "the '[' opened here is not closed before the end of the file"),
    # the file ends where an entry was due (nothing in the bracket yet, or after a ','): the parser's "did not
    # find expected node content" at the end of the file
    ("x: [\n", (1, 4), "the '[' opened here is not closed before the end of the file"),
    ("{", (1, 1), "the '{' opened here is not closed before the end of the file"),
    ("questionnaire: ids-core\nagency: X\nanswers: [\n", (3, 10),
     "the '[' opened here is not closed before the end of the file"),
    ("a: {b: [1,\n", (1, 8), "the '[' opened here is not closed before the end of the file"),  # the innermost
    ('a: "x [ {" # and ] [\nb: {\n', (2, 4), "the '{' opened here is not closed before the end of the file"),
    # quoted text over two lines, and quotes escaped within quotes, are text: their brackets open nothing
    ('b: {a: "one\n[two", \n', (1, 4), "the '{' opened here is not closed before the end of the file"),
    ("b: {a: 'it'', [x', \n", (1, 4), "the '{' opened here is not closed before the end of the file"),
    ('b: {a: "say \\", [x", \n', (1, 4), "the '{' opened here is not closed before the end of the file"),
    # stopped before the end: a missing ', ' there, or a bracket not closed: placed there, the bracket named
    ("answers:\n  x: {rating: 4, confidence: low\n  y: 3\n", (3, 4),
     "expected ', ' or '}' here, inside the '{' at line 2, column 6"),
    ("a: [1,\n  2,\n  3\nb: 1\n", (4, 2), "expected ', ' or ']' here, inside the '[' at line 1, column 4"),
    ("answers:\n  x: {\n    rating: 4,\n    evidence: \"memo\"\n    confidence: high\n  }\n", (5, 5),
     "expected ', ' or '}' here, inside the '{' at line 2, column 6"),  # closed: the ', ' is what is missing
    ("answers:\n  x: {rating: 4 confidence: low}\n", (2, 27), "expected ', ' or '}' here, inside the '{' at column 6"),
    ("x: [a, b}\n", (1, 9), "expected ', ' or ']' here, inside the '[' at column 4"),
    ("answers:\n  x: {rating: 4\uff0c confidence: high}\n", (2, 16),
     "a full-width comma '\uff0c' stands where ',' is needed"),  # typed with the input method on
    ("answers:\n  x: {rating: 4\uff0c\n      confidence: high}\n", (2, 16),
     "a full-width comma '\uff0c' stands where ',' is needed"),  # at the end of the line: placed there
    ("answers:\n  x: {evidence: \"a\uff0c\n   b\" rating: 4}\n", (3, 7),
     "expected ', ' or '}' here, inside the '{' at line 2, column 6"),  # in quoted text over two lines: text
    ('answers:\n  x: {evidence: "a\uff0cb" rating: 4}\n', (2, 23),
     "expected ', ' or '}' here, inside the '{' at column 6"),  # a full-width comma in quoted text is text
])
def test_an_unclosed_bracket_is_placed_where_it_opens(text: str, place: tuple[int, int], said: str) -> None:
    [problem] = problems_of(text)
    assert (problem.line, problem.column) == place
    assert problem.message == f"YAML syntax error: {said}"
    assert problem.hint and problem.hint.startswith(("close it with", "separate the entries with ', '",
                                                     "type ', ' with the input method off"))
    assert "\n" not in problem.format()


def test_tab_indentation_gets_the_tab_hint() -> None:
    [problem] = problems_of("answers:\n\tidentity_marking.our_data: 2\n")
    assert (problem.line, problem.column) == (2, 1)
    assert problem.hint == "the line is indented with a tab; YAML needs spaces"


def test_unclosed_quote_is_reported_where_the_quote_opens() -> None:
    [problem] = problems_of('a: 1\nb: "unclosed\nc: 3\nd: 4\n')
    assert (problem.line, problem.column) == (2, 4)


@pytest.mark.parametrize("text", [
    "answers:\n  identity_marking.our_data\uff1a 2\n  control_marking.common_rules: 4\n",
    "a: 1\nb\uff1a 2\nc: 3\n",
])
def test_full_width_colon_syntax_error_gets_its_hint(text: str) -> None:
    [problem] = problems_of(text)
    assert problem.line == 2
    assert "full-width colon" in problem.hint


# --- YAML 1.1 surprises --------------------------------------------------------------------------


@pytest.mark.parametrize(("plain", "value"), [
    ("no", "no"), ("NO", "NO"), ("No", "No"), ("on", "on"), ("ON", "ON"), ("yes", "yes"), ("Yes", "Yes"),
    ("off", "off"), ("y", "y"), ("n", "n"),
    ("2026-11-22", "2026-11-22"), ("2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z"),
    ("012345", "012345"), ("00", "00"), ("-012", "-012"), ("0x1F", "0x1F"), ("0o17", "0o17"),
    ("1_000", "1_000"), ("12:30", "12:30"), ("1.0.0", "1.0.0"),
    ("3", 3), ("0", 0), ("-7", -7), ("+5", 5), ("2.5", 2.5), ("-.5", -0.5), ("1e3", 1000.0), ("1.", 1.0),
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False),
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
])
def test_plain_scalars_resolve_by_a_strict_core_schema(plain: str, value: object) -> None:
    data = yamlio.loads(f"a: {plain}\n").data
    assert data == {"a": value}
    assert type(data["a"]) is type(value)


@pytest.mark.parametrize("quoted", ['"3"', "'3'", '"true"', "'no'", '"~"', "''", '"2.5"'])
def test_quoted_scalars_are_always_text(quoted: str) -> None:
    value = yamlio.loads(f"a: {quoted}\n").data["a"]
    assert isinstance(value, str) and value == quoted[1:-1]


def test_block_scalars_are_text() -> None:
    assert yamlio.loads("a: |\n  3\nb: >\n  true\n").data == {"a": "3\n", "b": "true\n"}


def test_keys_are_always_strings() -> None:
    data = yamlio.loads("1: a\ntrue: b\n~: c\n2.5: d\n01: e\nnull: f\nno: g\n").data
    assert data == {"1": "a", "true": "b", "~": "c", "2.5": "d", "01": "e", "null": "f", "no": "g"}
    assert all(isinstance(k, str) for k in data)


def test_a_complex_key_is_rejected() -> None:
    [problem] = problems_of("? [a, b]\n: 1\n")
    assert (problem.line, problem.column) == (1, 3)
    assert "key" in problem.message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "~\n"])
def test_empty_document_is_none(text: str) -> None:
    assert yamlio.loads(text).data is None


def test_locate_in_an_empty_document_is_the_start() -> None:
    assert yamlio.loads("").locate(["anything"]) == (1, 1)


# --- line_hint -----------------------------------------------------------------------------------


IDEOGRAPHIC = "the line is indented with an ideographic (full-width) space; indent with ASCII spaces"
FULL_WIDTH = "a full-width colon '：' stands where ':' is needed; type ': ' with the input method off"


@pytest.mark.parametrize("line", ["\u3000b: 1", "\u3000\u3000identity_marking.our_data: 2", "  \u3000b: 1"])
def test_line_hint_for_ideographic_space_indentation(line: str) -> None:
    assert yamlio.line_hint(f"a:\n{line}\n", 2) == IDEOGRAPHIC


@pytest.mark.parametrize("line", ["agency\uff1a 公安局", "  identity_marking.our_data\uff1a2", "b\uff1a 2 # note"])
def test_line_hint_for_a_full_width_colon(line: str) -> None:
    assert yamlio.line_hint(f"a: 1\n{line}\n", 2) == FULL_WIDTH


@pytest.mark.parametrize("line", [
    "agency: 公安局：数据处",  # a full-width colon inside the value, after the real ':'
    "a: 1  # 备注：可选",  # only in a comment
    "a: b\u3000c",  # an ideographic space inside the value
    "a: 1",
    "a:\tb",  # a tab inside the line, not in the indentation
])
def test_line_hint_stays_quiet_on_ordinary_lines(line: str) -> None:
    assert yamlio.line_hint(f"{line}\n", 1) == ""


def test_line_hint_for_tab_indentation() -> None:
    assert yamlio.line_hint("a:\n\tb: 1\n", 2) == "the line is indented with a tab; YAML needs spaces"


@pytest.mark.parametrize("line", [0, -1, 3, 100])
def test_line_hint_outside_the_text_is_empty(line: int) -> None:
    assert yamlio.line_hint("\u3000a\n\u3000b\n", line) == ""


def test_problem_attaches_the_line_hint() -> None:
    doc = yamlio.loads("answers:\n\u3000\u3000identity_marking.our_data: 2\n", "f.yaml")
    problem = doc.problem(["\u3000\u3000identity_marking.our_data"], "unknown key", key=True)
    assert problem == Problem("f.yaml", 2, 1, "unknown key", IDEOGRAPHIC)


# --- locate --------------------------------------------------------------------------------------


LOCATE_TEXT = textwrap.dedent("""\
    questionnaire: territoriality
    agency: Foo
    answers:
      identity_marking.our_data: 2
      control_marking.common_rules:
        rating: 7
        evidence: x
    list:
      - a
      - {b: 1, c: [x, y]}
    """)


@pytest.mark.parametrize(("where", "key", "place"), [
    ([], False, (1, 1)),
    (["agency"], False, (2, 9)),
    (["agency"], True, (2, 1)),
    (["answers", "identity_marking.our_data"], False, (4, 30)),
    (["answers", "identity_marking.our_data"], True, (4, 3)),
    (["answers", "control_marking.common_rules"], False, (6, 5)),
    (["answers", "control_marking.common_rules", "rating"], False, (6, 13)),
    (["answers", "control_marking.common_rules", "rating"], True, (6, 5)),
    (["answers", "control_marking.common_rules", "evidence"], False, (7, 15)),
    (["list", 0], False, (9, 5)),
    (["list", 1], False, (10, 5)),
    (["list", 1, "b"], False, (10, 9)),
    (["list", 1, "c"], True, (10, 12)),
    (["list", 1, "c", 1], False, (10, 19)),
])
def test_locate_maps_json_paths_to_lines_and_columns(where: list[str | int], key: bool,
                                                     place: tuple[int, int]) -> None:
    assert yamlio.loads(LOCATE_TEXT).locate(where, key=key) == place


@pytest.mark.parametrize(("where", "place"), [
    (["nope"], (1, 1)),  # nothing found: the document
    (["answers", "missing"], (4, 3)),  # the deepest node that exists: the answers mapping
    (["list", 5], (9, 3)),  # index out of range: the list
    (["list", 0, "x"], (9, 5)),  # a path through a scalar stops at the scalar
    (["agency", 0], (2, 9)),
])
def test_locate_stops_at_the_deepest_node_that_exists(where: list[str | int], place: tuple[int, int]) -> None:
    assert yamlio.loads(LOCATE_TEXT).locate(where) == place


def test_locate_matches_keys_given_as_numbers() -> None:
    doc = yamlio.loads("labels:\n  1: one\n  2: two\n")
    assert doc.locate(["labels", 2]) == (3, 6)
    assert doc.locate(["labels", 2], key=True) == (3, 3)


def test_locate_counts_characters_not_bytes() -> None:
    doc = yamlio.loads("机构: 公安局\nb: 1\n")
    assert doc.locate(["机构"]) == (1, 5)


# --- find_yaml_files -----------------------------------------------------------------------------


def make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a: 1\n", encoding="utf-8")


def test_find_yaml_files_recurses_in_sorted_order_and_skips_clutter(tmp_path: Path) -> None:
    make_tree(tmp_path, [
        "b.yaml", "a.yml", "C.YAML", "d.Yml", "notes.txt", "e.yaml.bak", "f.yaml~", ".g.yaml.swp",
        "h.yaml.swp", ".hidden.yaml", "~$lock.yaml", "#autosave.yaml#", "i.yaml.orig", "j.yaml.tmp",
        "z/2.yaml", "z/1.yaml", "m/inner/x.yaml", "m/y.yml", ".git/config.yaml", "m/.cache/c.yaml",
        "yaml", "k.yaml.json",
    ])
    found = [p.relative_to(tmp_path).as_posix() for p in yamlio.find_yaml_files([tmp_path])]
    # files of a folder in sorted order, then its sub-folders in sorted order, depth first
    assert found == ["C.YAML", "a.yml", "b.yaml", "d.Yml", "m/y.yml", "m/inner/x.yaml", "z/1.yaml", "z/2.yaml"]


def test_find_yaml_files_is_deterministic_whatever_the_creation_order(tmp_path: Path) -> None:
    make_tree(tmp_path / "one", ["b/2.yaml", "a.yaml", "b/1.yaml", "c.yaml"])
    make_tree(tmp_path / "two", ["c.yaml", "b/1.yaml", "a.yaml", "b/2.yaml"])
    one = [p.relative_to(tmp_path / "one") for p in yamlio.find_yaml_files([tmp_path / "one"])]
    two = [p.relative_to(tmp_path / "two") for p in yamlio.find_yaml_files([tmp_path / "two"])]
    assert one == two == [Path("a.yaml"), Path("c.yaml"), Path("b/1.yaml"), Path("b/2.yaml")]


def test_find_yaml_files_yields_given_files_as_they_are(tmp_path: Path) -> None:
    make_tree(tmp_path, ["dir/a.yaml", "x.txt", ".hidden.yaml"])
    given = [tmp_path / "x.txt", tmp_path / "dir", tmp_path / ".hidden.yaml"]
    assert list(yamlio.find_yaml_files(given)) == [tmp_path / "x.txt", tmp_path / "dir" / "a.yaml",
                                                   tmp_path / ".hidden.yaml"]


def test_find_yaml_files_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    assert list(yamlio.find_yaml_files([tmp_path])) == []


# --- dump round trip -----------------------------------------------------------------------------


def test_dump_round_trips_through_the_hardened_loader() -> None:
    data = {"questionnaire": "territoriality", "version": "1.0.0", "agency": "市统计局", "role": "no",
            "date": "2026-11-22", "agency_id": "012345", "answers": {"identity_marking.our_data": 2,
                                                                     "x.y": "dk", "x.z": None},
            "note": "line one\nline two\n", "shared": [1, 2], "again": [1, 2]}
    data["again"] = data["shared"]  # the same object twice must not become an anchor
    text = yamlio.dump(data)
    assert "&" not in text and "*" not in text
    assert yamlio.loads(text).data == data
