"""Rendering of the Trends model, and the page's own widgets (kept in the URL)."""

from __future__ import annotations

import streamlit as st

from charts.spc import control_chart
from charts.trends import (
    seasonality_lines,
    series_lines,
    weekday_hour_heatmap,
    year_on_year_dumbbell,
)
from models.trends import (
    DIMENSIONS,
    GRAINS,
    MEASURES,
    SPC_CHARTS,
    TrendsModel,
    seasonality_table,
    shown_series,
    trends_spc,
    weekly_grid,
)
from ui.components import show_figure, table_with_download
from ui.filters import choice, seed_from_url, write_to_url

KEYS = ["trends.dimension", "trends.measure", "trends.grain", "trends.spc_series", "trends.spc_chart"]


def page_controls() -> dict:
    """The page's own keyed widgets, seeded from the URL (written back by `save_to_url`)."""
    seed_from_url("trends.dimension", "offence", choice(DIMENSIONS))
    seed_from_url("trends.measure", "offence_count", choice(MEASURES))
    seed_from_url("trends.grain", "month", choice(GRAINS))
    columns = st.columns(3)
    columns[0].selectbox("Split by", list(DIMENSIONS), key="trends.dimension", format_func=DIMENSIONS.get)
    columns[1].radio("Show", list(MEASURES), key="trends.measure", format_func=MEASURES.get, horizontal=True)
    columns[2].radio("Time step", list(GRAINS), key="trends.grain", format_func=GRAINS.get, horizontal=True)
    return {key.split(".")[1]: st.session_state[key] for key in KEYS[:3]}


def save_to_url() -> None:
    write_to_url(KEYS)


def value_words(value: str) -> str:
    return "offences" if value == "offence_count" else "per 1,000 residents"


def render_series(model: TrendsModel) -> None:
    filters, value = model.filters, model.measure
    step = {"week": "week", "quarter": "financial quarter", "year": "financial year"}.get(model.grain, "month")
    title = f"{filters.offence_label} by {DIMENSIONS[model.dimension].lower()}, per {step}"
    if model.grain_note:
        st.info(model.grain_note, icon=":material/lock:")
    show_figure(series_lines(model.series, value, value_words(value), title, f"{step.capitalize()} starting"),
                key="trends.series_chart",
                filename="trends-series", alt=f"Line chart: {title}. The same figures are in the table below.")
    with st.expander("Table view of the chart, with download"):
        table_with_download(shown_series(model.series, value, model.grain), key="trends.series_table",
                            filename="trends-series")


def render_year_on_year(model: TrendsModel) -> None:
    period, earlier = model.filters.period.label(), model.year_earlier.label()
    show_figure(year_on_year_dumbbell(model.year_on_year, value_words(model.measure), f"{period} against {earlier}",
                                      DIMENSIONS[model.dimension]),
                key="trends.yoy_chart", filename="trends-yoy",
                alt="Dot plot: each series this period (diamond) and a year earlier (open circle). Table below.")
    shown = model.year_on_year.rename(columns={"series_label": "Series", "this_period": period, "year_earlier": earlier,
                                               "change": "Change", "change_pct": "Change %"})
    table_with_download(shown, key="trends.yoy_table", filename="trends-year-on-year")


def render_seasonality(model: TrendsModel) -> None:
    title = f"{model.filters.offence_label} in {model.filters.districts_label}: month of year"
    show_figure(seasonality_lines(model.seasonality, title), key="trends.season_chart", filename="trends-seasonality",
                alt="Line chart of offences per calendar month, one line per complete year and their average. "
                    "Table below.")
    with st.expander("Table view of the chart, with download"):
        table_with_download(seasonality_table(model.seasonality), key="trends.season_table",
                            filename="trends-seasonality")


def render_heatmap(model: TrendsModel) -> None:
    period = model.filters.period.label()
    if model.timed_count == 0:
        st.info("**Day of week by hour is not available for this selection.** Only the force crime extract records "
                "the date and time of each offence; data.police.uk publishes the month only (and a snapped "
                f"location), so its {model.untimed_count:,} offences in {period} cannot be placed in the week. Load a "
                "force extract for these months (Data page) to see this view.")
        return
    title = f"When offences happen: day of week by hour, {period} ({model.timed_count:,} offences with a time)"
    show_figure(weekday_hour_heatmap(model.weekday_hour, title), key="trends.heatmap", filename="trends-day-hour",
                alt="Heatmap of offences by day of week and hour of day; every cell is labelled with its count.")
    if model.untimed_count:
        st.caption(f"{model.untimed_count:,} offences in the period come from data.police.uk, which gives the month "
                   "only; they are not in this view.")
    with st.expander("Table view of the heatmap, with download"):
        table_with_download(weekly_grid(model.weekday_hour), key="trends.heatmap_table", filename="trends-day-hour")


def render_spc(model: TrendsModel) -> None:
    labels = list(model.spc_options)
    seed_from_url("trends.spc_series", labels[0])
    seed_from_url("trends.spc_chart", "xmr", choice(SPC_CHARTS))
    if st.session_state["trends.spc_series"] not in labels:
        st.session_state["trends.spc_series"] = labels[0]
    columns = st.columns(2)
    chosen = columns[0].selectbox("Series", labels, key="trends.spc_series")
    chart = columns[1].radio("Chart", list(SPC_CHARTS), key="trends.spc_chart", format_func=SPC_CHARTS.get,
                             horizontal=True)
    view = trends_spc(model, chosen, chart)
    if view.result is None:
        st.info(view.sentence)
        return
    st.markdown(view.sentence)
    title = f"{SPC_CHARTS[chart].split(' (')[0]} chart: {chosen}"
    show_figure(control_chart(view.points["period_start"], view.result, title, value_words(model.measure),
                              categorical=False, x_title="Period starting"), key="trends.spc_chart_figure",
                filename="trends-spc", alt=f"{title}: values with mean and process limits; special-cause points "
                "marked by shape (improvement, concern) and named in the legend. Table below.")
    with st.expander("Table view of the SPC chart, with download"):
        table = view.points.assign(period_start=view.points["period_start"].dt.date)[
            ["period_start", "value", "centre", "lower_limit", "upper_limit", "point_type", "rules"]]
        table_with_download(table.round(3), key="trends.spc_table", filename="trends-spc")


def method_notes(model: TrendsModel) -> None:
    """Definitions of every number on the page, one click away."""
    filters = model.filters
    with st.popover("Definitions and method", icon=":material/info:", key="trends.definitions"):
        st.markdown(
            f"- **Offences**: recorded crimes in the group *{filters.offence_label}* in {filters.districts_label}, "
            f"{filters.period.label()}. Source: the Warwickshire Police crime extract for months where it is loaded, "
            "otherwise data.police.uk street-level files (Open Government Licence).\n"
            "- **Rate per 1,000 residents**: offences / usual residents x 1,000 (Census 2021). For a district, its "
            "own residents; for a victim age band, residents of that Census age group; otherwise all residents of "
            "the chosen districts. Per month or week, not annualised.\n"
            "- **Weekly**: ISO weeks (Monday to Sunday) counted from the offence date, so only force-extract rows; "
            "part weeks at either end are left out." + (" *Weekly view shown.*" if model.grain == "week" else "")
            + "\n- **Year on year**: the period against the same calendar months a year earlier.\n"
            "- **Month of year**: offences per calendar month in the last five complete calendar years loaded.\n"
            "- **Day of week by hour**: force-extract offences by the recorded offence start time.\n"
            "- **SPC (NHS England, Making Data Count, 2019)**: XmR limits = mean +/- 2.66 x mean moving range; "
            "c-chart limits = mean +/- 3 x sqrt(mean) for counts of rare events. Special cause when a point is "
            "outside the limits, 7 points on one side of the mean, 7 points rising or falling, or 2 of 3 points "
            "beyond two-thirds of the way to a limit. Lower is better for violence.\n"
            "- Sexual offences are included here (district and county level only)."
        )
