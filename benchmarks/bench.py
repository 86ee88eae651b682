"""Speed and memory benchmarks for ids-assess (not part of the test suite: timings are never tests).

Usage::

    python benchmarks/bench.py            # all benchmarks, 2,000 generated files
    python benchmarks/bench.py --files 500 --only batch

Each benchmark prints a line ``name: measured (target) PASS|FAIL``; the exit code is 1 if any target
is missed. Results are written up in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROLES = ["leader", "business", "it", "legal", "other"]


def generate(folder: Path, files: int, agencies: int, seed: int = 7, questionnaire: str = "ids-core") -> list[Path]:
    """Write ``files`` answer files spread over ``agencies`` agencies (deterministic)."""
    from ids_assess.io.questionnaires import Registry

    q = Registry().get(questionnaire)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        a = i % agencies
        partner = (a + 1 + rng.randrange(agencies - 1)) % agencies if agencies > 1 else None
        answers: dict[str, object] = {}
        for item in q.items:
            roll = rng.random()
            if roll < 0.04:
                answers[item] = "dk"
            elif roll < 0.06:
                answers[item] = "na"
            elif roll < 0.10:
                answers[item] = {"rating": rng.randint(1, 5), "confidence": rng.choice(["high", "medium", "low"]),
                                 "evidence": "Evidence note 证据说明 " + str(rng.randrange(1000))}
            else:
                answers[item] = rng.randint(1, 5)
        doc = {"questionnaire": q.id, "agency": f"Agency {a:03d}", "agency_id": f"agency-{a:03d}",
               "respondent": f"Respondent {i}", "role": ROLES[i % len(ROLES)], "date": "2026-11-22"}
        if partner is not None:
            doc.update(partner=f"Agency {partner:03d}", tie=rng.choice(["vertical", "horizontal"]))
        doc["answers"] = answers
        path = folder / f"answers-{i:05d}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def command_time(argv: list[str], runs: int = 15) -> float:
    """Median wall-clock seconds of a command (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(argv: list[str]) -> float:
    """Peak resident memory of a command, in MiB (from the child's rusage)."""
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


class Report:
    def __init__(self) -> None:
        self.failed = False
        self.rows: list[str] = []

    def check(self, name: str, value: float, target: float, unit: str, higher_is_better: bool = False) -> None:
        ok = value >= target if higher_is_better else value <= target
        self.failed |= not ok
        sign = ">=" if higher_is_better else "<="
        line = f"{name}: {value:.2f}{unit} (target {sign} {target:g}{unit}) {'PASS' if ok else 'FAIL'}"
        self.rows.append(line)
        print(line, flush=True)

    def note(self, line: str) -> None:
        self.rows.append(line)
        print(line, flush=True)


def bench_batch(report: Report, folder: Path, paths: list[Path]) -> None:
    from ids_assess.io.batch import run
    from ids_assess.io.questionnaires import Registry
    from ids_assess.render.results_json import encode, render

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def plain() -> None:
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                yaml.load(handle, Loader=loader)

    def ours() -> None:
        registry = Registry()
        for _chunk in render(run([folder], registry, jobs=1, encode=encode, keep=False)):
            pass

    def by_agency() -> None:
        from ids_assess.core.aggregate import Aggregator
        from ids_assess.render.agencies import overview_extra
        from ids_assess.render.results_json import encode

        registry = Registry()
        agg = Aggregator(registry.get, item_level=False)  # as `score --by agency` (without --items)

        def fed():  # type: ignore[no-untyped-def]
            for outcome in run([folder], registry, jobs=1, encode=encode, keep="scores"):
                if outcome.result is not None:
                    agg.add(outcome.result)
                yield outcome

        for _chunk in render(fed(), lambda: overview_extra(agg.finish(), registry.get)):
            pass

    ours()  # warm caches (questionnaire, schema validator) as the plain loop warms the OS cache
    base = best_of(3, plain)
    mine = best_of(3, ours)
    report.note(f"plain CSafeLoader parse of {len(paths)} files: {base:.2f}s; validate + score + JSON: {mine:.2f}s")
    report.check("batch validate+score / plain parse", mine / base, 1.5, "x")
    grouped = best_of(3, by_agency)
    report.note(f"in one process: --by file {mine:.2f}s, --by agency (JSON with agency profiles and network) "
                f"{grouped:.2f}s: +{grouped / mine - 1:.0%}")
    exe = shutil.which("ids-assess") or "ids-assess"
    by_file = command_time([exe, "score", str(folder), "--format", "json"], runs=5)
    by_agency_cmd = command_time([exe, "score", str(folder), "--format", "json", "--by", "agency"], runs=5)
    report.note(f"ids-assess score --format json: --by file {by_file:.2f}s, --by agency {by_agency_cmd:.2f}s")
    report.check("score --by agency over --by file (the command)", by_agency_cmd / by_file - 1, 0.10, "")


    def jobs(n: int) -> Callable[[], None]:
        def go() -> None:
            registry = Registry()
            registry.get("ids-core")
            for _chunk in render(run([folder], registry, jobs=n, encode=encode, keep=False)):
                pass
        return go

    one, two = best_of(3, jobs(1)), best_of(3, jobs(2))
    report.note(f"batch of {len(paths)} files in one process: --jobs 1 {one:.2f}s, --jobs 2 {two:.2f}s")
    report.check("--jobs 2 speed-up (batch)", one / two, 1.8, "x", higher_is_better=True)
    exe = shutil.which("ids-assess") or "ids-assess"
    c1 = command_time([exe, "score", str(folder), "--format", "json"], runs=3)
    c2 = command_time([exe, "score", str(folder), "--format", "json", "--jobs", "2"], runs=3)
    report.note(f"whole command incl. start-up: --jobs 1 {c1:.2f}s, --jobs 2 {c2:.2f}s ({c1 / c2:.2f}x)")


def bench_report(report: Report, work: Path, folder: Path, paths: list[Path]) -> None:
    """Reports: Markdown + HTML for the batch, and one agency's report, as a user runs them."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def plain() -> None:
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                yaml.load(handle, Loader=loader)

    base = best_of(3, plain)
    exe = shutil.which("ids-assess") or "ids-assess"
    md = command_time([exe, "report", str(folder), "-o", str(work / "rep-md") + "/", "-f", "md"], runs=3)
    html = command_time([exe, "report", str(folder), "-o", str(work / "rep-html") + "/", "-f", "html"], runs=3)
    report.note(f"report of {len(paths)} files: Markdown {md:.2f}s, HTML {html:.2f}s (each run reads and scores "
                f"the files again); plain parse {base:.2f}s")
    report.check("report Markdown + HTML / plain parse", (md + html) / base, 4, "x")
    one_agency = sorted(folder.glob("*.yaml"))[:1]
    pass_time = command_time([sys.executable, "-c", "pass"])
    single = command_time([exe, "report", *map(str, one_agency), "-o", str(work / "one.html")], runs=10)
    report.note(f"single-agency report: {single * 1000:.0f} ms")
    report.check("single-agency report / python -c pass", single / pass_time, 20, "x")


def bench_memory(report: Report, work: Path, files: int, questionnaire: str) -> None:
    exe = shutil.which("ids-assess") or "ids-assess"
    small = work / "small"
    generate(small, max(50, files // 8), 50, seed=11, questionnaire=questionnaire)
    big = work / "batch"
    a = peak_rss_mb([exe, "score", str(small), "--format", "json"])
    b = peak_rss_mb([exe, "score", str(big), "--format", "json"])
    report.note(f"peak RSS: {a:.1f} MiB for {max(50, files // 8)} files, {b:.1f} MiB for {files} files")
    report.check("peak memory growth, large batch / small batch", b / a, 1.15, "x")


def bench_startup(report: Report, work: Path) -> None:
    exe = shutil.which("ids-assess") or "ids-assess"
    base = command_time([sys.executable, "-c", "pass"])
    minimal = work / "minimal_typer.py"
    minimal.write_text(textwrap.dedent('''
        import typer
        app = typer.Typer(add_completion=False)
        @app.command()
        def hello(name: str = "x") -> None:
            """Say hello."""
        @app.command()
        def bye() -> None:
            """Say bye."""
        app()
    '''), encoding="utf-8")
    typer_help = command_time([sys.executable, str(minimal), "--help"])
    version = command_time([exe, "--version"])
    help_ = command_time([exe, "--help"])
    one = sorted((work / "batch").glob("*.yaml"))[0]
    validate = command_time([exe, "validate", str(one)])
    report.note(f"python -c pass {base * 1000:.0f} ms; minimal Typer --help {typer_help * 1000:.0f} ms")
    report.check("ids-assess --version / python -c pass", version / base, 8, "x")
    report.check("ids-assess --help / minimal Typer --help", help_ / typer_help, 1.2, "x")
    report.check("ids-assess validate FILE / python -c pass", validate / base, 12, "x")
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "ids_assess", "validate", str(one)],
                         capture_output=True, text=True)
    heavy = [m for m in ("jinja2", "markupsafe") if f" {m}\n" in out.stderr or f"| {m}\n" in out.stderr]
    report.note(f"modules imported by validate that belong to rendering: {heavy or 'none'}")
    report.failed |= bool(heavy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--only", choices=["batch", "memory", "startup", "report"], action="append")
    parser.add_argument("--questionnaire", default="ids-core", help="questionnaire of the generated files")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ids-bench-"))
    report = Report()
    try:
        paths = generate(work / "batch", args.files, args.agencies, questionnaire=args.questionnaire)
        size = sum(p.stat().st_size for p in paths) / len(paths)
        report.note(f"{len(paths)} files, {args.agencies} agencies, {size / 1024:.1f} KiB each, "
                    f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
        only = set(args.only or ["batch", "memory", "startup", "report"])
        if "batch" in only:
            bench_batch(report, work / "batch", paths)
        if "memory" in only:
            bench_memory(report, work, args.files, args.questionnaire)
        if "startup" in only:
            bench_startup(report, work)
        if "report" in only:
            bench_report(report, work, work / "batch", paths)
    finally:
        if args.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"failed": report.failed}))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
