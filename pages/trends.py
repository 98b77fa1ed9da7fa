"""Trends: when does serious violence happen, and is it changing beyond normal variation?"""

import streamlit as st

from queries import run_query
from ui.components import attribution, empty_state
from ui.filters import current_filters
from ui.periods import Period
from ui.trends import (
    label_series,
    method_notes,
    page_controls,
    previous_year,
    render_heatmap,
    render_seasonality,
    render_series,
    render_spc,
    render_year_on_year,
    save_to_url,
    seasonality,
    year_on_year,
)

st.title("Trends")
st.markdown("When does serious violence happen, and is it changing beyond normal variation?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    st.stop()
controls = page_controls()
st.markdown(f"**{filters.offence_label}** in **{filters.districts_label}**, **{filters.period.label()}**.")
method_notes(filters, controls["grain"])

# Queries
split = {"dimension": controls["dimension"], "grain": controls["grain"]}
series = run_query("trends_series_by_period", **filters.params(), **split)
months = run_query("months_available")["month"].dt.date
all_months = Period(months.min(), months.max())
total = run_query("trends_series_by_period", **filters.params(all_months), dimension="total", grain="month")
now = run_query("trends_series_by_period", **filters.params(), dimension=controls["dimension"], grain="month")
before = run_query("trends_series_by_period", **filters.params(previous_year(filters.period)),
                   dimension=controls["dimension"], grain="month")
grid = run_query("trends_counts_by_weekday_hour", **filters.params())
coverage = run_query("trends_time_coverage_by_source", **filters.params())

# Render
value = controls["measure"]
if series["offence_count"].sum() == 0:
    what = f"{filters.offence_label} in {filters.districts_label}, {filters.period.label()}"
    if controls["grain"] == "week":
        what += " with an offence date (weekly needs the force extract)"
    empty_state(what)
    save_to_url()
    st.stop()
series = label_series(series, controls["dimension"])
st.subheader("Over time")
render_series(series, controls, filters)

st.subheader("Year on year")
render_year_on_year(year_on_year(label_series(now, controls["dimension"]), label_series(before, controls["dimension"]),
                                 value), value, filters)

st.subheader("Seasonality")
render_seasonality(seasonality(total), filters)

st.subheader("Day of week and hour")
render_heatmap(grid, coverage, filters)

st.subheader("Is it changing? Statistical process control")
render_spc(series, value, controls["grain"])
save_to_url()
attribution()
