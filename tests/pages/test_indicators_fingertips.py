"""AppTest of the Indicators page with the sample's OHID Fingertips exports (issue #17): the value as
published, its 95% interval, England comparison and recent trend, and the source one click away.
Expected values are read from the generated export file itself, not from the page's code."""

from __future__ import annotations

import csv

from tests.conftest import assert_no_exception, open_page


def _shown(value: float) -> str:
    """The page's rounding: no decimals from 100, one from 1, two below."""
    return f"{value:,.{0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2}f}"


def _latest_published(sample_files, indicator: str, area: str) -> dict:
    (path,) = sorted((sample_files / "fingertips").glob("fingertips-counties-*.csv"))
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["Indicator ID"] == indicator and r["Area Code"] == area and not r["Category"]]
    return max(rows, key=lambda r: int(r["Time period Sortable"]))


def _markdown(app) -> str:
    return "\n".join(element.value for element in app.markdown)


def test_page_shows_the_fingertips_value_as_published(app_env, sample_files):
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "vio_admissions_all"})
    assert_no_exception(app)
    latest = _latest_published(sample_files, "11201", "E10000031")
    assert " - " in latest["Time period"]  # a pooled period, shown as published
    text = _markdown(app)
    assert "As published by OHID Fingertips: 11201" in text
    assert (f"Warwickshire, {latest['Time period']}: **{_shown(float(latest['Value']))}** (95% CI "
            f"{_shown(float(latest['Lower CI 95.0 limit']))} to {_shown(float(latest['Upper CI 95.0 limit']))}); "
            f"compared to England: **{latest['Compared to England value or percentiles']}**; recent trend: "
            f"**{latest['Recent Trend']}**.") in text
    assert "Both exist: the table and the charts show the dashboard's own value" in text
    assert "OHID Fingertips, exported 1 October 2026 (the date in the file name)" in text  # in the Source expander
    frames = [frame.value for frame in app.dataframe]  # AppTest gives no keys for dataframes: find by columns
    summary = next(frame for frame in frames if "Fingertips indicator" in frame.columns)
    history = next(frame for frame in frames if "99.8% CI" in frame.columns)
    assert history["Period"].iloc[0] == latest["Time period"] and history["Period"].str.contains(" - ").all()
    assert len(summary) == 4  # 11201, 10401 (same measures), 11202 beside both police violence measures
    assert set(summary["Relation"]) == {"same measure", "broader measure"}


def test_a_broader_fingertips_measure_is_shown_beside_never_instead(app_env):
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "vio_with_injury"})
    assert_no_exception(app)
    text = _markdown(app)
    assert "As published by OHID Fingertips: 11202" in text
    assert "Fingertips publishes a broader measure" in text
