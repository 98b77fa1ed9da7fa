"""SPC as NHSRplotthedots computes it: worked cases, one per rule and per precedence conflict.

Every expected value below is worked by hand from the rules in NHSRplotthedots' source
(R/ptd_spc_standard.R, R/ptd_calculate_point_type.R, R/ptd_calculate_assurance_type.R); the
arithmetic is in the comments. test_spc_parity.py cross-checks against a line-by-line port.
"""

import math

import numpy as np
import pytest

from stats.spc import (
    RULES,
    SCREENING_NOTES,
    TRIAL_NOTE,
    assurance_icon,
    assurance_type,
    c_chart,
    days_between_events,
    g_chart,
    improvement_direction_of,
    special_cause_flags,
    variation_icon,
    xmr_chart,
)

NO_SIGNAL = [10, 12] * 8
OUTSIDE = [8, 14] * 6 + [40]
SHIFT = [9, 11, 9, 11, 9, 11, 12, 11, 12, 11, 12, 11, 12]
TREND = [10, 12, 10, 12, 10, 12, 8, 9, 10, 11, 12, 13, 14, 10, 12]
TWO_OF_THREE = [10, 12] * 6 + [18, 12, 18, 10, 12, 10]
ISSUE_EXAMPLE = [12] * 7 + [1, 2, 3, 4, 5, 6, 7]
TOL = 1e-12


def fired(values, **options):
    points = xmr_chart(values, **options).points
    return {rule: np.flatnonzero(points[rule].to_numpy()).tolist() for rule in RULES}


def types(values, **options):
    return xmr_chart(values, **options).points["special_cause_type"].tolist()


def test_xmr_limits_hand_worked():
    # mean = 58/5 = 11.6; moving ranges 2, 1, 2, 1 -> MR-bar 1.5 (none >= 3.267 x 1.5 = 4.9)
    chart = xmr_chart([10, 12, 11, 13, 12])
    assert chart.centre == pytest.approx(11.6, abs=TOL)
    assert chart.mean_moving_range == pytest.approx(1.5, abs=TOL)
    assert chart.upper_limit == pytest.approx(11.6 + 2.66 * 1.5, abs=TOL)  # 15.59
    assert chart.lower_limit == pytest.approx(11.6 - 2.66 * 1.5, abs=TOL)  # 7.61
    assert chart.points["moving_range"].tolist()[1:] == [2, 1, 2, 1]


def test_no_signal_series_fires_nothing():
    chart = xmr_chart(NO_SIGNAL)
    assert (chart.centre, chart.mean_moving_range) == (11.0, 2.0)
    assert (chart.upper_limit, chart.lower_limit) == pytest.approx((16.32, 5.68), abs=TOL)
    assert not chart.points["special_cause"].any()
    assert set(chart.points["point_type"]) == {"common_cause"}
    assert variation_icon(chart, "higher_is_better").icon == "common_cause"


def test_rule_outside_limits():
    # MRs: eleven of 6 and one of 26; mean 92/12 = 7.667, 26 >= 3.267 x 7.667 = 25.05 is screened
    # out -> MR-bar 6; mean 172/13 = 13.231, upper limit 13.231 + 15.96 = 29.19 < 40.
    chart = xmr_chart(OUTSIDE)
    assert chart.mean_moving_range == pytest.approx(6.0, abs=TOL)
    assert chart.centre == pytest.approx(172 / 13, abs=TOL)
    assert fired(OUTSIDE) == {"outside_limits": [12], "shift": [], "trend": [], "two_of_three": []}
    assert types(OUTSIDE) == ["Common Cause"] * 12 + ["Above UCL"]
    assert chart.points["point_type"].tolist()[-1] == "special_cause_improvement"  # default: increase


def test_rule_shift():
    # mean 141/13 = 10.846; MR-bar 17/12; points 5..12 (11 or 12) are 8 in a row above the mean
    assert fired(SHIFT) == {"outside_limits": [], "shift": list(range(5, 13)), "trend": [], "two_of_three": []}
    assert types(SHIFT) == ["Common Cause"] * 5 + ["7 Points Above CL"] * 8


def test_rule_trend():
    # 8, 9, 10, 11, 12, 13, 14 at positions 6..12 rise seven times in a row; 11 sits on the mean (11)
    # so no side run reaches 7; near limits 11 +/- 1.7733 x 26/14 = 7.707 and 14.293
    assert fired(TREND) == {"outside_limits": [], "shift": [], "trend": list(range(6, 13)), "two_of_three": []}
    assert types(TREND)[6:13] == ["7 Point Trend (Increasing)"] * 7


def test_rule_two_of_three():
    # mean 212/18 = 11.778, MR-bar 52/17 = 3.059: close line 11.778 + 1.7733 x 3.059 = 17.20 < 18,
    # upper limit 19.91 > 18. Window (18, 12, 18): two close, all three above the mean.
    chart = xmr_chart(TWO_OF_THREE)
    assert chart.centre + 2 * (2.66 / 3) * chart.mean_moving_range < 18 < chart.upper_limit
    assert fired(TWO_OF_THREE) == {"outside_limits": [], "shift": [], "trend": [], "two_of_three": [12, 14]}
    assert types(TWO_OF_THREE)[12:15] == ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]


def test_two_of_three_needs_all_three_on_the_same_side_of_the_mean():
    # Western Electric flags 18, 11, 18 (two beyond 2 sigma); NHSRplotthedots does not: 11 is below
    # the mean 211/18 = 11.722 (close line 11.722 + 1.7733 x 54/17 = 17.355 < 18).
    values = [10, 12] * 6 + [18, 11, 18, 10, 12, 10]
    assert fired(values)["two_of_three"] == []
    assert set(types(values)) == {"Common Cause"}


def test_a_point_beyond_the_limit_is_not_close_to_it():
    # MRs 22 + 6, 12, 16, 4, 2, 2 -> 64/17 = 3.765; 16 >= 12.30 screened -> MR-bar 48/16 = 3.0.
    # mean 226/18 = 12.556: upper limit 20.54 (30 is beyond it), close line 17.876 (18 is close),
    # 14 above the mean but not close: the window 18, 30, 14 holds one close point only.
    values = [10, 12] * 6 + [18, 30, 14, 10, 12, 10]
    chart = xmr_chart(values)
    assert chart.mean_moving_range == pytest.approx(3.0, abs=TOL)
    assert chart.points["close_to_limits"].tolist()[12:15] == [True, False, False]
    assert types(values)[12:15] == ["Common Cause", "Above UCL", "Common Cause"]


def test_issue_example_rising_trend_beats_shift():
    # [12] x 7 then 1..7, higher is better. MRs 0 x 6, 11, 1 x 6: mean 17/13, 11 screened -> MR-bar
    # 0.5; mean 112/14 = 8, limits 6.67 and 9.33, close line 7.113: 7 is close, inside the limits.
    # The last point is in a shift (7 below) and a rising trend: trend wins -> improvement.
    chart = xmr_chart(ISSUE_EXAMPLE, improvement_direction="increase")
    assert (chart.centre, chart.mean_moving_range) == pytest.approx((8.0, 0.5), abs=TOL)
    assert types(ISSUE_EXAMPLE) == ["Above UCL"] * 7 + ["Below LCL"] * 6 + ["7 Point Trend (Increasing)"]
    icon = variation_icon(chart, "higher_is_better")
    assert (icon.icon, icon.point_type, icon.mdc_icon, icon.rule) == (
        "special_cause_improvement", "special_cause_improvement", "improvement_high", "trend"
    )
    assert icon.rules == ("shift", "trend")


def test_issue_example_without_screening_as_the_excel_tool():
    # MR-bar 17/13 = 1.3077: limits 8 -/+ 3.4785 = 4.5215 and 11.4785; 1..4 below, 5..7 inside
    chart = xmr_chart(ISSUE_EXAMPLE, screen_outliers=False)
    assert chart.mean_moving_range == pytest.approx(17 / 13, abs=TOL)
    assert types(ISSUE_EXAMPLE, screen_outliers=False) == (
        ["Above UCL"] * 7 + ["Below LCL"] * 4 + ["7 Point Trend (Increasing)"] * 3
    )
    assert chart.limits_note == SCREENING_NOTES[False]


def test_falling_trend_above_the_mean_beats_shift_and_two_of_three():
    # limits +/- 30 about 0, close beyond +/- 20. 28..22 fall seven times, all close and above the
    # mean: trend (decreasing) outranks two-of-three and shift (both "above").
    values = [-1, 1] * 4 + [28, 27, 26, 25, 24, 23, 22]
    flags = special_cause_flags(values, 0, -30, 30)
    assert flags["special_cause_type"].tolist()[7:] == ["7 Points Above CL"] + ["7 Point Trend (Decreasing)"] * 7
    assert flags["point_type"].tolist()[7:] == ["special_cause_improvement"] + ["special_cause_concern"] * 7
    assert flags.loc[8, "rules"] == "shift,trend,two_of_three"


def test_falling_trend_above_the_mean_beats_shift():
    values = [-1, 1, -1, 1, -1, 9, 8, 7, 6, 5, 4, 3]
    flags = special_cause_flags(values, 0, -100, 100, improvement_direction="increase")
    assert flags["rule"].tolist()[5:] == ["trend"] * 7
    assert flags["direction"].tolist()[5:] == ["low"] * 7
    assert flags["point_type"].tolist()[5:] == ["special_cause_concern"] * 7


def test_outside_limits_beats_a_falling_trend():
    values = [0, 0, 0, 20, 19, 18, 17, 16, 15, 14]
    flags = special_cause_flags(values, 0, -10, 10)
    assert flags["special_cause_type"].tolist() == ["Common Cause"] * 3 + ["Above UCL"] * 7
    assert flags["point_type"].tolist()[3:] == ["special_cause_improvement"] * 7


def test_two_of_three_is_named_before_shift():
    values = [1, 2, 3, 1, 2, 3, 25, 2, 25]
    flags = special_cause_flags(values, 0, -30, 30)  # close beyond 20; nine points above the mean
    assert flags["special_cause_type"].tolist() == ["7 Points Above CL"] * 6 + ["2 in 3 Above CL",
                                                                               "7 Points Above CL",
                                                                               "2 in 3 Above CL"]


def test_a_point_on_the_mean_breaks_a_run_and_an_equal_value_breaks_a_trend():
    flags = special_cause_flags([6, 6, 6, 5, 6, 6, 6, 6], centre=5, lower_limit=0, upper_limit=10)
    assert not flags["shift"].any()
    assert flags["relative_to_mean"].tolist()[3] == 0
    flags = special_cause_flags([1, 2, 3, 3, 4, 5, 6, 7], centre=4, lower_limit=-10, upper_limit=20)
    assert not flags["trend"].any()


def test_run_and_trend_lengths():
    six_above = special_cause_flags([-1, 1, 1, 1, 1, 1, 1], 0, -10, 10)
    seven_above = special_cause_flags([1, 1, 1, 1, 1, 1, 1], 0, -10, 10)
    assert not six_above["shift"].any() and seven_above["shift"].all()
    six_rising = special_cause_flags([0, 1, 2, 3, 4, 5], 2.5, -10, 10)
    seven_rising = special_cause_flags([0, 1, 2, 3, 4, 5, 6], 3, -10, 10)
    assert not six_rising["trend"].any() and seven_rising["trend"].all()


def test_trend_direction_at_the_join_of_two_trends_follows_the_reference():
    # NHSRplotthedots names a trend point by the step to its right when the next point is in a
    # trend too: 7 ends one rising run and the next point starts another, so the step 7 -> 3 names it.
    values = [1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9]
    flags = special_cause_flags(values, 5, -100, 100)
    assert flags["special_cause_type"].tolist()[5:8] == [
        "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)", "7 Point Trend (Increasing)"
    ]


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("increase", ["special_cause_concern"] * 6 + ["special_cause_improvement"]),
        ("decrease", ["special_cause_improvement"] * 6 + ["special_cause_concern"]),
        ("neutral", ["special_cause_neutral_low"] * 6 + ["special_cause_neutral_high"]),
    ],
)
def test_point_types_by_improvement_direction(direction, expected):
    chart = xmr_chart(ISSUE_EXAMPLE, improvement_direction=direction)
    assert chart.points["point_type"].tolist()[7:] == expected
    assert chart.improvement_direction == direction


@pytest.mark.parametrize(
    ("polarity", "icon", "point_type", "mdc"),
    [
        ("lower_is_better", "special_cause_concern", "special_cause_concern", "concern_high"),
        ("higher_is_better", "special_cause_improvement", "special_cause_improvement", "improvement_high"),
        ("neutral", "special_cause_neutral", "special_cause_neutral_high", "neutral_high"),
    ],
)
def test_variation_icon_for_a_high_latest_point(polarity, icon, point_type, mdc):
    result = variation_icon(xmr_chart(OUTSIDE), polarity)
    assert (result.icon, result.point_type, result.mdc_icon) == (icon, point_type, mdc)
    assert (result.direction, result.rules, result.rule) == ("high", ("outside_limits",), "outside_limits")


def test_variation_icon_for_a_falling_trend():
    falling = [-value for value in TREND[:13]]
    result = variation_icon(xmr_chart(falling), "lower_is_better")
    assert (result.icon, result.direction, result.rules, result.mdc_icon) == (
        "special_cause_improvement", "low", ("trend",), "improvement_low"
    )


@pytest.mark.parametrize("series", [OUTSIDE, SHIFT, TREND, TWO_OF_THREE])
def test_rules_mirror_on_the_low_side(series):
    mirrored = [-value for value in series]
    assert fired(mirrored) == fired(series)
    assert xmr_chart(mirrored).points["direction"].dropna().unique().tolist() == ["low"]


def test_limits_from_the_first_points_and_trial_limits():
    values = [10, 12] * 6 + [30] * 3
    fixed = xmr_chart(values, fix_after_n_points=12)
    assert (fixed.centre, fixed.mean_moving_range, fixed.baseline_points, fixed.trial_limits) == (11.0, 2.0, 12, False)
    assert fixed.points["outside_limits"].tolist() == [False] * 12 + [True] * 3
    assert xmr_chart(values, baseline=12).upper_limit == pytest.approx(16.32, abs=TOL)
    trial = xmr_chart(values[:11])
    assert (trial.trial_limits, trial.points["trial_limits"].all()) == (True, True)
    assert trial.note == f"{SCREENING_NOTES[True]} {TRIAL_NOTE}"
    assert xmr_chart(values[:12]).trial_limits is False
    with pytest.raises(ValueError):
        xmr_chart(values, fix_after_n_points=11)  # NHSRplotthedots refuses fewer than 12
    with pytest.raises(ValueError):
        xmr_chart(values, baseline=12, fix_after_n_points=12)


def test_rebase_recalculates_limits_from_the_rebase_point():
    values = [10, 12] * 6 + [20, 22] * 6
    whole = xmr_chart(values)
    rebased = xmr_chart(values, rebase=[12])
    assert whole.points["shift"].sum() == 24  # mean 16: the first half below it, the second above
    assert rebased.points["special_cause"].sum() == 0
    assert rebased.points["centre"].tolist() == [11.0] * 12 + [21.0] * 12
    assert (rebased.centre, rebased.mean_moving_range, rebased.rebase_positions) == (21.0, 2.0, (12,))
    assert math.isnan(rebased.points["moving_range"].iloc[12])
    mask = np.zeros(24, dtype=bool)
    mask[12] = True
    assert xmr_chart(values, rebase=mask).points["centre"].tolist() == rebased.points["centre"].tolist()
    # fix_after_n_points applies within each group
    both = xmr_chart(values + [40], rebase=[12], fix_after_n_points=12)
    assert both.centre == 21.0 and both.points["special_cause_type"].iloc[-1] == "Above UCL"


def test_screening_large_moving_ranges_is_the_default():
    values = [10, 12] * 6 + [40, 11]
    kept = xmr_chart(values, screen_outliers=False)
    screened = xmr_chart(values)
    assert kept.mean_moving_range == pytest.approx((11 * 2 + 28 + 29) / 13, abs=TOL)
    assert screened.mean_moving_range == pytest.approx(2.0, abs=TOL)  # 28, 29 >= 3.267 x 6.08
    assert xmr_chart(values, exclude_large_moving_ranges=False).mean_moving_range == kept.mean_moving_range
    assert screened.screen_outliers is True and screened.limits_note == SCREENING_NOTES[True]


def test_a_constant_series_has_no_limits_after_screening_as_the_reference():
    # every moving range is 0, and 0 < 3.267 x 0 is false, so all are screened out: R's mean of
    # nothing is NaN, every point is common cause and an assurance reads "inconsistent"
    chart = xmr_chart([5.0] * 12)
    assert math.isnan(chart.mean_moving_range) and math.isnan(chart.upper_limit)
    assert set(chart.points["point_type"]) == {"common_cause"}
    assert assurance_icon(chart, 5, "higher_is_better") == "hit_and_miss"
    plain = xmr_chart([5.0] * 12, screen_outliers=False)
    assert (plain.lower_limit, plain.upper_limit) == (5.0, 5.0)
    assert set(plain.points["point_type"]) == {"common_cause"}


def test_assurance_icons_including_a_target_on_a_limit():
    chart = xmr_chart(NO_SIGNAL)  # limits 5.68 to 16.32
    assert assurance_icon(chart, 20, "lower_is_better") == "consistently_pass"
    assert assurance_icon(chart, 5, "lower_is_better") == "consistently_fail"
    assert assurance_icon(chart, 11, "lower_is_better") == "hit_and_miss"
    assert assurance_icon(chart, 5, "higher_is_better") == "consistently_pass"
    assert assurance_icon(chart, 20, "higher_is_better") == "consistently_fail"
    for limit in (chart.lower_limit, chart.upper_limit):
        for polarity in ("higher_is_better", "lower_is_better"):
            assert assurance_icon(chart, limit, polarity) == "hit_and_miss"
    assert assurance_type(chart, chart.upper_limit, "increase") == "inconsistent"
    assert assurance_type(chart, 20, "increase") == "consistent_fail"
    assert assurance_type(chart, 20, "neutral") is None
    assert assurance_type(chart, None, "increase") is None
    with pytest.raises(ValueError):
        assurance_icon(chart, 11, "neutral")


def test_c_chart_limits_and_rules():
    chart = c_chart([4, 2, 3, 5, 1])
    assert chart.centre == 3.0
    assert chart.upper_limit == pytest.approx(3 + 3 * math.sqrt(3), abs=TOL)  # 8.196
    assert chart.lower_limit == 0.0  # 3 - 5.196 floored at 0
    chart = c_chart([14, 18, 16, 15, 17, 16, 30])
    assert chart.centre == pytest.approx(18.0, abs=TOL)
    assert chart.upper_limit == pytest.approx(18 + 3 * math.sqrt(18), abs=TOL)  # 30.73: 30 inside
    assert not chart.points["outside_limits"].any()
    assert c_chart([2, 3, 2, 3, 2, 3, 2, 3, 20]).points["outside_limits"].tolist()[-1]
    # close to a limit beyond c-bar + 2 sqrt(c-bar): mean 4, 4 + 4 = 8 < 9 < 4 + 6 = 10
    two = c_chart([3, 4, 3, 2, 3, 4, 3, 2, 9, 5, 9, 1], improvement_direction="decrease")
    assert two.centre == pytest.approx(4.0, abs=TOL)
    assert two.points["special_cause_type"].tolist()[8:11] == ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]
    assert two.points["point_type"].tolist()[8] == "special_cause_concern"


def test_g_chart_limits_hand_worked():
    gaps = [30, 60, 45, 90, 25]
    chart = g_chart(gaps)
    g_bar = 250 / 5
    assert chart.upper_limit == pytest.approx(g_bar + 3 * math.sqrt(g_bar * (g_bar + 1)), abs=TOL)  # 201.49
    assert chart.lower_limit == 0.0
    assert chart.centre == pytest.approx(math.log(2) * g_bar, abs=TOL)
    assert chart.points["g_bar"].tolist() == [50.0] * 5
    long_gap = g_chart([30, 60, 45, 90, 25, 40, 35, 500])
    assert long_gap.points["outside_limits"].tolist() == [False] * 7 + [True]
    assert variation_icon(long_gap, "higher_is_better").icon == "special_cause_improvement"
    assert not long_gap.points["two_of_three"].any()


def test_days_between_events():
    gaps = days_between_events(["2024-01-10", "2024-01-01", "2024-03-01"])
    assert gaps.tolist() == [9.0, 51.0]


def test_improvement_direction_of():
    assert [improvement_direction_of(p) for p in ("higher_is_better", "lower_is_better", "neutral")] == [
        "increase", "decrease", "neutral"
    ]
    with pytest.raises(ValueError):
        improvement_direction_of("up")


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
        xmr_chart([1, 2, 3], rebase=[5])
    with pytest.raises(ValueError):
        xmr_chart([1, 2, 3], screen_outliers=True, exclude_large_moving_ranges=False)
    with pytest.raises(ValueError):
        variation_icon(xmr_chart(NO_SIGNAL), "up")
