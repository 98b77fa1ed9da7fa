"""Trends: when does serious violence happen, and is it changing beyond normal variation?"""

import streamlit as st

from models.trends import trends_model
from ui.components import attribution, empty_state, end_page
from ui.filters import current_filters
from ui.trends import (
    method_notes,
    page_controls,
    render_heatmap,
    render_seasonality,
    render_series,
    render_spc,
    render_year_on_year,
    save_to_url,
)

st.title("Trends")
st.markdown("When does serious violence happen, and is it changing beyond normal variation?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()
controls = page_controls()
st.markdown(f"**{filters.offence_label}** in **{filters.districts_label}**, **{filters.period.label()}**.")

model = trends_model(filters, controls["dimension"], controls["measure"], controls["grain"])

method_notes(model)
if not model.has_data:
    what = f"{filters.offence_label} in {filters.districts_label}, {filters.period.label()}"
    empty_state(what + (" with an offence date (weekly needs the force extract)" if model.grain == "week" else ""))
    save_to_url()
    end_page()
st.header("Over time")
render_series(model)
st.header("Year on year")
render_year_on_year(model)
st.header("Seasonality")
render_seasonality(model)
st.header("Day of week and hour")
render_heatmap(model)
st.header("Is it changing? Statistical process control")
render_spc(model)
save_to_url()
attribution()
