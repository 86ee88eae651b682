"""Batch work over many files: load, validate and score, streaming, on one or more processes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import answers, questionnaire, scoring, yamlio
from .errors import InvalidInput, Problem
from .model import Result
from .questionnaire import Registry

CHUNK = 16


@dataclass(frozen=True)
class Outcome:
    """What became of one file: a result (answer file), or its problems, or neither (a valid questionnaire)."""

    source: str
    kind: str  # "answers", "questionnaire" or "unknown"
    result: Result | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path, registry: Registry, want_score: bool = True) -> Outcome:
    """Validate one file (questionnaire or answer file) and score it when it is a valid answer file."""
    shown = str(path)
    try:
        doc = yamlio.load(path, shown)
        if questionnaire.is_questionnaire(doc.data):
            questionnaire.from_document(doc)
            return Outcome(shown, "questionnaire")
        answer_set = answers.from_document(doc, registry)
        if not want_score:
            return Outcome(shown, "answers")
        q = registry.get(answer_set.questionnaire)
        return Outcome(shown, "answers", scoring.score(q, answer_set))
    except InvalidInput as exc:
        kind = "unknown"
        return Outcome(shown, kind, problems=exc.problems)


_worker_registry: Registry | None = None


def _init_worker(folders: Sequence[str]) -> None:
    global _worker_registry
    _worker_registry = Registry([Path(f) for f in folders])


def _work(args: tuple[str, bool]) -> Outcome:
    assert _worker_registry is not None
    return check_file(Path(args[0]), _worker_registry, args[1])


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per core."""
    return max(1, (os.cpu_count() or 1) if jobs <= 0 else jobs)


def run(paths: Iterable[Path], registry: Registry, jobs: int = 1, want_score: bool = True) -> Iterator[Outcome]:
    """Check every file under ``paths`` in sorted order, yielding outcomes as they complete, in order.

    With ``jobs > 1`` the files are spread over worker processes; memory stays bounded because files
    are streamed to the workers and outcomes are yielded as soon as their turn comes.
    """
    files = yamlio.find_yaml_files(list(paths))
    if jobs <= 1:
        for path in files:
            yield check_file(path, registry, want_score)
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    folders = [str(f) for f in registry.folders]
    with context.Pool(jobs, initializer=_init_worker, initargs=(folders,)) as pool:
        yield from pool.imap(_work, ((str(p), want_score) for p in files), chunksize=CHUNK)
