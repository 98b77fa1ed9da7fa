"""Overview: how does serious violence in Warwickshire stand for the period under review?"""

import streamlit as st

from charts.overview import district_rate_map, monthly_trend
from geo.boundaries import geojson
from models.overview import overview_model
from models.watchlist import watch_list
from ui.components import attribution, definition, empty_state, end_page, show_figure
from ui.filters import current_filters
from ui.overview import district_table, render_tiles, render_watch_list, sources_table

st.title("Serious violence in Warwickshire")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()
st.markdown(f"**{filters.offence_label}** in **{filters.districts_label}**, **{filters.period.label()}**, "
            f"compared with {filters.comparison.label()}.")

model = overview_model(filters)
render_watch_list(watch_list(model.latest_month))

if not model.has_data:
    empty_state(f"{filters.offence_label} in {filters.districts_label}, {filters.period.label()}")
    end_page()
render_tiles(model)
map_column, table_column = st.columns([3, 2])
with map_column:
    show_figure(district_rate_map(model.rates, geojson("districts"), f"Rate per 1,000 residents, {filters.period.label()}"),
                key="overview.map", filename="district-rates",
                alt="Map of the rate per 1,000 residents by Warwickshire district; the same figures are in the table "
                    "beside it.")
with table_column:
    st.header("By district")
    district_table(model)
show_figure(monthly_trend(model.monthly, f"{filters.offence_label}: monthly count and rolling 12-month average",
                          filters.period.start),
            key="overview.trend", filename="monthly-trend",
            alt="Bar chart of offences per month with a line for the rolling 12-month average; the shaded band is "
                "the period under review. The monthly figures are in the table 'Monthly figures' below.")
with st.expander("Monthly figures (table view of the chart)"):
    st.dataframe(model.monthly.rename(columns={"month": "Month", "offence_count": "Offences"}), hide_index=True,
                 key="overview.trend_table")

st.header("Sources and coverage")
st.markdown(f"- Latest month loaded: **{model.latest_month:%B %Y}**.\n"
            f"- {model.unlocated_count:,} Warwickshire Police records of these offences in the period have no location "
            "or lie outside the reference area; they are not in any district's figure (see the Data page).")
st.dataframe(sources_table(model.sources), hide_index=True, key="overview.sources")
definition("change_test", filters.period.label(), extra_key="footer")
attribution()
