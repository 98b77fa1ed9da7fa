"""The Overview tiles' change test: hand-worked values, independent references and its false-alarm rate."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.stats import beta, binomtest, t

from stats.change import (
    CHANGE_TEST_DEFINITION,
    change_between_periods,
    compare_counts,
    dispersion_from_monthly,
    paired_dispersion,
    t_widening,
)

# Two 12-month periods of a seasonal series (Poisson counts, monthly mean 150 x (1 + 0.3 sin), the
# current period 10% higher), drawn once with numpy's default_rng(7) and written out.
CURRENT = [172, 184, 224, 204, 208, 195, 144, 140, 118, 94, 116, 152]
PREVIOUS = [154, 184, 181, 208, 181, 163, 150, 117, 114, 104, 115, 127]


@pytest.mark.parametrize(("current", "previous"), [(130, 100), (150, 100), (12, 3), (40, 41)])
def test_at_phi_1_the_interval_is_clopper_pearson_on_the_conditional_binomial(current, previous):
    # Independent reference: scipy's exact binomial interval for p = current / (current + previous),
    # transformed to the rate ratio r = p / (1 - p), and its two-sided exact p-value.
    test = binomtest(current, current + previous)
    interval = test.proportion_ci(confidence_level=0.95, method="exact")
    result = compare_counts(current, previous)
    assert result.ratio_lower == pytest.approx(interval.low / (1 - interval.low), rel=1e-9)
    assert result.ratio_upper == pytest.approx(interval.high / (1 - interval.high), rel=1e-9)
    assert result.p_value == pytest.approx(test.pvalue, rel=1e-9)  # central = doubled tail: symmetric at 1/2


def test_worked_verdicts():
    # 150 vs 100: exact 95% CI for the ratio 1.157 to 1.952 excludes 1 -> a real rise.
    rise = compare_counts(150, 100)
    assert (rise.beyond_normal_variation, rise.direction, rise.change_pct) == (True, "up", 50.0)
    assert rise.ratio_lower == pytest.approx(1.1569, abs=1e-4)
    # 130 vs 100: interval 0.994 to 1.704 includes 1 -> within normal variation.
    assert compare_counts(130, 100).beyond_normal_variation is False
    assert compare_counts(5, 0).change_pct is None


def test_paired_dispersion_hand_worked():
    # C = P = 60 so pi = 1/2 and each pair gives (c - p)^2 / (c + p): 16/24 + 16/36 + 0 = 10/9; df = 2
    assert paired_dispersion([10, 20, 30], [14, 16, 30]).phi == pytest.approx(5 / 9, abs=1e-12)
    # pi = 41/84: sum (c - n pi)^2 / (n pi (1 - pi)) over n = 20, 40, 24, divided by 2
    share = 41 / 84
    terms = [(c - n * share) ** 2 / (n * share * (1 - share)) for c, n in ((12, 20), (20, 40), (9, 24))]
    estimate = paired_dispersion([12, 20, 9], [8, 20, 15])
    assert estimate.phi == pytest.approx(sum(terms) / 2, abs=1e-12)  # 1.12683
    assert (estimate.df, estimate.months) == (2, 3)
    # a pair with no count carries no information and no degree of freedom
    assert paired_dispersion([10, 0, 20, 30], [14, 0, 16, 30]) == paired_dispersion([10, 20, 30], [14, 16, 30])


def test_seasonality_shared_by_the_periods_does_not_inflate_the_dispersion():
    # Around each period's own mean the seasonal swing reads as over-dispersion (old estimator);
    # paired month by month it cancels.
    within = 0.0
    for months in (CURRENT, PREVIOUS):
        mean = sum(months) / 12
        within += sum((x - mean) ** 2 for x in months) / mean
    assert within / 22 == pytest.approx(9.2134, abs=1e-4)
    assert paired_dispersion(CURRENT, PREVIOUS).phi == pytest.approx(0.82754, abs=1e-5)
    # paired, widened for t on 11 df, floored at 1: 0.82754 x 1.26107 = 1.04358
    assert dispersion_from_monthly(CURRENT, PREVIOUS) == pytest.approx(1.043579, abs=1e-6)
    legacy = compare_counts(1951, 1798, dispersion=dispersion_from_monthly(CURRENT, PREVIOUS))
    new = change_between_periods(CURRENT, PREVIOUS)
    assert (legacy.ratio_lower, legacy.ratio_upper) == pytest.approx((new.ratio_lower, new.ratio_upper), rel=1e-12)
    assert dispersion_from_monthly([10, 20, 30], [20, 20]) == pytest.approx(10 / 3)  # unequal: as before


def test_a_real_rise_hidden_by_the_old_dispersion_is_found():
    # 1951 vs 1798 (+8.5%). With the old phi = 9.21 the interval spans 1; paired, it does not.
    assert compare_counts(1951, 1798, dispersion=9.2134).beyond_normal_variation is False
    result = change_between_periods(CURRENT, PREVIOUS)
    assert (result.current, result.previous, result.dispersion_df) == (1951, 1798, 11)
    assert (result.beyond_normal_variation, result.direction) == (True, "up")
    # effective phi = 0.82754 x (t_11 / z)^2 = 1.04358; reference interval from scipy.stats.beta
    widening = (t.ppf(0.975, 11) / 1.959963984540054) ** 2
    effective = 0.8275365869703865 * widening
    assert result.effective_dispersion == pytest.approx(effective, rel=1e-9)
    low = beta.ppf(0.025, 1951 / effective, 1798 / effective + 1)
    high = beta.ppf(0.975, 1951 / effective + 1, 1798 / effective)
    assert result.ratio_lower == pytest.approx(low / (1 - low), rel=1e-9)  # 1.0158
    assert result.ratio_upper == pytest.approx(high / (1 - high), rel=1e-9)  # 1.1592


def test_never_narrower_than_the_exact_poisson_test():
    # months in an exact ratio (annual totals shared out by month): phi-hat 0, the floor gives phi 1
    flat = change_between_periods([100] * 12, [90] * 12)
    assert paired_dispersion([100] * 12, [90] * 12).phi == 0.0
    assert flat.effective_dispersion == pytest.approx(1.0, abs=1e-12)
    poisson = compare_counts(1200, 1080)
    assert (flat.ratio_lower, flat.ratio_upper) == pytest.approx((poisson.ratio_lower, poisson.ratio_upper), rel=1e-9)


def test_t_widening():
    assert t_widening(11) == pytest.approx((t.ppf(0.975, 11) / 1.959963984540054) ** 2, rel=1e-12)
    assert t_widening(11) == pytest.approx(1.261067, abs=1e-6)  # t_11 = 2.2010
    assert t_widening(None) == t_widening(0) == 1.0
    assert t_widening(10_000) == pytest.approx(1.0, abs=1e-3)


def test_dispersion_is_applied_when_a_count_is_zero():
    # Beta(1, b) quantiles in closed form: upper p = 1 - 0.025^(1/b), b = previous / phi
    for phi in (1.0, 2.0):
        q = 0.025 ** (1 / (12 / phi))
        assert compare_counts(0, 12, dispersion=phi).ratio_upper == pytest.approx((1 - q) / q, rel=1e-9)
    assert compare_counts(0, 12, dispersion=2.0).ratio_upper == pytest.approx(0.849311, abs=1e-6)
    assert compare_counts(0, 12).ratio_upper == pytest.approx(0.359894, abs=1e-6)
    assert compare_counts(0, 0, dispersion=3.0).beyond_normal_variation is False


def test_continuous_in_phi_with_no_jump_at_1():
    below, at, above = (compare_counts(1951, 1798, dispersion=phi) for phi in (1 - 1e-7, 1.0, 1 + 1e-7))
    for a, b in ((below, at), (at, above)):
        assert a.ratio_lower == pytest.approx(b.ratio_lower, rel=1e-6)
        assert a.ratio_upper == pytest.approx(b.ratio_upper, rel=1e-6)
        assert a.p_value == pytest.approx(b.p_value, rel=1e-5)
    widths = [compare_counts(150, 100, dispersion=phi).ratio_upper for phi in (0.5, 1.0, 1.5, 3.0)]
    assert widths == sorted(widths)  # wider as phi grows
    # the verdict flips at one phi only, where the lower limit crosses 1 (150 vs 100: phi near 1.5)
    verdicts = [compare_counts(150, 100, dispersion=phi).beyond_normal_variation for phi in np.linspace(1, 3, 201)]
    assert sum(a != b for a, b in itertools.pairwise(verdicts)) == 1


def test_interval_and_p_value_agree():
    for current, previous, phi, df in ((150, 100, 1.5, 11), (30, 18, 1.2, 5), (0, 9, 2.0, None), (7, 0, 1.0, 3)):
        result = compare_counts(current, previous, dispersion=phi, dispersion_df=df)
        assert result.beyond_normal_variation == (result.p_value < 0.05)
    assert compare_counts(150, 100, dispersion=1.5, dispersion_df=11).p_value == pytest.approx(0.026571, abs=1e-6)


def _seasonal_counts(rng, mean, phi, reps, months=12):
    mu = mean * (1 + 0.3 * np.sin(2 * np.pi * np.arange(months) / 12))
    return rng.poisson(rng.gamma(mu / (phi - 1), phi - 1, (reps, months)))


def test_false_alarm_rate_by_simulation():
    # No real change: both periods share the seasonal means; gamma-Poisson counts, variance 1.5 x mean.
    # The module docstring's 20,000-repetition value for this cell is 0.042 (MC s.e. 0.0014); with
    # 4,000 repetitions the s.e. is 0.0032: allow 3.5 s.e.
    rng = np.random.default_rng(2024)
    current, previous = _seasonal_counts(rng, 100, 1.5, 4000), _seasonal_counts(rng, 100, 1.5, 4000)
    alarms = [change_between_periods(c, p).beyond_normal_variation for c, p in zip(current, previous)]
    rate = sum(alarms) / len(alarms)
    assert rate == pytest.approx(0.042, abs=0.011)
    assert rate <= 0.05 + 0.011


def test_definition_and_invalid_inputs():
    assert "19 times in 20" in CHANGE_TEST_DEFINITION and "seasonal" in CHANGE_TEST_DEFINITION
    with pytest.raises(ValueError):
        compare_counts(-1, 3)
    with pytest.raises(ValueError):
        compare_counts(1, 3, dispersion=0)
    with pytest.raises(ValueError):
        compare_counts(1, 3, dispersion=math.nan)
    with pytest.raises(ValueError):
        paired_dispersion([1, 2, 3], [1, 2])
    with pytest.raises(ValueError):
        change_between_periods([1, -2, 3], [1, 2, 3])
