"""The ``report`` command: readiness reports in Markdown or HTML, for one agency or a whole set.

Kept apart from ``cli.py`` (which registers it); ``boundary`` and friends are imported inside the function
because ``cli.py`` imports this module while it is itself being loaded. jinja2 is imported only here, when
the command runs.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import EXIT_INVALID


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


class ReportLang(str, Enum):
    en = "en"
    zh = "zh"


def report(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Answer files or folders (searched "
                                                "recursively); score JSON files are read too.")],
    format: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", show_default=False,
        help="md or html [default: html when -o names a .html file or a folder, else md].")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE|DIR",
        help="File for one agency's report, or folder for a report per agency plus index.html/index.md "
             "(required for several agencies; a folder is an existing one, or a path ending in '/' or "
             "without an extension). Default: stdout.")] = None,
    lang: Annotated[ReportLang, typer.Option(help="Language of the report.")] = ReportLang.en,
    template_dir: Annotated[Optional[Path], typer.Option(
        "--template-dir", metavar="DIR",
        help="Your own templates (agency.html, index.md, style.css ...); they override the bundled ones by "
             "name and run in a sandbox.")] = None,
    title: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Title of the reports.")] = None,
    baseline: Annotated[Optional[list[Path]], typer.Option(
        "--baseline", metavar="PATH",
        help="Answer files/folder or score JSON of an earlier round: show the change since then (repeatable).")
    ] = None,
    disagreement: Annotated[Optional[float], typer.Option(
        "--disagreement", metavar="N", min=0, max=100,
        help="Flag a factor when its respondents' scores differ by N points or more [default: 50].")] = None,
    questionnaires: Annotated[Optional[list[Path]], typer.Option(
        "--questionnaires", metavar="DIR", help="A folder of your own questionnaires (repeatable); searched "
        "before the bundled ones.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 = one per core.")] = 1,
) -> None:
    """Render readiness reports (Markdown or self-contained HTML) from answer files.

    One agency: one report, to -o FILE or to stdout. Several agencies: -o DIR receives a report per agency
    and an overview (index.html or index.md) with the heat map, ranking, systemic barriers and network.
    Invalid files are listed on stderr and in the report's appendix (exit 1).
    """
    from .cli import _require_exists, boundary, err, out, registry

    with boundary():
        from . import __version__
        from .batch import aggregate_paths, resolve_jobs
        from .errors import IdsError, UsageError

        _require_exists(list(paths) + list(baseline or []))
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError(f"--template-dir: not a folder: {template_dir}")
        reg = registry(questionnaires)
        workers = resolve_jobs(jobs)
        overview, problems = aggregate_paths(paths, reg, workers, disagreement, on_problem=lambda p: err(p.format()))
        comparison = None
        if baseline:
            from .compare import compare

            old, old_problems = aggregate_paths(baseline, reg, workers, disagreement,
                                                on_problem=lambda p: err(p.format()))
            problems = problems + old_problems
            comparison = compare(old, overview)
        if not overview.profiles:
            where = ", ".join(map(str, paths))
            if problems:
                raise IdsError(f"no valid answer files in {where}: nothing to report")
            raise IdsError(f"no answer files found in {where}")  # exit 1, as for 'score'
        fmt, folder = _plan(format, output, len(overview.profiles))

        from .render.report import Options, ReportTemplateError, render_agency

        options = Options(fmt, lang.value, reg.get, __version__, title,
                          str(template_dir) if template_dir else None, problems, comparison)
        try:
            if folder is not None:
                _write_set(options, overview, folder, err)
            elif output is not None:
                from .output import write_atomic

                write_atomic(output, render_agency(options, overview))
                err(f"wrote {output}")
            else:
                out(render_agency(options, overview))
        except ReportTemplateError as exc:
            err(str(exc))
            raise typer.Exit(EXIT_INVALID) from None
        if problems:
            err(f"{len({p.path for p in problems})} invalid file(s) left out (listed in the report's appendix)")
            raise typer.Exit(EXIT_INVALID)


def _plan(fmt: Optional[ReportFormat], output: Optional[Path], agencies: int) -> tuple[str, Optional[Path]]:
    """The format, and the folder for a report set (``None``: a single report to a file or stdout)."""
    from .errors import UsageError

    if output is None:
        if agencies > 1:
            raise UsageError(f"the inputs hold {agencies} agencies: give -o DIR to write a report per agency "
                             "and an overview into DIR")
        return (fmt.value if fmt else "md"), None
    text = str(output)
    is_folder = output.is_dir() or text.endswith(("/", os.sep)) or (not output.exists() and output.suffix == "")
    if is_folder:
        return (fmt.value if fmt else "html"), output
    if agencies > 1:
        raise UsageError(f"the inputs hold {agencies} agencies: -o must name a folder, not the file {output}")
    if fmt is None:
        return ("html" if output.suffix.lower() in (".html", ".htm") else "md"), None
    return fmt.value, None


def _write_set(options, overview, folder: Path, err) -> None:  # type: ignore[no-untyped-def]
    from .errors import OutputError
    from .output import write_atomic
    from .render.report import render_set
    from .render.report_files import inside

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    count = 0
    for rendered in render_set(options, overview):
        write_atomic(inside(folder, rendered.name), rendered.text)
        count += 1
    index = f"index.{options.format}"
    err(f"wrote {count} report(s) to {folder} (open {folder / index})")
