"""Benchmark of ``ids-assess stats`` against ``ids-assess score --by agency`` on the benchmark batch.

Usage::

    python benchmarks/bench_stats.py                # 2,000 generated files over 50 agencies
    python benchmarks/bench_stats.py --files 500 --agencies 20 --runs 3

The files are generated as ``benchmarks/bench.py`` generates them (same generator, same seed). Prints the
median wall-clock time of each command (output discarded), the ratio, and the peak RSS of ``stats``; exits 1
when the ratio is above the target (3x). A timing is never a test: this is not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import generate, peak_rss_mb  # noqa: E402

TARGET = 3.0


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Wall-clock seconds of each command, run in turn ``runs`` times (so that a change in the machine's
    load touches every command alike)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(timed(argv))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--questionnaire", default="ids-core")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()

    exe = shutil.which("ids-assess") or "ids-assess"
    work = Path(tempfile.mkdtemp(prefix="ids-bench-stats-"))
    try:
        folder = work / "batch"
        generate(folder, args.files, args.agencies, questionnaire=args.questionnaire)
        commands = {
            "score --by agency --format json": [exe, "score", str(folder), "--by", "agency", "--format", "json"],
            "stats --format json": [exe, "stats", str(folder), "--format", "json"],
            "stats (table)": [exe, "stats", str(folder)],
            "score --by agency --format json --stats": [exe, "score", str(folder), "--by", "agency", "--format",
                                                        "json", "--stats"],
        }
        times = interleaved(commands, args.runs)
        base_name = next(iter(commands))
        base = statistics.median(times[base_name])
        print(f"{args.files} files, {args.agencies} agencies, {args.questionnaire}, median of {args.runs} "
              "interleaved runs")
        ratio = 0.0
        for name, values in times.items():
            median = statistics.median(values)
            pair = statistics.median(v / b for v, b in zip(values, times[base_name], strict=True))
            line = f"{name}: {median:.2f} s ({median / base:.2f}x; run by run {pair:.2f}x)"
            if name == "stats --format json":
                ratio = median / base
                line += f", target <= {TARGET:g}x {'PASS' if ratio <= TARGET else 'FAIL'}"
            print(line)
        print(f"stats peak RSS: {peak_rss_mb(commands['stats --format json']):.1f} MiB; score --by agency: "
              f"{peak_rss_mb(commands[base_name]):.1f} MiB")
        return 0 if ratio <= TARGET else 1
    finally:
        if args.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
