"""Bundled questionnaires kept built between runs: reading, checking and building ``ids-core`` takes longer
than any other step of a one-file command (``validate FILE``, a single agency's report), and loading the
built questionnaire takes about a millisecond.

A built questionnaire is kept in the private cache folder ``questionnaires`` (:func:`resources.private_cache`)
under a key of everything it is made from: the questionnaire file's bytes and its display name, the version of
ids-assess and of Python, and the source of the modules that read and build questionnaires. Any change to one
of them is another key, so a kept questionnaire is never out of date. Only bundled questionnaires are kept
(a user's own are read, validated and reported on every run). A cache that cannot be used is no cache: the
questionnaire is built as it would have been, only slower.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ids_assess.core.model import Questionnaire
from ids_assess.io import resources

FOLDER = "questionnaires"
_PACKAGE = Path(__file__).resolve().parent.parent
#: The modules whose code decides what a questionnaire file is built into.
_BUILDERS = ("core/model.py", "core/vocab.py", "io/questionnaires.py", "io/yamlio.py", "io/yamlfast.py")


@cache
def _builders_digest() -> bytes:
    """What the key owes to the code: ids-assess's and Python's versions and the builders' source."""
    from ids_assess import __version__

    h = hashlib.sha256(f"{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    for name in _BUILDERS:
        try:
            h.update((_PACKAGE / name).read_bytes())
        except OSError:  # an installation without sources (never ours): a key that matches nothing kept
            h.update(os.urandom(16))
    return h.digest()


def key_of(path: Path, display: str) -> str | None:
    """The key of the questionnaire file ``path`` built with origin ``display``; ``None`` if it cannot be read."""
    try:
        text = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(_builders_digest() + display.encode() + b"\0" + text).hexdigest()


def load(path: Path, display: str, build: Callable[[], Questionnaire]) -> Questionnaire:
    """The bundled questionnaire ``path``: as kept, else ``build()`` (which reads, checks and builds it, and
    raises as it would), then kept for the next run."""
    folder = resources.private_cache(FOLDER)
    key = key_of(path, display) if folder is not None else None
    if folder is None or key is None:
        return build()
    kept = folder / f"{key}.pickle"
    try:
        with open(kept, "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # missing, unreadable or damaged: built again, and replaced
        pass
    else:
        if isinstance(found, Questionnaire):
            return found
    built = build()
    _keep(kept, built)
    return built


def _keep(kept: Path, questionnaire: Questionnaire) -> None:
    """Write the built questionnaire atomically (a process reading it meanwhile sees the whole file or none);
    a full disk or a read-only folder keeps nothing."""
    temporary = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            pickle.dump(questionnaire, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, kept)
    except (OSError, pickle.PicklingError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
