"""Trends: when serious violence happens and whether it is changing beyond normal variation.

`trends_model` computes the series for the chosen split, year on year, seasonality, the day by
hour grid and the SPC options; `trends_spc` the control chart of the series the user picks.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models import reference
from models.filters import Filters
from models.periods import Period
from queries import run_query
from stats.spc import SpcResult, VariationIcon, c_chart, variation_icon, xmr_chart

DIMENSIONS = {
    "total": "Total",
    "offence": "Offence type",
    "district": "District",
    "weapon": "Weapon (force extract)",
    "victim_age": "Victim age band (force extract)",
    "source": "Source",
}
MEASURES = {"offence_count": "Count of offences", "rate_per_1000": "Rate per 1,000 residents"}
GRAINS = {"month": "Monthly", "week": "Weekly (force extract only: needs the offence date)"}
SPC_CHARTS = {"xmr": "XmR (individuals, Making Data Count)", "c": "c-chart (counts of rare events)"}
WEAPONS = {"knife_sharp": "Knife or sharp object", "firearm": "Firearm", "corrosive": "Corrosive substance",
           "other": "Other weapon", "none": "No weapon"}
SOURCES = {"force_extract": "Force crime extract", "police.uk": "data.police.uk"}
ICON_WORDS = {
    "common_cause": "Common cause variation: no special cause in the latest point.",
    "special_cause_concern": "Special cause of concern in the latest point.",
    "special_cause_improvement": "Special cause of improvement in the latest point.",
    "special_cause_neutral": "Special cause in the latest point.",
}
RULE_WORDS = {"outside_limits": "a point outside the process limits", "shift": "7 or more points on one side of the mean",
              "trend": "7 or more points rising or falling", "two_of_three": "2 of 3 points beyond two-thirds of a limit"}


@dataclass(frozen=True)
class TrendsModel:
    filters: Filters
    dimension: str
    measure: str
    grain: str
    has_data: bool
    series: pd.DataFrame  # period_start, series, series_label, offence_count, population, rate_per_1000
    year_on_year: pd.DataFrame  # series_label, this_period, year_earlier, change, change_pct
    year_earlier: Period
    seasonality: pd.DataFrame  # year, month_of_year, offence_count (and the 'Average' rows)
    weekday_hour: pd.DataFrame  # day_of_week, hour_of_day, offence_count
    timed_count: int  # offences with a recorded time (force extract)
    untimed_count: int
    spc_options: tuple[str, ...]  # series labels, largest first


@dataclass(frozen=True)
class SpcView:
    """A control chart of one series: the result, a table of its points and the verdict in words."""

    series_label: str
    chart: str
    result: SpcResult | None
    points: pd.DataFrame
    icon: VariationIcon | None
    sentence: str


def series_label(dimension: str, value: str) -> str:
    """Plain label of a series value (district names, weapon and source words)."""
    if dimension == "district":
        return reference.warwickshire_districts().get(value, value)
    if dimension == "weapon":
        return WEAPONS.get(value, value)
    if dimension == "source":
        return SOURCES.get(value, value)
    return value


def label_series(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    return frame.assign(series_label=[series_label(dimension, value) for value in frame["series"]])


def trends_model(filters: Filters, dimension: str, measure: str, grain: str) -> TrendsModel:
    """Everything the Trends page shows for the filters and its own controls."""
    split = {"dimension": dimension, "grain": grain}
    series = label_series(run_query("trends_series_by_period", **filters.params(), **split), dimension)
    months = run_query("months_available")["month"].dt.date
    total = run_query("trends_series_by_period", **filters.params(Period(months.min(), months.max())),
                      dimension="total", grain="month")
    earlier = filters.period.shifted(-12)
    monthly = {"dimension": dimension, "grain": "month"}
    now = label_series(run_query("trends_series_by_period", **filters.params(), **monthly), dimension)
    before = label_series(run_query("trends_series_by_period", **filters.params(earlier), **monthly), dimension)
    coverage = run_query("trends_time_coverage_by_source", **filters.params())
    timed = int(coverage["with_time_count"].sum())
    return TrendsModel(
        filters=filters, dimension=dimension, measure=measure, grain=grain,
        has_data=bool(series["offence_count"].sum()),
        series=series, year_on_year=year_on_year(now, before, measure), year_earlier=earlier,
        seasonality=seasonality(total), weekday_hour=run_query("trends_counts_by_weekday_hour", **filters.params()),
        timed_count=timed, untimed_count=int(coverage["offence_count"].sum()) - timed,
        spc_options=spc_options(series, measure),
    )


def year_on_year(now: pd.DataFrame, before: pd.DataFrame, value: str) -> pd.DataFrame:
    """Per series: the period's total against the same months a year earlier, with the change.

    Rates are summed over months (rate for the period, not annualised): the sum of monthly rates
    equals the period's count per 1,000 because the denominator is fixed.
    """
    current = now.groupby("series_label", sort=False)[value].sum().rename("this_period")
    earlier = before.groupby("series_label", sort=False)[value].sum().rename("year_earlier")
    table = pd.concat([current, earlier], axis=1).fillna(0.0).reset_index()
    table["change"] = table["this_period"] - table["year_earlier"]
    base = table["year_earlier"].where(table["year_earlier"] > 0)
    table["change_pct"] = 100 * table["change"] / base
    return table.round({"this_period": 3, "year_earlier": 3, "change": 3, "change_pct": 1})


def seasonality(monthly_total: pd.DataFrame, years: int = 5) -> pd.DataFrame:
    """Month-of-year counts for the last `years` complete calendar years and their average."""
    frame = monthly_total.assign(year=monthly_total["period_start"].dt.year,
                                 month_of_year=monthly_total["period_start"].dt.month)
    frame = frame[frame.groupby("year")["month_of_year"].transform("count") == 12]
    frame = frame[frame["year"].isin(sorted(frame["year"].unique())[-years:])]
    if frame.empty:
        return pd.DataFrame(columns=["year", "month_of_year", "offence_count"])
    average = frame.groupby("month_of_year", as_index=False)["offence_count"].mean().assign(year="Average")
    detail = frame[["year", "month_of_year", "offence_count"]].astype({"year": object})
    return pd.concat([detail, average], ignore_index=True)


def spc_options(series: pd.DataFrame, value: str) -> tuple[str, ...]:
    """Series labels, largest total first, so the default is the one with most to say."""
    totals = series.groupby("series_label")[value].sum().sort_values(ascending=False, kind="stable")
    return tuple(totals.index)


def trends_spc(model: TrendsModel, chosen: str, chart: str) -> SpcView:
    """The XmR or c-chart of one series of the model, with the verdict in words."""
    series = model.series[model.series["series_label"] == chosen].sort_values("period_start")
    empty = pd.DataFrame(columns=["period_start", "value", "centre", "lower_limit", "upper_limit", "special_cause",
                                  "direction", "rules"])
    if len(series) < 2:
        return SpcView(chosen, chart, None, empty, None, "An SPC chart needs at least two periods.")
    values = series[model.measure].fillna(0).to_numpy(dtype=float)
    result = c_chart(values) if chart == "c" else xmr_chart(values)
    points = result.points.copy()
    points.insert(0, "period_start", series["period_start"].to_numpy())
    points["centre"], points["lower_limit"], points["upper_limit"] = result.centre, result.lower_limit, result.upper_limit
    icon = variation_icon(result, "lower_is_better")
    rules = ", ".join(RULE_WORDS[rule] for rule in icon.rules)
    sentence = (f"**{ICON_WORDS[icon.icon]}**" + (f" Rules fired: {rules}." if rules else "")
                + f" Mean {result.centre:,.2f}; process limits {result.lower_limit:,.2f} to {result.upper_limit:,.2f}"
                f" ({int(points['special_cause'].sum())} of {len(points)} points show a special cause).")
    return SpcView(chosen, chart, result, points, icon, sentence)


def weekly_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """The day by hour counts as a table: one row per day, one column per hour."""
    wide = grid.pivot(index="day_of_week", columns="hour_of_day", values="offence_count")
    wide.index = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][: len(wide)]
    wide.columns = [f"{hour:02d}:00" for hour in wide.columns]
    return wide.reset_index(names="Day")


def seasonality_table(profile: pd.DataFrame) -> pd.DataFrame:
    """Month of year (rows) by year (columns), rounded, as the seasonality chart's table view."""
    wide = profile.assign(month=profile["month_of_year"]).pivot(index="month", columns="year", values="offence_count")
    wide.columns = [str(column) for column in wide.columns]
    return wide.reset_index().round(1)


def shown_series(frame: pd.DataFrame, value: str, grain: str) -> pd.DataFrame:
    """Exactly the data a series chart shows, with plain column names."""
    table = frame[["period_start", "series_label", "offence_count", "population", "rate_per_1000"]].copy()
    table["period_start"] = table["period_start"].dt.date
    names = {"period_start": "Week starting" if grain == "week" else "Month", "series_label": "Series",
             "offence_count": "Offences", "population": "Residents (Census 2021)", "rate_per_1000": "Rate per 1,000"}
    if value == "offence_count":
        table = table.drop(columns=["population", "rate_per_1000"])
    return table.rename(columns=names)
