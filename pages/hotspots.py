"""Hotspots: where does serious violence concentrate, and is a cluster more than chance?"""

import streamlit as st

from models.hotspots import hotspots_model, lsoa_profile
from ui.components import attribution, empty_state, end_page
from ui.filters import current_filters
from ui.hotspots import (
    apply_map_selection,
    bandwidth_picker,
    lsoa_picker,
    method_notes,
    page_controls,
    render_concentration,
    render_density,
    render_deprivation,
    render_gi_note,
    render_map,
    render_moran_note,
    render_profile,
    render_ranked,
    save_to_url,
)

st.title("Hotspots")
st.markdown("Where does serious violence concentrate, how much, and is a cluster more than chance?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()
apply_map_selection()
controls = page_controls()
st.markdown(f"**{filters.offence_label}** in **{filters.districts_label}**, **{filters.period.label()}**. "
            "Sexual offences are left out below district level.")

model = hotspots_model(filters, controls["value"], controls["correction"], controls["bandwidth"])

method_notes(model)
if not model.has_data:
    empty_state(f"{filters.offence_label} in {filters.districts_label}, {filters.period.label()}")
    save_to_url()
    end_page()
render_map(model, controls["layer"], st.session_state.get("hotspots.lsoa"))
render_gi_note(model)
render_moran_note(model)
render_ranked(model)
st.header("LSOA profile")
render_profile(lsoa_profile(model, lsoa_picker(model.ranked)), filters.period.label())
st.header("Concentration")
render_concentration(model)
st.header("Deprivation")
render_deprivation(model)
st.header("Point density (force extract)")
bandwidth_picker()
render_density(model)
save_to_url()
attribution()
