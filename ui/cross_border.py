"""Rendering of the Cross-border model, and the page's keyed widgets (kept in the URL)."""

from __future__ import annotations

import pandas as pd
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
from models.cross_border import BAND_METRES, MATRIX_VIEWS, CrossBorderModel, border_bands, matrix
from queries.disclosure import MARKER, for_display
from settings import load_settings
from ui.components import show_figure, table_with_download
from ui.filters import choice, seed_from_url, write_to_url

KEYS = ["crossborder.band_m", "crossborder.matrix_view"]
SUPPRESSION_NOTE = (f"{MARKER} = suppressed: fewer than {{threshold}} offences, or hidden so that another "
                    "suppressed cell cannot be worked out by subtraction (docs/DISCLOSURE.md).")


def seed_controls() -> None:
    seed_from_url("crossborder.band_m", 3000, choice(BAND_METRES))
    seed_from_url("crossborder.matrix_view", "counts", choice(MATRIX_VIEWS))


def save_to_url() -> None:
    write_to_url(KEYS)


def about(key: str, title: str, definition: str, source: str, period: str, suppression: str) -> None:
    """A definition popover: what the number is, source, period, suppression applied."""
    with st.popover("Definition", icon=":material/info:", key=f"crossborder.def.{key}"):
        st.markdown(f"**{title}**\n\n{definition}\n\n- **Source:** {source}\n- **Period:** {period}\n"
                    f"- **Suppression:** {suppression}")


def suppression_note() -> str:
    return SUPPRESSION_NOTE.format(threshold=load_settings().suppression_threshold + 1)


def render_flows(model: CrossBorderModel) -> None:
    period = f"financial year {model.year}"
    figure = flow_map(model.out_of_county, model.rates, geojson("districts"), model.centroids,
                      f"Offences by suspects living outside Warwickshire, {period}")
    show_figure(figure, key="crossborder.map", filename="cross-border-flows",
                alt="Map of lines from neighbouring districts to each Warwickshire district; width by offences. "
                    "The same figures are in the origin x destination table.")
    about("flows", "Offences by where the suspect lives",
          "Recorded offences in a Warwickshire district (destination) whose suspect's home address is in "
          "another district (origin). Only offences with a suspect home district recorded count; one "
          "offence with several suspects counts once, by the first suspect recorded.",
          "Warwickshire Police crime extract (suspect home district); neighbours shaded by their own serious "
          "violence rate per 1,000 residents from data.police.uk street-level files (Census 2021 population).",
          period, suppression_note())
    table = for_display(model.out_of_county, {"origin_name": "Suspect lives in", "destination_name": "Offence in",
                                              "offence_count": "Offences"})
    with st.expander("Flows drawn on the map (table view)"):
        table_with_download(table, key="crossborder.flows_table", filename="cross-border-flows",
                            caption=suppression_note())


def render_matrix(model: CrossBorderModel) -> None:
    if not model.detailed:
        st.caption("For this offence group suspects' homes are published as in or outside the county only; choose "
                   "serious violence (all three categories) or drugs to see each neighbouring district.")
    view = st.radio("Show", list(MATRIX_VIEWS), key="crossborder.matrix_view", format_func=MATRIX_VIEWS.get,
                    horizontal=True)
    table = matrix(model.flows, view)
    title = "Suspect's home (rows) by offence district (columns)" + (": share of the column %" if view == "share" else "")
    show_figure(flow_matrix(table, title, share=view == "share"), key="crossborder.matrix",
                filename="origin-destination", alt="Heatmap of offences by suspect home (rows) and offence "
                "district (columns), every cell labelled with its figure ([c] = suppressed); the same figures are "
                "in the table below it.")
    render_matrix_table(table, view)


def render_matrix_table(table: pd.DataFrame, view: str) -> pd.DataFrame:
    """The matrix as shown (markers for suppressed cells) and offered for download."""
    shown = table.reset_index().rename(columns={"origin_name": "Suspect lives in"})
    for column in shown.columns[1:]:
        shown[column] = [MARKER if pd.isna(v) else (f"{v:.1f}" if view == "share" else f"{int(v)}")
                         for v in shown[column]]
    table_with_download(shown, key="crossborder.matrix_table", filename=f"origin-destination-{view}",
                        caption=suppression_note())
    return shown


def render_shares(model: CrossBorderModel) -> None:
    period = f"financial year {model.year}"
    show_figure(share_by_district(model.shares, f"Out-of-county share of offences with a known suspect home, {period}"),
                key="crossborder.share_chart", filename="out-of-county-share",
                alt="Bar chart of the out-of-county share by district with 95% intervals; figures in the table below.")
    shown = model.shares.assign(
        share=lambda f: f["share_pct"].round(1), lower=lambda f: f["lower_pct"].round(1),
        upper=lambda f: f["upper_pct"].round(1),
        known_home_count_suppressed=lambda f: f["known_home_count"].isna(),
        out_of_county_count_suppressed=lambda f: f["out_of_county_count"].isna(),
        share_suppressed=lambda f: f["share_pct"].isna(),
    )
    table = for_display(shown, {"district_name": "District", "known_home_count": "Offences with known suspect home",
                                "out_of_county_count": "Suspect lives outside the county",
                                "share": "Share %", "lower": "95% CI lower", "upper": "95% CI upper"})
    table_with_download(table, key="crossborder.share_table", filename="out-of-county-share-by-district",
                        caption=suppression_note())


def render_trend(model: CrossBorderModel) -> None:
    chart, trend = model.trend_chart, model.trend
    limits = (chart.centre, chart.lower_limit, chart.upper_limit) if chart else (None, None, None)
    show_figure(share_trend(trend, *limits, f"{model.trend_area_name}: out-of-county share per financial quarter, with "
                            "95% interval"
                            " and process limits"),
                key="crossborder.trend", filename="out-of-county-share-trend",
                alt="Quarterly out-of-county share with interval band and XmR limits; figures in the table below.")
    st.markdown(model.trend_sentence)
    about("share", "Out-of-county share", "Of offences in the area with a suspect's home district recorded, the "
          "percentage whose suspect lives outside the five Warwickshire districts. 95% Wilson score intervals. "
          "Trend: XmR chart of the share per financial quarter (Making Data Count rules).",
          "Warwickshire Police crime extract", "Every whole financial quarter of the extract loaded", suppression_note())
    with st.expander("Quarterly figures (table view of the trend)"):
        table = trend.assign(share=trend["share_pct"].round(1), share_suppressed=trend["share_pct"].isna())
        table_with_download(for_display(table, {"quarter": "Financial quarter", "known_home_count": "Known suspect home",
                                                "out_of_county_count": "Out of county", "share": "Share %",
                                                "special_cause": "Special cause"}),
                            key="crossborder.trend_table", filename="out-of-county-share-quarterly")


def render_balance(model: CrossBorderModel) -> None:
    balance_table, period = model.balance, f"financial year {model.year}"
    st.header("Import/export balance")
    st.markdown(
        "**Import/export ratio** = offences in Warwickshire by people living outside the county ÷ offences outside "
        "the county by people living in Warwickshire. Above 1: the county imports more than it exports. "
        "From the force extract this counts only what Warwickshire Police recorded (offences just over the border "
        "that it dealt with), so exports are undercounted and the ratio overstated; the cohort's first proven "
        "reoffence district gives a like-for-like view for people known to Youth Justice and Probation "
        "(all cohort entries, whatever the period)."
    )
    shown = balance_table.assign(source=balance_table["source"].map(
        {"force_extract": f"Force extract (serious violence, {period})", "cohort": "Cohort first proven reoffences"}))
    table_with_download(for_display(shown, {"source": "Source", "import_count": "Imports", "export_count": "Exports",
                                            "ratio": "Import/export ratio"}),
                        key="crossborder.balance_table", filename="import-export-balance", caption=suppression_note())


def render_signals(model: CrossBorderModel) -> None:
    signals, period = model.signals, model.filters.period.label()
    figure = signals_by_district(signals, f"Drugs and county-lines signals per 1,000 residents, {period}")
    st.header("County-lines and drugs signals")
    show_figure(figure, key="crossborder.signals", filename="county-lines-signals",
                alt="Bars of drugs offences and county-lines flagged offences per 1,000 by district; table below.")
    about("signals", "County-lines and drugs signals",
          "Drugs offences (police.uk category 'Drugs', a county-lines signal) and offences of any kind the force "
          "extract flags as linked to county lines, per 1,000 usual residents (not annualised). Offence counts "
          "by place, not about people: no suppression needed.",
          "data.police.uk / Warwickshire Police crime extract; Census 2021 population", period, "None (offence counts).")
    table = signals.assign(drugs_rate_per_1000=signals["drugs_rate_per_1000"].round(2),
                           county_lines_rate_per_1000=signals["county_lines_rate_per_1000"].round(2))
    with st.expander("Signals by district (table view)"):
        table_with_download(for_display(table, {
            "district_name": "District", "drugs_count": "Drugs offences", "drugs_rate_per_1000": "Drugs per 1,000",
            "county_lines_count": "County-lines flagged", "county_lines_rate_per_1000": "County-lines per 1,000",
            "county_lines_sv_count": "of which serious violence"}), key="crossborder.signals_table",
            filename="county-lines-signals")


def render_border_band(model: CrossBorderModel) -> None:
    period = model.filters.period.label()
    st.header("Border band")
    metres = st.select_slider("Distance from the West Midlands boundary (Birmingham, Coventry, Solihull)",
                              options=list(BAND_METRES), key="crossborder.band_m", format_func=lambda m: f"{m:,} m")
    bands, membership = border_bands(model.lsoa_counts, metres)
    left, right = st.columns([2, 3])
    with left:
        show_figure(band_map(membership, geojson("lsoas"), f"LSOAs within {metres:,} m"), key="crossborder.band_map",
                    filename="border-band", alt="Map of the LSOAs in the border band; the counts are in the table.")
    with right:
        show_figure(band_rates(bands, f"Rate per 1,000 residents, {period}"), key="crossborder.band_chart",
                    filename="border-band-rates", alt="Bars of the rate per 1,000 in and outside the band; table below.")
    about("band", "Border band", "LSOAs (2011) whose boundary lies within the chosen distance, measured in British "
          "National Grid metres, of Birmingham, Coventry or Solihull, against the rest of Warwickshire. Offences "
          "located in those LSOAs per 1,000 usual residents (Census 2021), not annualised; 95% exact/Byar "
          "intervals. Sexual offences are left out (never shown below district level).",
          "data.police.uk / force extract; ONS boundaries and Census 2021", period, "None (offence counts by area).")
    shown = bands.assign(rate_per_1000=bands["rate_per_1000"].round(2), lower=bands["lower"].round(2),
                         upper=bands["upper"].round(2))
    table_with_download(for_display(shown, {"band": "Area", "lsoa_count": "LSOAs", "population": "Residents",
                                            "offence_count": "Offences", "rate_per_1000": "Rate per 1,000",
                                            "lower": "95% CI lower", "upper": "95% CI upper"}),
                        key="crossborder.band_table", filename="border-band")
    save_to_url()


def limitations() -> None:
    st.header("What the data can and cannot show")
    st.markdown(
        "- **Can:** for crimes in the Warwickshire Police extract, where the suspect's home district is recorded, "
        "where suspects live; how that share moves quarter to quarter; drugs and county-lines flags by district.\n"
        "- **Cannot:** data.police.uk files (neighbouring forces, and Warwickshire months without an extract) carry "
        "**no suspect information**, so neighbours' figures are context only. Offences with no identified suspect "
        "(most of them) say nothing about where offenders live. A suspect is not a convicted offender.\n"
        "- **Exports** (Warwickshire residents offending elsewhere) are recorded by other forces and are not "
        "loaded; the import/export ratio is a lower-bound view of exports.\n"
        "- Counts of offences by suspect home are suppressed when small (see the [c] marker) and in a few more "
        "cells so that a hidden one cannot be worked out."
    )
