"""Shared fixtures: run the command line as a user would, and write small answer files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ids_assess.cli.app import app
from ids_assess.io.questionnaires import Registry

REPO = Path(__file__).resolve().parent.parent
_LATEST_TERR = set(Registry().get("territoriality").items)
EXAMPLES = REPO / "examples"


class Run:
    """The outcome of one command: exit code, stdout and stderr kept apart."""

    def __init__(self, result: Any) -> None:
        self.code: int = result.exit_code
        self.out: str = result.stdout
        self.err: str = result.stderr
        self.exception = result.exception

    def __repr__(self) -> str:
        return f"<Run code={self.code} out={self.out[:300]!r} err={self.err[:300]!r}>"


@pytest.fixture
def cli() -> Callable[..., Run]:
    """``cli("score", "file.yaml")`` runs ids-assess in-process and returns a :class:`Run`."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Run:
        return Run(runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=True))

    return invoke


@pytest.fixture
def answer_file(tmp_path: Path) -> Callable[..., Path]:
    """Write an answer file: ``answer_file({"identity_marking.our_data": 4}, questionnaire=...)``."""

    def write(answers: dict[str, Any] | None = None, name: str = "answers.yaml", **header: Any) -> Path:
        doc: dict[str, Any] = {"questionnaire": header.pop("questionnaire", "territoriality"),
                               "agency": header.pop("agency", "Test Bureau")}
        doc.update(header)
        doc["answers"] = answers if answers is not None else {}
        if doc["questionnaire"] == "territoriality" and "version" not in doc and set(doc["answers"]) - _LATEST_TERR:
            # item ids of 1.0.0 (most tests here were written for it): the file says so, as a user's would;
            # written last, so that the line numbers of everything else stay as they were
            doc["version"] = "1.0.0"
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """The tests' compiled templates go to a folder of their own, not the user's cache (commands run in
    subprocesses inherit it)."""
    import os

    from ids_assess.io.resources import CACHE_VARIABLE

    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop(CACHE_VARIABLE, None)
    else:
        os.environ[CACHE_VARIABLE] = before
