"""The loader's fast path (no event scan) and its careful path give the same data or the same problems.

The careful event scan runs only where an anchor, an alias or deep nesting could be; these tests hold the
cheap tests that decide it to their promise: nothing that the careful path would reject gets through, and every
problem keeps its place.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ids_assess.core.errors import InvalidInput
from ids_assess.io import yamlfast, yamlio


def outcome(text: str) -> tuple[str, Any]:
    try:
        return ("data", yamlio.loads(text, "f.yaml").data)
    except InvalidInput as exc:
        return ("problems", [(p.line, p.column, p.message, p.hint) for p in exc.problems])


def careful_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    """The outcome with the careful scan forced for every text, as before the cheap tests existed."""
    with monkeypatch.context() as m:
        m.setattr(yamlio, "flow_depth", lambda text: yamlio.MAX_DEPTH + 1)  # the loader's own name for it
        m.setattr(yamlfast, "flow_depth", lambda text: yamlio.MAX_DEPTH + 1)
        return outcome(text)


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def scan(text: str, shown: str) -> None:
        raise AssertionError("the careful scan ran")

    monkeypatch.setattr(yamlio, "_scan_events", scan)


def flow_answers(count: int, note: str) -> str:
    lines = ["questionnaire: ids-core", "answers:"]
    lines += [f"  item.n{i}: {{rating: {i % 5 + 1}, confidence: medium, evidence: \"{note} {i}\"}}"
              for i in range(count)]
    return "\n".join(lines) + "\n"


@pytest.mark.usefixtures("no_scan")
@pytest.mark.parametrize("text", [
    flow_answers(80, "R&D platform 研发&测试"),
    "evidence: R&D and work, 5 * 3 = 15, R & D, 研发&测试\n",
    "note: 'R&D 5 * 3'\n",
    "list: [" + ", ".join("[1, 2]" for _ in range(40)) + "]\n",
])
def test_shallow_flow_and_ampersands_in_text_stay_on_the_fast_path(text: str) -> None:
    assert yamlio.loads(text).data == yaml.safe_load(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "- &a [1]\n- *a\n", "{a: &b 1, c: *b}\n", "[&a 1, *a]\n", "k: !!str &a x\n",
    "? &k a\n: 1\n", "a:\n- &x\n  b: 1\n", "x: \"q\"\ny: &z 2\n", "a:&x 1\n", "{a:*x}\n",
])
def test_every_anchor_and_alias_takes_the_careful_path(text: str) -> None:
    assert yamlfast.MAYBE_ANCHOR.search(text)


@pytest.mark.parametrize("text", ["note: '&quoted'\n", "evidence: see *important* work\n", "# &comment\n"])
def test_the_anchor_test_errs_on_the_careful_side(text: str) -> None:
    assert yamlfast.MAYBE_ANCHOR.search(text)  # a needless scan, never a missed anchor
    assert yamlio.loads(text).data == yaml.safe_load(text)


def test_depth_is_counted_not_the_brackets() -> None:
    assert yamlfast.flow_depth("a: [" + "{x: 1}, " * 100 + "]\n") == 2
    assert yamlfast.flow_depth("[" * 40 + "]" * 40) == 40
    assert yamlfast.flow_depth("]]]]" + "[" * 33) == 33  # stray closers never lower the count below zero


def test_nesting_deeper_than_the_estimate_is_still_placed_as_the_careful_path_places_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # brackets closed inside a quoted scalar make the estimate too low: the tree is checked all the same
    text = "[" * 10 + '"' + "]" * 10 + '", ' + "[" * 25 + "]" * 25 + "]" * 10 + "\n"
    assert yamlfast.flow_depth(text) <= yamlio.MAX_DEPTH
    got = outcome(text)
    assert got == careful_outcome(text, monkeypatch)
    assert got[0] == "problems" and got[1][0][2] == f"nesting deeper than {yamlio.MAX_DEPTH} levels"


def test_block_nesting_without_wide_indentation_is_placed_as_the_careful_path_places_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(yamlio.MAX_DEPTH + 3)) + " " * 40 + "v\n"
    text = text.replace(" " * 40 + "v", "  v")  # no line indented by 32 or more
    got = outcome(text)
    assert got == careful_outcome(text, monkeypatch)
    assert got[0] == "problems"


# --- the cheap tests hold for any text -------------------------------------------------------------

_PIECES = st.sampled_from([
    "a", "b", "R", "&", "*", "&a", "*a", " ", "\n", "  ", "- ", ": ", ":", ",", ", ", "[", "]", "{", "}",
    "'", '"', "#", "? ", "!", "!!str ", "1", "研发", "\u3000", "-", "|", ">", "x&y", "5 * 3",
])
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_a_text_the_anchor_test_lets_through_has_no_anchor_or_alias(text: str) -> None:
    if yamlfast.MAYBE_ANCHOR.search(text):
        return
    try:
        events = list(yaml.parse(text, Loader=yamlio._BaseLoader))
    except yaml.YAMLError:
        return  # a syntax error: the composer reports it with its place
    assert not any(isinstance(e, yaml.AliasEvent) or (isinstance(e, yaml.NodeEvent) and e.anchor)
                   for e in events)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_the_anchor_test_by_hand_is_the_regular_expression(text: str) -> None:
    assert yamlfast.maybe_anchor(text) == (yamlfast.MAYBE_ANCHOR.search(text) is not None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(_TEXTS)
def test_fast_and_careful_paths_agree(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert outcome(text) == careful_outcome(text, monkeypatch)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["[", "{a: "]))
def test_nesting_is_caught_and_placed_whichever_path(monkeypatch: pytest.MonkeyPatch, block: int, flow: int,
                                                     opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = "".join(" " * i + f"k{i}:\n" for i in range(block)) + " " * block + opener * flow + "1" + \
        closer * flow + "\n"
    got = outcome(text)
    assert got == careful_outcome(text, monkeypatch)
    deep = block + flow > yamlio.MAX_DEPTH
    assert (got[0] == "problems" and got[1][0][2].startswith("nesting deeper")) == deep
