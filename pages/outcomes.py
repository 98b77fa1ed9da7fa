"""Outcomes and stop and search: what happened to serious violence offences, and searches for weapons."""

import streamlit as st

from models.outcomes import outcomes_model
from ui import outcomes as oc
from ui.components import attribution, empty_state, end_page
from ui.filters import current_filters

st.title("Outcomes and stop and search")
st.markdown("What happened to the offences recorded (charge or summons, no suspect identified, ...), and how often "
            "do searches for weapons find one: where, when, with what outcome and of whom?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()
chosen = oc.controls()
period = filters.period.label()
st.markdown(f"**{filters.offence_label}** in **{filters.districts_label}**, **{period}**.")

model = outcomes_model(filters, chosen["object_scope"], chosen["ethnicity_year"])

st.header("Outcomes of the offences")
oc.render_outcomes(model, period)
st.header("Stop and search")
oc.render_searches(model, period)
st.header("Searches for weapons by ethnic group")
oc.render_ethnicity(model)
oc.render_definitions(model)
oc.save_to_url()
attribution()
