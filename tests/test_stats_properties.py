"""Properties of the statistics layer that hold for any data (hypothesis, bounded examples)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ids_assess.stats import (
    agreement_by_group,
    bootstrap_group,
    cronbach_alpha,
    icc,
    rwg_j,
    spearman,
    weight_robustness,
)

SETTINGS = settings(max_examples=60, deadline=None)
RATING = st.integers(min_value=1, max_value=5)
MAYBE_RATING = st.one_of(RATING.map(float), st.just(math.nan))


@st.composite
def rating_matrix(draw: st.DrawFn, min_rows: int = 2, max_rows: int = 12, min_cols: int = 1,
                  max_cols: int = 5, missing: bool = False) -> np.ndarray:
    rows = draw(st.integers(min_rows, max_rows))
    cols = draw(st.integers(min_cols, max_cols))
    cell = MAYBE_RATING if missing else RATING.map(float)
    return np.array(draw(st.lists(st.lists(cell, min_size=cols, max_size=cols), min_size=rows, max_size=rows)),
                    dtype=float).reshape(rows, cols)


@st.composite
def grouped(draw: st.DrawFn, missing: bool = True) -> tuple[np.ndarray, list[str]]:
    x = draw(rating_matrix(min_rows=2, max_rows=16, missing=missing))
    groups = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=x.shape[0], max_size=x.shape[0]))
    return x, groups


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@SETTINGS
@given(rating_matrix(min_cols=2, missing=True))
def test_alpha_is_at_most_one(x):
    a = cronbach_alpha(x)
    if a.alpha is not None:
        assert a.alpha <= 1 + 1e-12
        assert a.n >= 2 and a.k >= 2
    else:
        assert a.why
    for item in a.items:
        assert item.item_rest_r is None or -1 <= item.item_rest_r <= 1
        assert item.alpha_if_deleted is None or item.alpha_if_deleted <= 1 + 1e-12


@SETTINGS
@given(rating_matrix(missing=True))
def test_rwg_j_is_between_zero_and_one(x):
    got = rwg_j(x)
    if got.rwg_j is None:
        assert got.n_rwg < 2 and got.why
    else:
        assert 0.0 <= got.rwg_j <= 1.0
        assert got.ad_m is not None and 0.0 <= got.ad_m <= 2.0


@SETTINGS
@given(st.lists(RATING, min_size=1, max_size=6), st.integers(2, 10))
def test_identical_respondents_agree_perfectly(row, n):
    got = rwg_j([row] * n)
    assert got.rwg_j == 1.0 and got.ad_m == 0.0 and got.n_rwg == n


@SETTINGS
@given(grouped(), st.randoms(use_true_random=False))
def test_agreement_does_not_depend_on_row_or_group_order(data, rnd):
    x, groups = data
    order = list(range(len(groups)))
    rnd.shuffle(order)
    before = agreement_by_group(x, groups)
    after = agreement_by_group(x[order], [groups[i] for i in order])
    assert set(before) == set(after)
    for key, value in before.items():
        other = after[key]
        assert value.n_rwg == other.n_rwg
        assert close(value.rwg_j, other.rwg_j) and close(value.ad_m, other.ad_m)


SCORE = st.one_of(st.integers(0, 100).map(float), st.just(math.nan))


@st.composite
def scores_by_group(draw: st.DrawFn) -> tuple[list[float], list[str]]:
    n = draw(st.integers(2, 30))
    scores = draw(st.lists(SCORE, min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=n, max_size=n))
    return scores, groups


@SETTINGS
@given(scores_by_group())
def test_icc2_is_at_least_icc1_when_groups_are_larger_than_one_and_msb_at_least_msw(data):
    got = icc(*data)
    if got.icc1 is None:
        assert got.why
        return
    assert got.icc1 <= 1 + 1e-12
    assert got.k is not None and got.msb is not None and got.msw is not None
    if got.k > 1 and got.msb >= got.msw and got.icc2 is not None:
        assert got.icc2 >= got.icc1 - 1e-12


@SETTINGS
@given(scores_by_group(), st.randoms(use_true_random=False))
def test_icc_does_not_depend_on_row_or_group_order(data, rnd):
    scores, groups = data
    order = list(range(len(scores)))
    rnd.shuffle(order)
    a = icc(scores, groups)
    b = icc([scores[i] for i in order], [groups[i] for i in order])
    assert (a.n, a.groups) == (b.n, b.groups)
    assert (a.icc1 is None) == (b.icc1 is None) and (a.icc2 is None) == (b.icc2 is None)
    if a.icc1 is not None and b.icc1 is not None:
        assert math.isclose(a.icc1, b.icc1, rel_tol=1e-7, abs_tol=1e-7)
    if a.icc2 is not None and b.icc2 is not None:
        assert math.isclose(a.icc2, b.icc2, rel_tol=1e-7, abs_tol=1e-7)


@st.composite
def agencies(draw: st.DrawFn) -> dict[str, np.ndarray]:
    keys = draw(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=5, unique=True))
    out = {}
    for key in keys:
        rows = draw(st.integers(0, 8))
        cells = draw(st.lists(SCORE, min_size=rows * 3, max_size=rows * 3))
        out[key] = np.array(cells, dtype=float).reshape(rows, 3)
    return out


@settings(max_examples=25, deadline=None)
@given(agencies(), st.integers(0, 2**32 - 1), st.randoms(use_true_random=False))
def test_bootstrap_is_deterministic_and_independent_of_the_order_groups_are_processed(groups, seed, rnd):
    keys = list(groups)
    first = {k: bootstrap_group(groups[k], k, draws=200, seed=seed) for k in keys}
    rnd.shuffle(keys)
    second = {k: bootstrap_group(groups[k], k, draws=200, seed=seed) for k in keys}
    assert first == second
    for result in first.values():
        for interval in result.columns:
            if interval.low is not None and interval.high is not None:
                assert 0.0 <= interval.low <= interval.high <= 100.0


@SETTINGS
@given(st.lists(st.tuples(SCORE, SCORE), min_size=0, max_size=20))
def test_spearman_is_symmetric_and_bounded(pairs):
    x = [p[0] for p in pairs]
    y = [p[1] for p in pairs]
    a, b = spearman(x, y), spearman(y, x)
    assert a.n == b.n and close(a.rho, b.rho)
    assert a.rho is None or -1.0 <= a.rho <= 1.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(SCORE, min_size=4, max_size=4), min_size=1, max_size=8), st.integers(0, 1000))
def test_rank_intervals_contain_possible_ranks_and_shares_are_shares(rows, seed):
    scores = np.array(rows, dtype=float)
    got = weight_robustness(scores, ["s", "s", "t", "t"], {"s": 1.0, "t": 2.0}, [1.0, 2.0, 1.0, 0.5],
                            draws=100, seed=seed)
    ranked = sum(1 for a in got.agencies if a.rank is not None)
    for agency in got.agencies:
        if agency.rank is not None:
            assert agency.rank_low is not None and agency.rank_high is not None
            assert 1 <= agency.rank_low <= agency.rank_high <= ranked
        assert all(0.0 <= b.share <= 1.0 for b in agency.barriers)
