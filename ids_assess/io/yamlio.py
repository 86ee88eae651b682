"""The only place that reads or writes YAML.

Reading is hardened: safe loading only; duplicate keys, anchors and aliases, explicit tags, nesting
deeper than :data:`MAX_DEPTH` and files over :data:`MAX_BYTES` are errors with their position. YAML 1.1
surprises are not applied: ``no``, ``on`` and ``yes`` stay strings, dates stay strings, ``012345`` stays
the string ``"012345"``, and ``.inf``/``.nan`` are rejected. Mapping keys are always strings.

A loaded :class:`YamlDocument` keeps the composed node tree so that a problem found later (a schema
error with a JSON path) can be placed at its line and column with :meth:`YamlDocument.locate`.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ids_assess.core.errors import InvalidInput, Problem
from ids_assess.core.safetext import quote
from ids_assess.io.documents import NOT_YAML_HINT, document_kind

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# untagged nodes get these private tags, so that an explicit '!!str', '!!seq' or '!!map' is still seen
_PLAIN, _LIST, _DICT = "ids-assess:implicit-str", "ids-assess:implicit-seq", "ids-assess:implicit-map"
_DEFAULT_TAGS = {yaml.ScalarNode: _PLAIN, yaml.SequenceNode: _LIST, yaml.MappingNode: _DICT}


class _BaseLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
    """libyaml's C parser (the pure-Python one where PyYAML was built without it), resolving nothing:
    untagged nodes get the default tag and typing is done by :func:`_plain`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")
_NONFINITE = re.compile(r"[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

PathPart = str | int


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data, and the node tree to find positions in."""

    path: str
    data: Any
    root: Any  # yaml.Node | None
    text: str
    # each mapping's keys, indexed on first use: locating is then a walk down the path, not a scan
    _keys: dict[int, dict[str, tuple[int, Any, Any]]] = field(default_factory=dict, repr=False, compare=False)
    _lines: list[str] | None = field(default=None, repr=False, compare=False)

    def locate(self, where: Sequence[PathPart], key: bool = False) -> tuple[int, int]:
        """Line and column (from 1) of the value at ``where``, or of its key with ``key=True``.

        Walks as deep as the path exists and returns the place of the deepest node found.
        """
        mark = self._walk(where, key)[0]
        return (1, 1) if mark is None else (mark.line + 1, mark.column + 1)

    def order(self, where: Sequence[PathPart], key: bool = False) -> tuple[int, ...]:
        """Where ``where`` comes in the document, as the entries' ordinals down the path (cheap: no
        position is computed), so that the first problems of many can be chosen before any is located."""
        return self._walk(where, key)[1]

    def _walk(self, where: Sequence[PathPart], key: bool) -> tuple[Any, tuple[int, ...]]:
        node = self.root
        if node is None:
            return None, ()
        found = node.start_mark
        ordinals: list[int] = []
        for i, part in enumerate(where):
            last = i == len(where) - 1
            if isinstance(node, yaml.MappingNode):
                entry = self._mapping(node).get(str(part))
                if entry is None:
                    break
                ordinal, knode, vnode = entry
                found = knode.start_mark if (last and key) else vnode.start_mark
                ordinals.append(ordinal)
                node = vnode
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                    found = node.start_mark
                    ordinals.append(part)
                else:
                    break
            else:
                break
        else:
            if where:
                ordinals.append(0 if key else 1)  # a key comes before its value
        return found, tuple(ordinals)

    def _mapping(self, node: Any) -> dict[str, tuple[int, Any, Any]]:
        keys = self._keys.get(id(node))
        if keys is None:
            keys = {}
            for ordinal, (knode, vnode) in enumerate(node.value):
                if isinstance(knode, yaml.ScalarNode):
                    keys.setdefault(knode.value, (ordinal, knode, vnode))  # the first of duplicates, as before
            self._keys[id(node)] = keys
        return keys

    def problem(self, where: Sequence[PathPart], message: str, key: bool = False, hint: str = "") -> Problem:
        """A :class:`Problem` placed at ``where``, with an input-method hint when the line needs one."""
        line, column = self.locate(where, key=key)
        if self._lines is None:
            self._lines = self.text.splitlines()
        return Problem(self.path, line, column, message, _hint_in(self._lines, line) or hint)


def line_hint(text: str, line: int) -> str:
    """A targeted hint for common input-method slips on ``line`` (1-based), or ``""``."""
    return _hint_in(text.splitlines(), line)


def _hint_in(lines: list[str], line: int) -> str:
    if not 1 <= line <= len(lines):
        return ""
    current = lines[line - 1]
    if current.lstrip(" ").startswith("\u3000"):
        return "the line is indented with an ideographic (full-width) space; indent with ASCII spaces"
    stripped = current.split("#", 1)[0]
    if "\uff1a" in stripped and ":" not in stripped.split("\uff1a", 1)[0]:
        return "a full-width colon '：' stands where ':' is needed; type ': ' with the input method off"
    if "\t" in current[: len(current) - len(current.lstrip())]:
        return "the line is indented with a tab; YAML needs spaces"
    return ""


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file with a size limit, explaining what is wrong when it is not UTF-8."""
    shown = display or str(path)
    return decode(read_limited(path, shown), shown)


def read_limited(path: Path, shown: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, reading at most ``limit`` (:data:`MAX_BYTES`) + 1 of them: the size the
    file system reports is not trusted (``/proc`` files say 0; a file may grow while it is read)."""
    limit = MAX_BYTES if limit is None else limit
    hint = "split it, or check it is the right file"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput([Problem(shown, 0, 0, "not a regular file", "give a YAML file or a folder")])
        if info.st_size > limit:
            raise InvalidInput([Problem(shown, 1, 1, f"file is {info.st_size:,} bytes, over the limit of "
                                        f"{limit:,}", hint)])
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the check above
                raise InvalidInput([Problem(shown, 0, 0, "not a regular file", "give a YAML file or a folder")])
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InvalidInput([Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > limit:
        raise InvalidInput([Problem(shown, 1, 1, f"file is over the limit of {limit:,} bytes", hint)])
    return raw


def decode(raw: bytes, shown: str) -> str:
    """Decode UTF-8 (a BOM is dropped); other encodings get a hint naming them, and a PDF, Word document,
    workbook or ZIP archive is named as such."""
    kind = document_kind(raw)
    if kind is not None:
        raise InvalidInput([Problem(shown, 1, 1, f"this is {kind}, not a YAML answer file", NOT_YAML_HINT)])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 3 and raw.count(b"\x00") * 3 > len(raw)):
        raise InvalidInput([Problem(shown, 1, 1, "file looks like UTF-16, not UTF-8",
                                    "save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[start:exc.start].decode("utf-8", "replace")) + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = ("the file looks like GBK/GB18030; save it as UTF-8, "
                    "e.g. iconv -f GB18030 -t UTF-8 in.yaml > out.yaml")
        except UnicodeDecodeError:
            pass
        raise InvalidInput([Problem(shown, line, column, "file is not valid UTF-8", hint)]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# C0 and C1 controls but tab, LF and CR (and NEL, which YAML allows), DEL, and the non-characters
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# where block nesting may run deep: long indentation, or many "- " / "? " on one line
_DEEP_BLOCK = re.compile(rf"^[ \t]{{{MAX_DEPTH},}}\S|^[ \t]*(?:[-?][ \t]+){{4,}}", re.M)


_WIDE_INDENT = "\n" + " " * MAX_DEPTH


def refused_character(text: str) -> str | None:
    """The first character of ``text`` that no YAML input may hold (a control character other than tab
    and line breaks, or a non-character), raw or escaped; ``None`` when there is none."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def without_refused(text: str, stand_in: str = "?") -> str:
    """``text`` with every character :func:`refused_character` finds replaced by ``stand_in``."""
    return _CONTROL.sub(stand_in, text)


def _maybe_deep_block(text: str) -> bool:
    """Whether block nesting could run deep: cheap substring tests first, the regular expression only then."""
    if _WIDE_INDENT in text or "\t" in text or "- -" in text or "? ?" in text or "- ?" in text or "? -" in text:
        return _DEEP_BLOCK.search(text) is not None
    return False


def _control_characters(text: str, shown: str) -> None:
    problems = []
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = f"U+{ord(match.group()):04X}"
        what = "NUL character" if code == "U+0000" else f"control character {code}"
        problems.append(Problem(shown, line, column, f"{what} is not allowed",
                                "delete it; it was probably pasted from a terminal or another program"))
        if len(problems) >= 10:
            break
    if problems:
        raise InvalidInput(problems)


def load(path: Path | str, display: str | None = None) -> YamlDocument:
    """Load one YAML file safely. Raises :class:`InvalidInput` with every problem found."""
    path = Path(path)
    shown = display or str(path)
    return loads(read_text(path, shown), shown)


def loads(text: str, shown: str = "<string>") -> YamlDocument:
    """Load YAML from a string (see :func:`load`)."""
    if _CONTROL.search(text):
        _control_characters(text, shown)
    if "&" in text or "*" in text or text.count("[") + text.count("{") > MAX_DEPTH or _maybe_deep_block(text):
        _scan_events(text, shown)  # the careful path: anchors, aliases and deep nesting, without recursion
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.MarkedYAMLError as exc:
        raise InvalidInput([_syntax_problem(exc, text, shown)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we have seen
        raise InvalidInput([Problem(shown, 1, 1, f"YAML error: {exc}")]) from None
    except RecursionError:  # pragma: no cover - the careful path stops deep nesting first
        raise InvalidInput([Problem(shown, 1, 1, f"nesting deeper than {MAX_DEPTH} levels")]) from None
    problems: list[Problem] = []
    data = _construct(root, 0, shown, text, problems) if root is not None else None
    if problems:
        raise InvalidInput(problems)
    return YamlDocument(shown, data, root, text)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    """One located, worded problem for a YAML syntax error."""
    context = exc.context or ""
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        cm = exc.context_mark
        quote = text.splitlines()[cm.line][cm.column:cm.column + 1] if cm.line < len(text.splitlines()) else '"'
        return Problem(shown, cm.line + 1, cm.column + 1,
                       "YAML syntax error: the quoted text starting here is never closed",
                       f"add the closing {quote or chr(34)}")
    if "expected a single document" in context or "another document" in problem:
        return Problem(shown, line, column, "YAML syntax error: more than one document ('---') in the file",
                       "keep one document per file")
    # an input-method slip on this line or just above it often surfaces as an error a line or two later
    for candidate in _lines_back(text, line):
        hint = line_hint(text, candidate)
        if hint:
            col = _hint_column(text, candidate)
            if hint.startswith("a full-width colon"):  # say the slip itself; the parser's words would mislead
                return Problem(shown, candidate, col, "YAML syntax error: a full-width colon '：' stands where ':' "
                               "is needed", "type ': ' with the input method off, not the full-width colon")
            return Problem(shown, candidate, col, f"YAML syntax error: {problem or context or 'invalid YAML'}", hint)
    return Problem(shown, line, column, f"YAML syntax error: {problem or context or 'invalid YAML'}",
                   "check indentation and quoting")


def _lines_back(text: str, line: int, count: int = 3) -> list[int]:
    """``line`` and the lines above it, ``count`` in all, not counting blank and comment lines: a template's
    comments stand between the slip and the line the parser stumbles on."""
    lines = text.splitlines()
    found = []
    for number in range(min(line, len(lines) + 1), 0, -1):
        content = lines[number - 1].strip(" \t\u3000") if number <= len(lines) else ""
        if number != line and (not content or content.startswith("#")):
            continue
        found.append(number)
        if len(found) == count:
            break
    return found


def _hint_column(text: str, line: int) -> int:
    current = text.splitlines()[line - 1]
    for ch in ("\uff1a", "\u3000", "\t"):
        if ch in current:
            return current.index(ch) + 1
    return 1


def _scan_events(text: str, shown: str) -> None:
    """Walk the event stream (no recursion) to reject anchors, aliases and deep nesting early."""
    problems: list[Problem] = []
    depth = 0
    resume = 0  # where the last event ended, to go on counting by hand if libyaml gives up first
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            resume = event.end_mark.index if event.end_mark is not None else resume
            mark = event.start_mark
            place = (shown, mark.line + 1, mark.column + 1) if mark is not None else (shown, 1, 1)
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(*place, f"alias '*{event.anchor}' is not allowed",
                                        "write the value out in full"))
            elif isinstance(event, yaml.NodeEvent) and event.anchor:
                problems.append(Problem(*place, f"anchor '&{event.anchor}' is not allowed",
                                        "remove the anchor; write values out in full"))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth >= MAX_DEPTH:  # this collection would be one level too many
                    problems.append(Problem(*place, f"nesting deeper than {MAX_DEPTH} levels"))
                    break
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        # libyaml looks ahead and stops at its own limit (1,000 flow levels) before yielding the event
        # that is one level too deep for us: find that place by counting brackets from the last event
        if "nesting depth" in str(exc) and not problems:
            problems.append(_flow_depth_problem(text, resume, depth, shown))
        # other syntax errors are reported, with their place, by the composer
    if problems:
        raise InvalidInput(problems)


def _flow_depth_problem(text: str, start: int, depth: int, shown: str) -> Problem:
    index = start
    for index in range(start, len(text)):
        char = text[index]
        if char in "[{":
            if depth >= MAX_DEPTH:
                break
            depth += 1
        elif char in "]}":
            depth -= 1
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(shown, line, column, f"nesting deeper than {MAX_DEPTH} levels")


def _construct(node: Any, depth: int, shown: str, text: str, problems: list[Problem]) -> Any:
    """Turn a node into plain Python values, collecting problems with their places."""
    if depth >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):  # at most MAX_DEPTH nested collections
        mark = node.start_mark
        problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                f"nesting deeper than {MAX_DEPTH} levels"))
        return None
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag != _PLAIN:
            return _bad_tag(node, shown, problems)
        value = node.value
        if node.style not in ("", None):  # quoted or block scalars are always text
            if node.style == '"' and _CONTROL.search(value):  # an escape such as \e or \a made one
                _escaped_control(node, value, shown, problems)
            return value
        known = _PLAIN_CACHE.get(value, _MISSING)
        if known is not _MISSING:
            return known
        return _plain(node, value, shown, text, problems)
    if isinstance(node, yaml.SequenceNode):
        if tag != _LIST:
            return _bad_tag(node, shown, problems)
        return [_construct(child, depth + 1, shown, text, problems) for child in node.value]
    if tag != _DICT:
        return _bad_tag(node, shown, problems)
    result: dict[str, Any] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode) or knode.tag != _PLAIN:
            mark = knode.start_mark
            problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                    "a mapping key must be plain text"))
            continue
        key = knode.value
        if knode.style == '"' and _CONTROL.search(key):
            _escaped_control(knode, key, shown, problems)
        if key in result:
            mark = knode.start_mark
            problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                    f"duplicate key {quote(key)}", "each key may appear once; remove one"))
            continue
        result[key] = _construct(vnode, depth + 1, shown, text, problems)
    return result


def _escaped_control(node: Any, value: str, shown: str, problems: list[Problem]) -> None:
    mark = node.start_mark
    code = f"U+{ord(_CONTROL.search(value).group()):04X}"  # type: ignore[union-attr]
    problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                            f"control character {code} (written as an escape) is not allowed",
                            "remove the escape sequence from the quoted text"))


_MISSING = object()
_PLAIN_CACHE: dict[str, Any] = {}  # plain scalars resolve the same every time: ratings, ids, roles ...


def _plain(node: Any, value: str, shown: str, text: str, problems: list[Problem]) -> Any:
    """Resolve a plain scalar by a strict, YAML-1.2-like core schema (results of short ones are cached)."""
    result = _resolve(node, value, shown, problems)
    if len(value) <= 64 and not problems:
        if len(_PLAIN_CACHE) > 50_000:
            _PLAIN_CACHE.clear()
        _PLAIN_CACHE[value] = result
    return result


def _resolve(node: Any, value: str, shown: str, problems: list[Problem]) -> Any:
    if value in _NULLS:
        return None
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            if len(value) > 100:  # Python refuses to convert very long digit strings, and no value needs one
                mark = node.start_mark
                problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                        f"a number of {len(value)} digits is not allowed"))
                return None
            return int(value)
        if _FLOAT.match(value):
            number = float(value)
            if math.isfinite(number):
                return number
        if _NONFINITE.match(value):
            mark = node.start_mark
            problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                    f"non-finite number '{value}' is not allowed"))
            return None
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


def _bad_tag(node: Any, shown: str, problems: list[Problem]) -> None:
    mark = node.start_mark
    tag = str(node.tag)
    shown_tag = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
    problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                            f"explicit tag '{shown_tag}' is not allowed", "remove the tag"))
    return None


# --- writing ------------------------------------------------------------------------------------

def dump(data: Any) -> str:
    """Readable YAML: block style, keys in the given order, Unicode kept as is."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def scalar(value: str | int | float | bool | None) -> str:
    """One scalar as this module writes it inline (quoted where it would read back as something else)."""
    text = dump(value)
    if text.endswith("\n...\n"):  # PyYAML ends a lone plain scalar with a document end marker
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def quoted(value: str) -> str:
    """A string written inline in double quotes (a version, so that it is never read as a number)."""
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_style='"', width=10_000).splitlines()[0]


class _Dumper(yaml.SafeDumper):
    """A safe dumper that never writes anchors and quotes strings YAML 1.1 would misread."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _reads_as_other(value: str) -> bool:
    """Whether ``value`` written plain would be read back by this module as something else than the same
    string (a number, a boolean, null): such strings are written quoted. PyYAML's own resolver follows
    YAML 1.1 and misses some of ours (``1e5``, ``+1``, ``.5e3``)."""
    if value in _NULLS or value in _TRUE or value in _FALSE:
        return True
    first = value[0]
    return (first.isdigit() or first in "+-.") and bool(
        _INT.match(value) or _FLOAT.match(value) or _NONFINITE.match(value))


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _ODD_BREAKS.search(value):  # line breaks other than \n are only kept exactly as escapes
        return dumper.represent_scalar(_STR, value, style='"')
    if "\n" in value:
        # a literal block keeps line breaks readable; PyYAML falls back to quotes where one cannot hold it
        return dumper.represent_scalar(_STR, value, style="|")
    return dumper.represent_scalar(_STR, value, style='"' if _reads_as_other(value) else None)


_Dumper.add_representer(str, _str_representer)


_SKIP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig", ".lock")


def find_yaml_files(paths: Sequence[Path], warn: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Yield YAML files: files given as they are; folders searched recursively, in sorted order.

    ``.yaml``/``.yml`` in any case; hidden files and folders, editor backups, lock files and anything that is
    not a regular file skipped. A file reached twice (named twice, or also inside a folder given) is yielded
    once, so that no respondent is counted twice. Inside a folder, a link (to a file or a folder) is followed
    only when it points inside one of the folders given; one that points out of them is skipped, with a
    warning passed to ``warn``.
    """
    seen: set[str] = set()
    roots = [os.path.realpath(p).rstrip(os.sep) + os.sep for p in paths if p.is_dir()]

    def first(path: Path) -> bool:
        key = os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    def contained(link: str) -> bool:
        real = os.path.realpath(link)
        if any((real + os.sep).startswith(root) for root in roots):
            return True
        if warn is not None:
            warn(f"warning: {link}: a link to {real}, outside the folders given; skipped")
        return False

    walked: set[str] = set()
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=True):  # linked folders too, each once
                real = os.path.realpath(root)
                if real in walked:
                    dirs[:] = []
                    continue
                walked.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and
                                 (not os.path.islink(os.path.join(root, d)) or contained(os.path.join(root, d))))
                for name in sorted(files):
                    lower = name.lower()
                    if name.startswith((".", "~$", "#")) or lower.endswith(_SKIP_SUFFIXES):
                        continue
                    candidate = Path(root) / name
                    if not lower.endswith((".yaml", ".yml")):
                        continue
                    if candidate.is_symlink() and not contained(str(candidate)):
                        continue
                    if candidate.is_file() and first(candidate):
                        yield candidate
        elif first(path):
            yield path
