"""Overview: how does serious violence in Warwickshire stand for the period under review?"""

import streamlit as st

from charts.overview import district_rate_map, monthly_trend
from geo.boundaries import geojson
from queries import run_query
from ui.components import attribution, definition, empty_state, show_figure
from ui.filters import current_filters
from ui.overview import district_table, headline_tiles, sources_table, trend_window

st.title("Serious violence in Warwickshire")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    st.stop()
st.markdown(
    f"**{filters.offence_label}** in **{filters.districts_label}**, **{filters.period.label()}**, "
    f"compared with {filters.comparison.label()}."
)

# Queries
current = run_query("offence_measures_by_district", **filters.params())
previous = run_query("offence_measures_by_district", **filters.params(filters.comparison))
monthly = run_query("offence_measures_by_month", **filters.params(trend_window(filters)))
rates = run_query(
    "offence_rate_by_district",
    start=filters.period.start,
    end=filters.period.end,
    offence_group=filters.offence_group,
)
unlocated = run_query(
    "unlocated_count_by_status",
    start=filters.period.start,
    end=filters.period.end,
    offence_group=filters.offence_group,
)
sources = run_query("latest_month_by_source")
victims = tuple(
    run_query("victims_under_25_total", **filters.params(period)) for period in (filters.period, filters.comparison)
)
months_loaded = set(run_query("months_available")["month"].dt.date)

# Render
if current["offence_count"].sum() == 0 and previous["offence_count"].sum() == 0:
    empty_state(f"{filters.offence_label} in {filters.districts_label}, {filters.period.label()}")
    st.stop()
comparison_loaded = all(month in months_loaded for month in filters.comparison.month_list())
headline_tiles(current, previous, monthly, filters, comparison_loaded, victims)

map_column, table_column = st.columns([3, 2])
with map_column:
    show_figure(
        district_rate_map(rates, geojson("districts"), f"Rate per 1,000 residents, {filters.period.label()}"),
        key="overview.map",
        filename="district-rates",
        alt="Map of the rate per 1,000 residents by Warwickshire district; the same figures are in the table beside it.",
    )
with table_column:
    st.subheader("By district")
    district_table(current, previous, filters)
show_figure(
    monthly_trend(
        monthly, f"{filters.offence_label}: monthly count and rolling 12-month average", filters.period.start
    ),
    key="overview.trend",
    filename="monthly-trend",
    alt="Monthly counts with the rolling 12-month average; the monthly figures are in the table under 'Monthly figures'.",
)
with st.expander("Monthly figures (table view of the chart)"):
    st.dataframe(
        monthly.rename(columns={"month": "Month", "offence_count": "Offences"}),
        hide_index=True,
        key="overview.trend_table",
    )

st.subheader("Sources and coverage")
missing = int(unlocated["row_count"].sum())
st.markdown(
    f"- Latest month loaded: **{sources['latest_month'].max():%B %Y}**.\n"
    f"- {missing:,} Warwickshire Police records of these offences in the period have no location or lie outside "
    "the reference area; they are not in any district's figure (see the Data page)."
)
st.dataframe(sources_table(sources), hide_index=True, key="overview.sources")
definition("change_test", filters.period.label(), extra_key="footer")
attribution()
