"""The layers as the architecture says (docs/architecture.md): which package may import which, which
third-party libraries each layer may use, no import circle, no private name across modules, no huge module,
and a renderer for every ``--format``.

Imports are read from the source (every ``import`` and ``from ... import``, also those inside functions),
so a lazy import counts like any other.
"""

from __future__ import annotations

import ast
import sys
from enum import Enum
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ids_assess"
LAYERS = ("core", "stats", "io", "render", "survey", "cli")

#: Which of our layers each layer may import (besides itself).
ALLOWED_LAYERS = {
    "core": set(),
    "stats": {"core"},
    "io": {"core"},
    "render": {"core"},
    "survey": {"core", "io", "render"},
    "cli": {"core", "stats", "io", "render", "survey"},
}
#: Third-party packages each layer may import (the standard library is always allowed).
ALLOWED_THIRD_PARTY = {
    "core": set(),
    "stats": {"numpy"},
    "io": {"yaml", "jsonschema", "python_calamine", "xlsxwriter", "yaml_rs", "orjson"},
    "render": {"jinja2", "rich", "markupsafe", "docx", "xlsxwriter", "openpyxl", "orjson"},
    "survey": {"rich"},
    "cli": {"typer", "click", "rich"},
}
STDLIB = set(sys.stdlib_module_names)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def imports_of(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported from it, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, [a.name for a in node.names], node.lineno))
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "ids_assess" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else "top"


def test_the_tree_reads_as_the_architecture():
    top = {p.name for p in PACKAGE.iterdir() if p.suffix == ".py"}
    assert top <= {"__init__.py", "__main__.py", "entry.py"}, "modules outside the layers"
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").exists(), layer


@pytest.mark.parametrize("name", sorted(MODULES), ids=str)
def test_imports_point_inward(name):
    layer = layer_of(name)
    for target, names, line in imports_of(name, MODULES[name]):
        root = target.split(".")[0]
        if root == "ids_assess":
            if target == "ids_assess":  # the version only
                assert names == ["__version__"], f"{name}:{line}"
                continue
            other = layer_of(target)
            if layer in (None, "top") or other == layer:
                continue
            assert other in ALLOWED_LAYERS[layer], f"{name}:{line} imports {target} ({layer} -> {other})"
        elif root and root not in STDLIB and root != "__future__" and layer not in (None, "top"):
            assert root in ALLOWED_THIRD_PARTY[layer], f"{name}:{line} imports {root}, not allowed in {layer}"


def test_only_cli_and_survey_use_the_terminal_libraries():
    for name, path in MODULES.items():
        layer = layer_of(name)
        for target, names, line in imports_of(name, path):
            if target.split(".")[0] == "typer":
                assert layer == "cli", f"{name}:{line} imports typer"
            if target.startswith("rich.prompt") or (target == "rich.console" and "Console" in names
                                                    and layer not in ("cli", "survey", "render")):
                assert layer in ("cli", "survey"), f"{name}:{line} imports {target}"


@pytest.mark.parametrize("name", sorted(MODULES), ids=str)
def test_no_private_name_is_imported_across_modules(name):
    for target, names, line in imports_of(name, MODULES[name]):
        if target.split(".")[0] != "ids_assess":
            continue
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert not private, f"{name}:{line} imports {private} from {target}"
        assert not any(part.startswith("_") and part != "__init__" for part in target.split(".")), \
            f"{name}:{line} imports the private module {target}"


def test_no_import_circle():
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges = set()
        for target, names, _ in imports_of(name, path):
            if target in MODULES:
                edges.add(target)
            for n in names:
                if f"{target}.{n}" in MODULES:
                    edges.add(f"{target}.{n}")
        graph[name] = edges - {name}
    # a package's __init__ that re-exports its modules is not a circle
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt.startswith(node + "."):
                continue
            if seen.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node)


@pytest.mark.parametrize("name", sorted(MODULES), ids=str)
def test_no_module_is_over_600_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{name} has {lines} lines: split it by responsibility"


def test_every_format_value_has_a_renderer():
    from ids_assess.cli.compare import CompareFormat
    from ids_assess.cli.network import NetworkFormat
    from ids_assess.cli.questionnaire import ShowFormat
    from ids_assess.cli.score import ScoreFormat
    from ids_assess.cli.stats import StatsFormat
    from ids_assess.render import formats

    pairs: list[tuple[type[Enum], formats.Formats]] = [
        (ShowFormat, formats.SHOW), (ScoreFormat, formats.SCORE), (NetworkFormat, formats.NETWORK),
        (CompareFormat, formats.COMPARE),
        (StatsFormat, formats.STATS)]
    for enum, registry in pairs:
        assert {e.value for e in enum} == set(registry.names), registry.command
        for value in registry.names:
            assert callable(registry.get(value).render)
    assert set(formats.ALL) == {r.command for _, r in pairs}
