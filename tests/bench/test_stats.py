"""The benchmarks' figures: percentiles, medians with spread, and alternated rounds."""

import math

from bench import stats


def test_percentile_is_nearest_rank_and_nan_when_nothing_was_measured():
    values = [float(n) for n in range(1, 101)]
    assert stats.percentile(values, 0.95) == 95.0
    assert stats.percentile(values, 0.50) == 50.0
    assert stats.percentile([7.0], 0.99) == 7.0
    assert math.isnan(stats.percentile([], 0.95))


def test_spread_gives_the_median_min_max_and_iqr_of_the_rounds():
    figures = stats.spread([1.5, 4.0, 2.0])
    assert figures == {"median": 2.0, "min": 1.5, "max": 4.0, "iqr": [1.75, 3.0], "rounds": 3}


def test_spread_leaves_out_rounds_that_measured_nothing_but_counts_them():
    figures = stats.spread([None, 2.0, float("nan")])
    assert figures["median"] == 2.0
    assert figures["iqr"] == [2.0, 2.0]
    assert figures["rounds"] == 3
    assert stats.spread([None])["median"] is None


def test_ratio_is_none_when_the_baseline_measured_nothing():
    assert stats.ratio(30.0, 10.0) == 3.0
    assert stats.ratio(30.0, 0.0) is None
    assert stats.ratio(30.0, float("nan")) is None


def test_rounds_alternate_which_side_runs_first():
    orders = [stats.round_order(index) for index in range(4)]
    assert orders == [("baseline", "app"), ("app", "baseline")] * 2


def test_describe_prints_the_spread():
    line = stats.describe("ratio_p95", stats.spread([1.5, 4.0, 2.0], 2))
    assert "median 2.0" in line and "min–max 1.5–4.0" in line and "IQR" in line
