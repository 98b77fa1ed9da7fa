"""The watch list: each rule's false-alarm probability, the scan of every district x offence series,
and the false-discovery control across it."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from scipy.stats import norm

from models.watchlist import _scan, rule_p_value, watch_list
from stats.spc import xmr_chart


def series(values) -> pd.DataFrame:
    months = pd.date_range("2023-10-01", periods=len(values), freq="MS")
    return pd.DataFrame({"selector": "robbery", "selector_label": "Robbery", "area_code": "E07000220",
                         "area_name": "Rugby", "month": months, "offence_count": values})


def test_a_point_outside_the_limits_has_the_normal_tail_probability():
    values = [20, 22, 19, 21, 20, 23, 18, 21, 20, 22, 19, 21, 60]
    chart = xmr_chart(values, improvement_direction="decrease")
    sigma = (chart.upper_limit - chart.centre) / 3
    assert rule_p_value(chart) == pytest.approx(2 * norm.sf((60 - chart.centre) / sigma), rel=1e-12)
    found = _scan(series(values))
    assert found is not None and found[3].icon == "special_cause_concern"


def test_a_run_of_seven_rising_months_has_probability_two_over_eight_factorial():
    values = [30, 32, 29, 31, 30, 33, 28, 31, 30, 32, 29, 20, 21, 22, 23, 24, 25, 26, 27]
    chart = xmr_chart(values, improvement_direction="decrease")
    latest = chart.points.iloc[-1]
    assert latest["trend"] and latest["shift"]  # 8 points rising (20 ... 27), all 8 below the mean
    assert not latest["outside_limits"]
    # the smaller of 2 / 8! (the trend) and 2 x 0.5^8 (the run below the mean)
    assert rule_p_value(chart) == pytest.approx(2 / math.factorial(8), rel=1e-12)


def test_common_cause_and_flat_series_are_not_candidates():
    steady = [20, 22, 19, 21, 20, 23, 18, 21, 20, 22, 19, 21] * 3
    assert _scan(series(steady)) is None
    assert _scan(series([0] * 36)) is None
    assert _scan(series([5] * 36)) is None


def test_the_scan_covers_every_series_and_lists_only_controlled_signals(app_env):
    watch = watch_list(dt.date(2026, 9, 1))
    assert watch.scanned == 5 * 6  # five offence choices x five districts and the county
    assert len(watch.signals) <= watch.candidates
    for signal in watch.signals:
        assert signal.p_adjusted <= 0.05 and signal.icon in ("special_cause_concern", "special_cause_improvement")
        assert signal.series["month"].iloc[-1] == pd.Timestamp("2026-09-01") and len(signal.series) == 36
