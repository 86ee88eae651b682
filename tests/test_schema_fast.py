"""The fast path for answer files accepts exactly what answers.schema.json accepts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ids_assess.io.schema import answers_ok, load_schema

VALIDATOR = Draft202012Validator(load_schema("answers"))

ANY_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-3, 9), st.floats(allow_nan=False, allow_infinity=False,
                                                                              min_value=-2, max_value=7),
                       st.sampled_from(["", " ", "dk", "na", "DK", "x", "ids-core", "Ids-Core", "a b", "cityx-msb",
                                        "it", "leader", "boss", "vertical", "diagonal", "high", "sure", "3",
                                        # a trailing or leading line break: "$" in a schema pattern must not
                                        # match before a final "\n" (Python's re.search), as "\Z" does not
                                        "ids-core\n", "cityx-msb\n", "\nids-core", "ids-core\n\n", "it\n",
                                        "vertical\n", "dk\n", "ids-core\r", "x\n"]))
ITEM_IDS = st.sampled_from(["f.a", "f.b", "factor.item_1", "F.a", "f", "f.", ".a", "f.a.b", "f-a.b", "1f.a",
                            "f.a\n", "f.b\n\n", "\nf.a"])
ENTRY = st.one_of(
    st.sampled_from([1, 2, 3, 4, 5, "dk", "na", None, 0, 6, 2.0, 2.5, True, "3", "x"]),
    st.fixed_dictionaries({"rating": st.sampled_from([1, 5, "dk", "na", 7, None, True, 3.0])},
                          optional={"confidence": st.sampled_from(["high", "medium", "low", None, "sure", 1]),
                                    "evidence": st.one_of(st.none(), st.text(max_size=5), st.integers(0, 3),
                                                          st.just("x" * 4001)),
                                    "note": st.just("extra")}),
    st.lists(st.integers(1, 5), max_size=2),
)
DOC = st.fixed_dictionaries(
    {},
    optional={
        "questionnaire": ANY_SCALAR, "agency": ANY_SCALAR, "answers": st.one_of(
            st.none(), st.dictionaries(ITEM_IDS, ENTRY, max_size=4), st.lists(st.integers(), max_size=2), ANY_SCALAR),
        "version": ANY_SCALAR, "agency_id": ANY_SCALAR, "respondent": ANY_SCALAR, "role": ANY_SCALAR,
        "date": ANY_SCALAR, "partner": ANY_SCALAR, "tie": ANY_SCALAR, "extra": ANY_SCALAR,
    },
)
VALID_BASE = {"questionnaire": "ids-core", "agency": "Bureau", "answers": {"f.a": 3}}


@settings(max_examples=1500, deadline=None)
@given(DOC)
def test_fast_path_agrees_with_the_schema_on_any_document(doc):
    assert answers_ok(doc) == VALIDATOR.is_valid(doc), doc


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.sampled_from([*VALID_BASE, "role", "tie", "partner", "agency_id", "version"]),
                       ANY_SCALAR, max_size=3), st.dictionaries(ITEM_IDS, ENTRY, max_size=3))
def test_fast_path_agrees_near_valid_documents(changes, answers):
    doc = {**VALID_BASE, **changes}
    if answers:
        doc["answers"] = answers
    assert answers_ok(doc) == VALIDATOR.is_valid(doc), doc


@given(st.sampled_from(["questionnaire", "agency_id"]), st.sampled_from(["ids-core", "cityx-msb", "a"]),
       st.sampled_from(["\n", "\n\n", "\r\n", " \n"]))
def test_fast_path_and_schema_both_refuse_a_trailing_line_break(field, value, ending):
    doc = {**VALID_BASE, field: value + ending}
    assert not answers_ok(doc)
    assert not VALIDATOR.is_valid(doc), doc
    assert not VALIDATOR.is_valid({**VALID_BASE, "answers": {"f.a" + ending: 3}})


def test_fast_path_accepts_the_examples():
    from pathlib import Path

    from ids_assess.io import yamlio

    folder = Path(__file__).resolve().parents[1] / "examples" / "answers"
    for path in sorted(folder.glob("*.yaml")):
        assert answers_ok(yamlio.load(path).data), path
