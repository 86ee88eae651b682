"""The statistics layer, function by function: bootstrap, classification, weight robustness, response
styles, Spearman, undefined cases, and the package's import boundary."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from ids_assess.stats import (
    MIN_RESPONDENTS,
    Interval,
    agreement_by_group,
    average_ranks,
    bootstrap_group,
    bootstrap_groups,
    bootstrap_mean,
    classify,
    classify_interval,
    cronbach_alpha,
    draw_means,
    group_rng,
    icc,
    percentile_columns,
    percentile_interval,
    resample_counts,
    response_style,
    rwg_j,
    spearman,
    top_barriers,
    weight_robustness,
    weighted_overall,
)

NAN = math.nan


# --- the import boundary --------------------------------------------------------------------------------

def test_the_statistics_layer_imports_numpy_and_only_the_core_of_ours():
    code = "import ids_assess.stats, sys, json; print(json.dumps(sorted(sys.modules)))"
    mods = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                         check=True).stdout))
    assert "numpy" in mods
    assert not mods & {"typer", "rich", "jinja2", "yaml", "jsonschema", "click"}
    ours = {m for m in mods if m.startswith("ids_assess")}
    assert ours <= {"ids_assess"} | {m for m in ours if m.startswith(("ids_assess.stats", "ids_assess.core"))}
    assert not {m for m in ours if m.startswith(("ids_assess.io", "ids_assess.render", "ids_assess.cli"))}


# --- alpha, agreement, ICC: undefined cases -------------------------------------------------------------

def test_alpha_undefined_cases_say_why():
    assert cronbach_alpha([[1], [2], [3]]).alpha is None  # one item
    one = cronbach_alpha([[1, 2], [NAN, 3]])
    assert one.alpha is None and one.n == 1 and "respondents" in (one.why or "")
    flat = cronbach_alpha([[3, 3], [3, 3], [3, 3]])
    assert flat.alpha is None and "variance" in (flat.why or "")


def test_alpha_of_two_parallel_items_is_one():
    a = cronbach_alpha([[1, 1], [2, 2], [4, 4], [5, 5]])
    assert a.alpha == pytest.approx(1.0)
    assert all(i.alpha_if_deleted is None and i.why for i in a.items)  # one item left
    assert all(i.item_rest_r == pytest.approx(1.0) for i in a.items)


def test_rwg_j_by_hand():
    # two items, three respondents: variances 1 and 0 -> S = 0.5; S/2 = 0.25; J = 2
    got = rwg_j([[1, 3], [2, 3], [3, 3]])
    assert got.mean_variance == pytest.approx(0.5)
    assert got.rwg_j == pytest.approx(2 * 0.75 / (2 * 0.75 + 0.25))
    assert got.ad_m == pytest.approx((2 / 3 + 0) / 2)
    assert got.n_rwg == 3 and got.j == 2


def test_rwg_j_caps_s_at_the_null_variance_and_needs_two_respondents():
    assert rwg_j([[1, 5], [5, 1], [1, 5], [5, 1]]).rwg_j == 0.0
    assert rwg_j([[1, 5, 1], [5, 1, 5]], options=3).rwg_j == 0.0
    lone = rwg_j([[1, 2], [NAN, 3]])
    assert lone.rwg_j is None and lone.ad_m is None and lone.n_rwg == 1 and lone.why


def test_agreement_by_group_keys_every_group_in_order_of_first_row():
    got = agreement_by_group([[1, 2], [2, 2], [3, 3], [NAN, 1]], ["b", "a", "b", "c"])
    assert list(got) == ["b", "a", "c"]
    assert got["c"].n_rwg == 0 and got["c"].rwg_j is None


def test_icc_by_hand():
    # groups {0, 10} and {20, 30}: grand 15, MSB = 2*(10^2)*2 / 1 = 400, MSW = (50 + 50) / 2 = 50, k = 2
    got = icc([0, 10, 20, 30], ["x", "x", "y", "y"])
    assert (got.msb, got.msw, got.k) == (pytest.approx(400.0), pytest.approx(50.0), 2.0)
    assert got.icc1 == pytest.approx(350 / 450)
    assert got.icc2 == pytest.approx(350 / 400)


def test_icc_undefined_cases_say_why():
    assert icc([1, 2, 3], ["a", "a", "a"]).icc1 is None
    singles = icc([1, 2, 3], ["a", "b", "c"])
    assert singles.icc1 is None and "within" in (singles.why or "")
    flat = icc([5, 5, 5, 5], ["a", "a", "b", "b"])
    assert flat.icc1 is None and flat.icc2 is None and flat.why
    same_means = icc([1, 3, 1, 3], ["a", "a", "b", "b"])
    assert same_means.icc1 == pytest.approx(-1.0) and same_means.icc2 is None and same_means.why
    no_score = icc([NAN, NAN, 1, 2, 3, 4], ["z", "z", "a", "a", "b", "b"])
    assert (no_score.n, no_score.groups) == (4, 2)


# --- bootstrap ------------------------------------------------------------------------------------------

def naive_bootstrap(x: np.ndarray, key: str, draws: int, seed: int, level: float) -> list[tuple[float, float]]:
    """The definition, one draw at a time: the same stream, the same indices."""
    rng = group_rng(key, seed)
    n = x.shape[0]
    idx = rng.integers(0, n, size=(draws, n))
    out = []
    for col in range(x.shape[1]):
        means = []
        for d in range(draws):
            v = x[idx[d], col]
            v = v[~np.isnan(v)]
            if v.size:
                means.append(v.mean())
        lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
        out.append((float(lo), float(hi)))
    return out


def test_bootstrap_equals_the_definition_drawn_one_at_a_time():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, size=(7, 4))
    x[rng.random(x.shape) < 0.3] = NAN
    x[:3, 0] = NAN
    got = bootstrap_group(x, "agency", draws=300, seed=5)
    want = naive_bootstrap(x, "agency", 300, 5, 0.90)
    for interval, (lo, hi) in zip(got.columns, want, strict=True):
        if interval.n >= MIN_RESPONDENTS:
            assert interval.low == pytest.approx(lo) and interval.high == pytest.approx(hi)
            assert interval.mean is not None and interval.draws <= 300


def test_bootstrap_stream_is_pinned():
    # the stream of a key must not change between versions: results in reports are reproducible
    assert group_rng("Bureau of Statistics", 0).integers(0, 1000, size=5).tolist() == PINNED
    assert group_rng("Bureau of Statistics", 1).integers(0, 1000, size=5).tolist() != PINNED
    assert group_rng("bureau of statistics", 0).integers(0, 1000, size=5).tolist() != PINNED


PINNED = [750, 315, 908, 727, 959]


def test_bootstrap_with_overall_resamples_it_with_the_factors():
    x = np.array([[10.0, 20.0], [30.0, NAN], [50.0, 60.0], [70.0, 80.0]])
    overall = np.array([15.0, 30.0, 55.0, 75.0])
    got = bootstrap_group(x, "k", overall=overall, draws=500)
    together = bootstrap_group(np.column_stack([x, overall]), "k", draws=500)
    assert got.columns == together.columns[:2] and got.overall == together.columns[2]


def test_bootstrap_needs_three_respondents_and_a_constant_column_has_no_width():
    got = bootstrap_group([[50.0, 1.0], [60.0, NAN], [70.0, NAN]], "k")
    assert got.columns[0].low is not None
    assert got.columns[1] == Interval(1.0, None, None, 1, 0, got.columns[1].why) and got.columns[1].why
    assert bootstrap_mean([40.0, 40.0, 40.0], "k") == Interval(40.0, 40.0, 40.0, 3, 2000)
    empty = bootstrap_group(np.zeros((0, 2)), "nobody")
    assert all(c.mean is None and c.low is None for c in empty.columns)


def test_bootstrap_defaults_and_argument_checks():
    got = bootstrap_mean([10.0, 20.0, 30.0, 40.0], "k")
    assert got.draws == 2000 and got.low is not None and got.high is not None and got.low <= 25 <= got.high
    for bad in ({"draws": 0}, {"level": 1.0}, {"seed": -1}):
        with pytest.raises(ValueError):
            bootstrap_mean([1.0, 2.0, 3.0], "k", **bad)


def test_bootstrap_groups_is_bootstrap_group_of_each_in_sorted_order():
    groups = {"b": [[10.0], [20.0], [40.0]], "a": [[70.0], [NAN], [90.0], [95.0]]}
    overall = {"b": [10.0, 20.0, 40.0], "a": [70.0, 80.0, 90.0, 95.0]}
    got = bootstrap_groups(groups, overall=overall, draws=300, seed=2)
    assert list(got) == ["a", "b"]
    for key, result in got.items():
        assert result == bootstrap_group(groups[key], key, overall=overall[key], draws=300, seed=2)


def test_draw_means_weigh_the_rows_by_their_counts():
    x = np.array([[10.0, NAN], [20.0, 5.0], [60.0, NAN]])
    counts = np.array([[3, 0, 0], [1, 1, 1], [0, 0, 3], [2, 1, 0]])
    got = draw_means(x, counts)
    assert got[:, 0].tolist() == [10.0, 30.0, 60.0, pytest.approx(40 / 3)]
    assert np.isnan(got[0, 1]) and got[1, 1] == 5.0 and np.isnan(got[2, 1]) and got[3, 1] == 5.0


def test_draw_means_want_a_draws_by_respondents_matrix():
    x = np.array([[10.0], [20.0], [60.0]])
    for counts in ([3, 0, 0], [[1, 1]], [[[1, 1, 1]]]):
        with pytest.raises(ValueError, match="draws x respondents"):
            draw_means(x, counts)


def test_resample_counts_sum_to_the_group_size():
    counts = resample_counts(6, np.random.default_rng(0), draws=50)
    assert counts.shape == (50, 6) and (counts.sum(axis=1) == 6).all()


def test_percentile_interval_is_type_7():
    assert percentile_interval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == (pytest.approx(1.45), pytest.approx(9.55))
    assert percentile_interval([1, NAN, 3], 0.5) == (1.5, 2.5)
    with pytest.raises(ValueError):
        percentile_interval([NAN])


# --- classification -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("mean", "low", "high", "label"), [
    (30, 20, 44.9, "confirmed_barrier"),
    (40, 30, 46, "uncertain_barrier"),
    (44.9, 30, 55, "uncertain_barrier"),
    (50, 40, 60, "neutral"),
    (45, 40, 60, "neutral"),
    (55, 40, 60, "neutral"),
    (60, 54, 70, "uncertain_enabler"),
    (70, 55.1, 80, "confirmed_enabler"),
])
def test_classify_with_a_margin_of_five(mean, low, high, label):
    assert classify(mean, low, high, margin=5).label == label


def test_classify_without_a_margin_and_without_an_interval():
    assert classify(49.0, 40.0, 49.999).label == "confirmed_barrier"
    assert classify(49.0, 40.0, 50.0).label == "uncertain_barrier"
    assert classify(50.0, 50.0, 50.0).label == "neutral"
    assert classify(51.0, 50.0000000000001, 60.0).label == "uncertain_enabler"  # float noise is settled
    none = classify(40.0, None, None)
    assert none.label is None and none.why
    assert classify(None, 1.0, 2.0).label is None
    short = classify_interval(Interval(40.0, None, None, 2, 0, "too few"))
    assert short.label is None and "too few" in (short.why or "")
    with pytest.raises(ValueError):
        classify(50, 40, 60, margin=-1)


# --- weight robustness ----------------------------------------------------------------------------------

SECTIONS = ["s1", "s1", "s2"]
SECTION_WEIGHTS = {"s1": 2.0, "s2": 1.0}


def test_weighted_overall_is_the_scoring_rule():
    scores = np.array([[20.0, 40.0, 90.0], [NAN, 60.0, NAN], [NAN, NAN, NAN]])
    got = weighted_overall(scores, SECTIONS, SECTION_WEIGHTS, [1.0, 3.0, 1.0])
    s1 = (20 + 3 * 40) / 4
    assert got[0] == pytest.approx((2 * s1 + 90) / 3)
    assert got[1] == pytest.approx(60.0)
    assert math.isnan(got[2])


def test_a_dominant_agency_always_ranks_first_and_its_only_barriers_stay():
    scores = np.array([[90.0, 80.0, 85.0], [10.0, 20.0, 30.0], [50.0, 55.0, 60.0], [NAN, NAN, NAN]])
    got = weight_robustness(scores, SECTIONS, SECTION_WEIGHTS, [1.0, 1.0, 1.0], draws=500, seed=1)
    first, last, middle, empty = got.agencies
    assert (first.rank, first.rank_low, first.rank_high) == (1, 1.0, 1.0)
    assert (last.rank, last.rank_low, last.rank_high) == (3, 3.0, 3.0)
    assert middle.rank == 2 and middle.barriers == ()
    assert [b.share for b in last.barriers] == [1.0, 1.0, 1.0]
    assert [b.factor for b in last.barriers] == list(top_barriers(scores[1], [1.0, 1.0, 1.0]))
    assert empty.rank is None and empty.rank_low is None and empty.why
    assert (got.draws, got.seed) == (500, 1)


def naive_share(row: np.ndarray, wf: np.ndarray, factor: int, margin: float) -> float:
    hits = 0
    for w in wf:
        order = sorted((i for i in range(row.size) if not np.isnan(row[i]) and row[i] < 50 - margin),
                       key=lambda i: (-round((50 - row[i]) * w[i], 9), i))
        hits += factor in order[:3]
    return hits / len(wf)


def test_barrier_shares_equal_the_definition_drawn_one_at_a_time():
    scores = np.array([[10.0, 30.0, 35.0, 40.0, 44.0, 70.0]])
    sections = ["a", "a", "b", "b", "b", "b"]
    weights = [1.0, 0.5, 1.0, 2.0, 1.5, 1.0]
    top = [top_barriers(scores[0], weights, margin=2.0)]
    got = weight_robustness(scores, sections, {"a": 1.0, "b": 1.0}, weights, top, margin=2.0, draws=400, seed=9)
    rng = np.random.default_rng(9)
    w0 = np.array(weights)
    wf = rng.uniform(w0 / 2, w0 * 2, size=(400, 6))
    for stability in got.agencies[0].barriers:
        assert stability.share == pytest.approx(naive_share(scores[0], wf, stability.factor, 2.0))
    assert got.agencies[0].barriers[0].share == 1.0 and 0 < got.agencies[0].barriers[-1].share < 1


def test_robustness_is_deterministic_and_checks_its_arguments():
    rng = np.random.default_rng(0)
    scores = rng.uniform(0, 100, size=(8, 3))
    one = weight_robustness(scores, SECTIONS, SECTION_WEIGHTS, [1.0, 2.0, 1.0], draws=200, seed=4)
    assert one == weight_robustness(scores, SECTIONS, SECTION_WEIGHTS, [1.0, 2.0, 1.0], draws=200, seed=4)
    with pytest.raises(ValueError):
        weight_robustness(scores, ["s1", "s1"], SECTION_WEIGHTS, [1.0, 2.0, 1.0])
    with pytest.raises(ValueError):
        weight_robustness(scores, ["s1", "s1", "s3"], SECTION_WEIGHTS, [1.0, 2.0, 1.0])
    with pytest.raises(ValueError):
        weight_robustness(scores, SECTIONS, SECTION_WEIGHTS, [1.0, 2.0])
    with pytest.raises(ValueError):
        weight_robustness(scores, SECTIONS, SECTION_WEIGHTS, [1.0, 2.0, 1.0], [[7]] * 8)


def test_a_listed_factor_that_is_no_barrier_never_stays():
    got = weight_robustness([[80.0, 20.0, 90.0]], SECTIONS, SECTION_WEIGHTS, [1.0, 1.0, 1.0], [[0, 1]], draws=50)
    assert [(b.factor, b.share) for b in got.agencies[0].barriers] == [(0, 0.0), (1, 1.0)]


# --- response styles ------------------------------------------------------------------------------------

ITEMS = [f"i{n}" for n in range(12)]


def test_straightlining_needs_ten_rated_items_and_ninety_percent_the_same():
    eleven_fours = {**{f"i{n}": 4 for n in range(11)}, "i11": 2}
    assert response_style(eleven_fours, ITEMS).straightlining  # 11/12 = 92%
    ten_of_twelve = {**{f"i{n}": 4 for n in range(10)}, "i10": 2, "i11": 1}
    assert not response_style(ten_of_twelve, ITEMS).straightlining  # 83%
    nine = {f"i{n}": 4 for n in range(9)}
    assert not response_style(nine, ITEMS).straightlining  # too few rated
    ten = {f"i{n}": 5 for n in range(10)}
    got = response_style(ten, ITEMS)
    assert got.straightlining and got.modal_share == 1.0 and got.rated == 10


def test_acquiescence_uses_raw_agreement_with_both_items_of_a_reverse_pair():
    pairs = [("i0", "i1"), ("i2", "i3")]
    got = response_style({"i0": 4, "i1": 5, "i2": 4, "i3": 2}, ITEMS, pairs)
    assert got.acquiescence and got.acquiescent_pairs == (("i0", "i1"),)
    assert not response_style({"i0": 4, "i1": 3, "i2": "dk", "i3": 5}, ITEMS, pairs).acquiescence


def test_midpoint_and_low_coverage():
    half = {"i0": 3, "i1": 3, "i2": 4, "i3": 2}
    got = response_style(half, ITEMS)
    assert not got.midpoint and got.midpoint_share == 0.5  # more than half is needed
    assert response_style({"i0": 3, "i1": 3, "i2": 4}, ITEMS).midpoint
    assert got.low_coverage and got.coverage == pytest.approx(4 / 12)
    na = {f"i{n}": "na" for n in range(4, 12)} | half
    mostly_na = response_style(na, ITEMS)
    assert mostly_na.applicable == 4 and mostly_na.coverage == 1.0 and not mostly_na.low_coverage
    nothing = response_style({}, ITEMS)
    assert nothing.low_coverage and nothing.coverage == 0.0 and nothing.modal_share is None
    all_na = response_style({i: "na" for i in ITEMS}, ITEMS)
    assert all_na.coverage is None and all_na.low_coverage
    assert response_style({i: 5 for i in ITEMS}, ITEMS).flags == ("straightlining",)
    assert not response_style({"i0": True, "i1": 7, "x": 3}, ITEMS).rated  # not ratings, not our items


# --- Spearman -------------------------------------------------------------------------------------------

def test_average_ranks_share_ties():
    assert average_ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]


def test_spearman_cases():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 45]).rho == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]).rho == pytest.approx(-1.0)
    two = spearman([1, 2, NAN], [1, 2, 3])
    assert two.rho is None and two.n == 2 and two.why
    flat = spearman([1, 1, 1], [1, 2, 3])
    assert flat.rho is None and flat.why
    with pytest.raises(ValueError):
        spearman([1, 2, 3], [1, 2])


@pytest.mark.parametrize("n", [1, 2, 7, 256, 401])
@pytest.mark.parametrize("draws", [1, 255, 256, 300, 2000])
def test_weight_blocks_are_the_counts_from_the_same_stream(n, draws):
    from ids_assess.stats.bootstrap import BLOCK, weight_blocks

    for seed in (0, 3):
        whole = resample_counts(n, np.random.default_rng(seed), draws=draws)
        blocks = list(weight_blocks(n, np.random.default_rng(seed), draws=draws))
        assert all(b.dtype == np.float64 and b.shape[1] == n and b.shape[0] <= BLOCK for b in blocks)
        assert len(blocks) == -(-draws // BLOCK)
        assert np.array_equal(whole.astype(np.float64), np.vstack(blocks))


@pytest.mark.parametrize("n", [3, 40, 401])
@pytest.mark.parametrize("draws", [1, 300, 2000])
def test_an_interval_is_that_of_the_whole_count_matrix(n, draws):
    """Weighing the resamples block by block gives the means of the whole count matrix: the same to the
    last bits or two (a matrix product's sums may be added in another order), and the same interval."""
    rng = np.random.default_rng(n + draws)
    x = rng.uniform(0, 100, size=(n, 6))
    if n > 10:
        x[rng.random((n, 6)) < 0.2] = NAN
    x[:, 5] = NAN
    x[:2, 5] = [40.0, 60.0]  # two respondents with a score: no interval
    got = bootstrap_group(x, "agency", draws=draws, seed=4)
    whole = draw_means(x[:, :5], resample_counts(n, group_rng("agency", 4), draws=draws))
    bounds = percentile_columns(whole)
    for col in range(5):
        assert got.columns[col].low == pytest.approx(bounds[0, col], rel=1e-12, abs=1e-12)
        assert got.columns[col].high == pytest.approx(bounds[1, col], rel=1e-12, abs=1e-12)
        assert got.columns[col].draws == int((~np.isnan(whole[:, col])).sum())
    assert got.columns[5].low is None and got.columns[5].n == 2
