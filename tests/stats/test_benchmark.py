"""Fingertips-style benchmarking, recent trends and RAG: worked examples."""

import math

import numpy as np
import pytest

from stats.benchmark import (
    CANNOT_BE_CALCULATED,
    FINGERTIPS_CHI_SQUARE,
    Comparison,
    TrendResult,
    compare_proportion_with_benchmark,
    compare_rate_with_benchmark,
    compare_with_benchmark,
    compare_with_benchmark_two_levels,
    fingertips_trend,
    fingertips_trend_label,
    proportion_trend,
    rag_from_assurance,
    rag_status,
    rate_trend,
    trend_label,
)
from stats.intervals import rate_ci, wilson_ci

RATES = [100, 110, 120, 130, 140]  # counts in a population of 100,000: rates per 100,000
# Byar 95% limits per 100,000 (stats.intervals.rate_ci, Fingertips' method for counts of 10 or more):
# 81.3621-121.6279, 90.4048-132.5809, 99.4902-143.4917, 108.6130-154.3655, 117.7690-165.2065
RATE_LIMITS = [rate_ci(count, 100_000, per=100_000) for count in RATES]


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


def weighted_least_squares(values, lower, upper):
    """Independent reference: WLS of value on t = 1..5 with weights 1/SE^2 by linear algebra."""
    weights = 1 / ((np.asarray(upper) - np.asarray(lower)) / 3.92) ** 2
    design = np.column_stack([np.ones(5), np.arange(1, 6)])
    information = design.T @ (design * weights[:, None])
    coef = np.linalg.solve(information, design.T @ (weights * np.asarray(values, dtype=float)))
    return coef[1], coef[1] ** 2 / np.linalg.inv(information)[1, 1]


def test_fingertips_trend_issue_example_is_no_significant_change():
    lower, upper = [i.lower for i in RATE_LIMITS], [i.upper for i in RATE_LIMITS]
    assert (round(lower[0], 4), round(upper[-1], 4)) == (81.3621, 165.2065)
    trend = fingertips_trend(RATES, lower, upper, value_type="crude_rate")
    slope, chi_square = weighted_least_squares(RATES, lower, upper)
    assert trend.slope == pytest.approx(slope, rel=1e-9) and trend.slope == pytest.approx(10.0, abs=1e-9)
    assert trend.chi_square == pytest.approx(chi_square, rel=1e-9)
    assert trend.chi_square == pytest.approx(8.0122, abs=1e-4)  # below 9.5495 (99.8%)
    assert (trend.marker, trend.points_used) == ("no_significant_change", 5)
    assert trend.label("lower_is_better") == "No significant change"
    # the old Poisson regression at p < 0.05 calls the same series increasing (p = 0.0039)
    assert rate_trend(RATES, [100_000] * 5).direction == "increasing"


def test_fingertips_trend_increasing_and_decreasing():
    counts = [100, 130, 160, 190, 220]
    limits = [rate_ci(c, 100_000, per=100_000) for c in counts]
    rising = fingertips_trend(counts, [i.lower for i in limits], [i.upper for i in limits], value_type="crude_rate")
    assert rising.chi_square == pytest.approx(weighted_least_squares(counts, [i.lower for i in limits],
                                                                     [i.upper for i in limits])[1], rel=1e-9)
    assert (rising.marker, round(rising.chi_square, 2)) == ("increasing", 56.75)
    assert rising.label("lower_is_better") == "Increasing and getting worse"
    assert rising.label("higher_is_better") == "Increasing and getting better"
    assert rising.label("neutral") == "Increasing"
    falling = fingertips_trend(counts[::-1], [i.lower for i in limits][::-1], [i.upper for i in limits][::-1],
                               value_type="crude_rate")
    assert falling.marker == "decreasing" and falling.slope == pytest.approx(-30.0, abs=1e-9)
    assert falling.label("lower_is_better") == "Decreasing and getting better"
    assert falling.label("higher_is_better") == "Decreasing and getting worse"
    assert falling.label("neutral") == "Decreasing"


def test_fingertips_trend_proportion_with_wilson_limits():
    hits = [300, 320, 340, 360, 380]  # of 1,000 each
    limits = [wilson_ci(h, 1000) for h in hits]
    trend = fingertips_trend([h / 1000 for h in hits], [i.lower for i in limits], [i.upper for i in limits],
                             value_type="proportion", counts=hits, denominators=[1000] * 5)
    _, chi_square = weighted_least_squares([h / 1000 for h in hits], [i.lower for i in limits],
                                           [i.upper for i in limits])
    assert trend.chi_square == pytest.approx(chi_square, rel=1e-9)
    assert trend.chi_square > FINGERTIPS_CHI_SQUARE and trend.marker == "increasing"


def test_fingertips_trend_leave_one_out_sign_check():
    # SE 2 everywhere (limits +/- 3.92): chi-square 8122.5, but without the last point the slope is -5
    spike = [110, 105, 100, 95, 400]
    trend = fingertips_trend(spike, [v - 3.92 for v in spike], [v + 3.92 for v in spike], value_type="crude_rate")
    assert trend.chi_square == pytest.approx(8122.5, rel=1e-9)
    assert trend.leave_one_out_slopes[-1] == pytest.approx(-5.0, abs=1e-9)
    assert trend.marker == "no_significant_change"
    # Fingertips counts a zero slope as positive: dropping the spike leaves a flat line, still increasing
    flat_then_spike = [100, 100, 100, 100, 300]
    trend = fingertips_trend(flat_then_spike, [v - 3.92 for v in flat_then_spike],
                             [v + 3.92 for v in flat_then_spike], value_type="crude_rate")
    assert trend.leave_one_out_slopes[-1] == 0.0 and trend.marker == "increasing"


def test_fingertips_trend_uses_the_latest_five_points():
    # an older point of 500 would make the trend significant and falling; it is not among the latest five
    lower, upper = [100] + [i.lower for i in RATE_LIMITS], [900] + [i.upper for i in RATE_LIMITS]
    trend = fingertips_trend([500, *RATES], lower, upper, value_type="crude_rate")
    assert trend.chi_square == pytest.approx(8.0122, abs=1e-4)


@pytest.mark.parametrize(
    ("values", "kwargs", "reason"),
    [
        (RATES, {"value_type": "directly_standardised_rate"}, "The recent trend cannot be calculated for this value type"),
        (RATES, {"value_type": "crude_rate", "period_years": 3}, "The recent trend cannot be calculated for this year range"),
        (RATES[:4], {"value_type": "crude_rate"}, "Not enough data points to calculate recent trend"),
        ([], {"value_type": "crude_rate"}, "No data points found"),
    ],
)
def test_fingertips_trend_not_eligible(values, kwargs, reason):
    limits = RATE_LIMITS[: len(values)]
    trend = fingertips_trend(values, [i.lower for i in limits], [i.upper for i in limits], **kwargs)
    assert (trend.marker, trend.reason, trend.chi_square) == ("cannot_be_calculated", reason, None)
    assert trend.label("higher_is_better") == CANNOT_BE_CALCULATED == "Cannot be calculated"


def test_fingertips_trend_needs_five_unbroken_valid_points():
    lower, upper = [i.lower for i in RATE_LIMITS], [i.upper for i in RATE_LIMITS]
    gap = "Not enough data points with valid values to calculate recent trend"
    # a missing value among the latest five: the run back from the latest stops at it
    broken = fingertips_trend([90, 100, 110, None, 130, 140], [70] + lower, [110] + upper, value_type="crude_rate")
    assert (broken.marker, broken.reason) == ("cannot_be_calculated", gap)
    # a missing value before the latest five does not matter
    early_gap = fingertips_trend([None, *RATES], [None, *lower], [None, *upper], value_type="crude_rate")
    assert early_gap.marker == "no_significant_change"
    # a missing confidence limit, or count, breaks the run too
    no_ci = fingertips_trend(RATES, lower[:2] + [math.nan] + lower[3:], upper, value_type="crude_rate")
    assert no_ci.reason == gap
    no_count = fingertips_trend(RATES, lower, upper, value_type="crude_rate", counts=[100, 110, None, 130, 140],
                                denominators=[100_000] * 5)
    assert no_count.reason == gap
    # a count equal to its denominator
    full = fingertips_trend([0.5, 0.6, 0.7, 0.8, 1.0], [0.4, 0.5, 0.6, 0.7, 0.9], [0.6, 0.7, 0.8, 0.9, 1.0],
                            value_type="proportion", counts=[5, 6, 7, 8, 10], denominators=[10] * 5)
    assert (full.marker, full.reason) == ("cannot_be_calculated", "The recent trend cannot be calculated")


def test_fingertips_trend_label_validation():
    assert fingertips_trend_label("no_significant_change", "neutral") == "No significant change"
    with pytest.raises(ValueError):
        fingertips_trend_label("rising", "neutral")
    with pytest.raises(ValueError):
        fingertips_trend_label("increasing", "up")
    with pytest.raises(ValueError):
        fingertips_trend(RATES, [150] * 5, [100] * 5, value_type="crude_rate")
