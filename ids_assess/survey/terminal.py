"""The survey's terminal: printing and reading (:class:`Terminal`), signals (:class:`SignalGuard`: Ctrl-C,
SIGTERM and SIGHUP become :class:`Interrupted`, never in the middle of a save), the refusal to run
without a terminal (:func:`require_terminal`) and the answer file's lock (:func:`take_lock`).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Any

from rich.console import Console, RenderableType
from rich.text import Text as RichText

from ids_assess.core.errors import UsageError
from ids_assess.core.safetext import clean
from ids_assess.io.lockfile import AnswerLock
from ids_assess.survey.messages import msg
from ids_assess.survey.options import quote
from ids_assess.survey.screens import rich_text

#: Set to ``1`` to run the survey when standard input is not a terminal (a testing aid: scripted input).
FORCE_TTY_ENV = "IDS_ASSESS_SURVEY_FORCE_TTY"


class EndOfInput(Exception):
    """Standard input ended (Ctrl-D, a closed pipe in tests)."""


class Interrupted(Exception):
    """Ctrl-C, SIGTERM or SIGHUP: save and leave with ``128 + signal`` (130 for Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def handled_signals() -> list[signal.Signals]:
    """The signals that end a survey (saved): SIGINT, SIGTERM and SIGHUP, where they exist."""
    return [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


class SignalGuard:
    """Turns Ctrl-C, SIGTERM and SIGHUP into :class:`Interrupted`, but never inside :meth:`critical`
    (a save): a signal arriving there is raised when the save is over."""

    def __init__(self) -> None:
        self.depth = 0
        self.pending: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> SignalGuard:
        for sig in handled_signals():
            try:
                self._old[sig] = signal.signal(sig, self._handle)
            except (ValueError, OSError):  # not the main thread: leave the signals alone
                pass
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            try:
                signal.signal(sig, old)
            except (ValueError, OSError):  # pragma: no cover
                pass
        self._old.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.depth:
            self.pending = signum
            return
        raise Interrupted(signum)

    @contextmanager
    def critical(self) -> Iterator[None]:
        """A block no signal interrupts (it is raised after the block)."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if self.depth == 0 and self.pending is not None:
            pending, self.pending = self.pending, None
            raise Interrupted(pending)

    def ignore(self) -> None:
        """From now on ignore the signals (while leaving: saving and saying goodbye)."""
        for sig in self._old:
            try:
                signal.signal(sig, signal.SIG_IGN)
            except (ValueError, OSError):  # pragma: no cover
                pass


class Terminal:
    """Printing (rich, never reading markup) and reading lines. ``echo`` repeats what was read, for
    scripted input (which a terminal would have echoed)."""

    def __init__(self, stdin: IO[str], stdout: IO[str], echo: bool = False) -> None:
        self.stdin = stdin
        self.console = Console(file=stdout, markup=False, highlight=False, emoji=False, soft_wrap=False)
        self.echo = echo
        reconfigure = getattr(stdin, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")  # a stray byte must not end the survey
            except (ValueError, OSError):  # pragma: no cover
                pass

    def say(self, *renderables: RenderableType) -> None:
        for renderable in renderables:
            self.console.print(renderable)

    def ask(self, prompt: RichText | str) -> str:
        """Show ``prompt`` and read one line (without its end); :class:`EndOfInput` at the end of input."""
        self.console.print(prompt if isinstance(prompt, RichText) else rich_text(prompt), end="", soft_wrap=True)
        self.console.file.flush()
        line = self.stdin.readline()
        if not line:
            self.console.print()
            raise EndOfInput
        line = line.rstrip("\r\n")
        if self.echo:
            self.console.print(rich_text(line))
        return line


def require_terminal(stdin: IO[str], environ: Mapping[str, str], questionnaire: str, lang: str,
                     questionnaire_dirs: Sequence[Path] = ()) -> None:
    """Refuse to run (exit 2) when standard input is not a terminal, unless :data:`FORCE_TTY_ENV` is 1;
    the message points to ``ids-assess template`` for ``questionnaire`` (which must exist)."""
    if environ.get(FORCE_TTY_ENV) == "1":
        return
    try:
        tty = stdin.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        q = " ".join([quote(questionnaire), *(f"--questionnaires {quote(str(d))}" for d in questionnaire_dirs)])
        raise UsageError(msg(lang, "needs_tty", q=q))


def isatty(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal (``False`` for anything that cannot say)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def reason(lang: str, signum: int | None) -> str:
    """Why the survey ended early: ``end of input``, ``Ctrl-C`` or ``signal SIGTERM``."""
    if signum is None:
        return msg(lang, "end_of_input")
    if signum == getattr(signal, "SIGINT", 2):
        return "Ctrl-C"
    try:
        name = signal.Signals(signum).name
    except ValueError:  # pragma: no cover
        name = str(signum)
    return msg(lang, "signal", name=name)


def take_lock(path: Path, lang: str) -> AnswerLock:
    """Take the answer file's lock (refused while another survey holds it); then :func:`settle_lock`."""
    from ids_assess.io.lockfile import acquire

    if not path.parent.is_dir():
        raise UsageError(msg(lang, "no_folder", path=path, folder=path.parent))
    return acquire(path, msg(lang, "locked", path="{path}", pid="{pid}", host="{host}", lock="{lock}"))


def settle_lock(lock: AnswerLock, path: Path, lang: str, terminal: Terminal) -> None:
    """Under the lock just taken: say whose stale lock was taken over, and remove the stale temporary
    files of a killed earlier survey on this file."""
    gone = lock.taken_over
    if gone is not None and gone.pid:
        terminal.say(rich_text(msg(lang, "lock_taken_over", path=clean(str(path)), pid=gone.pid,
                                   host=clean(gone.host)), "yellow"))
    from ids_assess.io.output import clean_stale_temps, written_path

    real = written_path(path)  # temporary files are made beside the file a link leads to
    clean_stale_temps(real.parent, names={real.name})
