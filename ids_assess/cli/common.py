"""What every command shares: the error boundary, stderr and stdout, the questionnaire registry, the checks
of inputs and outputs made before any work, and writing a command's output.

The only place where our exceptions become messages and exit codes is :func:`boundary`.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, TypeVar

import typer

from ids_assess.core.errors import EXIT_BUG, EXIT_INVALID, IdsError, InvalidInput

if TYPE_CHECKING:
    from ids_assess.io.questionnaires import Registry
    from ids_assess.render.formats import Format, Rendered

T = TypeVar("T")

EXIT_CODES = (
    "Exit codes: 0 success · 1 an input file is invalid (each problem printed as file:line:col: message) · "
    "2 usage error · 3 --fail-under: an overall score is below the threshold · 4 internal error (a bug) · "
    "130/143 ended by Ctrl-C/SIGTERM (outputs left as they were; the survey's answers, also at the end of "
    "input (130) or SIGHUP (129), are saved)."
)

#: Set by the ``--debug`` option of the application's callback.
state = {"debug": False}


def err(message: str) -> None:
    """Write one line to stderr, as plain text (never markup; control characters made visible; a line break
    inside, from a file name or a value, shown as its escape)."""
    from ids_assess.core.errors import one_line
    from ids_assess.core.safetext import clean

    sys.stderr.write(clean(one_line(message.rstrip("\n"))) + "\n")


def out(text: str) -> None:
    sys.stdout.write(text)

@contextmanager
def boundary() -> Iterator[None]:
    """The one place where our exceptions become messages and exit codes; within it SIGTERM unwinds the
    command (:func:`sigterm_unwinds`)."""
    try:
        with sigterm_unwinds():
            yield
        sys.stdout.flush()  # a full disk or device behind stdout is reported here, not at exit
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
    except OSError as exc:
        from ids_assess.io.output import OUTPUT_ERRNOS, drop_stdout

        if exc.errno not in OUTPUT_ERRNOS:
            bug(exc)
        drop_stdout()
        err(f"ids-assess: error: cannot write output: {exc.strerror or exc}")
        raise typer.Exit(EXIT_INVALID) from None
    except Exception as exc:
        bug(exc)


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """Within the block (in the main thread), SIGTERM raises ``SystemExit(143)``, so that the ``finally``
    blocks run, as for Ctrl-C: worker pools ended, a temporary file or staging folder removed, an output left as
    it was (killed outright, the workers ran on, printing tracebacks, and the temporary files stayed). Workers
    take SIGTERM's default (:mod:`ids_assess.io.batch`); the survey sets its own handler within (answers saved);
    the handler before is put back after."""
    import signal

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread (a library caller's): signals are not ours to take
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def bug(exc: BaseException) -> None:
    """A bug: say so in one line; the traceback only with --debug."""
    if state["debug"]:
        traceback.print_exc()
    err(f"ids-assess: internal error (this is a bug, please report it): {type(exc).__name__}: {exc}"
        + ("" if state["debug"] else "; run with --debug for the traceback"))
    raise typer.Exit(EXIT_BUG) from None


def registry(dirs: Optional[list[Path]]) -> Registry:
    """The questionnaires: bundled, and those in ``--questionnaires`` folders (loaded now, so that a bad file
    among them is reported once, as a warning, before any work)."""
    from ids_assess.io.questionnaires import Registry

    reg = Registry(dirs or [], on_problem=lambda p: err(f"warning: {p.format()}"))
    if dirs:
        reg.scan()
    return reg

def require_exists(paths: list[Path], output: Optional[Path] = None) -> None:
    """Usage errors found before any work: a missing input, no YAML file at all, or an output that would
    overwrite an input (exit 2; nothing is written)."""
    from ids_assess.core.errors import UsageError
    from ids_assess.io.yamlio import find_yaml_files

    missing, unreachable = [], []
    for p in paths:
        try:
            p.stat()
        except (FileNotFoundError, NotADirectoryError):
            missing.append(str(p))
        except OSError as exc:  # a folder on the way that may not be entered, a loop of links
            unreachable.append(f"{p} ({exc.strerror or exc})")
    if missing:
        raise UsageError("no such file or folder: " + ", ".join(missing))
    if unreachable:
        raise UsageError("cannot reach " + ", ".join(unreachable) + ": check its folder's permissions")
    if not any(True for p in paths if p.is_file()) and next(find_yaml_files(paths), None) is None:
        raise UsageError("no .yaml or .yml files found in " + ", ".join(map(str, paths)))
    if output is not None:
        check_output(output, paths)


def require_file_output(output: Optional[Path]) -> None:
    """Refuse ``-o`` naming a folder where a file is written, before any work (rather than after it all)."""
    if output is not None:
        from ids_assess.io.output import refuse_folder

        refuse_folder(output)


def nothing_valid(paths: Sequence[Path], output: Path, what: str) -> Exception:
    """The error of a batch without one valid answer file, written to ``-o FILE``: the file is not written
    (an earlier run's output is left as it was, not replaced by an empty one); exit 1. A stream target (a
    device, a FIFO) is not such a file: it gets the whole document, as standard output does."""
    from ids_assess.core.errors import IdsError

    kept = "left as it was" if output.exists() else "not written"
    return IdsError(f"no valid answer files in {', '.join(map(str, paths))}: nothing to {what}; {output} {kept}")


def only_questionnaires(paths: Sequence[Path]) -> Exception:
    """The usage error of ``score`` and ``report`` given questionnaires where answer files belong."""
    from ids_assess.core.errors import UsageError

    return UsageError(f"{', '.join(map(str, paths))}: these are questionnaires, not answer files: give "
                      "answer files (write one with 'ids-assess template -q ID -o answers.yaml'), "
                      "or check a questionnaire with 'ids-assess validate'")


def check_output(output: Path, paths: list[Path]) -> None:
    """Refuse an output that is one of the inputs, or a YAML file inside an input folder."""
    from ids_assess.core.errors import UsageError

    target = os.path.realpath(output)
    yaml_target = output.suffix.lower() in (".yaml", ".yml") or target.lower().endswith((".yaml", ".yml"))
    for path in paths:
        real = os.path.realpath(path)
        if target == real:
            raise UsageError(f"-o {output} is one of the inputs; choose another output file")
        if not yaml_target:  # (a link named .json to an answer file is a YAML target too)
            continue
        if path.is_dir() and target.startswith(real.rstrip(os.sep) + os.sep):
            raise UsageError(f"-o {output} is a YAML file inside the input folder {path}; it would be read "
                             "as an answer file next time: choose another output")
        folder = os.path.dirname(real).rstrip(os.sep) + os.sep
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml") and target.startswith(folder):
            raise UsageError(f"-o {output} is a YAML file next to the input {path}; it would be read as an "
                             "answer file when that folder is scored: choose another output")


def emit(fmt: Format[T], job: T, output: Optional[Path]) -> None:
    """Render ``job`` in ``fmt`` and send it to stdout as it comes, or to ``-o`` (atomically for a file,
    straight through for a device or stream). A binary format is refused on a terminal."""
    from ids_assess.core.errors import UsageError

    if fmt.binary and output is None and sys.stdout.isatty():
        raise UsageError(f"--format {fmt.name} is a binary format: give -o FILE, or redirect the output to a file")
    write(fmt.render(job), output)


def write(rendered: Rendered, output: Optional[Path]) -> None:
    """Send rendered output (text, chunks of text, or bytes) to stdout, or to ``-o``."""
    from ids_assess.io.output import write_atomic, write_through

    if output is None:
        write_through("-", rendered)
    else:
        write_atomic(output, rendered)


def human_help() -> None:
    """Make Typer's help speak as a person would: a flag reads as a flag (no ``<bool>``), an argument by its
    name (``PATH...``, not ``{PATH}...`` and ``<list[Path]>``), a choice as ``table|json|csv``.

    Typer has no setting for this; its parameter classes are adjusted here, once, where they exist, so that
    another Typer release degrades to its own style instead of failing. A test reads every command's help.
    """
    from typer import core

    argument = getattr(core, "TyperArgument", None)
    option = getattr(core, "TyperOption", None)
    if argument is None or option is None:  # pragma: no cover - another Typer
        return
    parameter = getattr(core, "_TyperParameter", argument)
    plain_type = getattr(parameter, "display_type", None)

    def usage_name(self: Any) -> str:
        name = str(self.metavar or self.name).upper() if self.metavar is None else str(self.metavar)
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"

    def argument_type(self: Any, ctx: Any) -> str | None:
        return None  # the name says it (PATH..., OLD, ID|PATH)

    def option_type(self: Any, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return str(self.metavar)
        shown = plain_type(self, ctx) if plain_type is not None else None
        if not shown:
            return None
        shown = str(shown)
        if shown.startswith("<") and shown.endswith(">"):
            shown = shown[1:-1]
        return shown.upper() if shown in ("path", "text", "int", "float", "str") else shown

    if hasattr(argument, "_usage_display_name"):  # Typer 0.29 and later
        argument._usage_display_name = usage_name
        if hasattr(argument, "display_type_rich"):
            argument.display_type_rich = argument_type
        if hasattr(option, "display_type_rich"):
            option.display_type_rich = option_type
        return
    # Typer 0.28: the usage line wraps a required argument in braces, and the help shows its type (<path>)
    plain_metavar = argument.make_metavar

    def make_metavar(self: Any, ctx: Any, *, usage: bool = False) -> str:
        if self.metavar is not None and usage:
            return str(self.metavar) if self.required else f"[{self.metavar}]"
        return str(plain_metavar(self, ctx, usage=usage))

    argument.make_metavar = make_metavar
    types = getattr(core, "types", None)
    base = getattr(types, "ParamType", None)
    if base is None:  # pragma: no cover - another Typer
        return
    for kind in {base, *_subclasses(base)}:
        if "get_metavar" in vars(kind):
            kind.get_metavar = _quiet_for_arguments(kind.get_metavar, argument)


def _subclasses(kind: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in kind.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _quiet_for_arguments(get_metavar: Any, argument: type) -> Any:
    """A type's metavar, but none for an argument that names itself (``PATH...``): its type is no news."""
    def wrapped(self: Any, param: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(param, argument) and getattr(param, "metavar", None):
            return ""
        return get_metavar(self, param, *args, **kwargs)

    return wrapped


def prose(doc: str | None) -> str:
    """A command's docstring as its help: the paragraphs kept, the line breaks within each one joined, so that
    the help wraps them to the terminal's width (kept, each source line ran on to a short line of its own on an
    80-column terminal). The commands' docstrings are prose, no lists or indented blocks. A ``[`` is escaped
    for rich, which writes the help: ``[id]`` would be taken for a style and left out."""
    paragraphs = (doc or "").strip().replace("[", "\\[").split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def examples(lines: Sequence[str]) -> str:
    """The epilog that ends a command's help: its examples, one per line."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)


def with_progress(items: Iterable[T], paths: Sequence[Path], what: str = "files") -> Iterator[T]:
    """``items`` (one per file under ``paths``), with a progress bar on stderr when stderr is a terminal and
    the batch is long enough to wait for; nothing is shown otherwise (logs and pipes stay clean)."""
    if not _stderr_is_terminal():
        yield from items
        return
    from ids_assess.io.yamlio import find_yaml_files

    total = sum(1 for _ in find_yaml_files(list(paths)))
    if total < PROGRESS_FROM:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=sys.stderr, markup=False, highlight=False)
    with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task(what, total=total)
        for item in items:
            yield item
            bar.advance(task)


#: Batches shorter than this show no progress bar (they are over before one could be read).
PROGRESS_FROM = 200


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
