"""Readiness reports in Markdown and HTML, rendered with Jinja2 from the view model (``report/view*.py``).

One Jinja environment per process and template folder, built on first use and cached, so every template
is compiled once. Bundled templates run in a normal environment; with ``--template-dir`` the user's folder
comes first on the search path and everything runs in Jinja's immutable sandbox. Both use
``StrictUndefined`` (a misspelt variable stops the report with ``FOLDER/agency.md:3: 'x' is undefined``,
the template named as the user gave its folder, or ``<bundled>/agency.md``, and the line in that file),
``trim_blocks``/``lstrip_blocks``, HTML autoescaping for ``.html`` templates, and Markdown escaping of every
``{{ expression }}`` in ``.md`` templates (``Safe`` values, i.e. pre-rendered charts, are left alone).

Only the ``report`` command imports this module (it is the only one that imports jinja2).
"""

from __future__ import annotations

import io
import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_eval_context,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.nodes import EvalContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ids_assess.core.errors import IdsError
from ids_assess.core.safetext import BIDI_CONTROLS as BIDI_CONTROLS  # re-exported: what reports show
from ids_assess.core.safetext import show_bidi
from ids_assess.render.markdown import md_escape
from ids_assess.render.report.files import href, report_names
from ids_assess.render.report.view import AgencyReport, Context, build_agency, build_overview

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Overview
    from ids_assess.core.compare import Comparison, History
    from ids_assess.core.errors import Problem
    from ids_assess.core.model import Questionnaire
    from ids_assess.core.statsresult import StatsReport
    from ids_assess.render.report.view_overview import OverviewReport

def strip_bidi(text: str) -> str:
    """``text`` with every bidirectional control (U+202A-U+202E, U+2066-U+2069, LRM, RLM, ALM) made visible, as
    the terminal and the JSON show them (:data:`BIDI_CONTROLS`); user text in HTML is also isolated in
    ``<bdi>``."""
    return show_bidi(text)


#: The output formats and their file extensions (one registry: a test checks every format renders).
FORMATS: dict[str, str] = {"html": ".html", "md": ".md"}
#: The templates a report set is made of, by kind; each exists for every format (``agency.html`` ...).
KINDS: tuple[str, ...] = ("agency", "index")


class ReportTemplateError(IdsError):
    """A template could not be loaded or rendered; the message is ``template:line: problem``."""


# --- Markdown escaping -----------------------------------------------------------------------------

@pass_eval_context
def _finalize(eval_ctx: EvalContext, value: Any) -> Any:
    """Every ``{{ value }}`` in a non-HTML template is Markdown-escaped, unless it is already safe."""
    if eval_ctx.autoescape or hasattr(value, "__html__"):
        return value
    return md_escape(str(value))


def _autoescape(name: str | None) -> bool:
    return name is not None and name.lower().endswith((".html", ".htm", ".xml", ".svg"))


# --- the environment -------------------------------------------------------------------------------

def _options() -> dict[str, Any]:
    return {"undefined": StrictUndefined, "autoescape": _autoescape, "trim_blocks": True, "lstrip_blocks": True,
            "keep_trailing_newline": True, "finalize": _finalize, "auto_reload": False, "cache_size": 64}


#: Limits of a user's template (``--template-dir``): a report that takes longer or grows larger is stopped.
TEMPLATE_SECONDS = 60
TEMPLATE_BYTES = 64 * 1024 * 1024


class TemplateLimit(Exception):
    """A user's template went past :data:`TEMPLATE_SECONDS` or :data:`TEMPLATE_BYTES`."""


class _FolderLoader(FileSystemLoader):
    """A template folder whose templates, includes and imports all resolve inside it: a link to a file
    elsewhere (``agency.md -> /etc/passwd``) is an error, never read."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename is not None:
            real = os.path.realpath(filename)
            roots = [os.path.realpath(folder) for folder in self.searchpath]
            if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
                raise TemplateError(f"template {template!r} links to a file outside the template folder; "
                                    "copy the file into the folder instead")
        return source, filename, uptodate


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with ``*`` and ``**`` checked so that no expression builds gigabytes."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and \
                abs(right) > 64 and abs(left) > 1:
            raise TemplateLimit(f"the power {left} ** {right} is too large for a report")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and \
                        len(seq) * times > TEMPLATE_BYTES:
                    raise TemplateLimit(f"the template builds a value of more than {TEMPLATE_BYTES // 2**20} MiB")
        return super().call_binop(context, operator, left, right)


class Store(Protocol):
    """Where compiled templates are kept: a private cache folder (``io.resources.PrivateFolder``), whose files
    are read and written by name."""

    def read(self, name: str) -> bytes | None: ...

    def write(self, name: str, data: bytes) -> None: ...

    def __hash__(self) -> int: ...


class _TemplateCache(BytecodeCache):
    """Compiled bundled templates kept between runs (Jinja checks each against its template's source and its
    own version). A cache that cannot be read or written is no cache: the report is the same, only slower."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.read(f"{bucket.key}.cache")
        if data is None:
            return
        try:
            bucket.load_bytecode(io.BytesIO(data))
        except (ValueError, EOFError, TypeError):  # damaged: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        self.store.write(f"{bucket.key}.cache", out.getvalue())


@lru_cache(maxsize=8)
def environment(bundled: str, template_dir: str | None = None, cache: Store | None = None) -> Environment:
    """The process's Jinja environment for the folder of bundled templates and the user's ``template_dir``
    (``None``: bundled templates only). The caller names the bundled folder (``io.resources.templates_dir``):
    rendering does not know where the package keeps its data. With bundled templates only, they are compiled
    once and kept in ``cache`` (``None``: compiled on every run); a user's templates never are."""
    loader = FileSystemLoader(bundled, encoding="utf-8")
    if template_dir is None:
        return Environment(loader=loader, bytecode_cache=_TemplateCache(cache) if cache else None,
                           **_options())
    user = _FolderLoader(template_dir, encoding="utf-8")
    return _LimitedSandbox(loader=ChoiceLoader([user, loader]), **_options())


def _render_limited(template: Any, variables: dict[str, Any], limited: bool) -> str:
    """Render ``template``; for a user's template, within :data:`TEMPLATE_SECONDS` and :data:`TEMPLATE_BYTES`."""
    if not limited:
        return str(template.render(variables))
    import signal
    import threading
    import time

    deadline = time.monotonic() + TEMPLATE_SECONDS
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous: Any = None
    if alarm:
        def expired(signum: int, frame: Any) -> None:
            raise TemplateLimit(f"the template took longer than {TEMPLATE_SECONDS} s")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, TEMPLATE_SECONDS)
    try:
        parts: list[str] = []
        size = 0
        for chunk in template.generate(variables):
            size += len(chunk)
            if size > TEMPLATE_BYTES:
                raise TemplateLimit(f"the report grew past {TEMPLATE_BYTES // 2**20} MiB")
            if time.monotonic() > deadline:
                raise TemplateLimit(f"the template took longer than {TEMPLATE_SECONDS} s")
            parts.append(chunk)
        return "".join(parts)
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


BUNDLED = "<bundled>"  # how error messages name the folder of the bundled templates


def _search_path(bundled: str, template_dir: str | None) -> list[tuple[Path, str]]:
    """The template folders, resolved, each with the name error messages give it: the user's folder as they
    wrote it, the bundled one as ``<bundled>``."""
    user = [(Path(template_dir).resolve(), template_dir)] if template_dir else []
    return [*user, (Path(bundled).resolve(), BUNDLED)]


def render_template(name: str, view: AgencyReport | OverviewReport, bundled: str,
                    template_dir: str | None = None, cache: Store | None = None) -> str:
    """Render template ``name`` with the fields of ``view`` as variables (and ``report``, the view itself), from
    the user's ``template_dir`` first, else from the ``bundled`` folder."""
    env = environment(bundled, template_dir, cache)
    variables = {f.name: getattr(view, f.name) for f in fields(view)}
    variables["report"] = view
    try:
        return strip_bidi(_render_limited(env.get_template(name), variables, template_dir is not None))
    except TemplateLimit as exc:
        where = _where(exc, bundled, template_dir, _loaded(name, bundled, template_dir))
        raise ReportTemplateError(f"{where}: stopped: {exc}") from None
    except RecursionError:  # a template that includes itself, or a macro that calls itself without end
        raise ReportTemplateError(f"{_loaded(name, bundled, template_dir)}: stopped: the template includes or "
                                  "calls itself without end") from None
    except TemplateSyntaxError as exc:
        shown = (_shown(exc.filename, bundled, template_dir) if exc.filename
                 else _loaded(exc.name or name, bundled, template_dir))
        raise ReportTemplateError(f"{shown}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:  # an {% include %}, {% extends %} or {% import %} of a missing template
        where = _where(exc, bundled, template_dir, _loaded(name, bundled, template_dir))
        raise ReportTemplateError(f"{where}: template not found: {exc.name}") from None
    except TemplateError as exc:  # undefined variables, sandbox violations
        where = _where(exc, bundled, template_dir, _loaded(name, bundled, template_dir))
        raise ReportTemplateError(f"{where}: {exc.message or exc}") from None
    except (TypeError, ValueError, AttributeError, LookupError, ArithmeticError, AssertionError) as exc:
        # IndexError from format_map, OverflowError from range(10**9), a filter's assertion (truncate(-1))
        where = _where(exc, bundled, template_dir, "")
        if not where:  # not raised from template code: a bug of ours, not the template's
            raise
        raise ReportTemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


def _where(exc: BaseException, bundled: str, template_dir: str | None, default: str) -> str:
    """``file:line`` of the innermost template frame in ``exc``'s traceback (Jinja maps lines back), the file
    named as :func:`_shown` names it; ``default`` when no frame is a template's."""
    place = default
    for frame in traceback.extract_tb(exc.__traceback__):
        shown = _shown(frame.filename, bundled, template_dir)
        if shown is not None:
            place = f"{shown}:{frame.lineno}"
    return place


def _shown(filename: str, bundled: str, template_dir: str | None) -> str | None:
    """A template file as error messages name it: ``FOLDER/agency.md`` with FOLDER as given to
    ``--template-dir``, ``<bundled>/agency.md``; ``None`` for a file in neither folder."""
    try:
        path = Path(filename).resolve()
    except (OSError, RuntimeError):
        return None
    for root, label in _search_path(bundled, template_dir):
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        return f"{label}/{rel.as_posix()}" if label == BUNDLED else os.path.join(label, *rel.parts)
    return None


def _loaded(name: str, bundled: str, template_dir: str | None) -> str:
    """Template ``name`` as error messages name it: from the user's folder when it is there, else bundled."""
    for root, _ in _search_path(bundled, template_dir):
        if (root / name).is_file():
            return _shown(str(root / name), bundled, template_dir) or name
    return name


# --- report sets -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    """One rendered report: its file name inside the output folder (``index.html``, ``agency.html``) and text."""

    name: str
    text: str
    agency: str = ""  # "" for the overview


@dataclass
class Options:
    """How to render: format, language, title, templates, and what else the reports show. ``bundled`` is the
    folder of the bundled templates, which the caller knows (``io.resources.templates_dir()``)."""

    format: str
    lang: str
    lookup: Callable[[str], Questionnaire]
    tool_version: str
    title: str | None = None
    template_dir: str | None = None
    problems: Sequence[Problem] = ()
    comparison: Comparison | None = None
    anonymous: bool = True  # evidence by role and anonymous code only; False (--named) shows names and paths
    bundled: str = field(kw_only=True)
    min_group: int = 3  # --min-group: the fewest respondents a group shown in a breakdown may have
    stats: StatsReport | None = None  # the statistics of the batch (``ids-assess stats``); None: --no-stats
    cache: Store | None = None  # where compiled templates are kept (``io.resources.private_cache``); None: nowhere
    #: Every round with --baseline (earliest first, this one last): warnings of each pair, trends; else None.
    history: History | None = None

    def context(self, **extra: Any) -> Context:
        return Context(self.lang, self.format, self.lookup, self.tool_version, self.title, self.problems,
                       comparison=self.comparison, anonymous=self.anonymous, min_group=self.min_group,
                       stats=self.stats, history=self.history, **extra)


def render_agency(options: Options, overview: Overview, index: int = 0) -> str:
    """One agency's report, standing alone (no links to other reports)."""
    ctx = options.context()
    view = build_agency(ctx, overview.profiles[index], overview)
    return render_template(f"agency{FORMATS[options.format]}", view, options.bundled, options.template_dir,
                           options.cache)


#: How :func:`render_set` maps the rendering of one agency's report over the agencies' positions: ``map``, or
#: one that spreads them over processes (the CLI's ``--jobs``), yielding in order.
Mapper = Callable[[Callable[[int], "Rendered"], Sequence[int]], Iterable["Rendered"]]


def render_set(options: Options, overview: Overview, mapper: Mapper = map) -> Iterator[Rendered]:
    """The overview report (``index``), then one report per agency, each with a safe, unique file name; the
    agencies' reports are rendered by ``mapper`` (in order)."""
    ext = FORMATS[options.format]
    names = report_names(overview.profiles, ext)
    links = {k: href(v) for k, v in names.items()}
    by_key: dict[str, str] = {}
    for (_, key), link in links.items():
        by_key.setdefault(key, link)
    index_name = f"index{ext}"
    ctx = options.context(hrefs=by_key, ref_hrefs=links, overview_href=href(index_name))

    def one(i: int) -> Rendered:
        p = overview.profiles[i]
        view = build_agency(ctx, p, overview)
        return Rendered(names[(p.ref, p.key)],
                        render_template(f"agency{ext}", view, options.bundled, options.template_dir, options.cache),
                        p.agency)

    agencies = mapper(one, range(len(overview.profiles)))  # a mapper over processes starts on them now
    try:
        overview_view = build_overview(options.context(hrefs=by_key), overview, links)
        yield Rendered(index_name, render_template(f"index{ext}", overview_view, options.bundled,
                                                   options.template_dir, options.cache))
        yield from agencies
    finally:
        close = getattr(agencies, "close", None)
        if close is not None:
            close()
