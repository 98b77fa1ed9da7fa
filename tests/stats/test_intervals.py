"""Confidence intervals against published values and scipy cross-checks."""

import math

import pytest
from scipy import stats as sp

from stats.intervals import (
    byar_ci,
    count_ci,
    exact_poisson_ci,
    newcombe_difference_ci,
    rate_ci,
    wilson_ci,
)

# Exact 95% Poisson limits for small counts as printed in standard tables (e.g. Documenta Geigy
# Scientific Tables; Ulm 1990, Am J Epidemiol 131:373), given to 3-4 significant figures.
POISSON_TABLE_95 = [
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (2, 0.242, 7.225),
    (3, 0.619, 8.767),
    (4, 1.090, 10.242),
    (5, 1.623, 11.668),
    (10, 4.795, 18.390),
]


@pytest.mark.parametrize(("count", "lower", "upper"), POISSON_TABLE_95)
def test_exact_poisson_matches_published_table(count, lower, upper):
    interval = exact_poisson_ci(count)
    # tables are rounded to the printed digits: allow half a unit in the last place
    assert interval.lower == pytest.approx(lower, abs=6e-4)
    assert interval.upper == pytest.approx(upper, abs=6e-4)


@pytest.mark.parametrize("count", [0, 1, 7, 42, 500])
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_exact_poisson_equals_gamma_quantiles(count, confidence):
    alpha = 1 - confidence
    interval = exact_poisson_ci(count, confidence)
    expected_lower = 0.0 if count == 0 else sp.gamma.ppf(alpha / 2, count)
    assert interval.lower == pytest.approx(expected_lower, rel=1e-10)
    assert interval.upper == pytest.approx(sp.gamma.ppf(1 - alpha / 2, count + 1), rel=1e-10)


def test_byar_hand_worked_from_formula():
    # O = 29, z = 1.959964: lower = 29 (1 - 1/261 - z/(3 sqrt 29))^3,
    # upper = 30 (1 - 1/270 + z/(3 sqrt 30))^3
    z = 1.959963984540054
    lower = 29 * (1 - 1 / 261 - z / (3 * math.sqrt(29))) ** 3
    upper = 30 * (1 - 1 / 270 + z / (3 * math.sqrt(30))) ** 3
    interval = byar_ci(29)
    assert interval.lower == pytest.approx(lower, rel=1e-12)
    assert interval.upper == pytest.approx(upper, rel=1e-12)
    assert (round(interval.lower, 2), round(interval.upper, 2)) == (19.42, 41.65)


def test_byar_within_published_accuracy_of_exact():
    # PHE Technical Guide: Confidence Intervals (2018), appendix 1: "for 95% confidence intervals,
    # Byar's method is within 0.2% of the exact value for numerators of 10 or more".
    for count in range(10, 1001):
        byar, exact = byar_ci(count), exact_poisson_ci(count)
        assert byar.lower == pytest.approx(exact.lower, rel=0.002)
        assert byar.upper == pytest.approx(exact.upper, rel=0.002)


def test_fingertips_count_rule_switches_at_ten():
    assert count_ci(9).method == "exact_poisson"
    assert count_ci(10).method == "byar"
    assert count_ci(0).upper == pytest.approx(3.689, abs=6e-4)


def test_rate_ci_scales_count_limits():
    interval = rate_ci(29, 10_000, per=1000)
    counted = byar_ci(29)
    assert interval.value == pytest.approx(2.9, rel=1e-12)
    assert interval.lower == pytest.approx(counted.lower / 10, rel=1e-12)
    assert interval.upper == pytest.approx(counted.upper / 10, rel=1e-12)
    small = rate_ci(3, 50_000, per=100_000)
    assert small.value == pytest.approx(6.0)
    assert small.lower == pytest.approx(0.619 * 2, abs=2e-3)
    assert small.upper == pytest.approx(8.767 * 2, abs=2e-3)


# Newcombe (1998) Stat Med 17:857, table II, method 3 (score interval without continuity correction).
NEWCOMBE_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("hits", "total", "lower", "upper"), NEWCOMBE_WILSON)
def test_wilson_matches_newcombe_1998(hits, total, lower, upper):
    interval = wilson_ci(hits, total)
    assert interval.lower == pytest.approx(lower, abs=5e-5)
    assert interval.upper == pytest.approx(upper, abs=5e-5)


def test_wilson_is_the_score_test_inversion():
    # At each limit the score statistic (p_hat - p)/sqrt(p(1-p)/n) equals z.
    interval = wilson_ci(81, 263)
    z = sp.norm.ppf(0.975)
    for limit in (interval.lower, interval.upper):
        score = abs(81 / 263 - limit) / math.sqrt(limit * (1 - limit) / 263)
        assert score == pytest.approx(z, rel=1e-10)


# Newcombe (1998) Stat Med 17:873, table II, method 10 (hybrid score interval).
NEWCOMBE_DIFFERENCE = [
    ((56, 70, 48, 80), 0.0524, 0.3339),
    ((9, 10, 3, 10), 0.1705, 0.8090),
    ((5, 56, 0, 29), -0.0381, 0.1926),
]


@pytest.mark.parametrize(("args", "lower", "upper"), NEWCOMBE_DIFFERENCE)
def test_newcombe_difference_matches_published(args, lower, upper):
    interval = newcombe_difference_ci(*args)
    assert interval.lower == pytest.approx(lower, abs=5e-5)
    assert interval.upper == pytest.approx(upper, abs=5e-5)


def test_confidence_accepts_percent_and_rejects_nonsense():
    assert exact_poisson_ci(5, 95).upper == exact_poisson_ci(5, 0.95).upper
    with pytest.raises(ValueError):
        exact_poisson_ci(5, 1.5e2)
    with pytest.raises(ValueError):
        exact_poisson_ci(-1)
    with pytest.raises(ValueError):
        byar_ci(0)
    with pytest.raises(ValueError):
        wilson_ci(5, 4)
    with pytest.raises(ValueError):
        rate_ci(5, 0)
    with pytest.raises(ValueError):
        count_ci(5, method="normal")
