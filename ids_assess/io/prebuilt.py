"""Bundled questionnaires kept built between runs: reading, checking and building ``ids-core`` takes longer
than any other step of a one-file command (``validate FILE``, a single agency's report), and loading the
built questionnaire takes about a millisecond.

A built questionnaire is kept in the private cache folder ``questionnaires`` (:func:`resources.private_cache`:
opened once, checked to be the user's alone, read and written through its handle, since a pickle is loaded as
code) under a key of everything it is made from: the questionnaire file's bytes and its display name, the
versions of ids-assess, Python, yaml-rs and PyYAML, and the source of the modules that read and build
questionnaires. Any change to one of them is another key, so a kept questionnaire is never out of date; the
copies of other builds are removed when a new one is kept. Only bundled questionnaires are kept (a user's own
are read, validated and reported on every run). A cache that cannot be used is no cache: the questionnaire is
built as it would have been, only slower.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ids_assess.core.model import Questionnaire
from ids_assess.io import resources

try:  # BLAKE2 from its own small module: hashlib loads OpenSSL first, 4-5 ms of a one-file command
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b

FOLDER = "questionnaires"
SUFFIX = ".pickle"
STALE_SECONDS = 3600
_PACKAGE = Path(__file__).resolve().parent.parent
#: The modules whose code decides what a questionnaire file is built into.
_BUILDERS = ("core/model.py", "core/records.py", "core/record_inits.py", "core/vocab.py", "core/safetext.py",
             "io/questionnaires.py", "io/yamlio.py", "io/yamlfast.py", "io/files.py", "io/documents.py")
#: The libraries that read YAML: where they are installed and the size and time of their files.
_READERS = ("yaml_rs", "yaml")


@cache
def builders_digest() -> str | None:
    """What a key owes to the code: the versions of ids-assess and Python, the installed YAML readers and the
    builders' source (hex); ``None`` (no cache) where a source file cannot be read."""
    import importlib.util
    import os

    from ids_assess import __version__

    h = blake2b(f"{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    try:
        for name in _BUILDERS:
            h.update((_PACKAGE / name).read_bytes())
        for reader in _READERS:
            spec = importlib.util.find_spec(reader)
            origin = spec.origin if spec is not None and spec.origin else ""
            info = os.stat(origin) if origin else None
            h.update(f"\0{reader}\0{origin}\0{info and (info.st_size, info.st_mtime_ns)}".encode())
    except (OSError, ImportError, ValueError):
        return None
    return h.hexdigest()[:16]


def key_of(path: Path, display: str) -> str | None:
    """The file name the questionnaire file ``path``, built with origin ``display``, is kept under (the builders'
    digest, then a digest of the rest); ``None`` if it cannot be read or the code cannot be fingerprinted."""
    digest = builders_digest()
    try:
        text = path.read_bytes()
    except OSError:
        return None
    if digest is None:
        return None
    rest = blake2b(display.encode() + b"\0" + text, digest_size=32).hexdigest()
    return f"{digest}-{rest}{SUFFIX}"


def load(path: Path, display: str, build: Callable[[], Questionnaire]) -> Questionnaire:
    """The bundled questionnaire ``path``: as kept, else ``build()`` (which reads, checks and builds it, and
    raises as it would), then kept for the next run."""
    key = key_of(path, display)
    folder = resources.private_cache(FOLDER) if key is not None else None
    if folder is None or key is None:
        return build()
    try:
        data = folder.read(key)
        if data is not None:
            try:
                found = pickle.loads(data)
            except Exception:  # damaged: built again, and replaced
                found = None
            if isinstance(found, Questionnaire):
                return found
        built = build()
        _keep(folder, key, built)
        return built
    finally:
        folder.close()


def _keep(folder: resources.PrivateFolder, key: str, questionnaire: Questionnaire) -> None:
    """Keep the built questionnaire, and remove the copies of other builds (an older ids-assess, an edited
    builder) and what an interrupted write left."""
    try:
        data = pickle.dumps(questionnaire, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # what cannot be kept is built again next time
        return
    folder.write(key, data)
    mine = key.partition("-")[0] + "-"
    for name in folder.names():
        if name.endswith(SUFFIX) and not name.startswith(mine):
            folder.remove(name)
        elif name.endswith(".tmp") and folder.age(name) > STALE_SECONDS:  # a write killed midway
            folder.remove(name)
