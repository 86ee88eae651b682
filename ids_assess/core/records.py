"""Frozen dataclasses whose ``__init__`` is compiled ahead of time, so that importing the model costs little.

``@dataclass(frozen=True)`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` as source text and compiles it on every start: for the model's classes that
was most of ``ids-assess validate FILE``'s own import time. :func:`dataclass` gives the same classes (real
dataclasses: :func:`dataclasses.fields`, :func:`dataclasses.replace` and pickling work as before) with their
``__init__`` taken from :mod:`ids_assess.core.record_inits`, plain Python written by :func:`generate` and
compiled once into its ``.pyc`` like any module, and the other methods closures over the field names (no
compiling either).

A generated ``__init__`` is used only when it was generated from the class as it is now (same fields, same
defaults or factories, a ``__post_init__`` or not); otherwise the class is made by ``dataclass(frozen=True)``
itself, slower to import but right. A test regenerates the module and fails when the committed one is stale::

    python -m ids_assess.core.records      # rewrites ids_assess/core/record_inits.py
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")

#: The modules whose classes are made with :func:`dataclass` (the order in which the generated module lists them).
MODULES = ("ids_assess.core.vocab", "ids_assess.core.errors", "ids_assess.core.model", "ids_assess.core.outcome",
           "ids_assess.core.profiles", "ids_assess.core.plan")


def dataclass(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True, order: bool = False) -> Any:
    """``@dataclass(frozen=True, eq=eq, order=order)``, with ``__init__`` compiled ahead of time: the modules
    import it as ``dataclass`` at run time and :func:`dataclasses.dataclass` itself for type checkers::

        if TYPE_CHECKING:
            from dataclasses import dataclass
        else:
            from ids_assess.core.records import dataclass
    """
    if not frozen:
        raise TypeError("ids_assess.core.records.dataclass makes frozen dataclasses only: give frozen=True")

    def wrap(cls: type[T]) -> type[T]:
        from ids_assess.core import record_inits

        found = record_inits.INITS.get(f"{cls.__module__}.{cls.__qualname__}")
        if found is None or found[0] != _declared(cls) or (order and not eq) or _OWN & cls.__dict__.keys():
            # not generated, or from another version of the class, or options or methods of its own that
            # dataclasses has rules for (it keeps a __repr__ or __eq__ written in the class, refuses a
            # __setattr__ in a frozen one, order without eq): dataclasses makes it
            made = dataclasses.dataclass(frozen=True, eq=eq, order=order)(cls)
        else:
            # a frozen dataclass base refuses a subclass made not frozen: then dataclasses writes the two
            # frozen methods here (their only cost); otherwise they are closures too
            frozen_base = any(getattr(getattr(b, "__dataclass_params__", None), "frozen", False)
                              for b in cls.__mro__[1:])
            made = dataclasses.dataclass(init=False, repr=False, eq=False, frozen=frozen_base)(cls)
            fields = dataclasses.fields(made)  # type: ignore[arg-type]
            defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
            factories = {f.name: f.default_factory for f in fields if f.default_factory is not dataclasses.MISSING}
            make_init: Callable[..., Callable[..., None]] = found[1]
            init = make_init(defaults, factories)
            init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}  # as dataclasses sets
            methods = {"__init__": init, **_methods(made, tuple(f.name for f in fields), eq, order)}
            for name, method in methods.items():
                method.__qualname__ = f"{cls.__qualname__}.{name}"
                method.__module__ = cls.__module__
                setattr(made, name, method)
            params = made.__dataclass_params__  # type: ignore[attr-defined]
            # as dataclass(frozen=True, eq=eq, order=order) leaves them (its checks of subclasses read them)
            params.init, params.repr, params.eq, params.order, params.frozen = True, True, eq, order, True
        made.__records__ = True  # type: ignore[attr-defined]  # made here: what the generator looks for
        return made

    return wrap if cls is None else wrap(cls)


#: Methods that dataclasses writes only where the class has none of its own (or refuses to write over).
_OWN = frozenset(("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__",
                  "__gt__", "__ge__"))
#: Python 3.13's dataclasses compare field by field (``a == b`` of each), earlier ones the tuples of the fields
#: (where an object is equal to itself: ``nan`` in both is equal); the closures do as this Python's do.
_FIELDWISE = sys.version_info >= (3, 13)


def _methods(cls: type, names: tuple[str, ...], eq: bool, order: bool) -> dict[str, Callable[..., Any]]:
    """The methods ``dataclass(frozen=True, eq=eq, order=order)`` writes, but ``__init__``: as it writes them,
    comparing and hashing the tuple of the fields in order, with no source text to compile."""
    get = attrgetter(*names)
    fields = tuple((f"{n}=", attrgetter(n)) for n in names)
    names_set = frozenset(names)
    key: Callable[[Any], tuple[Any, ...]] = (lambda self: (get(self),)) if len(names) == 1 else get

    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(label + repr(value(self)) for label, value in fields)})"

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names_set:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names_set:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    made: dict[str, Callable[..., Any]] = {"__repr__": __repr__}
    if "__setattr__" not in cls.__dict__:  # (dataclasses wrote them for a subclass of a frozen dataclass)
        made |= {"__setattr__": __setattr__, "__delattr__": __delattr__}
    if eq:
        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                if _FIELDWISE:
                    return all(a == b for a, b in zip(key(self), key(other), strict=True))
                return key(self) == key(other)
            return NotImplemented

        def __hash__(self: Any) -> int:
            return hash(key(self))

        made |= {"__eq__": __eq__, "__hash__": __hash__}
    if order:
        def compare(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
            def method(self: Any, other: Any) -> Any:
                if other.__class__ is self.__class__:
                    return test(key(self), key(other))
                return NotImplemented
            return method

        import operator

        made |= {f"__{op}__": compare(getattr(operator, op)) for op in ("lt", "le", "gt", "ge")}
    return made


def _declared(cls: type) -> tuple[Any, ...]:
    """:func:`_shape` of ``cls`` as written, before :func:`dataclasses.dataclass` has made it: its bases'
    fields, then its own annotations, each with how it gets its default."""
    fields: dict[str, str] = {}
    for base in cls.__mro__[-1:0:-1]:
        for f in getattr(base, "__dataclass_fields__", {}).values():
            if f._field_type is not dataclasses._FIELD:  # type: ignore[attr-defined]
                return ("unsupported", f.name)
            fields[f.name] = _how(f)
    # as dataclasses reads them (inspect.get_annotations would import inspect; where annotations are not in
    # the class's __dict__ the fields come out empty, the shape differs and dataclasses makes the class)
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if "ClassVar" in text or "InitVar" in text or "KW_ONLY" in text:
            return ("unsupported", name)
        value = cls.__dict__.get(name, dataclasses.MISSING)
        if isinstance(value, dataclasses.Field):
            if not (value.init and value.repr and value.compare and value.hash is None
                    and value.kw_only is dataclasses.MISSING):
                return ("unsupported", name)
            fields[name] = _how(value)
        else:
            fields[name] = "required" if value is dataclasses.MISSING else "default"
    return tuple(fields.items()), hasattr(cls, "__post_init__")


def _how(f: dataclasses.Field[Any]) -> str:
    return "default" if f.default is not dataclasses.MISSING else \
        "factory" if f.default_factory is not dataclasses.MISSING else "required"


def _shape(cls: type) -> tuple[Any, ...]:
    """What a generated ``__init__`` depends on: each field's name and how it gets a default, and whether the
    class has a ``__post_init__``."""
    fields = []
    for f in dataclasses.fields(cls):
        if not (f.init and f.repr and f.compare and f.hash is None and not f.kw_only):
            return ("unsupported", f.name)  # a field option the generator does not write: never matches
        fields.append((f.name, _how(f)))
    return tuple(fields), hasattr(cls, "__post_init__")


# --- the generator (run by developers and by the test that the generated module is current) ------------------

def generate(classes: list[type]) -> str:
    """The source of :mod:`ids_assess.core.record_inits` for ``classes`` (made by :func:`dataclass`)."""
    out = ['"""Generated by ``python -m ids_assess.core.records``: do not edit.',
           "",
           "The ``__init__`` that ``dataclass(frozen=True)`` would write for each class",
           "(see :mod:`ids_assess.core.records`).",
           '"""',
           "",
           "# ruff: noqa",
           "# mypy: ignore-errors",
           "",
           "class _Factory:",
           '    """The default of a field with a default factory (not given), shown as dataclasses does."""',
           "",
           "    def __repr__(self):",
           "        return '<factory>'",
           "",
           "",
           "_UNSET = _Factory()",
           "",
           ""]
    entries = []
    for cls in classes:
        shape = _shape(cls)
        if shape[0] == "unsupported":
            raise ValueError(f"{cls.__qualname__}: field {shape[1]} has options the generator does not write")
        name = f"{cls.__module__}.{cls.__qualname__}".replace(".", "_")
        out += _maker(name, shape)
        entries.append(f"    {f'{cls.__module__}.{cls.__qualname__}'!r}: ({shape!r}, {name}),")
    out += ["INITS = {", *entries, "}", ""]
    return "\n".join(out)


def _maker(name: str, shape: tuple[Any, ...]) -> list[str]:
    fields, post_init = shape
    args = [f"{n}=_d_{n}" if how == "default" else f"{n}=_UNSET" if how == "factory" else n for n, how in fields]
    lines = [f"def {name}(defaults, factories):",
             "    _set = object.__setattr__"]
    lines += [f"    _d_{n} = defaults[{n!r}]" for n, how in fields if how == "default"]
    lines += [f"    _f_{n} = factories[{n!r}]" for n, how in fields if how == "factory"]
    lines.append(f"    def __init__(self{''.join(', ' + a for a in args)}):")
    for n, how in fields:
        lines.append(f"        _set(self, {n!r}, {f'_f_{n}() if {n} is _UNSET else {n}' if how == 'factory' else n})")
    if post_init:
        lines.append("        self.__post_init__()")
    if not fields and not post_init:
        lines.append("        pass")
    lines += ["    return __init__", "", ""]
    return lines


def made_classes() -> list[type]:
    """Every class of :data:`MODULES` made with :func:`dataclass`, in the order of its module and definition."""
    import importlib

    found: list[type] = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module_name and getattr(value, "__records__", False):
                found.append(value)
    return found


def main() -> int:
    from pathlib import Path

    target = Path(__file__).with_name("record_inits.py")
    text = generate(made_classes())
    if target.exists() and target.read_text(encoding="utf-8") == text:
        print(f"{target} is current")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}; run it again (the classes now take their __init__ from it) to check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
