"""Worker processes: pools whose workers come into being safely (signals held until they take their own
dispositions), a parent that notices a worker that died, and :func:`fork_map`, a function over items in forked
workers. Used by :mod:`ids_assess.io.batch` and by the report's rendering and statistics."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import Any

from ids_assess.core.errors import WorkerLost


def forked_worker() -> None:
    """A worker ends at once on SIGTERM, whatever handler the parent had set (``report`` unwinds its staging
    folder on SIGTERM): the pool's own shutdown sends it, and a handler that raised in a worker holding the
    pool's queue lock would leave the other workers, and so the parent, waiting for ever. Ctrl-C is the
    parent's to handle (it ends the pool): a worker ignores SIGINT rather than print its own traceback.

    Both signals were held since the worker was forked (:func:`start_pool`): one that came meanwhile is
    taken now, by these dispositions, not by the parent's handlers."""
    import gc
    import signal

    gc.enable()  # a worker the pool starts again is forked while its parent may be merging without collecting
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, (signal.SIGINT, signal.SIGTERM))


def start_pool(context: Any, processes: int, initializer: Callable[..., None],
                initargs: tuple[Any, ...] = ()) -> Any:
    """A ``context.Pool`` whose workers come into being with SIGINT and SIGTERM held: a worker is forked with
    the parent's handlers, and a signal that ran one there before the initializer was swallowed (an
    exception in the interpreter's after-fork hooks is only printed), leaving the worker alive, to wait for
    ever on the queue lock the pool's shutdown holds, and the parent for it. The pool's own threads (which
    fork the workers it starts again) keep the signals held; this thread takes any that came meanwhile once
    the pool is made."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - platforms without POSIX signals
        return context.Pool(processes, initializer=initializer, initargs=initargs)
    before = signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT, signal.SIGTERM))
    pool = None
    try:
        pool = context.Pool(processes, initializer=initializer, initargs=initargs)
    finally:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a signal held meanwhile is handled here
        except BaseException:
            if pool is not None:
                pool.terminate()
            raise
    return pool


#: How often a parent waiting for its workers looks whether one of them has died (seconds).
WATCH_SECONDS = 0.5


def workers_of(pool: Any) -> list[Any]:
    """The worker processes a pool started (they end only when the pool does: no ``maxtasksperchild``)."""
    return list(getattr(pool, "_pool", ()))


def next_result(results: Any, workers: Sequence[Any]) -> Any:
    """The next of a pool's ``imap`` ``results`` (``StopIteration`` at the end), or :class:`WorkerLost` when one
    of the pool's ``workers`` has died meanwhile: a pool starts another worker but never gives it the lost
    task, so waiting for that result would never end."""
    import multiprocessing

    while True:
        try:
            return results.next(timeout=WATCH_SECONDS)
        except multiprocessing.TimeoutError:
            for worker in workers:
                code = worker.exitcode
                if code is not None:
                    raise WorkerLost(code) from None


def can_fork() -> bool:
    """Whether workers that aggregate, render or compute statistics may be forked: not on macOS, where a
    process that has used the system's BLAS (numpy's on Apple's wheels) is not safe to fork; the work is then
    done in this process (the reports are the same)."""
    import multiprocessing
    import sys

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


_mapped: Callable[[Any], Any] | None = None  # the function fork_map's workers call (inherited when forked)
_ending: tuple[Callable[[], Any], Any] | None = None  # fork_map's at_end and the barrier its workers wait at


class _AtEnd:
    """The task that makes a worker call ``at_end`` (:func:`fork_map`)."""


def _call_mapped(item: Any) -> Any:
    if isinstance(item, _AtEnd):
        assert _ending is not None
        at_end, barrier = _ending
        barrier.wait()  # taken by every worker once: one waiting here cannot take a second
        return at_end()
    assert _mapped is not None
    return _mapped(item)


def _workers_for(jobs: int, items: int) -> int:
    """How many workers :func:`fork_map` starts for ``items`` items with ``jobs``: none where it works in this
    process (one job, one item, or where processes cannot be forked)."""
    if jobs <= 1 or items < 2 or not can_fork():
        return 0
    return min(jobs, items)


def fork_map(func: Callable[[Any], Any], items: Sequence[Any], jobs: int,
             at_end: Callable[[], Any] | None = None) -> Iterator[Any]:
    """``func`` over ``items`` in ``jobs`` forked processes, in order (``func`` may be a closure: the workers
    inherit it, only items and results travel); in this process with one job, one item, or where processes
    cannot be forked. The workers start at once, before the first result is asked for, so that the caller can
    do other work meanwhile; ``close()`` the iterator if it is left before its end. One at a time: not
    reentrant.

    With ``at_end``, for what a worker keeps from one item to the next: once the items are done, each worker
    calls ``at_end()`` once (this process once, where the work is done here), and those results come after
    the items'. A barrier with one party per worker gives every worker exactly one such call."""
    workers = _workers_for(jobs, len(items))
    if not workers:
        results = map(func, items)
        return results if at_end is None else chain(results, (at_end() for _ in range(1)))
    import gc
    import multiprocessing

    global _mapped, _ending
    context = multiprocessing.get_context("fork")
    tasks = items
    if at_end is not None:
        _ending = (at_end, context.Barrier(workers))  # made before the workers are: they inherit it
        tasks = [*items, *(_AtEnd() for _ in range(workers))]
    _mapped = func
    gc.freeze()  # as in run(), until the pool ends
    try:
        pool = start_pool(context, workers, forked_worker)
    except BaseException:
        _mapped = _ending = None
        gc.unfreeze()
        raise
    return _Mapping(pool, pool.imap(_call_mapped, tasks))


class _Mapping:
    """The results of :func:`fork_map` as they come; the pool ends with the last one, or on :meth:`close`."""

    def __init__(self, pool: Any, results: Iterator[Any]) -> None:
        self._pool: Any = pool
        self._results = results
        self._workers = workers_of(pool)

    def __iter__(self) -> _Mapping:
        return self

    def __next__(self) -> Any:
        if self._pool is None:
            raise StopIteration
        try:
            return next_result(self._results, self._workers)
        except StopIteration:
            self._pool.close()  # every task done: let the workers end rather than be terminated
            self._pool.join()
            self.close()
            raise
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        global _mapped, _ending
        if self._pool is None:
            return
        import gc

        self._pool.terminate()
        self._pool = None
        _mapped = _ending = None
        gc.unfreeze()
