"""Cohort: who is known to Youth Justice and Probation, what they need, what they receive and what follows?"""

import streamlit as st

from models.cohort import cohort_model, cohort_years
from ui import cohort as ch
from ui.components import attribution, end_page
from ui.filters import current_filters

st.title("Youth justice and probation cohort")
st.markdown("Who is in the cohort, what needs do they have, which interventions do they receive at each level, "
            "and what follows? Pseudonymised; no person can be identified from these figures.")
years = cohort_years()
if not years:
    st.info("No cohort data is loaded yet: load the cohort files on the Data page.")
    end_page()
chosen = ch.controls(list(years), current_filters())
st.caption("The sidebar's period sets the default year (the last whole financial year it reaches); the district "
           "and offence filters do not narrow the cohort (home districts are shown as a breakdown instead).")

model = cohort_model(chosen["year"], chosen["agency"], chosen["characteristic"])

st.header("Cohort size over time")
ch.render_size(model)
st.header(f"Who is in the cohort: {model.label}")
ch.render_profile(model)
st.header("Needs and risk factors")
ch.render_needs(model)
st.header("Interventions by pillar and level")
ch.render_interventions(model)
st.header("Proven reoffending within 12 months")
ch.render_reoffending(model)
st.header("Pathway: needs → interventions → outcomes")
ch.render_pathway(model)
ch.save_to_url()
attribution()
