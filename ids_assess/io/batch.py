"""Batch work over many files: load, validate and score, streaming, on one or more processes."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ids_assess.core import scoring
from ids_assess.core.errors import InvalidInput, Problem, WorkerLost
from ids_assess.core.model import Result, qref
from ids_assess.core.outcome import Outcome as Outcome  # re-exported: the batch's product
from ids_assess.io import answers, yamlio
from ids_assess.io import questionnaires as questionnaire
from ids_assess.io.export_rows import export_outcomes, is_export
from ids_assess.io.pools import can_fork, fork_map, forked_worker, next_result, start_pool, workers_of
from ids_assess.io.questionnaires import Registry

if TYPE_CHECKING:
    from ids_assess.core.aggregate import Aggregator, Overview

CHUNK = 64  # files per task sent to a worker: large enough that messaging costs little
Keep = Literal[True, False, "scores"]


def check_file(path: Path, registry: Registry, want_score: bool = True) -> Outcome:
    """Validate one file (questionnaire or answer file) and score it when it is a valid answer file."""
    shown = str(path)
    try:
        doc = yamlio.load(path, shown)
        if doc.data is None:
            return Outcome(shown, "unknown", problems=(Problem(shown, 1, 1, "the file is empty", "an answer file "
                           "needs questionnaire, agency and answers: see 'ids-assess template'"),))
        if questionnaire.is_questionnaire(doc.data):
            questionnaire.from_document(doc)
            return Outcome(shown, "questionnaire")
        answer_set = answers.from_document(doc, registry)
        if not want_score:
            return Outcome(shown, "answers")
        q = registry.get(qref(answer_set.questionnaire, answer_set.version))
        return Outcome(shown, "answers", scoring.score(q, answer_set))
    except InvalidInput as exc:
        kind = "unknown"
        return Outcome(shown, kind, problems=exc.problems)


#: Files named on the command line that are read as a survey platform's export (one answer set per row).
_worker_registry: Registry | None = None


def _init_worker(folders: Sequence[str]) -> None:
    global _worker_registry
    forked_worker()
    _worker_registry = Registry([Path(f) for f in folders])


def _finish(outcome: Outcome, encode: Callable[[Result], str] | None, keep: Keep = True) -> Outcome:
    """Shape the outcome for its way back: encoded where it was computed (``encode``), and the result
    kept whole, kept without its answers (``"scores"``: enough for agency profiles), or dropped."""
    result = outcome.result
    if result is None or (encode is None and keep is True):
        return outcome
    if keep == "scores":
        kept: Result | None = replace(result, answers=replace(result.answers, answers={}))
    else:
        kept = result if keep else None
    return Outcome(outcome.source, outcome.kind, kept, outcome.problems,
                   encode(result) if encode else None, result.overall.score, result.overall.coverage)


def _work(args: tuple[str, bool, Callable[[Result], str] | None, Keep]) -> Outcome:
    assert _worker_registry is not None
    return _finish(check_file(Path(args[0]), _worker_registry, args[1]), args[2], args[3])


def _work_batch(tasks: list[tuple[str, bool, Callable[[Result], str] | None, Keep]]) -> list[Outcome]:
    return [_work(task) for task in tasks]


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per core."""
    return max(1, (os.cpu_count() or 1) if jobs <= 0 else jobs)


def run(paths: Iterable[Path], registry: Registry, jobs: int = 1, want_score: bool = True,
        encode: Callable[[Result], str] | None = None, keep: Keep = True,
        warn: Callable[[str], None] | None = None) -> Iterator[Outcome]:
    """Check every file under ``paths`` in sorted order, yielding outcomes in that order.

    With ``jobs > 1`` the files are spread over worker processes; memory stays bounded because files
    are streamed to the workers and outcomes are yielded as soon as their turn comes. With ``encode``
    (a module-level function), each result is encoded where it was computed and only the text is kept
    (the result too with ``keep=True``, or its scores without the answers with ``keep="scores"``).
    """
    paths = list(paths)
    if jobs <= 1 or any(is_export(p) for p in paths):  # a survey platform's export is read in this process
        for path in yamlio.find_yaml_files(paths, warn):
            if is_export(path):
                for outcome in export_outcomes(path, registry, want_score):
                    yield _finish(outcome, encode, True if keep == "scores" else keep)
                continue
            # in-process nothing travels: "scores" keeps the whole result rather than pay for a copy
            yield _finish(check_file(path, registry, want_score), encode, True if keep == "scores" else keep)
        return
    import multiprocessing

    global _worker_registry
    context: Any
    init: Callable[..., None] | None
    initargs: tuple[Any, ...]
    if "fork" in multiprocessing.get_all_start_methods():
        # forked workers inherit the parent's registry, questionnaires already loaded
        context = multiprocessing.get_context("fork")
        _worker_registry = registry
        init, initargs = forked_worker, ()
    else:  # pragma: no cover - spawn platforms load the questionnaires once per worker
        context = multiprocessing.get_context()
        init, initargs = _init_worker, ([str(f) for f in registry.folders],)
    import gc

    # the pool's feeder thread walks the folders ahead of the outcomes: each warning of the walk (a link left
    # out) is kept with the number of files listed before it, and told before that file's outcome, as with one job
    heard: list[tuple[int, str]] = []
    listed, told = [0], 0

    def counted() -> Iterator[Path]:
        for path in yamlio.find_yaml_files(paths, lambda message: heard.append((listed[0], message))):
            yield path
            listed[0] += 1

    gc.freeze()  # keep the collector from touching (and so copying) the parent's pages in the workers
    try:
        with start_pool(context, jobs, init, initargs) as pool:
            # CHUNK files a task, batched here (a pool's own batching hides the iterator that can wait with a
            # timeout, which next_result needs to notice a worker that died)
            tasks = _batched(((str(p), want_score, encode, keep) for p in counted()), CHUNK)
            outcomes, workers = pool.imap(_work_batch, tasks), workers_of(pool)
            at = 0
            while True:
                try:
                    done = next_result(outcomes, workers)
                except StopIteration:
                    break
                for outcome in done:
                    while told < len(heard) and heard[told][0] <= at:
                        if warn is not None:
                            warn(heard[told][1])
                        told += 1
                    at += 1
                    yield outcome
            pool.close()  # every file done: let the workers end rather than be terminated
            pool.join()
        for _, message in heard[told:]:  # after the last file
            if warn is not None:
                warn(message)
    finally:
        gc.unfreeze()  # back to the oldest generation: collected again (a caller's garbage cycles too)


class Accumulator(Protocol):
    """Something more to gather from every result of a batch, besides the agency profiles (the statistics'
    rows, the rounds' dates): with ``--jobs`` each worker gathers its share into a :meth:`fresh` one, which
    the parent's then merges (:meth:`merge`) in file order."""

    def add(self, result: Result) -> object: ...

    def fresh(self) -> Any: ...

    def merge(self, other: Any) -> None: ...


#: Files per worker task at most, when workers aggregate (:func:`aggregate_paths`), and at least (but the
#: last): see :func:`_slices`.
SLICE, FEW = 500, 16


@dataclass
class _Slice:
    """What a worker sends back for its files: problems, counts and the extras' partial sums; the profiles'
    sums stay in the worker, added up across its slices and sent once, at the end (:meth:`_Held.send`)."""

    problems: list[Problem]
    kinds: Counter[str]
    extras: list[Any]
    names: list[tuple[str, str, str]]
    #: the profiles the slice's files went to, each once, in the order of their first files: (questionnaire
    #: ``id@version``, agency key, agency name and id in that file, that file): for the warnings of a second
    #: version, and for the profiles' order and first names (:meth:`Aggregator.in_file_order`)
    profiles: list[tuple[str, str, str, str | None, str]]
    #: the ties the slice's files went to, each once, in the order of their first files
    ties: list[tuple[str, str, str | None]]


def _aggregate_slice(files: list[str], registry: Registry, extras: Sequence[Accumulator],
                     sums: Aggregator) -> _Slice:
    """One worker's share: ``files`` scored and added up into ``sums`` (the worker's, kept across its
    slices) and into fresh ``extras`` (sent back, never the results)."""
    from ids_assess.core.agency_names import NameWatch

    mine = [extra.fresh() for extra in extras]
    names = NameWatch()
    problems: list[Problem] = []
    kinds: Counter[str] = Counter()
    profiles: dict[tuple[str, str], tuple[str, str | None, str]] = {}
    ties: dict[tuple[str, str, str | None], None] = {}
    for name in files:
        outcome = check_file(Path(name), registry)
        problems.extend(outcome.problems)
        result = outcome.result
        if result is not None:
            names.see(result.answers)
            tie = sums.add(result)
            a = result.answers
            if tie[:2] not in profiles:
                profiles[tie[:2]] = (a.agency, a.agency_id, a.source)
            ties.setdefault(tie)
            for extra in mine:
                extra.add(result)
        if outcome.ok:
            kinds[outcome.kind] += 1
    return _Slice(problems, kinds, mine, names.first_files(),
                  [(ref, key, *first) for (ref, key), first in profiles.items()], list(ties))


@dataclass
class _Held:
    """A worker's profile sums, added up across the slices it takes (each forked worker its own copy, empty
    at its start)."""

    sums: Aggregator | None = None
    slices: int = 0

    def take(self, make: Callable[[], Aggregator]) -> Aggregator:
        """The sums to add the next slice to (made with ``make`` for the first)."""
        if self.sums is None:
            self.sums = make()
        self.slices += 1
        return self.sums

    def send(self) -> tuple[int, Aggregator | None]:
        """The worker's last task (``at_end`` of :func:`fork_map`): how many slices it took, and its sums of
        them all, trimmed to the notes a profile can show (``None`` if it took none)."""
        sums, slices = self.sums, self.slices
        self.sums, self.slices = None, 0
        if sums is not None:
            sums.trim()
        return slices, sums


@contextmanager
def _in_slices(paths: Sequence[Path], jobs: int, work: Callable[[list[str]], Any],
               warn: Callable[[str], None] | None = None,
               at_end: Callable[[], Any] | None = None) -> Iterator[Iterator[Any]]:
    """The files under ``paths`` in sorted order, cut into :func:`_slices`, each given to ``work`` in a forked
    worker (:func:`fork_map`): each slice with its result and the warnings of the walk through the folders
    (links left out) that came before each of its files, ``(index in the slice, warning)``, in slice order (a
    warning after the last file goes with the last slice, at its length). The pool ends when the block is
    left, early or not. Without ``warn`` the walk's warnings are not kept.

    With ``at_end`` (:func:`fork_map`'s), each worker's result of it after the slices, as ``(None, result,
    [])``."""
    import gc

    files: list[str] = []
    heard: list[tuple[int, str]] = []  # (files listed before it, warning)
    for path in yamlio.find_yaml_files(list(paths), None if warn is None else
                                       lambda message: heard.append((len(files), message))):
        files.append(str(path))
    slices = list(_slices(files, jobs))
    if not slices and warn is not None:
        for _, message in heard:
            warn(message)
    notes: list[list[tuple[int, str]]] = [[] for _ in slices]
    start, i = 0, 0
    for k, part in enumerate(slices):
        last = k == len(slices) - 1
        while i < len(heard) and (heard[i][0] < start + len(part) or last):
            notes[k].append((heard[i][0] - start, heard[i][1]))
            i += 1
        start += len(part)
    parts = fork_map(work, slices, jobs, at_end)
    # what this process does meanwhile is unpickling the slices' results and merging them: objects that live
    # on (no garbage cycles), which the collector would only walk again and again (a third of the unpickling)
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield ((slices[k], part, notes[k]) if k < len(slices) else (None, part, []) for k, part in enumerate(parts))
    finally:
        # the merged sums live on: put them with the oldest objects (frozen, then unfrozen: no walk) rather
        # than leave them young, to be walked when the collector is back on
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()
        close = getattr(parts, "close", None)
        if close is not None:
            close()


def _slices(files: list[str], jobs: int) -> Iterator[list[str]]:
    """Guided: each slice a share of the files left (``1 / (2 x jobs)``, at most :data:`SLICE`, at least
    :data:`FEW`), so that the last slices are small: the workers end together, and the parent's last wait
    (the last slice, then every worker's sums sent and merged) is short."""
    start, total = 0, len(files)
    while start < total:
        size = min(SLICE, max(FEW, -(-(total - start) // (2 * jobs))))
        yield files[start:start + size]
        start += size


@dataclass
class _Gathered:
    """What a worker of :func:`gather_paths` sends back: how many files it read, each invalid file's problems
    (in file order) and its share of the gathered rows."""

    files: int
    invalid: list[list[Problem]]
    extras: list[Any]


def gather_paths(paths: Sequence[Path], registry: Registry, jobs: int, extras: Sequence[Accumulator],
                 on_invalid: Callable[[list[Problem]], None], warn: Callable[[str], None] | None = None) -> int:
    """Score every answer file under ``paths`` (sorted order) into each of ``extras`` (the statistics' rows),
    passing each invalid file's problems to ``on_invalid`` in file order, and the folder walk's warnings (a
    link left out) to ``warn``; returns the number of files read. With ``jobs > 1`` (answer files only, where
    processes fork) workers take slices of the files, gather into fresh ``extras`` and send those back, never
    the results; the parent merges them in order, so everything comes out as with one job."""
    if jobs > 1 and can_fork() and not any(map(is_export, paths)):
        count = 0
        with _in_slices(paths, jobs, lambda part: _gather_slice(part, registry, extras), warn) as parts:
            for files, part, walked in parts:
                count += part.files
                at = {name: i for i, name in enumerate(files)}
                told: list[tuple[int, int, Callable[[Any], None], Any]] = []  # as in _aggregate_in_workers
                if warn is not None:
                    told.extend((where, -1, warn, message) for where, message in walked)
                where = 0
                for problems in part.invalid:
                    where = at.get(problems[0].path, where) if problems else where
                    told.append((where, 0, on_invalid, problems))
                _tell_in_order(told)
                for extra, theirs in zip(extras, part.extras, strict=True):
                    extra.merge(theirs)
        return count
    count = 0
    for outcome in run(paths, registry, 1, warn=warn):
        count += 1
        if outcome.problems:
            on_invalid(list(outcome.problems))
        elif outcome.result is not None:
            for extra in extras:
                extra.add(outcome.result)
    return count


def _gather_slice(files: list[str], registry: Registry, extras: Sequence[Accumulator]) -> _Gathered:
    """One worker's share of :func:`gather_paths`."""
    mine = [extra.fresh() for extra in extras]
    invalid: list[list[Problem]] = []
    for name in files:
        outcome = check_file(Path(name), registry)
        if outcome.problems:
            invalid.append(list(outcome.problems))
        elif outcome.result is not None:
            for extra in mine:
                extra.add(outcome.result)
    return _Gathered(len(files), invalid, mine)


def _tell_in_order(told: list[tuple[int, int, Callable[[Any], None], Any]]) -> None:
    """Tell a slice's ``(file in the slice, kind, whom to tell, what)`` in file order and, within a file, in
    the order of kind (the walk's warnings -1, problems 0, name clashes 1, second versions 2) as one job tells
    them; stable: each kind keeps its order within a file."""
    told.sort(key=lambda t: t[:2])
    for _, _, tell, what in told:
        tell(what)


def aggregate_paths(paths: Iterable[Path], registry: Registry, jobs: int = 1, disagreement: float | None = None,
                    on_problem: Callable[[Problem], None] | None = None,
                    kinds: Counter[str] | None = None,
                    warn: Callable[[str], None] | None = None,
                    on_warning: Callable[[str], None] | None = None,
                    on_result: Callable[[Result], None] | None = None,
                    extras: Sequence[Accumulator] = (),
                    gathered: Callable[[], None] | None = None) -> tuple[Overview, list[Problem]]:
    """Score and aggregate every answer file under ``paths``; score JSON files (``.json``) are read too.
    ``on_result`` sees every result as it is aggregated (the workbook's rows per respondent and statement);
    each of ``extras`` gets every result too, and with ``jobs > 1`` (and no ``on_result``) the workers score,
    aggregate and gather into ``extras`` themselves and send back partial sums, not results.

    Returns the overview and the problems of the invalid files (also passed to ``on_problem`` as found);
    ``kinds`` counts the valid files read by kind (``answers``, ``questionnaire``); ``on_warning`` hears of an
    agency answering two versions of a questionnaire; ``gathered`` is called once every file is read and
    ``extras`` are complete, before the profiles are finished (``report`` starts the statistics' workers
    there, to run meanwhile).
    """
    from ids_assess.core.agency_names import NameWatch
    from ids_assess.core.aggregate import DISAGREEMENT, Aggregator
    from ids_assess.io.results_load import is_results_file, load_results

    agg = Aggregator(registry.get, DISAGREEMENT if disagreement is None else disagreement,
                     on_warning=on_warning)
    names = NameWatch()

    def add(result: Result, item_level: bool = True) -> None:
        clash = names.see(result.answers)
        if clash and warn is not None:
            warn(clash)
        agg.add(result, item_level=item_level)
        for extra in extras:
            extra.add(result)

    problems: list[Problem] = []
    yaml_paths = []
    for path in paths:
        if is_results_file(path):
            try:
                for result in load_results(path, registry.get):
                    add(result, item_level=False)
                    if on_result:
                        on_result(result)
            except InvalidInput as exc:
                problems.extend(exc.problems)
                for problem in exc.problems:
                    if on_problem:
                        on_problem(problem)
        else:
            yaml_paths.append(path)
    if yaml_paths and jobs > 1 and on_result is None and can_fork() and not any(map(is_export, yaml_paths)):
        _aggregate_in_workers(yaml_paths, registry, jobs, agg, names, extras, problems, on_problem, kinds, warn)
    elif yaml_paths:
        for outcome in run(yaml_paths, registry, jobs, warn=warn):
            for problem in outcome.problems:
                problems.append(problem)
                if on_problem:
                    on_problem(problem)
            if outcome.result is not None:
                add(outcome.result)
                if on_result:
                    on_result(outcome.result)
            if kinds is not None and outcome.ok:
                kinds[outcome.kind] += 1
    if gathered is not None:
        gathered()
    return agg.finish(), problems


def _aggregate_in_workers(paths: list[Path], registry: Registry, jobs: int, agg: Aggregator, names: Any,
                          extras: Sequence[Accumulator], problems: list[Problem],
                          on_problem: Callable[[Problem], None] | None, kinds: Counter[str] | None,
                          warn: Callable[[str], None] | None) -> None:
    """:func:`aggregate_paths`' files in forked workers (:func:`fork_map`), each task a slice of the files in
    sorted order; the slices' problems, warnings and sums are taken in that order, and within a slice the
    problems and warnings are told in the order of their files: the walk's warnings before a file (a link left
    out), its problems, its agency name clash, its agency's second version (as :func:`aggregate_paths` tells
    them file by file): everything comes out as with one job."""
    from ids_assess.core.aggregate import Aggregator

    held = _Held()

    def work(part: list[str]) -> _Slice:
        return _aggregate_slice(part, registry, extras, held.take(lambda: Aggregator(registry.get, agg.disagreement)))

    told_slices = summed = 0  # the slices told here, and those whose sums came back
    with _in_slices(paths, jobs, work, warn, held.send) as parts:
        for files, part, walked in parts:
            if files is None:  # a worker's sums of all its slices, after every slice was told
                count, sums = part
                summed += count
                if sums is not None:
                    agg.merge(sums, announced=True)
                continue
            told_slices += 1
            at = {name: i for i, name in enumerate(files)}
            told: list[tuple[int, int, Callable[[Any], None], Any]] = []  # (file, kind, whom to tell, what)
            if warn is not None:  # the walk's warnings, each before the file that came after it
                told.extend((where, -1, warn, message) for where, message in walked)
            where = 0
            for problem in part.problems:
                problems.append(problem)
                where = at.get(problem.path, where)
                if on_problem:
                    told.append((where, 0, on_problem, problem))
            for agency_id, agency, source in part.names:
                clash = names.see_name(agency_id, agency, source)
                if clash and warn is not None:
                    told.append((at.get(source, len(files)), 1, warn, clash))
            for ref, key, agency, agency_id, source in part.profiles:
                message = agg.announce(ref, key, agency, agency_id)
                if message:
                    told.append((at.get(source, len(files)), 2, agg.tell, message))
            agg.announce_ties(part.ties)
            _tell_in_order(told)
            for extra, theirs in zip(extras, part.extras, strict=True):
                extra.merge(theirs)
            if kinds is not None:
                kinds.update(part.kinds)
    if summed != told_slices:
        # a worker that died between two tasks took the sums of its slices with it (the pool starts another
        # in its place, with none): the profiles would be short of its files
        raise WorkerLost(None)
    agg.in_file_order()
