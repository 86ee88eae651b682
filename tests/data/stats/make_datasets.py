"""Writes the CSV datasets that make_reference.R reads: ``python tests/data/stats/make_datasets.py``.

Deterministic (``random.Random`` with fixed seeds). Columns: ``respondent``, ``agency``, then one column per
item named ``<factor>_<n>``; ratings 1-5, readiness-coded; an empty cell is a missing rating.

* ``balanced.csv``: 4 agencies x 6 respondents; factors ``lead`` (4 items), ``tech`` (3), ``law`` (2), with
  an agency effect and about 6% missing ratings;
* ``unbalanced.csv``: agencies of 1, 2, 5 and 9 respondents; ``flat`` (every rating 3: no variance at all),
  ``split`` (ratings 1 and 5 alternating in the large agency, so the mean item variance S exceeds
  sigma2EU = 2), ``mixed`` (4 items with missing ratings);
* ``edge.csv``: ``const_item`` (first item always 4, the others vary), ``pair`` (2 items, every rating
  missing in agency ``ghost``), ``ties`` (few distinct values: many tied ranks);
* ``resample_means.csv``: a fixed draws x columns matrix of bootstrap draw means (300 x 4, some missing,
  many ties), whose percentiles R computes with ``quantile(type = 7)``.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def clip(value: float) -> int:
    return max(1, min(5, round(value)))


def write(name: str, factors: dict[str, int], rows: list[dict[str, object]]) -> None:
    columns = ["respondent", "agency"] + [f"{f}_{i}" for f, k in factors.items() for i in range(1, k + 1)]
    with open(HERE / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: ("" if row.get(c) is None else row[c]) for c in columns})


def balanced() -> None:
    rnd = random.Random(20261201)
    factors = {"lead": 4, "tech": 3, "law": 2}
    effects = {"a1": -0.8, "a2": 0.0, "a3": 0.5, "a4": 1.1}
    rows: list[dict[str, object]] = []
    for agency, effect in effects.items():
        for r in range(6):
            trait = rnd.gauss(0, 0.6)
            row: dict[str, object] = {"respondent": f"{agency}-r{r + 1}", "agency": agency}
            for f, k in factors.items():
                base = 3 + effect * (1.0 if f != "law" else 0.3) + trait
                for i in range(1, k + 1):
                    row[f"{f}_{i}"] = None if rnd.random() < 0.06 else clip(base + rnd.gauss(0, 0.7))
            rows.append(row)
    write("balanced.csv", factors, rows)


def unbalanced() -> None:
    rnd = random.Random(77)
    factors = {"flat": 3, "split": 3, "mixed": 4}
    sizes = {"solo": 1, "pair": 2, "mid": 5, "big": 9}
    rows: list[dict[str, object]] = []
    for agency, size in sizes.items():
        for r in range(size):
            row: dict[str, object] = {"respondent": f"{agency}-r{r + 1}", "agency": agency}
            for i in range(1, 4):
                row[f"flat_{i}"] = 3
            for i in range(1, 4):
                if agency == "big":
                    row[f"split_{i}"] = 1 if (r + i) % 2 else 5
                else:
                    row[f"split_{i}"] = clip(3 + rnd.gauss(0, 0.5))
            trait = rnd.gauss(0, 1.0)
            for i in range(1, 5):
                row[f"mixed_{i}"] = None if rnd.random() < 0.12 else clip(3.2 + trait + rnd.gauss(0, 0.8))
            rows.append(row)
    write("unbalanced.csv", factors, rows)


def edge() -> None:
    rnd = random.Random(5)
    factors = {"const_item": 3, "pair": 2, "ties": 3}
    sizes = {"g1": 3, "g2": 4, "g3": 3, "ghost": 2}
    rows: list[dict[str, object]] = []
    for agency, size in sizes.items():
        for r in range(size):
            row: dict[str, object] = {"respondent": f"{agency}-r{r + 1}", "agency": agency}
            trait = rnd.gauss(0, 1.0)
            row["const_item_1"] = 4
            for i in (2, 3):
                row[f"const_item_{i}"] = clip(3 + trait + rnd.gauss(0, 0.5))
            for i in (1, 2):
                row[f"pair_{i}"] = None if agency == "ghost" else clip(3 + trait + rnd.gauss(0, 0.9))
            for i in (1, 2, 3):
                row[f"ties_{i}"] = rnd.choice((2, 4)) if i != 3 else 3 + (r % 2)
            rows.append(row)
    write("edge.csv", factors, rows)


def resample_means() -> None:
    rnd = random.Random(11)
    with open(HERE / "resample_means.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["c1", "c2", "c3", "c4"])
        for d in range(300):
            c1 = round(rnd.uniform(20, 80), 6)
            c2 = rnd.choice((37.5, 43.75, 50.0, 56.25))  # many ties
            c3 = "" if rnd.random() < 0.1 else round(rnd.gauss(60, 8), 6)
            c4 = round(rnd.uniform(0, 100), 6) if d % 60 == 0 else ""  # 5 values
            writer.writerow([c1, c2, c3, c4])


if __name__ == "__main__":
    balanced()
    unbalanced()
    edge()
    resample_means()
