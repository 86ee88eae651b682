"""The ``report`` command: readiness reports in Markdown, HTML or Word, or one Excel workbook, for one agency or a set.

Kept apart from ``cli.py`` (which registers it); ``boundary`` and friends are imported inside the function
because ``cli.py`` imports this module while it is itself being loaded. jinja2 is imported only here, when
the command runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ids_assess.cli.options import Jobs, Lang, QuestionnaireDirs
from ids_assess.core.errors import EXIT_INVALID

if TYPE_CHECKING:
    import datetime as dt

    from ids_assess.core.aggregate import Overview
    from ids_assess.core.compare import History
    from ids_assess.core.errors import Problem
    from ids_assess.io.questionnaires import Registry

#: Shown at the end of the command's help.
EXAMPLES = (
    'ids-assess report examples/answers -o reports/',
    'ids-assess report round-2027 --baseline round-2025 --baseline round-2026 -o reports/ --lang zh',
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
        "--format", "-f", show_default=False, metavar="FORMAT",
        help="md, html, docx (Word) or xlsx (one Excel workbook of every agency) (default: the format of -o "
             "FILE's extension; html for a folder; md on stdout). It must agree with the extension of -o FILE. "
             "docx and xlsx need -o or a stdout that is not a terminal.")] = None,
    output_arg: Annotated[Optional[str], typer.Option(  # text, not Path: a trailing '/' names a folder
        "--output", "-o", metavar="FILE|DIR",
        help="File for one agency's report (.md, .markdown, .html, .htm or .docx) or the workbook (.xlsx), or "
             "folder for a report per agency plus the overview, index.html, index.md or index.docx (required "
             "for several agencies; a folder is an existing one, or a path ending in '/' or without an extension). "
             "Default: stdout.")
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
        help="An earlier round (answer files in a folder, one answer file, or a score JSON): show the change "
             "since then. Repeatable: each --baseline is one round, earliest first; the last is the baseline, and "
             "with three rounds in all each agency report draws its trend. Warns as 'compare' does.")
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
        help="--stats, the default: each agency report (Markdown, HTML, Word) says whether its numbers can be "
        "trusted (the 90% interval beside the score on page one; agreement, confirmed barriers, rank interval, "
        "flagged files in the annex) and the overview gives each factor's reliability; the workbook has "
        "statistics and reliability sheets; as 'ids-assess stats' computes them (seed 0, 2000 draws). "
        "--no-stats: leave the statistics out.")] = True,
    jobs: Jobs = 1,
) -> None:
    """Render readiness reports (Markdown, self-contained HTML, Word or an Excel workbook) from answer files.

    One agency: one report, to -o FILE or to stdout. Several agencies: -o DIR receives a report per agency
    and an overview (index.html, index.md or index.docx) with a ranking and a heat map per questionnaire,
    systemic barriers and the network; -o FILE.xlsx receives one workbook of every agency. Invalid files
    are listed on stderr and in the report's appendix (exit 1).

    Change over time: PATH... is the current round and each --baseline PATH one earlier round, earliest first
    (a round of several paths: put them in one folder, or give their 'score --format json'). The reports show
    the change since the last --baseline, and warn, on stderr and beside the change, when an agency's
    respondent count or role mix, the questionnaire version or the rounds' date order changed; with three
    rounds or more each agency report draws its overall score round by round.
    """
    from ids_assess.cli.common import boundary, err, out, registry, require_exists

    with boundary():
        from functools import partial

        from ids_assess import __version__
        from ids_assess.core.errors import IdsError, UsageError
        from ids_assess.io.batch import aggregate_paths, resolve_jobs
        from ids_assess.io.pools import fork_map

        output = Path(output_arg) if output_arg is not None else None
        slash = output_arg is not None and output_arg.endswith(("/", os.sep))  # "round-2.0/" is a folder
        require_exists(list(paths) + list(baseline or []), output)
        _check_output(format, output, slash)
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
        from ids_assess.core.rounds import RoundDates

        current = RoundDates()
        # the statistics' rows and the files' dates are gathered where the files are scored (in the workers
        # with --jobs)
        extras: list[Any] = [current] if collector is None else [current, collector]
        # the statistics' work starts once every file is read, in workers with --jobs, while this process
        # finishes the profiles; it is taken before the baseline's files are read (one pool at a time)
        pending: list[Any] = []

        def start_stats() -> None:
            assert collector is not None
            pending.append(collector.start(draws=STATS_DRAWS, seed=STATS_SEED, mapper=partial(fork_map, jobs=workers)))

        # SIGTERM unwinds (the command's boundary), as Ctrl-C does: the pools ended on the way out, not left running
        try:
            overview, problems = aggregate_paths(paths, reg, workers, disagreement,
                                                 on_problem=lambda p: err(p.format()), kinds=kinds, warn=err,
                                                 on_warning=lambda m: err(f"warning: {m}"), on_result=keep,
                                                 extras=extras, gathered=None if collector is None else start_stats)
            if not overview.profiles:
                where = ", ".join(map(str, paths))
                if problems:
                    raise IdsError(f"no valid answer files in {where}: nothing to report")
                if kinds["questionnaire"]:
                    from ids_assess.cli.common import only_questionnaires

                    raise only_questionnaires(paths)
                raise IdsError(f"no answer files found in {where}")  # exit 1, as for 'score'
            fmt, folder = _plan(format, output, len(overview.profiles), slash)
            batch_stats = pending[0].result() if pending else None
        finally:
            for started in pending:
                started.close()
        history = None
        if baseline:
            history, old_problems = _history(baseline, paths, overview, current.date(), reg, workers, disagreement,
                                             named)
            problems = problems + old_problems

        from ids_assess.io.questionnaires import pinned
        from ids_assess.io.resources import templates_dir
        from ids_assess.render.report.build import Options, ReportTemplateError, render_agency

        # the report names questionnaires by id: each id is the version its answer files were scored against
        lookup = pinned(reg, ((p.questionnaire, p.version) for p in overview.profiles))
        options = Options(fmt, lang.value, lookup, __version__, title,
                          str(template_dir) if template_dir else None, problems,
                          history.comparisons[-1] if history else None, not named, bundled=str(templates_dir()),
                          min_group=min_group, stats=batch_stats, history=history, cache=_cache(template_dir))
        try:
            if folder is not None:
                _write_set(options, overview, folder, err, workers)
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


def _history(baseline: list[Path], paths: list[Path], overview: Overview, date: Optional[dt.date], reg: Registry,
             workers: int, disagreement: Optional[float], named: bool) -> tuple[History, list[Problem]]:
    """Each ``--baseline`` one earlier round, then the current round: their comparisons, each warning printed on
    stderr as 'compare' prints it (rounds named by their paths), and the invalid files of the earlier rounds."""
    from ids_assess.cli.common import err
    from ids_assess.cli.rounds import read_round, round_name
    from ids_assess.core.compare import Round, compare_rounds, history
    from ids_assess.core.errors import IdsError

    rounds: list[tuple[Round, Overview]] = []
    loaded: list[tuple[str, Overview, Optional[dt.date]]] = []
    problems: list[Problem] = []
    for path in baseline:
        old, old_problems, old_date = read_round(path, reg, workers, disagreement)
        if not old.profiles:
            what = "no valid answer files" if old_problems else "no answer files"
            raise IdsError(f"--baseline {path} holds {what}: nothing to compare")  # exit 1
        problems += old_problems
        loaded.append((str(path), old, old_date))
        rounds.append((Round(round_name([path], named), old_date), old))
    loaded.append((str(paths[0]) if len(paths) == 1 else f"{paths[0]} and {len(paths) - 1} more", overview, date))
    rounds.append((Round(round_name(paths, named), date), overview))
    comparisons = compare_rounds(loaded, lookup=reg.get)
    for c in comparisons:
        for warning in c.warnings:
            err(f"warning: {warning.text()}")
    return history(rounds, comparisons), problems


def _cache(template_dir: Optional[Path]) -> Any:
    """Where the bundled templates' compiled code is kept (a private folder), or ``None``: nowhere, as for a
    report from a user's own templates (never cached)."""
    from ids_assess.io.resources import private_cache

    return private_cache("templates") if template_dir is None else None


def _suffix(output: Optional[Path]) -> str:
    return output.suffix.lower() if output is not None else ""


def _is_folder(output: Path, slash: bool = False) -> bool:
    """Whether ``-o`` names a folder: an existing one, or a path ending in '/' (``slash``: ``Path`` drops it)
    or without an extension."""
    return slash or output.is_dir() or (not output.exists() and output.suffix == "")


def _check_output(fmt: Optional[ReportFormat], output: Optional[Path], slash: bool = False) -> None:
    """Usage errors of ``-o FILE`` found before any work: an extension that is neither Markdown nor HTML
    (``-o report.pdf`` would otherwise get Markdown), or one that contradicts ``--format``; a folder
    (``-o DIR/``) whose name is taken by a file."""
    from ids_assess.core.errors import UsageError

    if output is not None and slash and output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}/: {output} is a file, not a folder: give a folder for the reports "
                         f"(a new name, or an existing folder)")
    if output is None or _is_folder(output, slash):
        return
    suffix = output.suffix.lower()
    if suffix not in FILE_FORMATS:
        raise UsageError(f"-o {output}: a report file must end in .md, .markdown, .html, .htm, .docx or .xlsx "
                         "(reports are Markdown, HTML, Word or an Excel workbook; print the HTML to PDF from a "
                         "browser); for several agencies give a folder")
    if fmt is not None and fmt.value != FILE_FORMATS[suffix]:
        raise UsageError(f"--format {fmt.value} does not match -o {output}: use a file ending in "
                         f".{fmt.value}, or leave out --format")


def _plan(fmt: Optional[ReportFormat], output: Optional[Path], agencies: int,
          slash: bool = False) -> tuple[str, Optional[Path]]:
    """The format, and the folder for a report set (``None``: a single report to a file or stdout)."""
    from ids_assess.core.errors import UsageError

    if output is None:
        if agencies > 1 and not (fmt and fmt.value == "xlsx"):
            raise UsageError(f"the inputs hold {agencies} agencies: give -o DIR to write a report per agency "
                             "and an overview into DIR")
        return (fmt.value if fmt else "md"), None
    if _is_folder(output, slash):
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


def _write_set(options, overview, folder: Path, err, jobs: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Write the report set into ``folder`` as one set (all new, or all as before), after completing or
    rolling back what an interrupted earlier run left there; the agencies' reports are rendered by ``jobs``
    processes."""
    from functools import partial

    from ids_assess.core.errors import OutputError
    from ids_assess.io.output import recover_folder, replace_set
    from ids_assess.io.pools import fork_map
    from ids_assess.render.report.build import FORMATS, render_set
    from ids_assess.render.report.files import inside, stale_reports

    extension = FORMATS.get(options.format, f".{options.format}")
    files: Iterator[tuple[str, str | bytes]]
    if options.format == "docx":
        from ids_assess.render.office.word_overview import document_set

        files = ((inside(folder, name).name, data) for name, data in document_set(options, overview))
    else:
        rendered = render_set(options, overview, partial(fork_map, jobs=jobs))
        files = ((inside(folder, r.name).name, r.text) for r in rendered)

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    # SIGTERM unwinds here too (the command's boundary): the staging folder removed, the folder as it was
    note = recover_folder(folder)
    if note:
        err(f"note: {note}")
    written = replace_set(folder, files)
    index = f"index.{options.format}"
    err(f"wrote {len(written)} report(s) to {folder} (open {folder / index})")
    stale = stale_reports(folder, extension, set(written))
    if stale:
        err(f"note: {len(stale)} other {extension} file(s) in {folder} were not written by this run "
            f"(reports of an earlier run?) and are not linked from {index}; they were left as they are, "
            f"e.g. {stale[0]}")
