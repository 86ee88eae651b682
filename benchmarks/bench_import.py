"""Import speed: a 10,000-row .xlsx export read by ``read_export`` vs read by the spreadsheet library alone.

Usage::

    python benchmarks/bench_import.py                  # 10,000 rows of territoriality (16 items)
    python benchmarks/bench_import.py --rows 2000 -q ids-core --write

Prints ``name: measured (target) PASS|FAIL`` lines (best of 3) and exits 1 if the target is missed:
``read_export`` (reading, mapping and checking every row into answer sets) within 2x of python-calamine
reading the same rows. ``--write`` also times the whole ``ids-assess import`` (one answer file per row,
each written atomically with fsync), for information. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def generate(path: Path, rows: int, questionnaire: str, seed: int = 7) -> None:
    """An export shaped like ``export --to xlsx`` filled with ``rows`` respondents (deterministic)."""
    import xlsxwriter

    from ids_assess.io.exchange.forms import sheet_header
    from ids_assess.io.questionnaires import Registry

    q = Registry().get(questionnaire)
    header = sheet_header(q)
    rng = random.Random(seed)
    roles = ["leader", "business", "it", "legal", "other"]
    ratings: list[object] = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, "dk", "na", "", "Agree", "同意", 4.0]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("answers")
    sheet.write_row(0, 0, header)
    for r in range(1, rows + 1):
        values: list[object] = []
        for name in header:
            if name == "questionnaire":
                values.append(q.id)
            elif name == "version":
                values.append(q.version)
            elif name == "agency":
                values.append(f"Agency {rng.randrange(50):02d}")
            elif name == "agency_id":
                values.append("")
            elif name == "respondent":
                values.append(f"Respondent {r}")
            elif name == "role":
                values.append(rng.choice(roles))
            elif name == "date":
                values.append("2026-11-22")
            elif name in ("partner", "tie"):
                values.append("")
            else:
                values.append(rng.choice(ratings))
        sheet.write_row(r, 0, values)
    workbook.close()


def best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("-q", "--questionnaire", default="territoriality")
    parser.add_argument("--write", action="store_true", help="also time the whole import, files written")
    args = parser.parse_args()

    import python_calamine

    from ids_assess.core.model import AnswerSet
    from ids_assess.io.exchange.imports import read_export
    from ids_assess.io.questionnaires import Registry

    work = Path(tempfile.mkdtemp(prefix="ids-bench-import-"))
    try:
        export = work / "export.xlsx"
        generate(export, args.rows, args.questionnaire)

        def library() -> int:
            sheet = python_calamine.CalamineWorkbook.from_path(str(export)).get_sheet_by_index(0)
            return sum(1 for _ in sheet.iter_rows())

        registry = Registry()

        def ours() -> int:
            count = 0
            for outcome in read_export(export, registry):
                assert isinstance(outcome, AnswerSet), outcome
                count += 1
            return count

        assert ours() == args.rows
        base = best(library)
        mine = best(ours)
        ratio = mine / base
        ok = ratio <= 2.0
        print(f"read_export vs python-calamine alone, {args.rows:,} rows of {args.questionnaire}: "
              f"{mine:.2f} s vs {base:.2f} s: {ratio:.2f}x (<= 2x) {'PASS' if ok else 'FAIL'}")
        if args.write:
            from typer.testing import CliRunner

            from ids_assess.cli.app import app

            def whole() -> None:
                out = work / "answers"
                shutil.rmtree(out, ignore_errors=True)
                result = CliRunner().invoke(app, ["import", str(export), "-o", str(out)])
                assert result.exit_code == 0, result.output

            seconds = best(whole, repeat=1)
            print(f"ids-assess import, {args.rows:,} answer files written: {seconds:.2f} s "
                  f"({seconds / args.rows * 1000:.2f} ms per row) (information)")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
