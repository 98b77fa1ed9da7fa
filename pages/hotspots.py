"""Hotspots: where does serious violence concentrate, and is a cluster more than chance?"""

import streamlit as st

from queries import run_query
from ui.components import attribution, empty_state
from ui.filters import current_filters
from ui.hotspots import (
    MEASURES,
    apply_map_selection,
    cached_gi_star,
    deprivation_table,
    gi_input,
    harm_by_lsoa,
    harm_weights,
    lsoa_picker,
    lsoa_table,
    method_notes,
    page_controls,
    ranked_table,
    render_concentration,
    render_density,
    render_deprivation,
    render_gi_note,
    render_map,
    render_profile,
    render_ranked,
    save_to_url,
)

st.title("Hotspots")
st.markdown("Where does serious violence concentrate, how much, and is a cluster more than chance?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    st.stop()
apply_map_selection()
controls = page_controls()
period = filters.period.label()
st.markdown(f"**{filters.offence_label}** in **{filters.districts_label}**, **{period}**. "
            "Sexual offences are left out below district level.")

# Queries
measures = run_query("hotspots_measures_by_lsoa", **filters.params())
by_offence = run_query("hotspots_counts_by_lsoa_offence", **filters.params())
points = run_query("hotspots_points", **filters.params())
weights = harm_weights()
table = lsoa_table(measures, harm_by_lsoa(by_offence, weights))
value = controls["value"]
gi_values = gi_input(table, value)
gi = cached_gi_star(tuple(gi_values["lsoa_code"]), tuple(gi_values[value]), controls["correction"] == "fdr")
ranked = ranked_table(table, gi, value)

# Render
method_notes(weights, period)
if table["offence_count"].sum() == 0:
    empty_state(f"{filters.offence_label} in {filters.districts_label}, {period}")
    save_to_url()
    st.stop()
render_map(table, gi, controls, period, st.session_state.get("hotspots.lsoa"))
render_gi_note(gi, controls["correction"])

st.subheader(f"LSOAs ranked by {MEASURES[value][0].lower()}")
render_ranked(ranked)

st.subheader("LSOA profile")
code = lsoa_picker(ranked)
lsoa_params = {"lsoa_code": code, "start": filters.period.start, "end": filters.period.end,
               "offence_group": filters.offence_group}
render_profile(code, table, gi, run_query("hotspots_lsoa_months", **lsoa_params),
               run_query("hotspots_lsoa_offence_mix", **lsoa_params), run_query("hotspots_lsoa_hours", **lsoa_params),
               period)

st.subheader("Concentration")
render_concentration(table, value)

st.subheader("Deprivation")
render_deprivation(deprivation_table(table), period)

st.subheader("Point density (force extract)")
render_density(points, period)
save_to_url()
attribution()
