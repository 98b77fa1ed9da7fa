"""The Trends page's own widgets (kept in the URL), the reshaping behind its views, and the
Streamlit blocks that render them. Pure helpers (no `st.`) come first so tests can call them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from charts.trends import (
    seasonality_lines,
    series_lines,
    spc_chart,
    weekday_hour_heatmap,
    year_on_year_dumbbell,
)
from stats.spc import c_chart, variation_icon, xmr_chart
from ui.components import show_figure, table_with_download
from ui.filters import WARWICKSHIRE_DISTRICTS, Filters, seed_from_url, write_to_url
from ui.periods import Period, add_months

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
KEYS = ["trends.dimension", "trends.measure", "trends.grain", "trends.spc_series", "trends.spc_chart"]


# ---- pure helpers -------------------------------------------------------------------------------
def series_label(dimension: str, series: str) -> str:
    """Plain label of a series value (district names, weapon and source words)."""
    if dimension == "district":
        return WARWICKSHIRE_DISTRICTS.get(series, series)
    if dimension == "weapon":
        return WEAPONS.get(series, series)
    if dimension == "source":
        return SOURCES.get(series, series)
    return series


def label_series(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Add `series_label`; drop rate columns' meaning where no population applies."""
    labelled = frame.copy()
    labelled["series_label"] = [series_label(dimension, value) for value in labelled["series"]]
    return labelled


def shown_table(frame: pd.DataFrame, value: str, grain: str) -> pd.DataFrame:
    """Exactly the data a series chart shows, with plain column names."""
    table = frame[["period_start", "series_label", "offence_count", "population", "rate_per_1000"]].copy()
    table["period_start"] = table["period_start"].dt.date
    names = {"period_start": "Week starting" if grain == "week" else "Month", "series_label": "Series",
             "offence_count": "Offences", "population": "Residents (Census 2021)", "rate_per_1000": "Rate per 1,000"}
    if value == "offence_count":
        table = table.drop(columns=["population", "rate_per_1000"])
    return table.rename(columns=names)


def year_on_year(now: pd.DataFrame, before: pd.DataFrame, value: str) -> pd.DataFrame:
    """Per series: the period's total against the same months a year earlier, with the change.

    Rates are summed over months (rate for the period, not annualised): the sum of monthly rates
    equals the period's count per 1,000 because the denominator is fixed.
    """
    current = now.groupby("series_label", sort=False)[value].sum().rename("this_period")
    earlier = before.groupby("series_label", sort=False)[value].sum().rename("year_earlier")
    table = pd.concat([current, earlier], axis=1).fillna(0.0).reset_index()
    table["change"] = table["this_period"] - table["year_earlier"]
    table["change_pct"] = np.where(table["year_earlier"] > 0, 100 * table["change"] / table["year_earlier"].where(
        table["year_earlier"] > 0, 1), np.nan)
    return table.round({"this_period": 3, "year_earlier": 3, "change": 3, "change_pct": 1})


def seasonality(monthly_total: pd.DataFrame, years: int = 5) -> pd.DataFrame:
    """Month-of-year counts for the last `years` complete calendar years and their average."""
    frame = monthly_total.assign(year=monthly_total["period_start"].dt.year,
                                 month_of_year=monthly_total["period_start"].dt.month)
    complete = frame.groupby("year")["month_of_year"].transform("count") == 12
    frame = frame[complete]
    chosen = sorted(frame["year"].unique())[-years:]
    frame = frame[frame["year"].isin(chosen)]
    if frame.empty:
        return pd.DataFrame(columns=["year", "month_of_year", "offence_count"])
    average = frame.groupby("month_of_year", as_index=False)["offence_count"].mean().assign(year="Average")
    detail = frame[["year", "month_of_year", "offence_count"]].astype({"year": object})
    return pd.concat([detail, average], ignore_index=True)


def spc_frame(series: pd.DataFrame, value: str, chart: str):
    """The SPC result and a table of the chart's points (value, limits, rules fired)."""
    values = series[value].fillna(0).to_numpy(dtype=float)
    result = c_chart(values) if chart == "c" else xmr_chart(values)
    points = result.points.copy()
    points.insert(0, "period_start", series["period_start"].to_numpy())
    points["centre"], points["lower_limit"], points["upper_limit"] = result.centre, result.lower_limit, result.upper_limit
    return result, points


def previous_year(period: Period) -> Period:
    return Period(add_months(period.start, -12), add_months(period.end, -12))


# ---- widgets ------------------------------------------------------------------------------------
def _choice(options: dict):
    def parse(raw: list[str]) -> str:
        if raw[0] not in options:
            raise ValueError(raw[0])
        return raw[0]

    return parse


def page_controls() -> dict:
    """The page's own keyed widgets, seeded from and written back to the URL."""
    seed_from_url("trends.dimension", "offence", _choice(DIMENSIONS))
    seed_from_url("trends.measure", "offence_count", _choice(MEASURES))
    seed_from_url("trends.grain", "month", _choice(GRAINS))
    columns = st.columns(3)
    columns[0].selectbox("Split by", list(DIMENSIONS), key="trends.dimension", format_func=DIMENSIONS.get)
    columns[1].radio("Show", list(MEASURES), key="trends.measure", format_func=MEASURES.get, horizontal=True)
    columns[2].radio("Time step", list(GRAINS), key="trends.grain", format_func=GRAINS.get, horizontal=True)
    return {key.split(".")[1]: st.session_state[key] for key in KEYS[:3]}


def spc_controls(series_labels: list[str]) -> tuple[str, str]:
    """Which series and which chart the SPC view shows (both kept in the URL)."""
    seed_from_url("trends.spc_series", series_labels[0])
    seed_from_url("trends.spc_chart", "xmr", _choice(SPC_CHARTS))
    if st.session_state["trends.spc_series"] not in series_labels:
        st.session_state["trends.spc_series"] = series_labels[0]
    columns = st.columns(2)
    columns[0].selectbox("Series", series_labels, key="trends.spc_series")
    columns[1].radio("Chart", list(SPC_CHARTS), key="trends.spc_chart", format_func=SPC_CHARTS.get, horizontal=True)
    return st.session_state["trends.spc_series"], st.session_state["trends.spc_chart"]


def save_to_url() -> None:
    write_to_url(KEYS)


# ---- render blocks ------------------------------------------------------------------------------
def value_words(value: str) -> str:
    return "offences" if value == "offence_count" else "per 1,000 residents"


def render_series(frame: pd.DataFrame, controls: dict, filters: Filters) -> None:
    value, grain = controls["measure"], controls["grain"]
    step = "week" if grain == "week" else "month"
    title = f"{filters.offence_label} by {DIMENSIONS[controls['dimension']].lower()}, per {step}"
    show_figure(series_lines(frame, value, value_words(value), title), key="trends.series_chart",
                filename="trends-series", alt=f"Line chart: {title}. The same figures are in the table below.")
    with st.expander("Table view of the chart, with download"):
        table_with_download(shown_table(frame, value, grain), key="trends.series_table", filename="trends-series")


def render_year_on_year(table: pd.DataFrame, value: str, filters: Filters) -> None:
    earlier = previous_year(filters.period).label()
    title = f"{filters.period.label()} against {earlier}"
    show_figure(year_on_year_dumbbell(table, value_words(value), title), key="trends.yoy_chart", filename="trends-yoy",
                alt="Dot plot: each series this period (diamond) and a year earlier (open circle). Table below.")
    shown = table.rename(columns={"series_label": "Series", "this_period": filters.period.label(), "year_earlier": earlier,
                                  "change": "Change", "change_pct": "Change %"})
    table_with_download(shown, key="trends.yoy_table", filename="trends-year-on-year")


def render_seasonality(profile: pd.DataFrame, filters: Filters) -> None:
    title = f"{filters.offence_label} in {filters.districts_label}: month of year"
    show_figure(seasonality_lines(profile, title), key="trends.season_chart", filename="trends-seasonality",
                alt="Line chart of offences per calendar month, one line per complete year and their average. Table below.")
    with st.expander("Table view of the chart, with download"):
        wide = profile.assign(month=profile["month_of_year"]).pivot(index="month", columns="year", values="offence_count")
        wide.columns = [str(column) for column in wide.columns]
        table_with_download(wide.reset_index().round(1), key="trends.season_table", filename="trends-seasonality")


def render_heatmap(grid: pd.DataFrame, coverage: pd.DataFrame, filters: Filters) -> None:
    timed = int(coverage["with_time_count"].sum())
    untimed = int(coverage["offence_count"].sum()) - timed
    if timed == 0:
        st.info(
            "**Day of week by hour is not available for this selection.** Only the force crime extract records "
            "the date and time of each offence; data.police.uk publishes the month only (and a snapped location), "
            f"so its {untimed:,} offences in {filters.period.label()} cannot be placed in the week. Load a force "
            "extract for these months (Data page) to see this view."
        )
        return
    title = f"When offences happen: day of week by hour, {filters.period.label()} ({timed:,} offences with a time)"
    show_figure(weekday_hour_heatmap(grid, title), key="trends.heatmap", filename="trends-day-hour",
                alt="Heatmap of offences by day of week and hour of day; every cell is labelled with its count.")
    if untimed:
        st.caption(f"{untimed:,} offences in the period come from data.police.uk, which gives the month only; "
                   "they are not in this view.")
    with st.expander("Table view of the heatmap, with download"):
        wide = grid.pivot(index="day_of_week", columns="hour_of_day", values="offence_count")
        wide.index = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][: len(wide)]
        wide.columns = [f"{hour:02d}:00" for hour in wide.columns]
        table_with_download(wide.reset_index(names="Day"), key="trends.heatmap_table", filename="trends-day-hour")


def render_spc(frame: pd.DataFrame, value: str, grain: str) -> None:
    # largest series first, so the default is the one with most to say
    labels = frame.groupby("series_label")[value].sum().sort_values(ascending=False, kind="stable").index.tolist()
    chosen, chart = spc_controls(labels)
    series = frame[frame["series_label"] == chosen].sort_values("period_start")
    if len(series) < 2 or series[value].fillna(0).nunique() < 1:
        st.info("An SPC chart needs at least two periods.")
        return
    result, points = spc_frame(series, value, chart)
    icon = variation_icon(result, "lower_is_better")
    rules = ", ".join(RULE_WORDS[rule] for rule in icon.rules)
    st.markdown(f"**{ICON_WORDS[icon.icon]}**" + (f" Rules fired: {rules}." if rules else "")
                + f" Mean {result.centre:,.2f}; process limits {result.lower_limit:,.2f} to {result.upper_limit:,.2f}"
                f" ({int(points['special_cause'].sum())} of {len(points)} points show a special cause).")
    title = f"{SPC_CHARTS[chart].split(' (')[0]} chart: {chosen}"
    show_figure(spc_chart(points, title, value_words(value)), key="trends.spc_chart_figure", filename="trends-spc",
                alt=f"{title}: values with mean and process limits; special-cause points marked with triangles. Table below.")
    with st.expander("Table view of the SPC chart, with download"):
        table = points.assign(period_start=points["period_start"].dt.date)[
            ["period_start", "value", "centre", "lower_limit", "upper_limit", "special_cause", "direction", "rules"]]
        table_with_download(table.round(3), key="trends.spc_table", filename="trends-spc")


def method_notes(filters: Filters, grain: str) -> None:
    """Definitions of every number on the page, one click away."""
    with st.popover("Definitions and method", icon=":material/info:", key="trends.definitions"):
        st.markdown(
            f"- **Offences**: recorded crimes in the group *{filters.offence_label}* in {filters.districts_label}, "
            f"{filters.period.label()}. Source: the Warwickshire Police crime extract for months where it is loaded, "
            "otherwise data.police.uk street-level files (Open Government Licence).\n"
            "- **Rate per 1,000 residents**: offences / usual residents x 1,000 (Census 2021). For a district, its own "
            "residents; for a victim age band, residents of that Census age group; otherwise all residents of the "
            "chosen districts. Per month or week, not annualised.\n"
            "- **Weekly**: ISO weeks (Monday to Sunday) counted from the offence date, so only force-extract rows; "
            "part weeks at either end are left out."
            + (" *Weekly view shown.*" if grain == "week" else "") + "\n"
            "- **Year on year**: the period against the same calendar months a year earlier.\n"
            "- **Month of year**: offences per calendar month in the last five complete calendar years loaded.\n"
            "- **Day of week by hour**: force-extract offences by the recorded offence start time.\n"
            "- **SPC (NHS England, Making Data Count, 2019)**: XmR limits = mean +/- 2.66 x mean moving range; "
            "c-chart limits = mean +/- 3 x sqrt(mean) for counts of rare events. Special cause when a point is "
            "outside the limits, 7 points on one side of the mean, 7 points rising or falling, or 2 of 3 points "
            "beyond two-thirds of the way to a limit. Lower is better for violence.\n"
            "- Sexual offences are included here (district and county level only)."
        )
