"""Indicator values and intervals as the Indicators model computes them, against published worked
examples, and the benchmark, target and icon rules that turn them into words."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from models.indicators import (
    Series,
    assess,
    baseline_and_target,
    chart_polarity,
    comparison_words,
    indicator_value,
)
from models.periods import fy_options, latest_complete_fy


def test_rate_interval_matches_the_phe_worked_example():
    # PHE Technical Guide "Confidence intervals" (Byar's method): 29 events in 10,000 people
    # -> 2.9 per 1,000, 95% CI 1.942 to 4.165 (published to 3 decimals; tolerance 0.0005).
    value, lower, upper = indicator_value(29, 10_000, "rate", 1000)
    assert value == pytest.approx(2.9)
    assert lower == pytest.approx(1.942, abs=5e-4)
    assert upper == pytest.approx(4.165, abs=5e-4)


def test_small_counts_use_the_exact_poisson_interval():
    # Exact (Garwood) limits for 1 event: 0.0253 to 5.572 (PHE guide, appendix table); per 100,000
    # of a population of 100,000 the rate's limits are the same numbers.
    value, lower, upper = indicator_value(1, 100_000, "rate", 100_000)
    assert value == 1
    assert lower == pytest.approx(0.0253, abs=5e-5)
    assert upper == pytest.approx(5.572, abs=5e-4)


def test_percentage_interval_is_wilson_as_newcombe_publishes():
    # Newcombe (1998) Table I example 81/263: Wilson 0.2553 to 0.3662 (tolerance 0.00005).
    value, lower, upper = indicator_value(81, 263, "percent", 100)
    assert value == pytest.approx(100 * 81 / 263)
    assert lower == pytest.approx(25.53, abs=5e-3)
    assert upper == pytest.approx(36.62, abs=5e-3)


def test_suppressed_counts_give_no_value():
    assert all(math.isnan(part) for part in indicator_value(pd.NA, 1000, "rate", 1000))


@pytest.mark.parametrize(
    ("outcome", "against", "words"),
    [("better", "England", "Better than England"), ("worse", "the region", "Worse than the region"),
     ("similar", "similar areas", "Similar to similar areas"), ("not_compared", "England", "Not compared with England")],
)
def test_comparison_words(outcome, against, words):
    assert comparison_words(outcome, against) == words


def _row(**changes) -> pd.Series:
    row = {"indicator_id": "x", "pillar": "national", "short_name": "X", "unit_label": "per 1,000",
           "polarity": "lower_is_better", "unit": "rate", "multiplier": 1000.0, "chart_type": "xmr",
           "baseline_period": "2023/24", "baseline_value": math.nan, "target_value": math.nan,
           "target_change_pct": -10.0, "target_date": dt.date(2030, 3, 31)}
    row.update(changes)
    return pd.Series(row)


def _series(values_by_year: dict[str, tuple[float, float]]) -> Series:
    rows = []
    for label, (numerator, denominator) in values_by_year.items():
        value, lower, upper = indicator_value(numerator, denominator, "rate", 1000)
        rows.append({"period_label": label, "period_start": pd.Timestamp(int(label[:4]), 4, 1),
                     "numerator": numerator, "denominator": denominator, "value": value, "lower": lower,
                     "upper": upper, "complete": True, "suppressed": False})
    annual = pd.DataFrame(rows)
    spc = annual[["period_label", "period_start", "value", "suppressed"]].rename(columns={"period_label": "label"})
    return Series(annual, spc, "per 1,000")


def _benchmarks(year: str, england: float, region: float, neighbours: float) -> pd.DataFrame:
    return pd.DataFrame([
        {"indicator_id": "x", "area_code": code, "period_label": year, "value": value,
         "lower_ci": value, "upper_ci": value}
        for code, value in (("E92000001", england), ("E12000005", region), ("NEIGHBOURS", neighbours))
    ])


def test_benchmark_significance_follows_the_interval():
    # 2024/25: 200 per 100,000 -> 2.0 per 1,000, Byar CI about 1.73 to 2.30.
    series = _series({f"{y}/{(y + 1) % 100:02d}": (200, 100_000) for y in range(2019, 2025)})
    result = assess(_row(), series, _benchmarks("2024/25", england=2.5, region=1.5, neighbours=2.1), "2024/25")
    assert (result["vs_england"], result["vs_region"], result["vs_neighbours"]) == ("better", "worse", "similar")
    assert result["summary"].startswith("Better than England")
    assert result["trend"] == "No significant change"


def test_higher_is_better_reverses_the_words():
    series = _series({"2024/25": (200, 100_000), "2023/24": (200, 100_000)})
    result = assess(_row(polarity="higher_is_better", target_change_pct=math.nan), series,
                    _benchmarks("2024/25", 2.5, 1.5, 2.0), "2024/25")
    assert (result["vs_england"], result["vs_region"]) == ("worse", "better")
    assert result["rag"] == "grey"


def test_target_is_on_the_straight_line_from_baseline():
    series = _series({"2023/24": (300, 100_000), "2026/27": (240, 100_000)})
    baseline, target, this_year = baseline_and_target(_row(), series.annual, "2026/27")
    assert baseline == pytest.approx(3.0)
    assert target == pytest.approx(2.7)
    assert this_year == pytest.approx(3.0 - 0.3 * 3 / 6)  # 2026/27 is 3 of the 6 years to 2029/30
    result = assess(_row(), series, _benchmarks("2026/27", 3, 3, 3), "2026/27")
    assert result["rag"] == "green"  # 2.40 <= 2.85


def test_a_g_chart_reads_long_gaps_as_good():
    assert chart_polarity(_row(chart_type="g_chart")) == "higher_is_better"
    assert chart_polarity(_row(chart_type="xmr")) == "lower_is_better"


def test_the_default_year_is_the_latest_complete_financial_year():
    assert latest_complete_fy(dt.date(2026, 9, 1)) == "2025/26"
    assert latest_complete_fy(dt.date(2026, 3, 1)) == "2025/26"
    assert latest_complete_fy(dt.date(2026, 2, 1)) == "2024/25"
    assert fy_options(dt.date(2026, 9, 1))[:2] == ["2025/26", "2024/25"]


def _independent_fingertips(values, lower, upper):
    """Fingertips' recent trend recomputed here: weighted least squares on t = 1..5 with weights
    1/SE^2, SE = (upper - lower)/3.92; chi-square = slope^2 / var(slope) against 9.5495; every
    leave-one-out slope must keep the sign (zero counts as positive)."""
    import numpy as np

    t = np.arange(1.0, 6.0)
    y, w = np.asarray(values, float), 1 / ((np.asarray(upper) - np.asarray(lower)) / 3.92) ** 2

    def slope(tt, yy, ww):
        tm, ym = (ww * tt).sum() / ww.sum(), (ww * yy).sum() / ww.sum()
        sxx = (ww * (tt - tm) ** 2).sum()
        return (ww * (tt - tm) * (yy - ym)).sum() / sxx, 1 / sxx

    b, var = slope(t, y, w)
    dropped = [slope(np.delete(t, i), np.delete(y, i), np.delete(w, i))[0] for i in range(5)]
    same_sign = len({b < 0, *[d < 0 for d in dropped]}) == 1
    if b * b / var > 9.5495 and same_sign:
        return "increasing" if b > 0 else "decreasing"
    return "no_significant_change"


def test_trend_markers_on_the_fixture_match_an_independent_fingertips_calculation(app_env):
    from models.indicators import indicators_model, latest_month_loaded

    model = indicators_model("2025/26", latest_month_loaded())
    checked = 0
    for indicator in ("sv_knife_crime", "vio_with_injury", "vio_without_injury", "sv_homicides"):
        annual = model.series[indicator].annual
        annual = annual[annual["complete"] & (annual["period_label"] <= "2025/26")].tail(5)
        marker = model.table.set_index("indicator_id").loc[indicator, "trend_marker"]
        if len(annual) < 5 or annual["suppressed"].any():
            assert marker == "cannot_be_calculated"
            continue
        assert marker == _independent_fingertips(annual["value"], annual["lower"], annual["upper"]), indicator
        checked += 1
    assert checked >= 2
