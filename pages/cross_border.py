"""Cross-border: how much serious violence in each district involves people living outside Warwickshire?"""

import streamlit as st

from charts.cross_border import (
    band_map,
    band_rates,
    flow_map,
    flow_matrix,
    share_by_district,
    share_trend,
    signals_by_district,
)
from geo.boundaries import geojson
from queries import run_query
from queries.disclosure import for_display
from ui import cross_border as cb
from ui.components import attribution, empty_state, show_figure, table_with_download
from ui.filters import WARWICKSHIRE_DISTRICTS, current_filters

st.title("Cross-border serious violence")
st.markdown("How much serious violence in each district involves suspects who live outside the county, "
            "from where, and is that growing?")
filters = current_filters()
if filters is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    st.stop()
cb.seed_controls()
period = filters.period.label()
window = {"start": filters.period.start, "end": filters.period.end}
st.markdown(f"**{filters.offence_label}**, **{period}**. Destinations: all five districts (your district choice, "
            f"**{filters.districts_label}**, picks the trend below). Suspect homes come only from the Warwickshire "
            "Police crime extract; **data.police.uk files carry no suspect information**.")

# Queries
flows = run_query("crossborder_flows_by_origin_destination", **window, offence_group=filters.offence_group)
monthly = run_query("crossborder_share_by_month", **cb.trend_window(filters), offence_group=filters.offence_group)
rates = run_query("offence_rate_by_district", **window, offence_group=filters.offence_group)
signals = run_query("crossborder_signals_by_district", **window)
lsoa_counts = run_query("crossborder_rate_by_lsoa", **window, offence_group=filters.offence_group)
balance = cb.balance(run_query("crossborder_balance_by_source", **window))

# Render
if flows.loc[flows["origin_code"].eq("all") & flows["destination_code"].eq("all"), "offence_count"].fillna(0).sum() == 0:
    empty_state(f"{filters.offence_label} with a recorded suspect home, {period}")
    st.stop()
st.subheader("Where suspects live")
cb.render_flows(flows, flow_map(cb.out_of_county_flows(flows), rates, geojson("districts"), cb.centroids(),
                                f"Offences by suspects living outside Warwickshire, {period}"), period)

st.subheader("Origin x destination")
view = st.radio("Show", list(cb.MATRIX_VIEWS), key="crossborder.matrix_view", format_func=cb.MATRIX_VIEWS.get,
                horizontal=True)
table = cb.matrix(flows, view)
show_figure(flow_matrix(table, "Suspect's home (rows) by offence district (columns)"
                        + (": share of the column %" if view == "share" else ""), share=view == "share"), key="crossborder.matrix",
            filename="origin-destination", alt="Heatmap of offences by suspect home and offence district; "
            "the same figures are in the table below it.")
cb.render_matrix_table(table, view)

st.subheader("Share involving out-of-county suspects")
shares = cb.district_shares(flows)
show_figure(share_by_district(shares, f"Out-of-county share of offences with a known suspect home, {period}"),
            key="crossborder.share_chart", filename="out-of-county-share",
            alt="Bar chart of the out-of-county share by district with 95% intervals; figures in the table below.")
cb.render_shares(shares)
area = filters.districts[0] if len(filters.districts) == 1 else "all"
area_name = WARWICKSHIRE_DISTRICTS.get(area, "Warwickshire")
trend, chart = cb.monthly_share(monthly, area)
show_figure(share_trend(trend, *(chart and (chart.centre, chart.lower_limit, chart.upper_limit) or (None,) * 3),
                        f"{area_name}: monthly out-of-county share with 95% interval and process limits"),
            key="crossborder.trend", filename="out-of-county-share-trend",
            alt="Monthly out-of-county share with interval band and XmR limits; figures in the table below.")
st.markdown(cb.trend_sentence(chart))
cb.about("share", "Out-of-county share", "Of offences in the area with a suspect's home district recorded, the "
         "percentage whose suspect lives outside the five Warwickshire districts. 95% Wilson score intervals. "
         "Trend: XmR chart of the monthly share (Making Data Count rules).", "Warwickshire Police crime extract",
         period, cb.suppression_note())
with st.expander("Monthly figures (table view of the trend)"):
    trend_table = trend.assign(share=trend["share_pct"].round(1), share_suppressed=trend["share_pct"].isna())
    table_with_download(for_display(trend_table, {"month": "Month", "known_home_count": "Known suspect home",
                                                  "out_of_county_count": "Out of county", "share": "Share %",
                                                  "special_cause": "Special cause"}),
                        key="crossborder.trend_table", filename="out-of-county-share-monthly")

cb.render_balance(balance, period)
cb.render_signals(signals, signals_by_district(signals, f"Drugs and county-lines signals per 1,000 residents, {period}"),
                  period)
cb.render_border_band(lsoa_counts, period, band_rates, band_map, geojson("lsoas"))
cb.limitations()
attribution()
