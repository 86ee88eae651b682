"""The ``report`` command: readiness reports in Markdown, HTML or Word, or one Excel workbook, for one agency or a set.

Kept apart from ``cli.py`` (which registers it); ``boundary`` and friends are imported inside the function
because ``cli.py`` imports this module while it is itself being loaded. jinja2 is imported only here, when
the command runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ids_assess.cli.options import Jobs, Lang, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess report examples/answers -o reports/',
    'ids-assess report examples/answers-2027 --baseline examples/answers -o reports-2027/ --lang zh',
)


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    xlsx = "xlsx"


#: The extensions a single report file may have, and the format each means.
FILE_FORMATS: dict[str, str] = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx",
                                ".xlsx": "xlsx"}
#: The Office formats: bytes, rendered by ``render.formats.REPORT``; xlsx is one workbook for every agency.
OFFICE = ("docx", "xlsx")
#: The statistics of a report's batch: those of ``ids-assess stats`` with its defaults.
STATS_SEED, STATS_DRAWS = 0, 2000


def report(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Answer files or folders (searched "
                                                "recursively); score JSON files are read too.")],
    format: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", show_default=False,
        help="md, html, docx (Word) or xlsx (one Excel workbook of every agency) (default: the format of -o "
             "FILE's extension; html for a folder; md on stdout). It must agree with the extension of -o FILE. "
             "docx and xlsx need -o or a stdout that is not a terminal.")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE|DIR",
        help="File for one agency's report (.md, .markdown, .html, .htm or .docx) or the workbook (.xlsx), or "
             "folder for a report per agency plus index.html/index.md/index.docx (required for several agencies; "
             "a folder is an existing one, or a path ending in '/' or without an extension). Default: stdout.")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the report.")] = Lang.en,
    template_dir: Annotated[Optional[Path], typer.Option(
        "--template-dir", metavar="DIR",
        help="Your own templates (agency.html, index.md, style.css ...); they override the bundled ones by "
             "name and run in a sandbox.")] = None,
    title: Annotated[Optional[str], typer.Option(
        metavar="TEXT", help="Title of the reports (default: Interagency data sharing readiness).")] = None,
    baseline: Annotated[Optional[list[Path]], typer.Option(
        "--baseline", metavar="PATH",
        help="Answer files/folder or score JSON of an earlier round: show the change since then (repeatable).")
    ] = None,
    disagreement: Annotated[Optional[float], typer.Option(
        "--disagreement", metavar="N", min=0, max=100,
        help="Flag a factor when its respondents' scores differ by N points or more (default: 50).")] = None,
    questionnaires: QuestionnaireDirs = None,
    named: Annotated[bool, typer.Option(
        "--named/--anonymous",
        help="--named: show respondents' names (where an answer file gives one) and file paths. The default, "
        "--anonymous: evidence by role and an anonymous code (R1, R2 ...) only, invalid files by number.")] = False,
    min_group: Annotated[int, typer.Option(
        "--min-group", metavar="N", min=1,
        help="Show no breakdown by role for a group of fewer than N respondents, nor any group that would give "
        "such a group's value away beside the agency's total (default: 3).")] = 3,
    stats: Annotated[bool, typer.Option(
        "--stats/--no-stats",
        help="--stats, the default: each agency report says on page one whether its numbers can be trusted "
        "(agreement, 90% interval, confirmed barriers, rank interval, flagged files) and the overview gives "
        "each factor's reliability, as 'ids-assess stats' computes them (seed 0, 2000 draws). --no-stats: "
        "leave the statistics out.")] = True,
    jobs: Jobs = 1,
) -> None:
    """Render readiness reports (Markdown, self-contained HTML, Word or an Excel workbook) from answer files.

    One agency: one report, to -o FILE or to stdout. Several agencies: -o DIR receives a report per agency
    and an overview (index.html, index.md or index.docx) with a ranking and a heat map per questionnaire,
    systemic barriers and the network; -o FILE.xlsx receives one workbook of every agency. Invalid files
    are listed on stderr and in the report's appendix (exit 1).
    """
    from ids_assess.cli.common import boundary, err, out, registry, require_exists

    with boundary():
        from ids_assess import __version__
        from ids_assess.core.errors import IdsError, UsageError
        from ids_assess.io.batch import aggregate_paths, resolve_jobs

        require_exists(list(paths) + list(baseline or []), output)
        _check_output(format, output)
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError(f"--template-dir: not a folder: {template_dir}")
        reg = registry(questionnaires)
        workers = resolve_jobs(jobs)
        from collections import Counter

        kinds: Counter[str] = Counter()
        results: list = []  # type: ignore[type-arg]
        keep = results.append if format is ReportFormat.xlsx or _suffix(output) == ".xlsx" else None
        collector = None
        if stats:
            from ids_assess.stats.collect import Collector

            collector = Collector(reg.get)
        on_result = _results(keep, collector.add if collector is not None else None)
        overview, problems = aggregate_paths(paths, reg, workers, disagreement, on_problem=lambda p: err(p.format()),
                                             kinds=kinds, warn=err, on_warning=lambda m: err(f"warning: {m}"),
                                             on_result=on_result)
        comparison = None
        if baseline:
            from ids_assess.core.compare import compare

            old, old_problems = aggregate_paths(baseline, reg, workers, disagreement,
                                                on_problem=lambda p: err(p.format()), warn=err,
                                                on_warning=lambda m: err(f"warning: {m}"))
            problems = problems + old_problems
            comparison = compare(old, overview, lookup=reg.get)
        if not overview.profiles:
            where = ", ".join(map(str, paths))
            if problems:
                raise IdsError(f"no valid answer files in {where}: nothing to report")
            if kinds["questionnaire"]:
                from ids_assess.cli.common import only_questionnaires

                raise only_questionnaires(paths)
            raise IdsError(f"no answer files found in {where}")  # exit 1, as for 'score'
        fmt, folder = _plan(format, output, len(overview.profiles))

        from ids_assess.io.questionnaires import pinned
        from ids_assess.io.resources import templates_dir
        from ids_assess.render.report.build import Options, ReportTemplateError, render_agency

        # the report names questionnaires by id: each id is the version its answer files were scored against
        lookup = pinned(reg, ((p.questionnaire, p.version) for p in overview.profiles))
        batch_stats = collector.finish(draws=STATS_DRAWS, seed=STATS_SEED) if collector is not None else None
        options = Options(fmt, lang.value, lookup, __version__, title,
                          str(template_dir) if template_dir else None, problems, comparison, not named,
                          bundled=str(templates_dir()), min_group=min_group, stats=batch_stats)
        try:
            if folder is not None:
                _write_set(options, overview, folder, err)
            elif fmt in OFFICE:
                from ids_assess.cli.common import emit
                from ids_assess.render.formats import REPORT, ReportJob

                emit(REPORT.get(fmt), ReportJob(options, overview, results, named=named), output)
                if output is not None:
                    err(f"wrote {output}")
            elif output is not None:
                from ids_assess.io.output import write_atomic

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


def _results(*callbacks: Optional[Callable[[Any], object]]) -> Optional[Callable[[Any], None]]:
    """One ``on_result`` callback calling each of ``callbacks`` that is not ``None`` (``None`` if none is)."""
    chosen = [c for c in callbacks if c is not None]
    if not chosen:
        return None

    def each(result: Any) -> None:
        for callback in chosen:
            callback(result)

    return each


def _suffix(output: Optional[Path]) -> str:
    return output.suffix.lower() if output is not None else ""


def _is_folder(output: Path) -> bool:
    """Whether ``-o`` names a folder: an existing one, or a path ending in '/' or without an extension."""
    text = str(output)
    return output.is_dir() or text.endswith(("/", os.sep)) or (not output.exists() and output.suffix == "")


def _check_output(fmt: Optional[ReportFormat], output: Optional[Path]) -> None:
    """Usage errors of ``-o FILE`` found before any work: an extension that is neither Markdown nor HTML
    (``-o report.pdf`` would otherwise get Markdown), or one that contradicts ``--format``."""
    from ids_assess.core.errors import UsageError

    if output is None or _is_folder(output):
        return
    suffix = output.suffix.lower()
    if suffix not in FILE_FORMATS:
        raise UsageError(f"-o {output}: a report file must end in .md, .markdown, .html, .htm, .docx or .xlsx "
                         "(reports are Markdown, HTML, Word or an Excel workbook; print the HTML to PDF from a "
                         "browser); for several agencies give a folder")
    if fmt is not None and fmt.value != FILE_FORMATS[suffix]:
        raise UsageError(f"--format {fmt.value} does not match -o {output}: use a file ending in "
                         f".{fmt.value}, or leave out --format")


def _plan(fmt: Optional[ReportFormat], output: Optional[Path], agencies: int) -> tuple[str, Optional[Path]]:
    """The format, and the folder for a report set (``None``: a single report to a file or stdout)."""
    from ids_assess.core.errors import UsageError

    if output is None:
        if agencies > 1 and not (fmt and fmt.value == "xlsx"):
            raise UsageError(f"the inputs hold {agencies} agencies: give -o DIR to write a report per agency "
                             "and an overview into DIR")
        return (fmt.value if fmt else "md"), None
    if _is_folder(output):
        if fmt is not None and fmt.value == "xlsx":
            raise UsageError(f"--format xlsx writes one workbook of every agency: give -o FILE.xlsx, not the "
                             f"folder {output}")
        return (fmt.value if fmt else "html"), output
    if output.suffix.lower() == ".xlsx":
        _check_output(fmt, output)
        return "xlsx", None
    if agencies > 1:
        raise UsageError(f"the inputs hold {agencies} agencies: -o must name a folder, not the file {output}")
    _check_output(fmt, output)
    return FILE_FORMATS[output.suffix.lower()], None


def _write_set(options, overview, folder: Path, err) -> None:  # type: ignore[no-untyped-def]
    """Write the report set into ``folder`` as one set (all new, or all as before), after completing or
    rolling back what an interrupted earlier run left there."""
    import signal

    from ids_assess.core.errors import OutputError
    from ids_assess.io.output import recover_folder, replace_set
    from ids_assess.render.report.build import FORMATS, render_set
    from ids_assess.render.report.files import inside, stale_reports

    extension = FORMATS.get(options.format, f".{options.format}")
    files: Iterator[tuple[str, str | bytes]]
    if options.format == "docx":
        from ids_assess.render.office.word_report import document_set

        files = ((inside(folder, name).name, data) for name, data in document_set(options, overview))
    else:
        files = ((inside(folder, r.name).name, r.text) for r in render_set(options, overview))

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    previous = signal.getsignal(signal.SIGTERM)

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # unwinds: the staging folder is removed, the folder left as it was

    signal.signal(signal.SIGTERM, terminated)
    try:
        note = recover_folder(folder)
        if note:
            err(f"note: {note}")
        written = replace_set(folder, files)
    finally:
        signal.signal(signal.SIGTERM, previous)
    index = f"index.{options.format}"
    err(f"wrote {len(written)} report(s) to {folder} (open {folder / index})")
    stale = stale_reports(folder, extension, set(written))
    if stale:
        err(f"note: {len(stale)} other {extension} file(s) in {folder} were not written by this run "
            f"(reports of an earlier run?) and are not linked from {index}; they were left as they are, "
            f"e.g. {stale[0]}")
