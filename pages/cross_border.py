"""Cross-border: how much serious violence in each district involves people living outside Warwickshire?"""

import streamlit as st

from models.cross_border import cross_border_model
from ui import cross_border as cb
from ui.components import attribution, empty_state, end_page
from ui.filters import current_filters

st.title("Cross-border serious violence")
st.markdown("How much serious violence in each district involves suspects who live outside the county, "
            "from where, and is that growing?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()
cb.seed_controls()
model = cross_border_model(filters)

st.markdown(f"**{filters.offence_label}**. Counts by where suspects live are for **financial year {model.year}**, the "
            f"latest whole year your period ({filters.period.label()}) reaches: counts about people are published for "
            "whole financial years and quarters only (disclosure control). Destinations: all five districts (your "
            f"district choice, **{filters.districts_label}**, picks the trend below). Suspect homes come only from the "
            "Warwickshire Police crime extract; **data.police.uk files carry no suspect information**.")
if not model.has_data:
    empty_state(f"{filters.offence_label} with a recorded suspect home, financial year {model.year}")
    end_page()
st.header("Where suspects live")
cb.render_flows(model)
st.header("Origin x destination")
cb.render_matrix(model)
st.header("Share involving out-of-county suspects")
cb.render_shares(model)
cb.render_trend(model)
cb.render_balance(model)
cb.render_signals(model)
cb.render_border_band(model)
cb.limitations()
attribution()
