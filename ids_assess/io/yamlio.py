"""The only place that reads or writes YAML.

Reading is hardened: safe loading only; duplicate keys, anchors and aliases, explicit tags, nesting
deeper than :data:`MAX_DEPTH` and files over :data:`MAX_BYTES` are errors with their position. YAML 1.1
surprises are not applied: ``no``, ``on`` and ``yes`` stay strings, dates stay strings, ``012345`` stays
the string ``"012345"``, and ``.inf``/``.nan`` are rejected. Mapping keys are always strings.

A loaded :class:`YamlDocument` keeps the composed node tree so that a problem found later (a schema
error with a JSON path) can be placed at its line and column with :meth:`YamlDocument.locate`.

Two parsers, one result. Every text can go through libyaml (PyYAML's C parser): it composes the node tree,
and our constructor types each scalar and places every problem. Most answer files are plain YAML that a
YAML 1.2 core parser reads to exactly the same values, so a text that a cheap test finds free of anything
where the two could differ (anchors, tags, escapes, tabs, unusual line breaks, several documents, numbers
written with a sign, leading zeros, a base, underscores or an exponent, deep nesting) is read by yaml-rs
(Rust), when it is installed; its values are checked (string keys, finite numbers, depth) and the node tree is
composed only when a position is asked for. Any doubt, or any error, and the text goes through libyaml, which
words and places the problems. PyYAML itself is imported only then.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ids_assess.core.errors import InvalidInput, Problem
from ids_assess.core.safetext import quote
from ids_assess.io.documents import NOT_YAML_HINT, document_kind
from ids_assess.io.files import MAX_BYTES as MAX_BYTES
from ids_assess.io.files import find_yaml_files as find_yaml_files
from ids_assess.io.files import read_limited as read_limited
from ids_assess.io.yaml_syntax import hint_in, syntax_problem
from ids_assess.io.yaml_syntax import line_hint as line_hint
from ids_assess.io.yamlfast import (
    CONTROL_OR_NOT_FOR_RS,
    MISSING,
    flow_depth,
    maybe_anchor,
    maybe_deep_block,
    read_rs,
)
from ids_assess.io.yamlfast import MAX_DEPTH as FAST_MAX_DEPTH

if TYPE_CHECKING:
    import yaml


MAX_DEPTH = FAST_MAX_DEPTH
_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels"

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# untagged nodes get these private tags, so that an explicit '!!str', '!!seq' or '!!map' is still seen
_PLAIN, _LIST, _DICT = "ids-assess:implicit-str", "ids-assess:implicit-seq", "ids-assess:implicit-map"

_lazy: dict[str, Any] = {}


def _pyyaml() -> Any:
    """PyYAML, imported on first use, with our loader and dumper classes (see :func:`__getattr__`)."""
    if not _lazy:
        import yaml

        default_tags = {yaml.ScalarNode: _PLAIN, yaml.SequenceNode: _LIST, yaml.MappingNode: _DICT}

        class _BaseLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
            """libyaml's C parser (the pure-Python one where PyYAML was built without it), resolving nothing:
            untagged nodes get the default tag and typing is done by :func:`_plain`."""

            def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
                return default_tags[kind]

        class _Dumper(yaml.SafeDumper):
            """A safe dumper that never writes anchors and quotes strings YAML 1.1 would misread."""

            def ignore_aliases(self, data: Any) -> bool:
                return True

        def str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
            if _ODD_BREAKS.search(value):  # line breaks other than \n are only kept exactly as escapes
                return dumper.represent_scalar(_STR, value, style='"')
            if "\n" in value:
                # a literal block keeps line breaks readable; PyYAML falls back to quotes where one cannot hold it
                return dumper.represent_scalar(_STR, value, style="|")
            return dumper.represent_scalar(_STR, value, style='"' if _reads_as_other(value) else None)

        _Dumper.add_representer(str, str_representer)
        _lazy.update(yaml=yaml, _BaseLoader=_BaseLoader, _Dumper=_Dumper)
    return _lazy["yaml"]


def __getattr__(name: str) -> Any:
    """``_BaseLoader`` and ``_Dumper`` are made on first use, so that importing this module leaves PyYAML out."""
    if name in ("_BaseLoader", "_Dumper"):
        _pyyaml()
        return _lazy[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _loader() -> Any:
    _pyyaml()
    return _lazy["_BaseLoader"]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")
_NONFINITE = re.compile(r"[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

PathPart = str | int


_UNCOMPOSED: Any = object()  # the root of a document read by yaml-rs, until a position is asked for


class YamlDocument:
    """A parsed YAML file: its plain data, and the node tree to find positions in."""

    __slots__ = ("_keys", "_lines", "_root", "data", "path", "text")

    def __init__(self, path: str, data: Any, root: Any, text: str) -> None:
        self.path = path
        self.data = data
        self._root = root
        self.text = text
        # each mapping's keys, indexed on first use: locating is then a walk down the path, not a scan
        self._keys: dict[int, dict[str, tuple[int, Any, Any]]] = {}
        self._lines: list[str] | None = None

    @property
    def root(self) -> Any:  # yaml.Node | None
        """The composed node tree (composed now if the text was read by yaml-rs)."""
        if self._root is _UNCOMPOSED:
            try:
                self._root = _pyyaml().compose(self.text, Loader=_loader())
            except Exception:
                # yaml-rs took a text that libyaml refuses (a difference the prefilter missed): the problem as
                # libyaml words and places it, never an internal error
                _load_libyaml(self.text, self.path)
                raise
        return self._root

    @root.setter
    def root(self, value: Any) -> None:
        self._root = value

    def __repr__(self) -> str:
        return f"YamlDocument(path={self.path!r}, data={self.data!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, YamlDocument):
            return NotImplemented
        return (self.path, self.data, self.text) == (other.path, other.data, other.text)

    __hash__ = None  # type: ignore[assignment]

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
        yaml = _pyyaml()
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
            yaml = _pyyaml()
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
        return Problem(self.path, line, column, message, hint_in(self._lines, line) or hint)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file with a size limit, explaining what is wrong when it is not UTF-8."""
    shown = display or str(path)
    return decode(read_limited(path, shown), shown)


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
def refused_character(text: str) -> str | None:
    """The first character of ``text`` that no YAML input may hold (a control character other than tab
    and line breaks, or a non-character), raw or escaped; ``None`` when there is none."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def without_refused(text: str, stand_in: str = "?") -> str:
    """``text`` with every character :func:`refused_character` finds replaced by ``stand_in``."""
    return _CONTROL.sub(stand_in, text)


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
    if CONTROL_OR_NOT_FOR_RS.search(text) is None:  # as a rule: then yaml-rs may read it, the screen passed
        data = read_rs(text, screened=True)
    else:
        if _CONTROL.search(text) is not None:
            _control_characters(text, shown)
        data = MISSING
    if data is not MISSING:
        return YamlDocument(shown, data, _UNCOMPOSED if data is not None else None, text)
    return _load_libyaml(text, shown)


def _load_libyaml(text: str, shown: str) -> YamlDocument:
    """Load YAML with libyaml, every check ours: the reference that yaml-rs's values are held to."""
    yaml = _pyyaml()
    careful = (("&" in text or "*" in text) and maybe_anchor(text)) \
        or flow_depth(text) > MAX_DEPTH or maybe_deep_block(text)
    if careful:
        _scan_events(text, shown)  # the careful path: anchors, aliases and deep nesting, without recursion
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        if not careful and "nesting depth" in str(exc):  # libyaml's own limit (1,000 levels): place ours
            _scan_events(text, shown)
        raise InvalidInput([syntax_problem(exc, text, shown)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we have seen
        raise InvalidInput([Problem(shown, 1, 1, f"YAML error: {exc}")]) from None
    except RecursionError:  # pragma: no cover - libyaml stops at 1,000 levels, well before recursion does
        raise InvalidInput([Problem(shown, 1, 1, _TOO_DEEP)]) from None
    problems: list[Problem] = []
    data = _construct(root, 0, shown, text, problems) if root is not None else None
    if problems:
        if not careful and any(p.message == _TOO_DEEP for p in problems):
            # deeper than the cheap estimate said (brackets closed inside quoted text, block nesting without
            # wide indentation): report exactly what the careful path reports
            _scan_events(text, shown)
        raise InvalidInput(problems)
    return YamlDocument(shown, data, root, text)


def _scan_events(text: str, shown: str) -> None:
    """Walk the event stream (no recursion) to reject anchors, aliases and deep nesting early."""
    yaml = _pyyaml()
    problems: list[Problem] = []
    depth = 0
    resume = 0  # where the last event ended, to go on counting by hand if libyaml gives up first
    try:
        for event in yaml.parse(text, Loader=_loader()):
            resume = event.end_mark.index if event.end_mark is not None else resume
            mark = event.start_mark
            place: tuple[str, int, int] = (shown, mark.line + 1, mark.column + 1) if mark is not None else (shown, 1, 1)
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(*place, f"alias '*{event.anchor}' is not allowed",
                                        "write the value out in full"))
            elif isinstance(event, yaml.NodeEvent) and event.anchor:
                problems.append(Problem(*place, f"anchor '&{event.anchor}' is not allowed",
                                        "remove the anchor; write values out in full"))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth >= MAX_DEPTH:  # this collection would be one level too many
                    problems.append(Problem(*place, _TOO_DEEP))
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
    return Problem(shown, line, column, _TOO_DEEP)


def _construct(node: Any, depth: int, shown: str, text: str, problems: list[Problem]) -> Any:
    """Turn a node into plain Python values, collecting problems with their places."""
    yaml = _lazy["yaml"]
    if depth >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):  # at most MAX_DEPTH nested collections
        mark = node.start_mark
        problems.append(Problem(shown, mark.line + 1, mark.column + 1,
                                _TOO_DEEP))
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
        known = _PLAIN_CACHE.get(value, MISSING)
        if known is not MISSING:
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
    """Readable YAML: block style, keys in the given order, Unicode kept as is; every string reads back as
    itself (strings that would read as numbers, booleans or null are quoted)."""
    text: str = _pyyaml().dump(data, Dumper=_lazy["_Dumper"], allow_unicode=True, sort_keys=False,
                               default_flow_style=False, width=100)
    return text


def scalar(value: str | int | float | bool | None) -> str:
    """One scalar as this module writes it inline (quoted where it would read back as something else)."""
    text = dump(value)
    if text.endswith("\n...\n"):  # PyYAML ends a lone plain scalar with a document end marker
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def quoted(value: str) -> str:
    """A string written inline in double quotes (a version, so that it is never read as a number)."""
    text: str = _pyyaml().dump(value, Dumper=_lazy["_Dumper"], allow_unicode=True, default_style='"',
                               width=10_000)
    return text.splitlines()[0]


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
