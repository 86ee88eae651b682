"""The model's frozen dataclasses take their ``__init__`` from a generated module
(``ids_assess/core/record_inits.py``) and their other methods from closures, rather than have ``dataclasses``
compile them on every start: the module must be current, every class must use it, and each class must behave
exactly as ``dataclass(frozen=True)`` would make it."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ids_assess.core import record_inits, records
from ids_assess.core.records import dataclass, generate, made_classes

CLASSES = made_classes()
GENERATED = Path(records.__file__).with_name("record_inits.py")


def _twin(cls: type) -> type:
    """``cls`` as ``dataclass(frozen=True)`` makes it: the reference the generated methods must match."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    spec: list[Any] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            spec.append((f.name, f.type, dataclasses.field(default=f.default)))
        elif f.default_factory is not dataclasses.MISSING:
            spec.append((f.name, f.type, dataclasses.field(default_factory=f.default_factory)))
        else:
            spec.append((f.name, f.type))
    namespace = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else {}
    twin = dataclasses.make_dataclass(cls.__name__, spec, frozen=True, eq=params.eq, order=params.order,
                                      namespace=namespace)
    twin.__qualname__ = cls.__qualname__
    return twin


def _hashed(obj: object) -> int | None:
    """``hash(obj)``, or ``None`` where a field holds something unhashable (a dict), as for the twin."""
    try:
        return hash(obj)
    except TypeError:
        return None


def test_the_generated_module_is_current():
    assert len(CLASSES) >= 20  # the model's classes, Problem, Outcome and the vocabulary's Term
    assert GENERATED.read_text(encoding="utf-8") == generate(CLASSES), \
        "run: python -m ids_assess.core.records"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_every_class_takes_its_methods_from_the_generated_module(cls):
    assert cls.__init__.__code__.co_filename == record_inits.__file__
    subclass = any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:])
    for name in ("__repr__", "__setattr__", "__delattr__", "__eq__", "__hash__"):
        if name in ("__eq__", "__hash__") and not cls.__dataclass_params__.eq:
            continue
        if name in ("__setattr__", "__delattr__") and subclass:  # dataclasses writes these for a subclass
            continue
        assert getattr(cls, name).__code__.co_filename == records.__file__, name  # closures, nothing compiled
    params = cls.__dataclass_params__
    assert params.frozen and params.init and params.repr  # as dataclass(frozen=True) leaves them
    if not params.eq:  # identity, as dataclass(frozen=True, eq=False) leaves them
        assert cls.__eq__ is object.__eq__ and cls.__hash__ is object.__hash__


# strings without line breaks (Problem folds those), numbers, None and tuples: the methods do not look at types
VALUES = st.one_of(st.none(), st.integers(-3, 3), st.text("ab\u00e9", max_size=3), st.floats(0, 2),
                   st.tuples(st.integers(0, 2)))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_a_class_behaves_as_dataclass_frozen_makes_it(cls, data):
    twin = _twin(cls)
    fields = dataclasses.fields(cls)
    if cls.__qualname__ == "Questionnaire":  # its __post_init__ reads the scoring and threshold
        values = {f.name: data.draw(VALUES) for f in fields if f.name not in ("scoring", "threshold")}
        values["threshold"] = data.draw(st.floats(0, 10))
    elif cls.__qualname__ == "Problem":  # its __post_init__ reads the texts
        values = {f.name: data.draw(st.text("ab\u00e9", max_size=3)) for f in fields}
    else:
        values = {f.name: data.draw(VALUES) for f in fields}
    # another instance, differing from the first in some fields (often one): equal, ordered and hashed alike
    other = {k: data.draw(st.sampled_from([v, "other", 7])) if k not in ("scoring", "threshold") else v
             for k, v in values.items()}
    if cls.__qualname__ == "Problem":
        other = {k: v if isinstance(v, str) else str(v) for k, v in other.items()}
    assert (cls(**values) == cls(**other)) == (twin(**values) == twin(**other))
    assert (_hashed(cls(**values)) == _hashed(cls(**other))) >= (twin(**values) == twin(**other))
    required = {f.name: values[f.name] for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    for kwargs in (values, required):
        ours, theirs = cls(**kwargs), twin(**kwargs)
        assert [getattr(ours, f.name) for f in fields] == [getattr(theirs, f.name) for f in fields]
        assert repr(ours) == repr(theirs)
        again = cls(*[kwargs[f.name] for f in fields if f.name in kwargs])  # positionally, in field order
        if cls.__dataclass_params__.eq:
            assert ours == again and not (ours != again)
            assert _hashed(ours) == _hashed(again) and (_hashed(ours) is None) == (_hashed(theirs) is None)
            assert (ours == theirs) is False  # another class: never equal, as between two dataclasses
        else:
            assert ours != again and hash(ours) != hash(again)
        name = fields[0].name
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
            setattr(ours, name, 1)
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{name}'"):
            delattr(ours, name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours.not_a_field = 1  # type: ignore[attr-defined]
        new = "z" if isinstance(getattr(ours, name), str) else 2
        changed = dataclasses.replace(ours, **{name: new})
        assert getattr(changed, name) == getattr(dataclasses.replace(theirs, **{name: new}), name) == new
        assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
        back = pickle.loads(pickle.dumps(ours))
        assert [getattr(back, f.name) for f in fields] == [getattr(ours, f.name) for f in fields]
    if required:
        with pytest.raises(TypeError):
            cls()
    with pytest.raises(TypeError):
        cls(**values, no_such_field=1)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.text("ab", max_size=2), st.integers(0, 2), st.integers(0, 2), st.text("xy", max_size=2)),
                min_size=2, max_size=6))
def test_problems_sort_as_dataclass_order_sorts_them(rows):
    from ids_assess.core.errors import Problem

    twin = _twin(Problem)
    ours, theirs = sorted(Problem(*r) for r in rows), sorted(twin(*r) for r in rows)
    assert [dataclasses.astuple(p) for p in ours] == [dataclasses.astuple(p) for p in theirs]
    a, b = Problem(*rows[0]), Problem(*rows[1])
    for op in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert getattr(a, op)(b) == getattr(twin(*rows[0]), op)(twin(*rows[1]))
    assert a.__lt__(object()) is NotImplemented


def test_a_class_the_module_was_not_generated_from_is_made_by_dataclasses(monkeypatch):
    # a class the module does not know, and one it knows in another shape (a field added since it was made):
    # both are ordinary frozen dataclasses, whose methods dataclasses compiled
    @dataclass(frozen=True)
    class Unknown:
        a: int
        b: str = "x"

    assert Unknown.__init__.__code__.co_filename != record_inits.__file__
    assert Unknown(1) == Unknown(1, "x") and repr(Unknown(1)).endswith(".Unknown(a=1, b='x')")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Unknown(1).a = 2  # type: ignore[misc]

    here = test_a_class_the_module_was_not_generated_from_is_made_by_dataclasses.__name__
    key = f"{__name__}.{here}.<locals>.Reshaped"
    shape = ((("a", "required"),), False)  # generated when it had the field a alone
    monkeypatch.setitem(record_inits.INITS, key, (shape, lambda *_: pytest.fail("stale methods used")))

    @dataclass(frozen=True)
    class Reshaped:
        a: int
        b: int = 0

    assert Reshaped(1, 2).b == 2 and Reshaped.__init__.__code__.co_filename != record_inits.__file__


def test_only_frozen_dataclasses_are_made_here():
    with pytest.raises(TypeError, match="frozen=True"):
        @dataclass
        class Mutable:
            a: int


def test_a_subclass_of_a_frozen_record_is_frozen_and_made_fast():
    from ids_assess.core.model import FactorScore, Score

    assert issubclass(FactorScore, Score)
    assert FactorScore.__init__.__code__.co_filename == record_inits.__file__
    with pytest.raises(dataclasses.FrozenInstanceError):
        FactorScore(1.0, 0.0, 2.0, 1.0).dk = 3  # type: ignore[misc]


def test_methods_written_in_the_class_are_kept_as_dataclasses_keeps_them():
    here = test_methods_written_in_the_class_are_kept_as_dataclasses_keeps_them.__name__

    def shaped(name: str) -> None:  # the module knows each class below in the shape it is written
        record_inits.INITS[f"{__name__}.{here}.<locals>.{name}"] = (((("a", "required"),), False),
                                                                   lambda *_: pytest.fail("generated used"))

    for name in ("Shown", "Same"):
        shaped(name)
    try:
        @dataclass(frozen=True)
        class Shown:
            a: int

            def __repr__(self) -> str:
                return "mine"

        @dataclass(frozen=True)
        class Same:
            a: int

            def __eq__(self, other: object) -> bool:
                return True

            __hash__ = object.__hash__

        assert repr(Shown(1)) == "mine" and Same(1) == Same(2)
        shaped("Mutable")
        with pytest.raises(TypeError, match="__setattr__"):
            @dataclass(frozen=True)
            class Mutable:
                a: int

                def __setattr__(self, name: str, value: object) -> None:
                    object.__setattr__(self, name, value)
        shaped("Unordered")
        with pytest.raises(ValueError, match="eq must be true if order is true"):
            @dataclass(frozen=True, eq=False, order=True)
            class Unordered:
                a: int
    finally:
        for name in ("Shown", "Same", "Mutable", "Unordered"):
            record_inits.INITS.pop(f"{__name__}.{here}.<locals>.{name}", None)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_signature_and_equality_of_nan_are_those_of_dataclasses(cls):
    import inspect

    twin = _twin(cls)
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__init__.__module__ == cls.__module__
    if cls.__dataclass_params__.eq and cls.__qualname__ not in ("Problem", "Questionnaire"):
        nan = float("nan")
        values = [nan] * len(dataclasses.fields(cls))
        assert (cls(*values) == cls(*values)) is (twin(*values) == twin(*values))


def test_every_class_made_ahead_of_time_says_what_it_is():
    """``dataclass(frozen=True)`` writes a docstring from the signature for a class without one; the classes
    made ahead of time get none that way (it would import inspect at start-up), so each has its own."""
    bare = [f"{cls.__module__}.{cls.__qualname__}" for cls in records.made_classes()
            if not cls.__doc__ or cls.__doc__ == f"{cls.__name__}()"]
    assert bare == []
