"""Trends: when serious violence happens and whether it is changing beyond normal variation.

`trends_model` computes the series for the chosen split, year on year, seasonality, the day by
hour grid and the SPC options; `trends_spc` the control chart of the series the user picks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from models import people, reference
from models.filters import Filters
from models.periods import Period, add_months
from queries import run_query
from queries.disclosure import for_display, published_sum
from queries.runner import per_snapshot
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
    grain_note: str = ""  # how the grain was changed for counts about people, in words


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


@per_snapshot()
def trends_model(filters: Filters, dimension: str, measure: str, grain: str) -> TrendsModel:
    """Everything the Trends page shows for the filters and its own controls."""
    months = run_query("months_available")["month"].dt.date
    total = run_query("trends_series_by_period", **filters.params(Period(months.min(), months.max())),
                      dimension="total", grain="month")
    earlier = filters.period.shifted(-12)
    grain_note = ""
    if dimension == "victim_age":
        series, yoy, earlier, grain, grain_note = victim_series(filters, measure)
    else:
        split = {"dimension": dimension, "grain": grain}
        series = label_series(run_query("trends_series_by_period", **filters.params(), **split), dimension)
        monthly = {"dimension": dimension, "grain": "month"}
        now = label_series(run_query("trends_series_by_period", **filters.params(), **monthly), dimension)
        before = label_series(run_query("trends_series_by_period", **filters.params(earlier), **monthly), dimension)
        yoy = year_on_year(now, before, measure)
    coverage = run_query("trends_time_coverage_by_source", **filters.params())
    timed = int(coverage["with_time_count"].sum())
    return TrendsModel(
        filters=filters, dimension=dimension, measure=measure, grain=grain,
        has_data=bool(series["offence_count"].fillna(0).sum()),
        series=series, year_on_year=yoy, year_earlier=earlier,
        seasonality=seasonality(total), weekday_hour=run_query("trends_counts_by_weekday_hour", **filters.params()),
        timed_count=timed, untimed_count=int(coverage["offence_count"].sum()) - timed,
        spc_options=spc_options(series, measure), grain_note=grain_note,
    )


AGE_BANDS = ("Aged 15 years and under", "Aged 16 to 24 years", "Aged 25 to 34 years", "Aged 35 to 49 years",
             "Aged 50 to 64 years", "Aged 65 years and over", "Age unknown")


def _victim_periods(cube: pd.DataFrame, kind: str, period: Period) -> pd.DataFrame:
    """The published quarters or years wholly inside the period; if none, the latest one that
    ends by the period's end."""
    rows = cube[cube["period_kind"] == kind][["period", "period_start"]].drop_duplicates()
    starts = rows["period_start"].dt.date
    length = 3 if kind == "quarter" else 12
    ends = [add_months(start, length - 1) for start in starts]
    inside = rows[(starts >= period.start).to_numpy() & (pd.Series(ends, index=rows.index) <= period.end).to_numpy()]
    if len(inside):
        return inside
    ended = rows[(pd.Series(ends, index=rows.index) <= period.end).to_numpy()]
    return ended.tail(1)


def victim_series(filters: Filters, measure: str):
    """Victims by age band from the protected victims table: by financial quarter for the county,
    by financial year for a choice of districts (the table publishes districts by year only).
    Returns (series, year on year, the year compared with, grain, the note in words)."""
    cube = run_query("victims_by_age_band")
    kind = "quarter" if filters.all_districts else "year"
    districts = people.districts_of(filters)
    rows = []
    for period, start in _victim_periods(cube, kind, filters.period).itertuples(index=False):
        for band in AGE_BANDS:
            chosen = {"period": period, "district_code": districts, "offence_group": filters.offence_group,
                      "age_band": band}
            count = published_sum(cube, "victim_count", **chosen)
            population = _population(cube, chosen)
            rows.append({"period_start": start, "series": band, "series_label": band, "offence_count": count,
                         "population": population or np.nan})
    series = pd.DataFrame(rows, columns=["period_start", "series", "series_label", "offence_count", "population"])
    series["offence_count"] = series["offence_count"].astype("Int64")
    series["offence_count_suppressed"] = series["offence_count"].isna()
    counts = series["offence_count"].astype("Float64").astype(float)
    series["rate_per_1000"] = 1000 * counts / series["population"].astype(float)
    series["rate_per_1000_suppressed"] = series["offence_count_suppressed"]
    year = people.people_year(filters)
    yoy = _victims_year_on_year(cube, year, districts, filters.offence_group, measure)
    note = ("Victim age bands are counts about people, published for whole "
            + ("financial quarters for the county" if kind == "quarter" else "financial years for a choice of districts")
            + " only (disclosure control); year on year compares " + f"{year} with {people.previous_year(year)}.")
    earlier = Period(people.year_start(people.previous_year(year)), people.year_start(year))
    return series, yoy, Period(earlier.start, add_months(earlier.end, -1)), kind, note


def _population(cube: pd.DataFrame, chosen: dict) -> int:
    """Census 2021 residents of the chosen districts in the chosen age band."""
    mask = pd.Series(True, index=cube.index)
    for dim, value in chosen.items():
        mask &= cube[dim].isin([value] if isinstance(value, str) else value)
    return int(cube.loc[mask, "population"].fillna(0).sum())


def _victims_year_on_year(cube, year: str, districts, offence_group: str, measure: str) -> pd.DataFrame:
    rows = []
    for band in AGE_BANDS:
        values = []
        for period in (year, people.previous_year(year)):
            chosen = {"period": period, "district_code": districts, "offence_group": offence_group, "age_band": band}
            count = published_sum(cube, "victim_count", **chosen) if people.year_published(cube, period) else pd.NA
            population = _population(cube, chosen)
            values.append(count if measure == "offence_count" or pd.isna(count) or not population
                          else 1000 * count / population)
        rows.append({"series_label": band, "this_period": values[0], "year_earlier": values[1]})
    table = pd.DataFrame(rows)
    for column in ("this_period", "year_earlier"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    table["change"] = table["this_period"] - table["year_earlier"]
    table["change_pct"] = 100 * table["change"] / table["year_earlier"].where(table["year_earlier"] > 0)
    return table.round({"this_period": 3, "year_earlier": 3, "change": 3, "change_pct": 1})


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
    series = series[series[model.measure].notna()]  # suppressed points are left out, never drawn as 0
    if len(series) < 2:
        return SpcView(chosen, chart, None, empty, None, "An SPC chart needs at least two published periods.")
    values = series[model.measure].to_numpy(dtype=float)
    result = (c_chart if chart == "c" else xmr_chart)(values, improvement_direction="decrease")
    points = result.points.copy()
    points.insert(0, "period_start", series["period_start"].to_numpy())
    icon = variation_icon(result, "lower_is_better")
    rules = ", ".join(RULE_WORDS[rule] for rule in icon.rules)
    sentence = (f"**{ICON_WORDS[icon.icon]}**" + (f" Rules fired: {rules}." if rules else "")
                + f" Mean {result.centre:,.2f}; process limits {result.lower_limit:,.2f} to {result.upper_limit:,.2f}"
                f" ({int(points['special_cause'].sum())} of {len(points)} points show a special cause). {result.note}")
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
    flags = [c for c in ("offence_count_suppressed", "rate_per_1000_suppressed") if c in frame.columns]
    table = for_display(frame[["period_start", "series_label", "offence_count", "population", "rate_per_1000", *flags]])
    table["period_start"] = pd.to_datetime(table["period_start"]).dt.date
    names = {"period_start": {"week": "Week starting", "quarter": "Quarter starting", "year": "Year starting"}.get(
                 grain, "Month"), "series_label": "Series",
             "offence_count": "Offences", "population": "Residents (Census 2021)", "rate_per_1000": "Rate per 1,000"}
    if value == "offence_count":
        table = table.drop(columns=["population", "rate_per_1000"])
    return table.rename(columns=names)
