"""Outcome indicators: is each of the strategy's measures better or worse than England, the region and
similar areas, is the latest change real, and is its target being met?"""

import streamlit as st

from models.indicators import indicator_detail, indicators_model, latest_month_loaded
from models.periods import fy_options, latest_complete_fy
from ui.commentary import render_commentary
from ui.components import attribution, empty_state, end_page
from ui.filters import choice, current_filters, seed_from_url, write_to_url
from ui.indicators import render_detail, render_fingertips_summary, render_table

st.title("Outcome indicators")
st.caption("The strategy's outcome measures for one financial year, each with its uncertainty, benchmarks, "
           "trend, target status and Making Data Count icons.")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()
latest_month = latest_month_loaded()
years = fy_options(latest_month)
seed_from_url("indicators.year", latest_complete_fy(filters.period.end), choice(years))
year = st.selectbox("Financial year", years, key="indicators.year",
                    help="Benchmarks are published by financial year (April to March), so every indicator is "
                         "shown for one whole year. The default is the latest year complete by 'To month'.")

model = indicators_model(year, latest_month)

st.markdown(f"**Warwickshire, financial year {year}** (April {year[:4]} to March 20{year[-2:]}). "
            f"Data loaded to {latest_month:%B %Y}.")
render_table(model)
render_fingertips_summary(model)
st.header("One indicator in detail")
names = dict(zip(model.definitions["indicator_id"], model.definitions["name"], strict=True))
seed_from_url("indicators.indicator", next(iter(names)), choice(names))
chosen = st.selectbox("Indicator", list(names), key="indicators.indicator", format_func=names.get)
write_to_url(["indicators.year", "indicators.indicator"])
render_detail(indicator_detail(model, chosen))
st.subheader(f"Commentary, {year}")
render_commentary(chosen, year, key="indicators.commentary")
attribution()
