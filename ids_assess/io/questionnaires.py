"""Load and validate questionnaires into the model, and find them by id or path."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import (
    Band,
    Factor,
    Item,
    Questionnaire,
    Recommendation,
    Scale,
    Section,
    Source,
    SourceRef,
    Text,
)
from ids_assess.io import resources, schema, yamlio
from ids_assess.io.yamlio import YamlDocument

DEFAULT_THRESHOLD = 5.0


def load_questionnaire(path: Path | str, display: str | None = None, trusted: bool = False) -> Questionnaire:
    """Load one questionnaire file; raise :class:`InvalidInput` with every problem found.

    ``trusted`` skips the JSON Schema pass for bundled files, which the test suite validates.
    """
    doc = yamlio.load(path, display)
    return from_document(doc, trusted=trusted)


def from_document(doc: YamlDocument, trusted: bool = False) -> Questionnaire:
    """Build a :class:`Questionnaire` from a loaded document, checking schema and cross-references."""
    if not trusted:
        problems = schema.check(doc, "questionnaire")
        if problems:
            raise InvalidInput(problems)
    problems = _semantic_problems(doc)
    if problems:
        raise InvalidInput(problems)
    return _build(doc.data, doc.path)


def is_questionnaire(data: Any) -> bool:
    """Whether loaded YAML looks like a questionnaire rather than an answer file."""
    return isinstance(data, dict) and "sections" in data and "answers" not in data


def _semantic_problems(doc: YamlDocument) -> list[Problem]:
    data = doc.data
    problems: list[Problem] = []
    sources = data.get("sources") or {}
    seen: dict[str, str] = {}

    def unique(kind: str, value: str, where: list[Any]) -> None:
        if value in seen:
            other = seen[value]
            article = "an" if other[0] in "aeiou" else "a"
            problems.append(doc.problem(where, f"duplicate {kind} id '{value}' (already used by {article} {other})"))
        else:
            seen[value] = kind

    def ref_ok(ref: dict[str, Any], where: list[Any]) -> None:
        if ref.get("ref") not in sources:
            known = ", ".join(sorted(sources)) or "none"
            problems.append(doc.problem([*where, "ref"], f"source '{ref.get('ref')}' is not defined in "
                                        f"'sources' (defined: {known})"))

    for si, section in enumerate(data["sections"]):
        unique("section", section["id"], ["sections", si, "id"])
        for fi, factor in enumerate(section["factors"]):
            fwhere: list[Any] = ["sections", si, "factors", fi]
            unique("factor", factor["id"], [*fwhere, "id"])
            ref_ok(factor["source"], [*fwhere, "source"])
            for ri, rec in enumerate(factor["recommendations"]):
                ref_ok(rec["source"], [*fwhere, "recommendations", ri, "source"])
            for ii, item in enumerate(factor["items"]):
                iwhere = [*fwhere, "items", ii, "id"]
                unique("item", item["id"], iwhere)
                if not item["id"].startswith(factor["id"] + "."):
                    problems.append(doc.problem(iwhere, f"item id '{item['id']}' must start with its "
                                                f"factor id '{factor['id']}.'"))
    mins = [band["min"] for band in data["bands"]]
    if mins and mins[0] != 0:
        problems.append(doc.problem(["bands", 0, "min"], "the first band must start at min: 0"))
    for bi in range(1, len(mins)):
        if mins[bi] <= mins[bi - 1]:
            problems.append(doc.problem(["bands", bi, "min"], "band minimums must rise strictly"))
    return problems


def _text(raw: dict[str, str] | None) -> Text | None:
    return Text(raw["en"], raw["zh"]) if raw else None


def _build(data: dict[str, Any], origin: str) -> Questionnaire:
    sources = {key: Source(key, Text(**value["short"]), " ".join(value["citation"].split()))
               for key, value in data["sources"].items()}

    def ref(raw: dict[str, str]) -> SourceRef:
        return SourceRef(sources[raw["ref"]], str(raw["section"]))

    sections = []
    items: dict[str, Item] = {}
    factors: dict[str, Factor] = {}
    for s in data["sections"]:
        section_eif = tuple(s.get("eif", ()))
        built_factors = []
        for f in s["factors"]:
            f_items = tuple(
                Item(id=i["id"], text=Text(**i["text"]), polarity=i["polarity"],
                     weight=float(i.get("weight", 1)), help=_text(i.get("help")), factor_id=f["id"])
                for i in f["items"])
            factor = Factor(
                id=f["id"], title=Text(**f["title"]), description=Text(**f["description"]),
                weight=float(f.get("weight", 1)), determinant=bool(f.get("determinant", False)),
                eif=tuple(f.get("eif", section_eif)), source=ref(f["source"]),
                recommendations=tuple(Recommendation(Text(**r["text"]), ref(r["source"]))
                                      for r in f["recommendations"]),
                items=f_items, section_id=s["id"])
            built_factors.append(factor)
            factors[factor.id] = factor
            items.update((item.id, item) for item in f_items)
        sections.append(Section(id=s["id"], title=Text(**s["title"]), description=_text(s.get("description")),
                                weight=float(s.get("weight", 1)), eif=section_eif,
                                factors=tuple(built_factors)))
    scale = data["scale"]
    return Questionnaire(
        id=data["id"], version=str(data["version"]), title=Text(**data["title"]),
        description=_text(data.get("description")), sources=sources,
        scale=Scale({int(k): Text(**v) for k, v in scale["labels"].items()}, Text(**scale["dk"]),
                    Text(**scale["na"])),
        bands=tuple(Band(b["id"], float(b["min"]), Text(**b["label"])) for b in data["bands"]),
        threshold=float((data.get("relationship") or {}).get("threshold", DEFAULT_THRESHOLD)),
        sections=tuple(sections), origin=origin, items=items, factors=factors)


class Registry:
    """Finds questionnaires by id (folders given with ``--questionnaires`` first, then bundled) or path."""

    def __init__(self, folders: Sequence[Path] = (), on_problem: Callable[[Problem], None] | None = None) -> None:
        """``on_problem`` hears of invalid or clashing questionnaires in ``folders``, which are then left out
        (one bad file in a folder never stops the others); they are also kept in :attr:`problems`."""
        self.folders = tuple(folders)
        self.on_problem = on_problem
        self.problems: list[Problem] = []
        self._by_id: dict[str, Questionnaire] = {}
        self._scanned = False

    def get(self, ref: str) -> Questionnaire:
        """The questionnaire named by ``ref``: a path to a YAML file, or an id."""
        if ref.lower().endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
            path = Path(ref)
            if not path.is_file():
                raise UsageError(f"questionnaire file not found: {ref}")
            return self.add(load_questionnaire(path))
        found = self._by_id.get(ref)
        if found is not None:
            return found
        if not self.folders:  # the fast path: bundled files are named after their id
            bundled = resources.questionnaires_dir() / f"{ref}.yaml"
            if bundled.is_file():
                return self.add(load_questionnaire(bundled, _display(bundled), trusted=True))
        self._scan()
        found = self._by_id.get(ref)
        if found is None:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise UsageError(f"unknown questionnaire '{ref}' (known: {known}; see 'ids-assess questionnaire list')")
        return found

    def add(self, questionnaire: Questionnaire) -> Questionnaire:
        """Make ``questionnaire`` known by its id (the first one added for an id wins)."""
        return self._by_id.setdefault(questionnaire.id, questionnaire)

    def _problem(self, *problems: Problem) -> None:
        for problem in problems:
            self.problems.append(problem)
            if self.on_problem is not None:
                self.on_problem(problem)

    def scan(self) -> None:
        """Load every questionnaire of the folders now (reporting problems once, before any work)."""
        self._scan()

    def all(self) -> list[Questionnaire]:
        """Every known questionnaire, user folders first, then bundled, each id once."""
        self._scan()
        return list(self._by_id.values())

    def _scan(self) -> None:
        if self._scanned:
            return
        self._scanned = True
        for folder in self.folders:
            if not folder.is_dir():
                raise UsageError(f"--questionnaires: not a folder: {folder}")
            for path in yamlio.find_yaml_files([folder]):
                try:
                    doc = yamlio.load(path)
                    if not is_questionnaire(doc.data):
                        continue
                    found = from_document(doc)
                except InvalidInput as exc:
                    self._problem(*exc.problems)
                    continue
                known = self._by_id.get(found.id)
                if known is not None:
                    self._problem(Problem(str(path), 1, 1, f"questionnaire id '{found.id}' is also defined in "
                                          f"{known.origin}; this file is left out",
                                          "give each questionnaire its own id"))
                    continue
                self.add(found)
        for path in sorted(resources.questionnaires_dir().glob("*.yaml")):
            if not any(q.origin == _display(path) for q in self._by_id.values()):
                self.add(load_questionnaire(path, _display(path), trusted=True))


def _display(path: Path) -> str:
    return f"<bundled>/{path.name}"


def iter_items(questionnaire: Questionnaire) -> Iterable[Item]:
    """Every item in questionnaire order."""
    for section in questionnaire.sections:
        for factor in section.factors:
            yield from factor.items
