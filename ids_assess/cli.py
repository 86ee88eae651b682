"""The command line: parse options, call the core, write output, map errors to exit codes.

Commands are glue. Heavy modules (jsonschema, jinja2, rich tables) are imported inside the commands that
use them, so that ``--help`` and ``--version`` start fast.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import __version__
from .cli_options import Jobs, Lang, QuestionnaireDirs
from .errors import EXIT_BUG, EXIT_FAIL_UNDER, EXIT_INVALID, EXIT_USAGE, IdsError, InvalidInput

if TYPE_CHECKING:
    from .aggregate import Aggregator
    from .batch import Keep, Outcome
    from .model import Result
    from .questionnaire import Registry

EXIT_CODES = (
    "Exit codes: 0 success · 1 an input file is invalid (each problem printed as file:line:col: message) · "
    "2 usage error · 3 --fail-under: an overall score is below the threshold · 4 internal error (a bug) · "
    "130 survey interrupted by Ctrl-C or end of input, 129/143 by SIGHUP/SIGTERM (answers are saved)."
)

app = typer.Typer(
    name="ids-assess",
    help="Assess readiness for interagency government data sharing: questionnaires from the research, "
    "surveys, validation, scoring and readiness reports.\n\n" + EXIT_CODES
    + "\n\nStart with: ids-assess report examples/answers -o reports/",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
questionnaire_app = typer.Typer(help="List and show the questionnaires.", no_args_is_help=True)
app.add_typer(questionnaire_app, name="questionnaire")

_state = {"debug": False}


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def err(message: str) -> None:
    """Write one line to stderr, as plain text (never markup; control characters made visible)."""
    from .safetext import clean

    sys.stderr.write(clean(message.rstrip("\n")) + "\n")


def out(text: str) -> None:
    sys.stdout.write(text)


@contextmanager
def boundary() -> Iterator[None]:
    """The one place where our exceptions become messages and exit codes."""
    try:
        yield
    except InvalidInput as exc:
        for problem in exc.problems:
            err(problem.format())
        raise typer.Exit(EXIT_INVALID) from None
    except IdsError as exc:
        err(f"ids-assess: error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        raise typer.Exit(0) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug: say so in one line; the traceback only with --debug
        if _state["debug"]:
            traceback.print_exc()
        err(f"ids-assess: internal error (this is a bug, please report it): {type(exc).__name__}: {exc}"
            + ("" if _state["debug"] else "; run with --debug for the traceback"))
        raise typer.Exit(EXIT_BUG) from None


def _version(value: bool) -> None:
    if value:
        out(f"ids-assess {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Assess readiness for interagency government data sharing."""
    _state["debug"] = debug


def registry(dirs: Optional[list[Path]]) -> Registry:
    """The questionnaires: bundled, and those in ``--questionnaires`` folders (loaded now, so that a bad file
    among them is reported once, as a warning, before any work)."""
    from .questionnaire import Registry

    reg = Registry(dirs or [], on_problem=lambda p: err(f"warning: {p.format()}"))
    if dirs:
        reg.scan()
    return reg


@questionnaire_app.command("list")
def questionnaire_list(
    questionnaires: QuestionnaireDirs = None,
    lang: Annotated[Lang, typer.Option(help="Language of the titles.")] = Lang.en,
) -> None:
    """List the bundled questionnaires (and those in --questionnaires folders)."""
    with boundary():
        from .console import questionnaire_list_table

        reg = registry(questionnaires)
        questionnaire_list_table(reg.all(), lang.value)
        if reg.problems:
            raise typer.Exit(EXIT_INVALID)


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH", help="A questionnaire id or a YAML file.")],
    lang: Annotated[Lang, typer.Option(help="Language of the table.")] = Lang.en,
    format: Annotated[ShowFormat, typer.Option("--format", "-f",
                                               help="table, or json (both languages).")] = ShowFormat.table,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Show a questionnaire: sections, factors, items, sources."""
    with boundary():
        q = registry(questionnaires).get(ref)
        if format is ShowFormat.json:
            from .render.questionnaire_json import render

            out(render(q))
        else:
            from .console import questionnaire_tree

            questionnaire_tree(q, lang.value)


@app.command()
def template(
    questionnaire: Annotated[str, typer.Option("--questionnaire", "-q", metavar="ID|PATH",
                                               help="Questionnaire to answer.")] = "ids-core",
    lang: Annotated[Lang, typer.Option(help="Language of the statements in the comments.")] = Lang.en,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    questionnaires: QuestionnaireDirs = None,
) -> None:
    """Write a blank answer file to fill in an editor; comments show each statement and the scale."""
    with boundary():
        from .render.template import render

        text = render(registry(questionnaires).get(questionnaire), lang.value)
        if output is None:
            out(text)
            return
        if output.exists() and not force:
            err(f"ids-assess: error: {output} exists; it may hold answers. Use --force to overwrite it.")
            raise typer.Exit(EXIT_USAGE)
        from .output import write_atomic

        write_atomic(output, text)
        err(f"wrote {output}: fill it in, then run: ids-assess validate {output}")


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or folders (searched recursively).")],
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Check questionnaires and answer files; print every problem as path:line:col: message."""
    with boundary():
        from .batch import resolve_jobs, run
        from .safetext import clean

        _require_exists(paths)
        checked = invalid = 0
        for outcome in run(paths, registry(questionnaires), resolve_jobs(jobs), want_score=False):
            checked += 1
            if outcome.problems:
                invalid += 1
                for problem in outcome.problems:
                    out(clean(problem.format()) + "\n")
        err(f"{checked} file(s) checked, {invalid} invalid" if invalid else f"{checked} file(s) checked, all valid")
        if invalid:
            raise typer.Exit(EXIT_INVALID)


class By(str, Enum):
    file = "file"
    agency = "agency"


@app.command()
def score(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Answer files or folders.")],
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="table, json or csv.")] = ScoreFormat.table,
    by: Annotated[By, typer.Option("--by", help="file: a result per answer file; agency: agency profiles "
                                   "(JSON adds agencies, systemic_barriers and network).")] = By.file,
    long: Annotated[bool, typer.Option("--long", help="With --format csv: tidy long rows (source, agency, "
                                       "respondent, role, level, id, score) for R, pandas or SPSS.")] = False,
    items: Annotated[bool, typer.Option("--items", help="With --by agency: add each item's distribution of "
                                        "ratings, dk and na (JSON key 'items').")] = False,
    disagreement: Annotated[float, typer.Option("--disagreement", metavar="N", min=0, max=100,
                                                help="Flag factors whose respondents differ by N points or "
                                                "more (with --by agency).")] = 50.0,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    fail_under: Annotated[Optional[float], typer.Option("--fail-under", metavar="N", min=0, max=100,
                                                        help="Exit 3 when an overall score is below N.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the table.")] = Lang.en,
    questionnaires: QuestionnaireDirs = None,
    jobs: Jobs = 1,
) -> None:
    """Score answer files. Invalid files are reported on stderr and skipped (exit 1)."""
    with boundary():
        from .batch import resolve_jobs, run

        _require_exists(paths, output)
        if long and (format is not ScoreFormat.csv or by is By.agency):
            from .errors import UsageError

            raise UsageError("--long goes with --format csv and --by file")
        if items and by is not By.agency:
            from .errors import UsageError

            raise UsageError("--items goes with --by agency")
        from .scoring import LOW_COVERAGE, settle

        reg = registry(questionnaires)
        stats = {"files": 0, "invalid": 0, "below": 0}
        aggregator: Aggregator | None = None
        if by is By.agency:
            from .aggregate import Aggregator

            aggregator = Aggregator(reg.get, disagreement, item_level=items)
        encoder: Callable[[Result], str] | None = None
        if format is ScoreFormat.json:
            from .render.results_json import encode

            encoder = encode

        def outcomes() -> Iterator[Outcome]:
            keep: Keep = (True if items else "scores") if aggregator is not None else encoder is None
            for outcome in run(paths, reg, resolve_jobs(jobs), encode=encoder, keep=keep):
                stats["files"] += 1
                overall = outcome.result.overall.score if outcome.result else outcome.overall
                coverage = outcome.result.overall.coverage if outcome.result else outcome.coverage
                if coverage is not None and coverage < LOW_COVERAGE and not outcome.problems:
                    err(f"{outcome.source}: warning: only {coverage:.0%} of the statements that apply are answered; "
                        "its scores rest on few answers")
                if outcome.problems:
                    stats["invalid"] += 1
                    for problem in outcome.problems:
                        err(problem.format())
                elif outcome.result is None and outcome.line is None:
                    continue  # a questionnaire among the answer files: nothing to score
                elif fail_under is not None and settle(overall or 0) < fail_under:  # as shown, not 49.999..
                    stats["below"] += 1
                if aggregator is not None and outcome.result is not None:
                    aggregator.add(outcome.result)
                yield outcome

        skipped: list[str] = []
        chunks = _score_output(format, by, long, outcomes(), aggregator, reg, lang.value, output, skipped)
        _emit(chunks, output)
        if stats["invalid"]:
            err(f"{stats['invalid']} of {stats['files']} file(s) invalid and skipped")
            raise typer.Exit(EXIT_INVALID)
        if skipped:
            err(f"ids-assess: error: {len(skipped)} file(s) of another questionnaire left out of the CSV: score "
                "each questionnaire separately, or use --format csv --long or --format json")
            raise typer.Exit(EXIT_USAGE)
        if stats["below"]:
            err(f"{stats['below']} result(s) with an overall score below {fail_under:g}")
            raise typer.Exit(EXIT_FAIL_UNDER)


def _score_output(format: ScoreFormat, by: By, long: bool, outcomes: Iterator[Outcome],
                  aggregator: Aggregator | None, reg: Registry, lang: str, output: Optional[Path],
                  skipped: list[str]) -> Iterator[str]:
    """The chunks of score's output, by format and grouping; streamed where the format allows."""
    if format is ScoreFormat.json:
        from .render.results_json import render as render_json

        if aggregator is None:
            yield from render_json(outcomes)
            return
        from .render.agencies import overview_extra

        yield from render_json(outcomes, lambda: overview_extra(aggregator.finish(), reg.get))
        return
    if format is ScoreFormat.csv:
        if aggregator is not None:
            from .render.agencies import agencies_csv

            for _ in outcomes:
                pass
            yield from agencies_csv(aggregator.finish(), reg.get, err)
        elif long:
            from .render.agencies import LONG_HEADER, long_rows
            from .render.results_csv import _line

            yield "\ufeff" + _line(LONG_HEADER)
            for outcome in outcomes:
                if outcome.result is not None:
                    yield from long_rows(outcome.result)
        else:
            from .render.results_csv import render as render_csv

            yield from render_csv(outcomes, reg.get, err, skipped)
        return
    if aggregator is not None:
        from .console import agency_table

        for _ in outcomes:
            pass
        overview = aggregator.finish()
        if overview.profiles:
            yield agency_table(overview, reg.get, lang, plain=output is not None)
        return
    from .console import score_table

    results = [o.result for o in outcomes if o.result is not None]
    if results:
        yield score_table(results, reg.get, lang, plain=output is not None)


def _require_exists(paths: list[Path], output: Optional[Path] = None) -> None:
    """Usage errors found before any work: a missing input, no YAML file at all, or an output that would
    overwrite an input (exit 2; nothing is written)."""
    from .errors import UsageError
    from .yamlio import find_yaml_files

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError("no such file or folder: " + ", ".join(missing))
    if not any(True for p in paths if p.is_file()) and next(find_yaml_files(paths), None) is None:
        raise UsageError("no .yaml or .yml files found in " + ", ".join(map(str, paths)))
    if output is not None:
        _check_output(output, paths)


def _check_output(output: Path, paths: list[Path]) -> None:
    """Refuse an output that is one of the inputs, or a YAML file inside an input folder."""
    from .errors import UsageError

    target = os.path.realpath(output)
    for path in paths:
        real = os.path.realpath(path)
        if target == real:
            raise UsageError(f"-o {output} is one of the inputs; choose another output file")
        if path.is_dir() and target.startswith(real.rstrip(os.sep) + os.sep) and \
                output.suffix.lower() in (".yaml", ".yml"):
            raise UsageError(f"-o {output} is a YAML file inside the input folder {path}; it would be read "
                             "as an answer file next time: choose another output")


def _emit(chunks: Iterator[str], output: Optional[Path]) -> None:
    """Send output to stdout as it comes, or atomically to a file."""
    if output is None:
        for chunk in chunks:
            out(chunk)
        sys.stdout.flush()
    else:
        from .output import write_atomic

        write_atomic(output, chunks)


from .cli_compare import compare, network  # noqa: E402  (these commands live in their own modules)
from .cli_report import report  # noqa: E402
from .cli_survey import survey  # noqa: E402

app.command()(survey)
app.command()(report)
app.command()(network)
app.command()(compare)

from .cli_exchange import register as _register_exchange  # noqa: E402

_register_exchange(app)


def run() -> None:
    """Entry point used by the console script."""
    app()
