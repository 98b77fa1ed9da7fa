"""Making Data Count SPC: limits computed by hand from the formulas, one series per rule."""

import math

import numpy as np
import pytest

from stats.spc import (
    RULES,
    assurance_icon,
    c_chart,
    days_between_events,
    g_chart,
    special_cause_flags,
    variation_icon,
    xmr_chart,
)

# Each series fires exactly the named rule (and no other) under its own XmR limits.
NO_SIGNAL = [10, 12] * 8
OUTSIDE = [8, 14] * 6 + [40]
SHIFT = [9, 11, 9, 11, 9, 11, 12, 11, 12, 11, 12, 11, 12]
TREND = [10, 12, 10, 12, 10, 12, 8, 9, 10, 11, 12, 13, 14, 10, 12]
TWO_OF_THREE = [10, 12] * 6 + [18, 11, 18, 10, 12, 10]


def fired(values):
    points = xmr_chart(values).points
    return {rule: np.flatnonzero(points[rule].to_numpy()).tolist() for rule in RULES}


def test_xmr_limits_hand_worked():
    # mean = 58/5 = 11.6; moving ranges 2, 1, 2, 1 -> MR-bar = 6/4 = 1.5
    chart = xmr_chart([10, 12, 11, 13, 12])
    assert chart.centre == pytest.approx(11.6, abs=1e-12)
    assert chart.mean_moving_range == pytest.approx(1.5, abs=1e-12)
    assert chart.upper_limit == pytest.approx(11.6 + 2.66 * 1.5, abs=1e-12)  # 15.59
    assert chart.lower_limit == pytest.approx(11.6 - 2.66 * 1.5, abs=1e-12)  # 7.61
    assert chart.points["moving_range"].tolist()[1:] == [2, 1, 2, 1]


def test_no_signal_series_fires_nothing():
    chart = xmr_chart(NO_SIGNAL)
    # mean 11, MR-bar 2, limits 11 +/- 5.32; every point within, sides alternate
    assert (chart.centre, chart.mean_moving_range) == (11.0, 2.0)
    assert chart.upper_limit == pytest.approx(16.32)
    assert chart.lower_limit == pytest.approx(5.68)
    assert not chart.points["special_cause"].any()
    assert variation_icon(chart, "higher_is_better").icon == "common_cause"


def test_rule_a_outside_limits_only():
    chart = xmr_chart(OUTSIDE)
    mean = (11 * 12 + 40) / 13  # 13.2308
    mr_bar = (11 * 6 + 26) / 12  # 7.6667
    assert chart.centre == pytest.approx(mean, abs=1e-12)
    assert chart.mean_moving_range == pytest.approx(mr_bar, abs=1e-12)
    assert chart.upper_limit == pytest.approx(mean + 2.66 * mr_bar, abs=1e-12)  # 33.62 < 40
    assert fired(OUTSIDE) == {"outside_limits": [12], "shift": [], "trend": [], "two_of_three": []}


def test_rule_b_shift_only():
    chart = xmr_chart(SHIFT)
    mean = sum(SHIFT) / 13  # 141/13 = 10.846
    mr_bar = (5 * 2 + 1 + 6 * 1) / 12  # 17/12
    assert chart.centre == pytest.approx(mean, abs=1e-12)
    assert chart.mean_moving_range == pytest.approx(mr_bar, abs=1e-12)
    # points 5..12 (11, 12, 11, 12, ...) are 8 in a row above 10.846
    assert fired(SHIFT) == {
        "outside_limits": [],
        "shift": list(range(5, 13)),
        "trend": [],
        "two_of_three": [],
    }


def test_rule_c_trend_only():
    chart = xmr_chart(TREND)
    assert chart.centre == pytest.approx(165 / 15, abs=1e-12)
    assert chart.mean_moving_range == pytest.approx((5 * 2 + 4 + 6 * 1 + 4 + 2) / 14, abs=1e-12)
    # 8, 9, 10, 11, 12, 13, 14 at positions 6..12: seven points each higher than the last
    assert fired(TREND) == {
        "outside_limits": [],
        "shift": [],
        "trend": list(range(6, 13)),
        "two_of_three": [],
    }


def test_rule_d_two_of_three_only():
    chart = xmr_chart(TWO_OF_THREE)
    mean = 211 / 18
    mr_bar = (11 * 2 + 6 + 7 + 7 + 8 + 2 + 2) / 17  # 54/17
    assert chart.centre == pytest.approx(mean, abs=1e-12)
    assert chart.mean_moving_range == pytest.approx(mr_bar, abs=1e-12)
    two_thirds_line = mean + 2 / 3 * 2.66 * mr_bar  # 17.355: 18 is beyond it, inside the limit
    assert two_thirds_line < 18 < chart.upper_limit
    assert fired(TWO_OF_THREE) == {"outside_limits": [], "shift": [], "trend": [], "two_of_three": [12, 14]}


@pytest.mark.parametrize("series", [OUTSIDE, SHIFT, TREND, TWO_OF_THREE])
def test_rules_mirror_on_the_low_side(series):
    mirrored = [-value for value in series]
    assert fired(mirrored) == fired(series)
    directions = xmr_chart(mirrored).points["direction"].dropna().unique().tolist()
    assert directions == ["low"]


def test_point_on_the_mean_breaks_a_run_and_equal_values_break_a_trend():
    flags = special_cause_flags([6, 6, 6, 5, 6, 6, 6, 6], centre=5, lower_limit=0, upper_limit=10)
    assert not flags["shift"].any()
    flags = special_cause_flags([1, 2, 3, 3, 4, 5, 6, 7], centre=4, lower_limit=-10, upper_limit=20)
    assert not flags["trend"].any()


def test_baseline_recalculation_uses_only_baseline_points():
    values = [10, 12] * 6 + [30]
    chart = xmr_chart(values, baseline=12)
    assert (chart.centre, chart.mean_moving_range, chart.baseline_points) == (11.0, 2.0, 12)
    assert chart.points["outside_limits"].tolist() == [False] * 12 + [True]
    mask = [True] * 12 + [False]
    assert xmr_chart(values, baseline=mask).upper_limit == pytest.approx(16.32)


def test_screening_large_moving_ranges():
    values = [10, 12] * 6 + [40, 11]
    plain = xmr_chart(values)
    screened = xmr_chart(values, exclude_large_moving_ranges=True)
    assert plain.mean_moving_range == pytest.approx((11 * 2 + 28 + 29) / 13)
    assert screened.mean_moving_range == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("polarity", "icon"),
    [
        ("lower_is_better", "special_cause_concern"),
        ("higher_is_better", "special_cause_improvement"),
        ("neutral", "special_cause_neutral"),
    ],
)
def test_variation_icon_for_a_high_latest_point(polarity, icon):
    result = variation_icon(xmr_chart(OUTSIDE), polarity)
    assert (result.icon, result.direction, result.rules) == (icon, "high", ("outside_limits",))


def test_variation_icon_for_a_falling_trend():
    falling = [-value for value in TREND[:13]]
    result = variation_icon(xmr_chart(falling), "lower_is_better")
    assert (result.icon, result.direction, result.rules) == ("special_cause_improvement", "low", ("trend",))


def test_assurance_icons():
    chart = xmr_chart(NO_SIGNAL)  # limits 5.68 to 16.32
    assert assurance_icon(chart, 20, "lower_is_better") == "consistently_pass"
    assert assurance_icon(chart, 5, "lower_is_better") == "consistently_fail"
    assert assurance_icon(chart, 11, "lower_is_better") == "hit_and_miss"
    assert assurance_icon(chart, 5, "higher_is_better") == "consistently_pass"
    assert assurance_icon(chart, 20, "higher_is_better") == "consistently_fail"
    with pytest.raises(ValueError):
        assurance_icon(chart, 11, "neutral")


def test_c_chart_limits_hand_worked():
    chart = c_chart([4, 2, 3, 5, 1])
    assert chart.centre == 3.0
    assert chart.upper_limit == pytest.approx(3 + 3 * math.sqrt(3))  # 8.196
    assert chart.lower_limit == 0.0  # 3 - 5.196 floored at 0
    chart = c_chart([14, 18, 16, 15, 17, 16, 30])
    mean = 126 / 7  # 18
    assert chart.centre == pytest.approx(mean)
    assert chart.lower_limit == pytest.approx(mean - 3 * math.sqrt(mean))
    assert chart.upper_limit == pytest.approx(mean + 3 * math.sqrt(mean))  # 30.73: 30 inside
    assert not chart.points["outside_limits"].any()
    assert c_chart([2, 3, 2, 3, 2, 3, 2, 3, 20]).points["outside_limits"].tolist()[-1]


def test_g_chart_limits_hand_worked():
    gaps = [30, 60, 45, 90, 25]
    chart = g_chart(gaps)
    g_bar = 250 / 5
    assert chart.upper_limit == pytest.approx(g_bar + 3 * math.sqrt(g_bar * (g_bar + 1)))  # 201.49
    assert chart.lower_limit == 0.0
    assert chart.centre == pytest.approx(math.log(2) * g_bar)
    long_gap = g_chart([30, 60, 45, 90, 25, 40, 35, 500])
    assert long_gap.points["outside_limits"].tolist() == [False] * 7 + [True]
    assert variation_icon(long_gap, "higher_is_better").icon == "special_cause_improvement"


def test_days_between_events():
    gaps = days_between_events(["2024-01-10", "2024-01-01", "2024-03-01"])
    assert gaps.tolist() == [9.0, 51.0]


def test_invalid_inputs_raise():
    with pytest.raises(ValueError):
        xmr_chart([1])
    with pytest.raises(ValueError):
        xmr_chart([1, float("nan"), 3])
    with pytest.raises(ValueError):
        c_chart([1, -2, 3])
    with pytest.raises(ValueError):
        xmr_chart([1, 2, 3], baseline=1)
    with pytest.raises(ValueError):
        variation_icon(xmr_chart(NO_SIGNAL), "up")
