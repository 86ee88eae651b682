"""Turning a survey platform's export into answer sets, and answer files (one per respondent row).

:func:`read_export` yields an :class:`~ids_assess.model.AnswerSet` or the problems of each row and writes
nothing; :func:`import_exports` writes one answer file per valid row, atomically, through
:func:`ids_assess.yamlio.dump`, so that every file written validates with ``ids-assess validate``.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ids_assess.core.errors import InvalidInput, Problem, UsageError
from ids_assess.core.model import PLAIN_ANSWERS, Answer, AnswerSet, Questionnaire, Rating, normalise, qref
from ids_assess.io import schema, yamlio
from ids_assess.io.answers import to_document
from ids_assess.io.exchange import mapping
from ids_assess.io.exchange.codebook import Codebook
from ids_assess.io.exchange.mapping import BadValue, ColumnMap, Target, column_letter, fold
from ids_assess.io.exchange.reading import Table, read_table
from ids_assess.io.output import write_atomic
from ids_assess.io.questionnaires import Registry, iter_items
from ids_assess.io.yamlio import refused_character, without_refused

MAX_EVIDENCE = 4000


@dataclass(frozen=True)
class ImportOptions:
    """How to read an export: the platform (``auto`` detects it), the questionnaire (else from the export's
    ``questionnaire`` column or the codebook), a codebook, and header fields for rows that lack them."""

    platform: str = "auto"
    questionnaire: str | None = None
    codebook: Codebook = field(default_factory=Codebook)
    defaults: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Row:
    """One data row read: its Excel row number, the response id, and its answer file or its problems."""

    number: int
    response_id: str | None
    answer_set: AnswerSet | None
    problems: list[Problem]
    version: str | None = None

    @property
    def document(self) -> dict[str, Any] | None:
        """The answer file of a valid row, as written (``None`` for a row with problems)."""
        return None if self.answer_set is None else to_document(self.answer_set, self.version)


class Export:
    """An export opened for reading: platform, questionnaire and column map settled, rows not yet read."""

    def __init__(self, path: Path, registry: Registry, options: ImportOptions, display: str | None = None,
                 need_questionnaire: bool = True) -> None:
        self.path = path
        self.shown = display or str(path)
        self.options = options
        self.table: Table = read_table(path, self.shown)
        self.platform = options.platform if options.platform != "auto" else \
            mapping.detect_platform(self.table.header_rows)
        book = options.codebook
        rows = self.table.rows
        first = next(rows, None)
        self._rows: Iterator[tuple[int, list[Any]]] = itertools.chain([first], rows) if first else iter(())
        forms = mapping.map_columns(self.table.header_rows, self.platform, {}, book.columns).columns("form")
        self.questionnaire: Questionnaire | None = None
        qid, version = _form_values(forms, first)
        ref = _reference(options.questionnaire, (qid, version), book)
        if ref:
            try:
                self.questionnaire = registry.get(ref)
            except UsageError:
                fallback = _reference(options.questionnaire, (qid, None), book)
                if fallback == ref or fallback is None:
                    raise
                # a version the export names but this registry lacks: each row is told so against this one
                self.questionnaire = registry.get(fallback)
        elif need_questionnaire:
            raise UsageError(f"{self.shown}: which questionnaire do the answers belong to? Give -q ID (or a "
                             "codebook with 'questionnaire:')")
        items = self.questionnaire.items if self.questionnaire is not None else {}
        self.columns: ColumnMap = mapping.map_columns(self.table.header_rows, self.platform, items, book.columns)
        self._other_version = self._fitting_version(registry) if self.columns.unmapped else None
        self.warnings: list[Problem] = self._warnings()
        self.ignored = len(self.columns.unmapped) + len(self.columns.duplicates) + sum(
            1 for t in self.columns.targets.values() if t.kind in ("meta", "unknown"))
        self.blank_rows = 0
        self._fields: dict[tuple[str, Any], Any] = {}
        self._width = 0
        self._extras: set[str] = set()

    # --- columns --------------------------------------------------------------------------------

    def cell_problem(self, row: int, column: int, message: str, hint: str = "") -> Problem:
        """``FILE:ROW:COL: message (column C "header") (hint)``."""
        header = json.dumps(self.table.header(column), ensure_ascii=False)
        return Problem(self.shown, row, column + 1, f"{message} (column {column_letter(column)} {header})", hint)

    def _fitting_version(self, registry: Registry) -> str | None:
        """Another version of the questionnaire whose items the export's columns are, more of them than of the
        one loaded (an export of an earlier form read as the latest): its version, else ``None``."""
        q = self.questionnaire
        if q is None:
            return None
        book = self.options.codebook.columns
        loaded = len(self.columns.columns("item"))
        best, most = None, loaded
        for other in registry.versions(q.id):
            if other.version != q.version:
                fits = len(mapping.map_columns(self.table.header_rows, self.platform, other.items, book)
                           .columns("item"))
                if fits > most:
                    best, most = other.version, fits
        return best

    def _warnings(self) -> list[Problem]:
        found = []
        if self._other_version is not None:
            hint = (f"the columns are items of version {self._other_version}: give -q "
                    f"{self._qid()}@{self._other_version} (or a 'version' column)")
        else:
            hint = "map it in a codebook given with --codebook FILE; draft one with --write-codebook"
        for column in self.columns.unmapped:
            found.append(self.cell_problem(1, column, "warning: column is neither an item of "
                                           f"'{self._qref()}' nor a header field; ignored", hint))
        for column, first, name in self.columns.duplicates:
            found.append(self.cell_problem(1, column, f"warning: '{name}' is also in column "
                                           f"{column_letter(first)}; this column is ignored"))
        for column, target in self.columns.targets.items():
            if target.kind == "unknown":
                found.append(self.cell_problem(1, column, f"warning: the codebook maps it to '{target.name}', "
                                               f"which is not an item of '{self._qref()}'; ignored"))
        return found

    def _qid(self) -> str:
        return self.questionnaire.id if self.questionnaire is not None else "?"

    def _qref(self) -> str:
        return self.questionnaire.ref if self.questionnaire is not None else "?"

    # --- rows -----------------------------------------------------------------------------------

    def _field(self, name: str, value: Any) -> str | None:
        """:func:`mapping.field_value`, remembered: agencies, roles and dates repeat down a sheet."""
        try:
            key = (name, value)
            found = self._fields.get(key, self)
        except TypeError:  # an unhashable cell value
            return _clean(name, mapping.field_value(name, value, self.platform))
        if found is self:
            found = _clean(name, mapping.field_value(name, value, self.platform))
            if len(self._fields) < 100_000:
                self._fields[key] = found
        return found  # type: ignore[no-any-return]

    def rows(self) -> Iterator[Row]:
        """Every data row that is not blank, as a :class:`Row`."""
        assert self.questionnaire is not None
        q = self.questionnaire
        scale = mapping.build_scale(q, self.platform, self.options.codebook.values)
        targets = self.columns
        item_cols = targets.columns("item")
        conf_cols = targets.columns("confidence")
        evid_cols = targets.columns("evidence")
        field_cols = targets.columns("field")
        form_cols = targets.columns("form")
        id_col = next((c for c, t in targets.targets.items() if t.kind == "id"), None)
        sub_col = next((c for c, t in targets.targets.items() if t.kind == "submitted"), None)
        defaults = {**self.options.codebook.defaults, **{k: v for k, v in self.options.defaults.items() if v}}
        for name, value in defaults.items():
            try:
                defaults[name] = _clean(name, value) or ""
            except BadValue as exc:
                raise UsageError(f"{name} '{value}': {exc}") from None
        if "agency" not in field_cols and not defaults.get("agency"):
            raise UsageError(f"{self.shown}: no agency: the export has no 'agency' column; give --agency NAME "
                             "(or map a column to agency in a codebook)")
        order = [item.id for item in iter_items(q) if item.id in item_cols]
        self._width = self.table.width
        self._extras = set(conf_cols) | set(evid_cols)
        quiet = set(form_cols.values())  # our blank sheet names the questionnaire in its first row
        content = [c for c in range(self._width) if c not in quiet]
        empty = ("", None)
        for number, cells in self._rows:
            if len(cells) < self._width:
                cells = [*cells, *([None] * (self._width - len(cells)))]
            for c in content:
                value = cells[c]
                if value not in empty and not (type(value) is str and value.isspace()):
                    break
            else:
                self.blank_rows += 1
                continue
            yield self._row(number, cells, q, scale, order, item_cols, conf_cols, evid_cols, field_cols, form_cols,
                            id_col, sub_col, defaults)

    def _row(self, number: int, cells: Sequence[Any], q: Questionnaire, scale: mapping.Scale, order: list[str],
             item_cols: dict[str, int], conf_cols: dict[str, int], evid_cols: dict[str, int],
             field_cols: dict[str, int], form_cols: dict[str, int], id_col: int | None, sub_col: int | None,
             defaults: Mapping[str, str]) -> Row:
        problems: list[Problem] = []
        extras = self._extras

        def bad(column: int, message: str, hint: str = "") -> None:
            problems.append(self.cell_problem(number, column, message, hint))

        version = None
        if form_cols:
            column = form_cols.get("questionnaire")
            if column is not None and cells[column] != q.id:
                named = mapping.text_of(cells[column])
                if named and named != q.id:
                    bad(column, f"the row is for questionnaire '{named}', not '{q.id}'",
                        "import the rows of each questionnaire separately")
            column = form_cols.get("version")
            if column is not None:
                version = cells[column] if cells[column] == q.version else mapping.text_of(cells[column]) or None
                if version is not None and version != q.version:
                    bad(column, f"the row answers version {version} of '{q.id}', but version {q.version} is "
                        "loaded", "collect with a form exported from the loaded questionnaire")
        values = dict(defaults)
        field = self._field
        for name, column in field_cols.items():
            try:
                value = field(name, cells[column])
            except BadValue as exc:
                bad(column, str(exc), exc.hint)
                values.pop(name, None)
                continue
            if value is not None:
                values[name] = value
        if "date" not in values and sub_col is not None:
            try:
                found = mapping.date_value(cells[sub_col])
            except BadValue:
                found = None
            if found:
                values["date"] = found
        if "agency" not in values:
            if not any(p.message.startswith("agency") for p in problems):
                bad(field_cols.get("agency", 0), "agency is empty", "fill it in, or give --agency NAME")
        partner = values.get("partner")
        if "tie" in values and not partner:
            bad(field_cols.get("tie", 0), "tie is given without a partner", "name the partner agency, or leave "
                "tie blank")
        if partner and normalise(partner) in {normalise(values.get("agency", "")),
                                              normalise(values.get("agency_id", ""))} - {""}:
            bad(field_cols.get("partner", 0), "partner is the agency itself",
                "name the other agency the relationship statements are about")
        built: dict[str, Answer] = {}
        rate = scale.rating
        plain = PLAIN_ANSWERS
        for item_id in order:
            column = item_cols[item_id]
            try:
                rating = rate(cells[column])
            except BadValue as exc:
                bad(column, f"{item_id}: {exc}", exc.hint)
                continue
            if item_id not in extras:  # the common case: a plain rating, or none
                if rating is not None:
                    built[item_id] = plain[rating]
                continue
            confidence = evidence = None
            if item_id in conf_cols:
                try:
                    confidence = mapping.confidence_value(cells[conf_cols[item_id]])
                except BadValue as exc:
                    bad(conf_cols[item_id], str(exc), exc.hint)
            if item_id in evid_cols:
                evidence = mapping.text_of(cells[evid_cols[item_id]]).replace("\r\n", "\n").strip() or None
                if evidence and refused_character(evidence):
                    bad(evid_cols[item_id], "evidence holds a control character", "delete it from the cell")
                    evidence = None
                elif evidence and len(evidence) > MAX_EVIDENCE:
                    bad(evid_cols[item_id], f"evidence is {len(evidence):,} characters, over {MAX_EVIDENCE:,}",
                        "shorten it")
            if rating is None:
                if confidence or evidence:
                    place = conf_cols.get(item_id) if confidence else evid_cols.get(item_id)
                    bad(place if place is not None else item_cols[item_id],
                        f"{item_id}: confidence or evidence is given but the item is not answered",
                        "rate the item, or clear the cell")
                continue
            if confidence is None and evidence is None:
                built[item_id] = plain[rating]
            else:
                built[item_id] = Answer(cast(Rating, rating), confidence, evidence)
        response_id = mapping.text_of(cells[id_col]) or None if id_col is not None else None
        if problems:
            return Row(number, response_id, None, sorted(problems))
        get = values.get
        answer_set = AnswerSet(
            source=f"{self.shown}:{number}", questionnaire=q.id, agency=values["agency"], answers=built,
            agency_id=get("agency_id"), respondent=get("respondent"), role=get("role"), date=get("date"),
            partner=partner, tie=get("tie"), version=q.version)
        return Row(number, response_id, answer_set, [], q.version)


def _form_values(forms: Mapping[str, int], first: tuple[int, list[Any]] | None) -> tuple[str | None, str | None]:
    """The questionnaire id and version the first data row names in its ``questionnaire`` and ``version``
    columns (the calculate fields of our XLSForm, the first columns of our blank sheets)."""
    if first is None:
        return None, None
    cells = first[1]

    def cell(name: str) -> str | None:
        column = forms.get(name)
        return (mapping.text_of(cells[column]) or None) if column is not None and column < len(cells) else None

    return cell("questionnaire"), cell("version")


def _reference(given: str | None, named: tuple[str | None, str | None], book: Codebook) -> str | None:
    """The registry reference of the questionnaire an export answers: ``-q`` (``ID``, ``ID@VERSION`` or a
    path) first, else the export's own ``questionnaire`` and ``version`` columns, else the codebook's
    ``questionnaire`` and ``version``. A bare id takes the version the export or the codebook names for that
    id (a bare id alone means the latest)."""
    qid, version = named
    if given is None:
        if qid:
            return qref(qid, version or (book.version if book.questionnaire in (None, qid) else None))
        if book.questionnaire:
            return qref(book.questionnaire, book.version or version)
        return None
    if "@" in given or given.lower().endswith((".yaml", ".yml")) or "/" in given or "\\" in given:
        return given  # a version or a file: exactly what was asked for
    if version and qid in (None, given):
        return qref(given, version)
    if book.version and book.questionnaire in (None, given):
        return qref(given, book.version)
    return given


def _clean(name: str, value: str | None) -> str | None:
    """A header field's text with line ends normalised; control characters (and line breaks where one line is
    needed) are :class:`~mapping.BadValue`."""
    if value is None:
        return None
    value = value.replace("\r\n", "\n").strip()
    if refused_character(value):
        raise BadValue(f"{name} holds a control character", "delete it from the cell")
    if "\n" in value and name != "respondent":
        raise BadValue(f"{name} holds a line break", "keep it on one line")
    return value or None


def read_export(path: Path, registry: Registry, options: ImportOptions | None = None,
                display: str | None = None) -> Iterator[AnswerSet | list[Problem]]:
    """Each respondent row of an export as an :class:`AnswerSet`, or as the list of its problems.

    Writes nothing. Raises :class:`InvalidInput` when the file cannot be read at all and
    :class:`UsageError` when the questionnaire or the agency cannot be settled.
    """
    export = Export(path, registry, options or ImportOptions(), display)
    for row in export.rows():
        yield row.answer_set if row.answer_set is not None else row.problems


# --- writing answer files -----------------------------------------------------------------------

@dataclass
class Summary:
    """What an import did."""

    files: int = 0
    rows: int = 0
    written: int = 0
    skipped: int = 0
    ignored_columns: int = 0
    paths: list[Path] = field(default_factory=list)

    def line(self, out_dir: Path) -> str:
        return (f"{self.rows} row(s) read from {self.files} file(s): {self.written} answer file(s) written to "
                f"{out_dir}, {self.skipped} row(s) skipped, {self.ignored_columns} column(s) ignored")


def slug(text: str) -> str:
    """A file-name-safe form of a response id: ASCII letters, digits, ``.``, ``_`` and ``-`` (ids such as
    Qualtrics' ``R_3kVxQw1`` keep their shape; the survey's names use :func:`ids_assess.core.safetext.slug`)."""
    ascii_text = unicodedata.normalize("NFKC", text).casefold()
    cleaned = re.sub(r"[^a-z0-9._-]+", "-", ascii_text)
    return re.sub(r"-{2,}", "-", cleaned).strip("-._")[:80]


def import_exports(paths: Sequence[Path], registry: Registry, options: ImportOptions, out_dir: Path, force: bool,
                   say: Callable[[Problem], None]) -> Summary:
    """Write one answer file per valid row of every export into ``out_dir``; report each warning and each
    skipped row's problems through ``say``. Never overwrites an existing file unless ``force``."""
    summary = Summary()
    used: set[str] = set()
    exports = [Export(path, registry, options) for path in paths]  # every file readable before any is written
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ids_assess.core.errors import OutputError

        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    for export in exports:
        summary.files += 1
        summary.ignored_columns += export.ignored
        for note in export.table.notes:
            say(Problem(export.shown, 0, 0, f"note: {note}"))
        for warning in export.warnings:
            say(warning)
        stem = slug(export.path.stem) or "export"
        for row in export.rows():
            summary.rows += 1
            doc = row.document
            if doc is None:
                summary.skipped += 1
                for problem in row.problems:
                    say(problem)
                continue
            response = slug(row.response_id or "")
            if response.isdigit():  # a running number (Wenjuanxing's 序号, LimeSurvey's id): say whose
                response = f"{stem}-{response}"
            name = _unique(response or f"{stem}-r{row.number}", used)
            target = out_dir / f"{name}.yaml"
            if target.exists() and not force:
                summary.skipped += 1
                say(Problem(export.shown, row.number, 1, f"{target} exists; not overwritten",
                            "import into an empty folder, or use --force to overwrite"))
                continue
            if not schema.answers_ok(doc):  # pragma: no cover - every field is checked when read
                summary.skipped += 1
                say(Problem(export.shown, row.number, 1, "the row cannot be written as a valid answer file"))
                continue
            origin = json.dumps(str(export.path.name), ensure_ascii=False)
            write_atomic(target, f"# imported by ids-assess from {without_refused(origin)}, row {row.number}\n"
                         + yamlio.dump(doc))
            summary.written += 1
            summary.paths.append(target)
    return summary


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate.casefold())
    return candidate


def draft_codebook(path: Path, registry: Registry, options: ImportOptions) -> tuple[str, list[str]]:
    """A codebook for ``path`` with every column mapped as far as it can be told, the rest ``null``; and the
    headers left ``null`` (to map by hand or to leave ignored)."""
    from ids_assess.io.exchange.codebook import render

    export = Export(path, registry, options, need_questionnaire=False)
    columns: dict[str, str | None] = {}
    open_headers = []
    for column in range(export.table.width):
        header = export.table.header(column)
        if not header or header in columns:
            continue
        target: Target | None = export.columns.targets.get(column)
        if target is not None and target.kind == "item":
            columns[header] = target.name
        elif target is not None and target.kind in ("confidence", "evidence"):
            columns[header] = f"{target.name}_{target.kind}"
        elif target is not None and target.kind in ("field", "form"):
            columns[header] = target.name
        elif target is not None and target.kind in ("id", "submitted", "meta"):
            continue
        else:
            columns[header] = None
            open_headers.append(header)
    values: dict[str, Any] = {}
    q = export.questionnaire
    if q is not None:
        scale = mapping.build_scale(q, export.platform, options.codebook.values)
        item_cols = export.columns.columns("item")
        for _number, cells in export._rows:
            for column in item_cols.values():
                value = cells[column] if column < len(cells) else None
                try:
                    scale.rating(value)
                except BadValue:
                    values.setdefault(fold(mapping.text_of(value)), None)
            if len(values) > 200:
                break
    text = render(q.id if q else options.codebook.questionnaire, q.version if q else None, columns, values,
                  dict(options.defaults) or None)
    return text, open_headers


__all__ = ["Export", "ImportOptions", "InvalidInput", "Row", "Summary", "import_exports", "read_export"]
