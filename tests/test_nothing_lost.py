"""Nothing lost, nothing damaged: devices and streams written through, text that reads back as written, one
survey per answer file, report folders replaced as one set, and a full output that is not a bug.

Never the real ``/dev/null``: device nodes and FIFOs are made in a temporary folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ids_assess.core.errors import OutputError
from ids_assess.io import output, yamlio
from ids_assess.io.lockfile import Locked, acquire, lock_path
from ids_assess.survey import terminal

ANSWERS = EXAMPLES / "answers"
HEAD = ["-q", "territoriality", "--agency", "Test Bureau", "--agency-id", "", "--respondent", "", "--role", "it"]


def null_device(folder: Path) -> Path:
    """A character device like /dev/null (1, 3), made in ``folder``; skipped where that is not allowed."""
    path = folder / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


# --- 1. -o onto a device, a FIFO or stdout is written through, never replaced ----------------------

@pytest.mark.parametrize("command", [
    ["score", str(ANSWERS)],
    ["score", str(ANSWERS), "--format", "json"],
    ["score", str(ANSWERS), "--by", "agency", "--format", "csv"],
    ["template", "-q", "territoriality"],
])
def test_output_onto_a_device_keeps_the_device(cli, tmp_path, command):
    node = null_device(tmp_path)
    run = cli(*command, "-o", str(node))
    assert run.code == 0, run
    assert is_char_device(node), "the device was replaced by a regular file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary file beside it


def test_output_onto_a_fifo_streams_into_it(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader)
    thread.start()
    run = cli("score", str(ANSWERS), "--format", "csv", "-o", str(fifo))
    thread.join(timeout=30)
    assert run.code == 0, run
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    text = received[0].decode("utf-8-sig")
    assert text.startswith("source,") and text.count("\n") == 24  # header + 23 files


def test_output_dash_is_stdout(cli):
    run = cli("score", str(ANSWERS), "--format", "json", "-o", "-")
    assert run.code == 0, run
    assert run.out.startswith("{") and '"results"' in run.out
    assert not Path("-").exists()


def test_output_onto_a_folder_is_refused(cli, tmp_path):
    run = cli("score", str(ANSWERS), "-o", str(tmp_path))
    assert run.code == 1
    assert "it is a folder" in run.err and "Traceback" not in run.err


def test_write_atomic_still_replaces_a_regular_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    output.write_atomic(target, ["new ", "text"])
    assert target.read_text() == "new text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]



def test_output_onto_a_link_replaces_the_file_it_points_to_and_keeps_the_link(cli, tmp_path):
    (tmp_path / "runs").mkdir()
    target = tmp_path / "runs" / "scores-2026.json"
    target.write_text("an earlier run", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(Path("runs") / "scores-2026.json")
    run = cli("score", str(ANSWERS), "--format", "json", "-o", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink() and os.readlink(link) == str(Path("runs") / "scores-2026.json")
    assert json.loads(target.read_text(encoding="utf-8"))["results"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["scores-2026.json"]  # no temporary file


def test_output_onto_a_link_to_an_input_answer_file_is_refused(cli, tmp_path):
    folder = tmp_path / "answers"
    shutil.copytree(ANSWERS, folder)
    first = sorted(folder.glob("*.yaml"))[0]
    before = first.read_bytes()
    trap = tmp_path / "trap.json"
    trap.symlink_to(first)
    run = cli("score", str(folder), "--format", "json", "-o", str(trap))
    assert run.code == 2 and "it would be read as an answer file" in run.err, run.err
    assert first.read_bytes() == before

# --- 2. every text a user gives reads back as the same string ------------------------------------

user_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).filter(
    lambda t: yamlio.refused_character(t) is None)


@settings(max_examples=400, suppress_health_check=list(HealthCheck), deadline=None)
@given(user_text)
def test_any_user_text_round_trips_through_the_dumper_and_the_loader(text):
    doc = {"questionnaire": "territoriality", "agency": text, "agency_id": text, "respondent": text,
           "partner": text, "answers": {"identity_marking.our_data": {"rating": 3, "evidence": text}},
           "values": {text: text}}
    assert yamlio.loads(yamlio.dump(doc)).data == doc


@pytest.mark.parametrize("text", ["1e5", "2E3", "+1", "-0", ".5", "1.", "6.02e+23", "true", "False", "null", "~",
                                  "", ".inf", "-.Inf", ".nan", "0x1F", "0o17", "1_000", "no", "on", "2026-12-01",
                                  "012345", "a\rb", "a\u2028b", "line\nbreak", " padded ", "#hash", "x: y"])
def test_number_like_and_odd_text_round_trips(text):
    assert yamlio.loads(yamlio.dump({"agency": text})).data == {"agency": text}


def test_survey_file_with_number_like_names_validates_and_resumes(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(terminal.FORCE_TTY_ENV, "1")
    run = cli("survey", "-q", "territoriality", "-o", "rt1.yaml", "--agency", "1e5", "--agency-id", "",
              "--respondent", "2E3", "--role", "it", "--partner", "1.5e3", "--tie", "vertical", input="4\nq\n")
    assert run.code == 0, run
    check = cli("validate", str(tmp_path / "rt1.yaml"))
    assert check.code == 0, check
    again = cli("survey", "-o", "rt1.yaml", "--resume", "--respondent", "2E3", input="q\n")
    assert again.code == 0, again
    assert "Continuing rt1.yaml: 1 of 16" in again.out
    assert yamlio.load(tmp_path / "rt1.yaml").data["agency"] == "1e5"


# --- 3. one survey per answer file ---------------------------------------------------------------

def test_a_second_survey_on_a_locked_file_is_refused_and_the_file_unchanged(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(terminal.FORCE_TTY_ENV, "1")
    first = cli("survey", *HEAD, "-o", "two.yaml", input="4\n5\nq\n")
    assert first.code == 0, first
    before = (tmp_path / "two.yaml").read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_path(tmp_path / "two.yaml").write_text(f"{holder.pid} {socket.gethostname()}\n")
        second = cli("survey", *HEAD, "-o", "two.yaml", "--resume", input="1\n1\n1\nq\n")
    finally:
        holder.kill()
        holder.wait()
    assert second.code == 2, second
    assert f"two.yaml is being answered in another survey (process {holder.pid}" in second.err
    assert "Saved" not in second.out  # nothing confirmed that is not on disk
    assert (tmp_path / "two.yaml").read_bytes() == before


def test_a_stale_lock_of_a_dead_process_is_taken_over_with_a_message(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(terminal.FORCE_TTY_ENV, "1")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path(tmp_path / "mine.yaml").write_text(f"{dead.pid} {socket.gethostname()}\n")
    run = cli("survey", *HEAD, "-o", "mine.yaml", input="3\nq\n")
    assert run.code == 0, run
    assert f"took over the lock of mine.yaml left by process {dead.pid}" in run.out
    assert "Saved 1 of 16 answers" in run.out
    assert yamlio.load(tmp_path / "mine.yaml").data["answers"] == {sv_first_item(): 3}
    assert not lock_path(tmp_path / "mine.yaml").exists()  # released at the end


def sv_first_item() -> str:
    from ids_assess.io.questionnaires import Registry

    return next(iter(Registry().get("territoriality").items))


def test_lock_refuses_a_live_holder_and_is_released(tmp_path):
    target = tmp_path / "a.yaml"
    with acquire(target):
        assert lock_path(target).read_text().split()[0] == str(os.getpid())
        with _held_by_another(target):
            with pytest.raises(Locked):
                acquire(target)
    assert lock_path(target).exists()  # not ours any more when released: left for its holder
    lock_path(target).unlink()
    with acquire(target):
        pass
    assert not lock_path(target).exists()


def test_a_lock_from_another_host_is_refused(tmp_path):
    target = tmp_path / "a.yaml"
    lock_path(target).write_text("1 some-other-host\n")
    with pytest.raises(Locked, match="some-other-host"):
        acquire(target)


def test_survey_cleans_its_own_leftover_temporary_files(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(terminal.FORCE_TTY_ENV, "1")
    (tmp_path / ".t.yaml.abcd1234.tmp").write_text("half")
    (tmp_path / ".other.yaml.abcd1234.tmp").write_text("someone else's")
    run = cli("survey", *HEAD, "-o", "t.yaml", input="q\n")
    assert run.code == 0, run
    assert not (tmp_path / ".t.yaml.abcd1234.tmp").exists()
    assert (tmp_path / ".other.yaml.abcd1234.tmp").exists()


# --- 4. a report folder is replaced as one set ---------------------------------------------------

def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_failed_report_run_leaves_the_folder_as_it_was(cli, tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    first = cli("report", str(ANSWERS), "-o", str(folder))
    assert first.code == 0, first
    (folder / "notes.txt").write_text("mine")
    before = snapshot(folder)

    from ids_assess.render.report import build as report_module

    real = report_module.render_set

    def failing(options, overview, *how):  # the disk fills up after three reports
        for n, rendered in enumerate(real(options, overview, *how)):
            if n == 3:
                raise OSError(28, "No space left on device")
            yield rendered

    monkeypatch.setattr(report_module, "render_set", failing)
    second = cli("report", str(EXAMPLES / "answers-2027"), "-o", str(folder))
    assert second.code == 1, second
    assert "No space left on device" in second.err and "internal error" not in second.err
    assert snapshot(folder) == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_an_interrupted_move_is_completed_by_the_next_run(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.html").write_text("old a")
    (folder / "keep.txt").write_text("mine")
    staging = folder / f"{output.STAGING_PREFIX}x1"
    staging.mkdir()
    (staging / "b.html").write_text("new b")  # a.html was moved in already, b.html not yet
    (folder / "a.html").write_text("new a")
    (folder / output.JOURNAL).write_text(json.dumps({"staging": staging.name, "names": ["a.html", "b.html"]}))
    (folder / ".a.html.k2j4h5g6.tmp").write_text("killed")
    note = output.recover_folder(folder)
    assert note is not None and "completed" in note
    assert snapshot(folder) == {"a.html": b"new a", "b.html": b"new b", "keep.txt": b"mine"}
    assert sorted(p.name for p in folder.iterdir()) == ["a.html", "b.html", "keep.txt"]


def test_staging_without_a_journal_is_rolled_back(tmp_path):
    folder = tmp_path
    (folder / "a.html").write_text("old a")
    staging = folder / f"{output.STAGING_PREFIX}y2"
    staging.mkdir()
    (staging / "a.html").write_text("half-written new a")
    note = output.recover_folder(folder)
    assert note is not None and "removed" in note
    assert snapshot(folder) == {"a.html": b"old a"}


def test_replace_set_writes_all_and_touches_nothing_else(tmp_path):
    (tmp_path / "other.html").write_text("not ours")
    names = output.replace_set(tmp_path, [("x.html", "X"), ("index.html", "I")])
    assert names == ["x.html", "index.html"]
    assert snapshot(tmp_path) == {"index.html": b"I", "other.html": b"not ours", "x.html": b"X"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "other.html", "x.html"]


def test_report_killed_midway_leaves_old_or_new_never_a_mix(tmp_path):
    """A real run killed with SIGKILL at several moments: afterwards (and after the next run's recovery) the
    folder holds one round's reports, never two."""
    folder = tmp_path / "reports"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cmd = [sys.executable, "-m", "ids_assess", "report"]
    subprocess.run([*cmd, str(ANSWERS), "-o", str(folder)], check=True, env=env, capture_output=True)
    old = snapshot(folder)
    new_dir = tmp_path / "new"
    subprocess.run([*cmd, str(EXAMPLES / "answers-2027"), "-o", str(new_dir)], check=True, env=env,
                   capture_output=True)
    new = snapshot(new_dir)
    for delay in (0.3, 0.6, 0.9, 1.2):
        proc = subprocess.Popen([*cmd, str(EXAMPLES / "answers-2027"), "-o", str(folder)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        output.recover_folder(folder)
        now = snapshot(folder)
        # the 2027 round writes the same file names: each one is old or new, and all are of one round
        assert now in (old, {**old, **new}), f"mixed rounds after a kill at {delay} s"
        shutil.rmtree(folder)  # back to the old round for the next try
        folder.mkdir()
        for name, data in old.items():
            (folder / name).write_bytes(data)


# --- 5. a full output is not a bug ---------------------------------------------------------------

FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [
    ["score", str(ANSWERS)],
    ["score", str(ANSWERS), "--format", "json"],
    ["score", str(ANSWERS), "--by", "agency"],
    ["validate", str(Path(__file__).parent / "data" / "invalid")],
    ["network", str(ANSWERS)],
    ["compare", str(ANSWERS), str(EXAMPLES / "answers-2027")],
    ["template", "-q", "territoriality"],
    ["questionnaire", "show", "ids-core"],
    ["questionnaire", "show", "ids-core", "--format", "json"],
    ["report", str(ANSWERS / "cityx-psb-01-leader.yaml")],
])
def test_a_full_output_is_exit_1_cannot_write(args):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    with open(FULL, "w") as full:
        done = subprocess.run([sys.executable, "-m", "ids_assess", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "ids-assess: error: cannot write output: No space left on device"
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_a_full_output_file_is_exit_1(tmp_path, monkeypatch):
    target = tmp_path / "x.json"

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        output.write_atomic(target, "text")
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_link_and_its_target_take_one_lock(tmp_path):
    target = tmp_path / "t.yaml"
    target.write_text("questionnaire: territoriality\n", encoding="utf-8")
    link = tmp_path / "l.yaml"
    link.symlink_to("t.yaml")
    assert lock_path(link) == lock_path(target) and lock_path(target).parent == tmp_path
    with _held_by_another(target):  # another live survey holds the target: the link is refused too (each
        with pytest.raises(Locked):  # saved over the other's answers)
            acquire(link)


@contextlib.contextmanager
def _held_by_another(target: Path) -> Iterator[None]:
    """``target``'s lock written as held by another live process on this host."""
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_path(target).write_text(f"{holder.pid} {socket.gethostname()}\n")
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_batch_without_one_valid_file_streams_the_whole_document_into_a_fifo(cli, tmp_path):
    # a FIFO (or a device) is a stream, not a file kept from an earlier run: it gets what standard output gets,
    # the whole document with the file's problem in "errors" (it got the document's first lines, cut off)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: ids-core\nagency: X\nanswers:\n  identity_marking.our_data: 9\n", encoding="utf-8")
    thread = threading.Thread(target=reader)
    thread.start()
    run = cli("score", str(bad), "--format", "json", "-o", str(fifo))
    thread.join(timeout=30)
    assert run.code == 1
    data = json.loads(received[0])
    assert data["results"] == [] and len(data["errors"]) == 2
    assert "nothing to score" not in run.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    node = null_device(tmp_path)
    assert cli("score", str(bad), "--format", "json", "-o", str(node)).code == 1
    assert is_char_device(node)
