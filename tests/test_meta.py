"""Meta-tests: bundled data is valid and bilingual, every command is documented, imports point inward."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ids_assess.io import resources, yamlio
from ids_assess.io.questionnaires import Registry, iter_items, load_questionnaire
from ids_assess.io.schema import check

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted(resources.questionnaires_dir().glob("*.yaml"))


def test_three_questionnaires_are_bundled_in_their_versions():
    assert {p.stem for p in BUNDLED} == {"ids-core", "data-stickiness", "territoriality", "ids-core@2.0.0",
                                         "data-stickiness@1.1.0", "territoriality@1.1.0"}
    registry = Registry()
    assert [q.version for q in registry.versions("ids-core")] == ["1.0.0", "2.0.0"]
    assert registry.get("ids-core").version == "2.0.0"  # an id alone is the latest version


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_questionnaire_is_valid_against_schema_and_rules(path):
    doc = yamlio.load(path)
    assert check(doc, "questionnaire") == []
    q = load_questionnaire(path)  # untrusted: schema and cross-references again
    # the registry's fast path finds bundled files by name: the id (1.0.0 files) or id@version
    assert path.stem == (q.id if "@" not in path.stem else q.ref)


def _texts(node, where=""):
    if isinstance(node, dict):
        if set(node) >= {"en", "zh"} and all(isinstance(node[k], str) for k in ("en", "zh")):
            yield where, node
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}[{i}]")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_string_is_given_in_english_and_simplified_chinese(path):
    data = yamlio.load(path).data
    texts = list(_texts(data))
    assert len(texts) > 50
    han = re.compile(r"[\u4e00-\u9fff]")
    for where, text in texts:
        assert text["en"].strip() and text["zh"].strip(), where
        assert han.search(text["zh"]), f"{where}: the zh text has no Chinese characters"
        assert not re.search(r"[\u4e00-\u9fff]{2,}", text["en"]), f"{where}: the en text is Chinese"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_factor_cites_its_source_and_has_recommendations(path):
    q = load_questionnaire(path)
    for factor in q.factors.values():
        assert factor.source.section and factor.source.source.citation
        assert factor.recommendations and all(r.source.section for r in factor.recommendations)
        assert len(factor.items) >= 2


def test_ids_core_covers_the_research():
    q = Registry().get("ids-core@1.0.0")  # 2.0.0: tests/test_instrument_content.py
    assert [s.id for s in q.sections] == ["technological", "organisational", "legal_political", "relationship"]
    assert len(q.items) >= 80
    polarities = {i.polarity for i in iter_items(q)}
    assert polarities == {"enabler", "barrier"}
    determinants = {f.id for f in q.factors.values() if f.determinant}
    assert determinants == {"intention_to_help_people", "political_determination", "interagency_partnership",
                            "data_ownership", "organisational_readiness", "financial_readiness",
                            "technological_support"}
    assert all(f.section_id == "relationship" for f in q.factors.values() if f.determinant)
    table1 = {"hardware_software", "data_standards", "outsourcing", "centralization", "departmentization",
              "formalization", "values_cultures", "procedures", "costs_benefits", "incentives", "leadership",
              "capabilities", "legislation_policies", "funding_resources", "privacy_confidentiality",
              "top_executive_support", "partisan_dynamics", "public_scrutiny"}
    case = {"legacy_integration", "vertical_administration", "staff_resistance", "cross_agency_complexity",
            "roles_in_law", "formal_ties", "interpersonal_ties"}
    assert table1 | case <= set(q.factors)
    assert len(q.factors["costs_benefits"].items) >= 7  # one per sub-factor of Table 1


def test_every_command_is_documented_in_help_and_readme(cli):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    out = cli("--help").out
    commands = ["questionnaire", "template", "validate", "score", "survey", "report", "network", "compare", "export",
                "import"]
    for command in commands:
        assert command in out, command
        assert f"ids-assess {command}" in readme, command


def test_readme_quick_start_is_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", quick, re.S)
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert [b.strip() for b in blocks] == [venv + "pip install . && ids-assess report examples/answers -o reports/",
                                          venv + "pip install '.[test]' && python -m pytest"]


def _imported(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_core_imports_no_cli_or_rendering_library():
    mods = _imported("import ids_assess.core.scoring, ids_assess.core.aggregate, ids_assess.io.answers, "
                     "ids_assess.core.compare")
    assert not {"typer", "rich", "jinja2", "click"} & mods


def _package_imports(path: Path) -> set[str]:
    """The ``ids_assess`` modules a source file imports (at the top, inside functions or for type checking)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("ids_assess.")}


@pytest.mark.parametrize(("layer", "allowed"), [("core", ("ids_assess.core",)),
                                                 ("render", ("ids_assess.core", "ids_assess.render"))])
def test_layers_import_only_inward(layer, allowed):
    """core imports only core; render imports only core and render (never io, survey or cli)."""
    for path in sorted((REPO / "ids_assess" / layer).rglob("*.py")):
        outward = {m for m in _package_imports(path) if not m.startswith(allowed)}
        assert not outward, (path.relative_to(REPO), outward)


def test_validate_and_score_do_not_import_jinja2(tmp_path):
    example = next((REPO / "examples" / "answers").glob("*.yaml"))
    for argv in (["validate", str(example)], ["score", str(example), "--format", "json"], ["--help"]):
        code = (f"import sys\nsys.argv = ['ids-assess', *{argv!r}]\nfrom ids_assess.entry import main\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n")
        mods = _imported(code)
        assert "jinja2" not in mods, argv


def test_every_schema_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    from ids_assess.io.schema import load_schema

    for name in ("questionnaire", "answers", "results"):
        Draft202012Validator.check_schema(load_schema(name))


def test_the_command_line_choices_match_the_model():
    from ids_assess.cli.options import Role, Tie
    from ids_assess.core.model import ROLES, TIES

    assert tuple(r.value for r in Role) == ROLES and tuple(t.value for t in Tie) == TIES
