"""Load and validate questionnaires into the model, and find them by id or path."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import (
    Band,
    Factor,
    HeaderField,
    Item,
    Questionnaire,
    Rationale,
    Recommendation,
    Scale,
    Scoring,
    Section,
    Source,
    SourceRef,
    Text,
)
from ids_assess.core.model import version_key as version_key  # re-exported: its home was here
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
    items = {item["id"] for section in data["sections"] for factor in section["factors"] for item in factor["items"]}
    for pi, pair in enumerate(data.get("reverse_pairs") or ()):
        for ii, item_id in enumerate(pair):
            if item_id not in items:
                problems.append(doc.problem(["reverse_pairs", pi, ii], f"reverse pair names unknown item '{item_id}'"))
    if isinstance(data.get("scoring"), dict) and isinstance(data.get("relationship"), dict) \
            and "threshold" in data["relationship"] \
            and data["relationship"]["threshold"] != data["scoring"].get("tension_threshold"):
        problems.append(doc.problem(["relationship", "threshold"], "relationship.threshold differs from "
                                    "scoring.tension_threshold", hint="give the threshold once, as "
                                    "scoring.tension_threshold"))
    mins = [band["min"] for band in data["bands"]]
    if mins and mins[0] != 0:
        problems.append(doc.problem(["bands", 0, "min"], "the first band must start at min: 0"))
    for bi in range(1, len(mins)):
        if mins[bi] <= mins[bi - 1]:
            problems.append(doc.problem(["bands", bi, "min"], "band minimums must rise strictly"))
    return problems


def _text(raw: dict[str, str] | None) -> Text | None:
    return Text(raw["en"], raw["zh"]) if raw else None


def scoring_rules(data: dict[str, Any]) -> Scoring:
    """The ``scoring`` block, or for a questionnaire without one the rules it was written under: margin 0,
    one rated item per factor, no coverage rule, its ``relationship.threshold`` (default 5), no push alert."""
    old = (data.get("relationship") or {}).get("threshold", DEFAULT_THRESHOLD)
    raw = data.get("scoring")
    if not isinstance(raw, dict):
        return Scoring(tension_threshold=float(old))
    alert = raw.get("push_alert")
    return Scoring(margin=float(raw.get("margin", 0)), min_answered=float(raw.get("min_answered", 0)),
                   min_coverage=float(raw.get("min_coverage", 0)),
                   tension_threshold=float(raw.get("tension_threshold", old)),
                   push_alert=None if alert is None else float(alert))


def _build(data: dict[str, Any], origin: str) -> Questionnaire:
    sources = {key: Source(key, Text(**value["short"]), " ".join(value["citation"].split()))
               for key, value in data["sources"].items()}

    def ref(raw: dict[str, str]) -> SourceRef:
        return SourceRef(sources[raw["ref"]], str(raw["section"]))

    def opt_ref(raw: dict[str, str] | None) -> SourceRef | None:
        return ref(raw) if raw else None

    def rationale(raw: dict[str, Any] | None) -> Rationale | None:
        return Rationale(Text(raw["en"], raw["zh"]), opt_ref(raw.get("source"))) if raw else None

    sections = []
    items: dict[str, Item] = {}
    factors: dict[str, Factor] = {}
    for s in data["sections"]:
        section_eif = tuple(s.get("eif", ()))
        built_factors = []
        for f in s["factors"]:
            f_items = tuple(
                Item(id=i["id"], text=Text(**i["text"]), polarity=i["polarity"],
                     weight=float(i.get("weight", 1)), help=_text(i.get("help")), factor_id=f["id"],
                     origin=i.get("origin"), source=opt_ref(i.get("source")))
                for i in f["items"])
            factor = Factor(
                id=f["id"], title=Text(**f["title"]), description=Text(**f["description"]),
                weight=float(f.get("weight", 1)), determinant=bool(f.get("determinant", False)),
                eif=tuple(f.get("eif", section_eif)), source=ref(f["source"]),
                recommendations=tuple(Recommendation(Text(**r["text"]), ref(r["source"]), r.get("origin"),
                                                     r.get("actor"), r.get("kind"), r.get("horizon"))
                                      for r in f["recommendations"]),
                items=f_items, section_id=s["id"], replaces=tuple(f.get("replaces", ())),
                weight_rationale=rationale(f.get("weight_rationale")))
            built_factors.append(factor)
            factors[factor.id] = factor
            items.update((item.id, item) for item in f_items)
        sections.append(Section(id=s["id"], title=Text(**s["title"]), description=_text(s.get("description")),
                                weight=float(s.get("weight", 1)), eif=section_eif,
                                factors=tuple(built_factors), in_overall=bool(s.get("in_overall", True)),
                                weight_rationale=rationale(s.get("weight_rationale"))))
    scale = data["scale"]
    rules = scoring_rules(data)
    return Questionnaire(
        id=data["id"], version=str(data["version"]), title=Text(**data["title"]),
        description=_text(data.get("description")), sources=sources,
        scale=Scale({int(k): Text(**v) for k, v in scale["labels"].items()}, Text(**scale["dk"]),
                    Text(**scale["na"])),
        bands=tuple(Band(b["id"], float(b["min"]), Text(**b["label"])) for b in data["bands"]),
        threshold=rules.tension_threshold,
        sections=tuple(sections), origin=origin, items=items, factors=factors, scoring=rules,
        reverse_pairs=tuple((str(a), str(b)) for a, b in data.get("reverse_pairs") or ()),
        estimated_minutes=data.get("estimated_minutes"),
        header_fields=tuple(HeaderField(h["id"], Text(**h["label"]), _text(h.get("help")), bool(h.get("required")))
                            for h in data.get("header_fields") or ()))


def split_ref(ref: str) -> tuple[str, str | None]:
    """``ids-core@2.0.0`` -> ``("ids-core", "2.0.0")``; ``ids-core`` -> ``("ids-core", None)``."""
    qid, sep, version = ref.partition("@")
    return qid, (version or None) if sep else None


class Registry:
    """Finds questionnaires by id and version (folders given with ``--questionnaires`` first, then bundled)
    or path.

    A reference is a path, an id (the latest version known), or ``id@version``. Bundled files are named
    after the id (``ids-core.yaml``) or the id and version (``ids-core@2.0.0.yaml``)."""

    def __init__(self, folders: Sequence[Path] = (), on_problem: Callable[[Problem], None] | None = None) -> None:
        """``on_problem`` hears of invalid or clashing questionnaires in ``folders``, which are then left out
        (one bad file in a folder never stops the others); they are also kept in :attr:`problems`."""
        self.folders = tuple(folders)
        self.on_problem = on_problem
        self.problems: list[Problem] = []
        self._by_ref: dict[str, Questionnaire] = {}
        self._latest: dict[str, Questionnaire] = {}
        self._bundled_ids: set[str] = set()
        self._scanned = False

    def get(self, ref: str) -> Questionnaire:
        """The questionnaire named by ``ref``: a path to a YAML file, an id or ``id@version``."""
        if ref.lower().endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
            path = Path(ref)
            if not path.is_file():
                raise UsageError(f"questionnaire file not found: {ref}")
            return self.add(load_questionnaire(path))
        found = self._by_ref.get(ref)
        if found is not None:
            return found
        qid, version = split_ref(ref)
        if not self.folders:  # the fast path: only the bundled files named after this id are read
            self._load_bundled(qid)
        else:
            self._scan()
        found = self._by_ref.get(ref) if version else self._latest.get(qid)
        if found is None:
            if version and qid in self._latest:
                known = ", ".join(q.version for q in self.versions(qid))
                raise UsageError(f"questionnaire '{qid}' has no version {version} (known: {known})")
            self._scan()
            known = ", ".join(sorted({q.id for q in self._by_ref.values()})) or "none"
            raise UsageError(f"unknown questionnaire '{ref}' (known: {known}; see 'ids-assess questionnaire list')")
        return found

    def versions(self, qid: str) -> list[Questionnaire]:
        """Every known version of ``qid``, oldest first."""
        if not self.folders:
            self._load_bundled(qid)
        else:
            self._scan()
        return sorted((q for q in self._by_ref.values() if q.id == qid), key=lambda q: version_key(q.version))

    def add(self, questionnaire: Questionnaire) -> Questionnaire:
        """Make ``questionnaire`` known by its id and version (the first one added for both wins)."""
        kept = self._by_ref.setdefault(questionnaire.ref, questionnaire)
        latest = self._latest.get(kept.id)
        if latest is None or version_key(kept.version) > version_key(latest.version):
            self._latest[kept.id] = kept
        return kept

    def _load_bundled(self, qid: str) -> None:
        if qid in self._bundled_ids or not _ID.match(qid):
            return
        self._bundled_ids.add(qid)
        folder = resources.questionnaires_dir()
        for path in sorted([folder / f"{qid}.yaml", *folder.glob(f"{qid}@*.yaml")]):
            if path.is_file() and not any(q.origin == _display(path) for q in self._by_ref.values()):
                self.add(_bundled(path))

    def _problem(self, *problems: Problem) -> None:
        for problem in problems:
            self.problems.append(problem)
            if self.on_problem is not None:
                self.on_problem(problem)

    def scan(self) -> None:
        """Load every questionnaire of the folders now (reporting problems once, before any work)."""
        self._scan()

    def all(self) -> list[Questionnaire]:
        """Every known questionnaire, user folders first, then bundled, each id and version once."""
        self._scan()
        return list(self._by_ref.values())

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
                known = self._by_ref.get(found.ref)
                if known is not None:
                    self._problem(Problem(str(path), 1, 1, f"questionnaire '{found.id}' version {found.version} "
                                          f"is also defined in {known.origin}; this file is left out",
                                          "give each questionnaire its own id, or each revision its own version"))
                    continue
                self.add(found)
        for path in sorted(resources.questionnaires_dir().glob("*.yaml")):
            if not any(q.origin == _display(path) for q in self._by_ref.values()):
                q = _bundled(path)
                if q.ref not in self._by_ref:  # a user's own file of that id and version comes first
                    self.add(q)


_ID = re.compile(r"[a-z][a-z0-9-]*\Z")


def pinned(registry: Registry, used: Iterable[tuple[str, str]]) -> Callable[[str], Questionnaire]:
    """A lookup for renderers that name a questionnaire by id alone: a bare id is the newest of the
    versions ``used`` (id, version pairs of the results at hand) rather than the newest known; ``id@version``
    and paths go to the registry as they are."""
    newest: dict[str, str] = {}
    for qid, version in used:
        if qid not in newest or version_key(version) > version_key(newest[qid]):
            newest[qid] = version

    def lookup(ref: str) -> Questionnaire:
        if "@" not in ref and ref in newest:
            return registry.get(f"{ref}@{newest[ref]}")
        return registry.get(ref)

    return lookup


def _display(path: Path) -> str:
    return f"<bundled>/{path.name}"


def _bundled(path: Path) -> Questionnaire:
    """A bundled questionnaire: built once and kept in the user's cache (:mod:`ids_assess.io.prebuilt`)."""
    from ids_assess.io import prebuilt

    display = _display(path)
    return prebuilt.load(path, display, lambda: load_questionnaire(path, display, trusted=True))


def iter_items(questionnaire: Questionnaire) -> Iterable[Item]:
    """Every item in questionnaire order."""
    for section in questionnaire.sections:
        for factor in section.factors:
            yield from factor.items
