"""Outcome indicators: is each of the strategy's measures better or worse than England, the region and
similar areas, is the latest change real, and is its target being met?"""

import streamlit as st

from queries import run_query
from ui.commentary import render_commentary
from ui.components import attribution, empty_state
from ui.filters import current_filters, seed_from_url, write_to_url
from ui.indicators import (
    RAG_RULES,
    default_year,
    indicator_table,
    indicator_table_html,
    plain_table,
    render_detail,
    year_options,
)

st.title("Outcome indicators")
st.caption("The strategy's outcome measures for one financial year, each with its uncertainty, benchmarks, "
           "trend, target status and Making Data Count icons.")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    st.stop()

# Filters
months = run_query("months_available")["month"].dt.date
latest_month = months.max()
years = year_options(latest_month)
seed_from_url("indicators.year", default_year(filters.period.end), lambda raw: years[years.index(raw[0])])
year = st.selectbox("Financial year", years, key="indicators.year",
                    help="Benchmarks are published by financial year (April to March), so every indicator is "
                         "shown for one whole year. The default is the latest year complete by 'To month'.")

# Queries
table, series, definitions = indicator_table(year, latest_month)
values = run_query("indicator_values_all")

# Render
st.markdown(f"**Warwickshire, financial year {year}** (April {year[:4]} to March 20{year[-2:]}). "
            f"Data loaded to {latest_month:%B %Y}.")
st.markdown(indicator_table_html(table), unsafe_allow_html=True)
st.download_button("Download the table (CSV)", plain_table(table).to_csv(index=False).encode("utf-8"),
                   file_name=f"indicators-{year.replace('/', '-')}.csv", mime="text/csv",
                   key="indicators.download", icon=":material/download:")
st.caption("[c] = suppressed (a small count about people). Hover a badge for its meaning.")
with st.expander("How to read this table: RAG rules, comparisons, trend and icons", expanded=False):
    st.markdown(RAG_RULES)

st.header("One indicator in detail")
ids = definitions["indicator_id"].tolist()
names = dict(zip(ids, definitions["name"], strict=True))
seed_from_url("indicators.indicator", ids[0], lambda raw: ids[ids.index(raw[0])])
chosen = st.selectbox("Indicator", ids, key="indicators.indicator", format_func=names.get)
write_to_url(["indicators.year", "indicators.indicator"])
row = definitions.set_index("indicator_id").loc[chosen].copy()
row["indicator_id"] = chosen
result = table.set_index("indicator_id").loc[chosen].to_dict() | {"indicator_id": chosen}
render_detail(row, result, series[chosen], values)

st.subheader(f"Commentary, {year}")
render_commentary(chosen, year, key="indicators.commentary")
attribution()
