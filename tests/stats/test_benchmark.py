"""Fingertips-style benchmarking, recent trends and RAG: worked examples."""

import math

import numpy as np
import pytest

from stats.benchmark import (
    Comparison,
    TrendResult,
    compare_proportion_with_benchmark,
    compare_rate_with_benchmark,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    proportion_trend,
    rag_from_assurance,
    rag_status,
    rate_trend,
    trend_label,
)
from stats.intervals import rate_ci


@pytest.mark.parametrize(
    ("lower", "upper", "polarity", "outcome"),
    [
        (12, 15, "lower_is_better", "worse"),
        (12, 15, "higher_is_better", "better"),
        (12, 15, "neutral", "higher"),
        (6, 9, "lower_is_better", "better"),
        (6, 9, "neutral", "lower"),
        (9, 11, "lower_is_better", "similar"),
        (10, 11, "higher_is_better", "similar"),  # benchmark on the limit: not significant
    ],
)
def test_compare_with_benchmark(lower, upper, polarity, outcome):
    assert compare_with_benchmark(lower, upper, 10, polarity).outcome == outcome


def test_not_compared_when_missing():
    assert compare_with_benchmark(None, 5, 3, "neutral") == Comparison("not_compared", None)
    assert compare_with_benchmark(1, 5, float("nan"), "neutral").outcome == "not_compared"


def test_two_level_comparison():
    assert compare_with_benchmark_two_levels(11, 14, 10.5, 15, 10, "lower_is_better") == Comparison(
        "worse", 0.998
    )
    assert compare_with_benchmark_two_levels(11, 14, 9.5, 15, 10, "lower_is_better") == Comparison(
        "worse", 0.95
    )
    assert compare_with_benchmark_two_levels(9, 14, 8, 15, 10, "lower_is_better") == Comparison(
        "similar", 0.95
    )


def test_rate_comparison_worked_example():
    # 60 events in 10,000 people = 6.0 per 1,000; Byar 95% limits 4.58 to 7.72 per 1,000
    interval = rate_ci(60, 10_000)
    assert (round(interval.lower, 2), round(interval.upper, 2)) == (4.58, 7.72)
    assert compare_rate_with_benchmark(60, 10_000, 4.0, "lower_is_better").outcome == "worse"
    assert compare_rate_with_benchmark(60, 10_000, 5.0, "lower_is_better").outcome == "similar"
    assert compare_rate_with_benchmark(60, 10_000, 8.0, "lower_is_better").outcome == "better"


def test_proportion_comparison_uses_wilson():
    # 81/263 = 0.308, Wilson 0.2553 to 0.3662 (Newcombe 1998)
    assert compare_proportion_with_benchmark(81, 263, 0.25, "higher_is_better").outcome == "better"
    assert compare_proportion_with_benchmark(81, 263, 0.30, "higher_is_better").outcome == "similar"
    assert compare_proportion_with_benchmark(81, 263, 0.37, "higher_is_better").outcome == "worse"


def test_chi_squared_trend_matches_r_prop_trend_test():
    # R documentation example: prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82))
    # gives X-squared = 8.2249, df = 1, p-value = 0.004132
    result = proportion_trend([83, 90, 129, 70], [86, 93, 136, 82], points=4)
    assert result.statistic == pytest.approx(8.2249, abs=5e-5)
    assert result.p_value == pytest.approx(0.004132, abs=5e-7)
    assert result.direction == "decreasing"


def test_chi_squared_trend_uses_last_five_points_and_flat_series():
    result = proportion_trend([5, 83, 90, 129, 70, 71], [5, 86, 93, 136, 82, 82])
    assert result.points_used == 5
    flat = proportion_trend([10] * 5, [100] * 5)
    assert (flat.direction, flat.statistic) == ("no_significant_change", 0.0)
    assert proportion_trend([1, 2, 3], [10, 10, 10]).direction == "not_calculated"


def test_poisson_trend_exact_exponential():
    # counts lie exactly on 1000 exp(a + b t) with b = ln 2, so the MLE reproduces them: b = ln 2.
    # With centred times t = -1, 0, 1 and mu = 100, 200, 400 the information matrix is
    # [[sum mu, sum mu t], [sum mu t, sum mu t^2]] = [[700, 300], [300, 500]], so
    # var(b) = 700 / (700 x 500 - 300^2) = 700 / 260000.
    result = rate_trend([100, 200, 400], [1000, 1000, 1000], points=3)
    assert result.slope == pytest.approx(math.log(2), abs=1e-10)
    assert result.statistic == pytest.approx(math.log(2) / math.sqrt(700 / 260_000), rel=1e-9)
    assert result.direction == "increasing"


def test_poisson_trend_rate_with_changing_population():
    # constant rate of 5 per 1,000 while the population grows: no trend in the rate
    result = rate_trend([50, 55, 60, 65, 70], [10_000, 11_000, 12_000, 13_000, 14_000])
    assert result.slope == pytest.approx(0.0, abs=1e-10)
    assert result.direction == "no_significant_change"
    assert result.p_value == pytest.approx(1.0, abs=1e-8)


def test_poisson_trend_cross_checked_with_newton_on_likelihood():
    counts = np.array([30.0, 25, 28, 20, 18])
    result = rate_trend(counts)
    times = np.arange(5) - 2.0
    # profile: at the MLE, sum (O_t - mu_t) t = 0 with mu_t = N exp(b t) / sum exp(b t)
    mu = counts.sum() * np.exp(result.slope * times) / np.exp(result.slope * times).sum()
    assert np.sum((counts - mu) * times) == pytest.approx(0.0, abs=1e-8)
    assert result.direction == "no_significant_change"
    assert result.slope < 0


def test_trend_labels():
    falling = TrendResult("decreasing", 0.001, 10.0, -0.1, "x", 5)
    assert trend_label(falling, "lower_is_better") == "Decreasing and getting better"
    assert trend_label(falling, "higher_is_better") == "Decreasing and getting worse"
    assert trend_label(falling, "neutral") == "Decreasing"


def test_rag():
    assert rag_status(8, 10, "lower_is_better") == "green"
    assert rag_status(12, 10, "lower_is_better", lower=9, upper=15) == "amber"
    assert rag_status(12, 10, "lower_is_better", lower=11, upper=15) == "red"
    assert rag_status(12, 10, "lower_is_better") == "red"
    assert rag_status(12, 10, "higher_is_better") == "green"
    assert rag_status(None, 10, "higher_is_better") == "grey"
    assert rag_from_assurance("consistently_fail") == "red"
    with pytest.raises(ValueError):
        rag_from_assurance("unknown")
