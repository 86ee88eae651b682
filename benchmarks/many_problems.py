"""Validating a file full of problems costs about what parsing it costs (not part of the test suite).

The red-team file: ``answers: {}`` followed by 50,000 ``x{i}: 1`` lines (0.5 MB). Every key is a problem;
50 are shown. Validation used to locate every problem (a scan of the mapping each time) before cutting the
list at 50: 371 s. It now places only the 50 it shows, through an index built once per mapping.

Usage::

    python benchmarks/many_problems.py            # 50,000 keys; target: validate <= 3x parse
    python benchmarks/many_problems.py --keys 20000

Prints ``name: measured (target) PASS|FAIL`` lines and exits 1 if the target is missed. Times are the best of
3 runs in one process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=50_000)
    args = parser.parse_args()

    from ids_assess.core.errors import MAX_PROBLEMS
    from ids_assess.io.batch import check_file
    from ids_assess.io.questionnaires import Registry

    failed = False
    registry = Registry()
    registry.get("territoriality")
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (
            ("unknown top-level keys", "answers: {}\n" + "".join(f"x{i}: 1\n" for i in range(args.keys))),
            ("unknown item ids", "answers:\n" + "".join(f"  x.i{i}: 1\n" for i in range(args.keys))),
        ):
            path = Path(tmp) / "many.yaml"
            path.write_text("questionnaire: territoriality\nagency: X\n" + body, encoding="utf-8")
            text = path.read_text(encoding="utf-8")
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            parse = best_of(3, lambda text=text, loader=loader: yaml.load(text, Loader=loader))
            outcome = check_file(path, registry)
            assert len(outcome.problems) == MAX_PROBLEMS + 1, len(outcome.problems)
            validate = best_of(3, lambda path=path: check_file(path, registry))
            ratio = validate / parse
            ok = ratio <= 3.0
            failed |= not ok
            size = path.stat().st_size / 1e6
            print(f"validate {args.keys:,} {name} ({size:.2f} MB) vs plain yaml.load: {validate:.2f} s vs "
                  f"{parse:.2f} s: {ratio:.2f}x (<= 3x) {'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
