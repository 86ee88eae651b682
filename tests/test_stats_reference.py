"""The statistics layer against reference values computed by R (psych, multilevel, stats).

tests/data/stats/reference.json is written by tests/data/stats/make_reference.R from the CSV files beside
it and committed; these tests only read it, so they run without R.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ids_assess.stats import agreement_by_group, cronbach_alpha, icc, percentile_columns, percentile_interval, spearman

HERE = Path(__file__).resolve().parent / "data" / "stats"
REFERENCE: dict[str, Any] = json.loads((HERE / "reference.json").read_text(encoding="utf-8"))
TOL = 1e-6


class Dataset:
    def __init__(self, name: str) -> None:
        with open(HERE / f"{name}.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        self.columns = [c for c in rows[0] if c not in ("respondent", "agency")]
        self.agency = [r["agency"] for r in rows]
        self.values = {c: np.array([float(r[c]) if r[c] != "" else math.nan for r in rows]) for c in self.columns}

    def matrix(self, items: list[str]) -> np.ndarray:
        return np.column_stack([self.values[i] for i in items])

    def score(self, items: list[str]) -> np.ndarray:
        """Factor score 0-100 per respondent: mean of (rating - 1) * 25 over rated items, NaN if none."""
        x = (self.matrix(items) - 1.0) * 25.0
        rated = (~np.isnan(x)).sum(axis=1)
        sums = np.nansum(x, axis=1)
        return np.where(rated > 0, sums / np.maximum(rated, 1), np.nan)


CASES = [(ds, f) for ds, v in REFERENCE["datasets"].items() for f in v["factors"]]


def _ids(case: tuple[str, str]) -> str:
    return f"{case[0]}-{case[1]}"


def close(ours: float | None, theirs: float | None) -> bool:
    if theirs is None:
        return ours is None
    return ours is not None and abs(ours - theirs) <= TOL


def test_the_reference_covers_the_required_cases():
    factors = {(ds, f): v for ds, d in REFERENCE["datasets"].items() for f, v in d["factors"].items()}
    assert len(REFERENCE["datasets"]) >= 3
    assert factors["unbalanced", "flat"]["icc"]["icc1"] is None  # a factor with no variance at all
    big = next(g for g in factors["unbalanced", "split"]["rwg"] if g["group"] == "big")
    assert big["rwg_j"] == 0  # S above sigma2EU, capped
    solo = next(g for g in factors["unbalanced", "split"]["rwg"] if g["group"] == "solo")
    assert solo["gsize"] == 1 and solo["rwg_j"] is None  # a group of one


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_alpha_matches_psych(case):
    ds_name, factor = case
    ref = REFERENCE["datasets"][ds_name]["factors"][factor]
    data = Dataset(ds_name)
    a_ref = ref["alpha"]
    ours = cronbach_alpha(data.matrix(ref["items"]))
    assert ours.n == a_ref["n"] and ours.k == a_ref["k"]
    assert close(ours.alpha, a_ref["formula_alpha"]), (ours, a_ref)
    if a_ref["raw_alpha"] is None:
        assert ours.alpha is None and ours.why
        return
    # psych::alpha first deletes items without variance; compare over the items it kept
    kept = cronbach_alpha(data.matrix(a_ref["psych_items"]))
    assert close(kept.alpha, a_ref["raw_alpha"])
    for item, r_drop, a_drop in zip(kept.items, a_ref["r_drop"], a_ref["alpha_drop"], strict=True):
        assert close(item.item_rest_r, r_drop), (item, r_drop)
        assert close(item.alpha_if_deleted, a_drop), (item, a_drop)


def test_alpha_if_deleted_of_a_constant_item_is_alpha_of_the_rest():
    ref = REFERENCE["datasets"]["edge"]["factors"]["const_item"]
    ours = cronbach_alpha(Dataset("edge").matrix(ref["items"]))
    assert ours.items[0].item_rest_r is None and ours.items[0].why
    assert close(ours.items[0].alpha_if_deleted, ref["alpha"]["raw_alpha"])


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_rwg_j_and_ad_m_match_multilevel(case):
    ds_name, factor = case
    ref = REFERENCE["datasets"][ds_name]["factors"][factor]
    data = Dataset(ds_name)
    ours = agreement_by_group(data.matrix(ref["items"]), data.agency)
    seen = set()
    for row in ref["rwg"]:
        got = ours[row["group"]]
        seen.add(row["group"])
        assert got.n_rwg == row["gsize"]
        assert close(got.rwg_j, row["rwg_j"]), (row, got)
        assert got.rwg_j is not None or got.why
    for row in ref["ad"]:
        got = ours[row["group"]]
        assert close(got.ad_m, row["ad_m"]), (row, got)
    # multilevel leaves out a group with no complete respondent; here it is there, with n_rwg 0
    for group in set(ours) - seen:
        assert ours[group].n_rwg == 0 and ours[group].rwg_j is None and ours[group].why


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_icc_matches_multilevel(case):
    ds_name, factor = case
    ref = REFERENCE["datasets"][ds_name]["factors"][factor]
    data = Dataset(ds_name)
    score = data.score(ref["items"])
    assert np.allclose(score, [math.nan if v is None else v for v in ref["score"]], atol=TOL, equal_nan=True)
    ours = icc(score, data.agency)
    r = ref["icc"]
    assert (ours.n, ours.groups) == (r["n"], r["groups"])
    assert close(ours.icc1, r["icc1"]) and close(ours.icc2, r["icc2"]), (ours, r)
    if r["icc1"] is not None:
        assert close(ours.msb, r["msb"]) and close(ours.msw, r["msw"])
    else:
        assert ours.why


@pytest.mark.parametrize("ds_name", list(REFERENCE["datasets"]))
def test_spearman_matches_r(ds_name):
    ref = REFERENCE["datasets"][ds_name]
    data = Dataset(ds_name)
    for pair in ref["spearman"]:
        x = data.score(ref["factors"][pair["x"]]["items"])
        y = data.score(ref["factors"][pair["y"]]["items"])
        ours = spearman(x, y)
        assert ours.n == pair["n"]
        assert close(ours.rho, pair["rho"]), (pair, ours)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_percentiles_are_r_quantile_type_7(case):
    ds_name, factor = case
    q = REFERENCE["datasets"][ds_name]["factors"][factor]["quantile"]
    score = np.array([math.nan if v is None else v for v in REFERENCE["datasets"][ds_name]["factors"][factor]["score"]])
    for p, expected in zip(q["probs"], q["values"], strict=True):
        assert abs(float(np.quantile(score[~np.isnan(score)], p, method="linear")) - expected) <= TOL
    lo, hi = percentile_interval(score, 0.90)
    assert abs(lo - q["values"][0]) <= TOL and abs(hi - q["values"][1]) <= TOL


def test_percentiles_of_a_fixed_resample_matrix_are_r_quantile_type_7():
    ref = REFERENCE["resample_means"]
    with open(HERE / "resample_means.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    columns = [c["column"] for c in ref["columns"]]
    means = np.array([[float(r[c]) if r[c] != "" else math.nan for c in columns] for r in rows])
    bounds = percentile_columns(means, 0.90)
    assert ref["probs"] == [0.05, 0.95]
    for j, col in enumerate(ref["columns"]):
        assert int((~np.isnan(means[:, j])).sum()) == col["n"]
        assert abs(bounds[0, j] - col["values"][0]) <= TOL and abs(bounds[1, j] - col["values"][1]) <= TOL
        assert percentile_interval(means[:, j]) == (pytest.approx(bounds[0, j]), pytest.approx(bounds[1, j]))
