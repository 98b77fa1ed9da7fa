"""The Overview's change test against independent references."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from stats.change import compare_counts, dispersion_from_monthly


@pytest.mark.parametrize(("current", "previous"), [(130, 100), (150, 100), (12, 3), (40, 41)])
def test_exact_interval_matches_clopper_pearson_on_the_conditional_binomial(current, previous):
    # Independent reference: scipy's exact binomial interval for p = current / (current + previous),
    # transformed to the rate ratio r = p / (1 - p).
    interval = binomtest(current, current + previous).proportion_ci(confidence_level=0.95, method="exact")
    result = compare_counts(current, previous)
    assert result.ratio_lower == pytest.approx(interval.low / (1 - interval.low), rel=1e-9)
    assert result.ratio_upper == pytest.approx(interval.high / (1 - interval.high), rel=1e-9)


def test_worked_verdicts():
    # 150 vs 100: exact 95% CI for the ratio 1.157 to 1.952 excludes 1 -> a real rise.
    rise = compare_counts(150, 100)
    assert (rise.beyond_normal_variation, rise.direction, rise.change_pct) == (True, "up", 50.0)
    assert rise.ratio_lower == pytest.approx(1.1569, abs=1e-4)
    # 130 vs 100: interval 0.994 to 1.704 includes 1 -> within normal variation.
    assert compare_counts(130, 100).beyond_normal_variation is False
    assert compare_counts(5, 0).change_pct is None


def test_dispersion_and_quasi_poisson_interval():
    # Hand-worked: period A = [10, 20, 30] (mean 20, chi2 = (100+0+100)/20 = 10),
    # period B = [20, 20] (chi2 = 0); dof = 2 + 1 = 3 -> phi = 10/3.
    assert dispersion_from_monthly([10, 20, 30], [20, 20]) == pytest.approx(10 / 3)
    assert dispersion_from_monthly([5, 5, 5], [7, 7]) == 1.0  # under-dispersed floored at 1
    result = compare_counts(17000, 18000, dispersion=10.0)
    half_width = 1.959963984540054 * math.sqrt(10.0 * (1 / 17000 + 1 / 18000))
    assert result.ratio_lower == pytest.approx(17000 / 18000 * math.exp(-half_width), rel=1e-9)
    assert result.ratio_upper == pytest.approx(17000 / 18000 * math.exp(half_width), rel=1e-9)
    # log(17000/18000) = -0.0572; half width 0.0663 at phi = 10, so the interval includes 1.
    assert result.beyond_normal_variation is False
    assert compare_counts(17000, 18000).beyond_normal_variation is True  # but not for pure Poisson counts
