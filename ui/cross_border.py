"""The Cross-border page: pure helpers that reshape the protected query results (first), then the
page's keyed widgets (kept in the URL), definitions and render blocks.

Every count shown comes from a query protected by queries/disclosure.py; anything derived here
(shares, out-of-county totals, ratios) is computed only from those published cells, and is
missing whenever one of its inputs is suppressed.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import streamlit as st

from geo.boundaries import districts, lsoas, to_bng
from queries.disclosure import MARKER, for_display
from settings import load_settings
from stats.intervals import rate_ci, wilson_ci
from stats.spc import variation_icon, xmr_chart
from ui.components import show_figure, table_with_download
from ui.filters import Filters, seed_from_url, write_to_url
from ui.periods import add_months

WEST_MIDLANDS = ("E08000025", "E08000026", "E08000029")  # Birmingham, Coventry, Solihull
ELSEWHERE_POINT = {"code": "elsewhere", "name": "Elsewhere", "lat": 52.05, "lon": -2.25}
BAND_METRES = (1000, 2000, 3000, 5000, 8000)
MATRIX_VIEWS = {"counts": "Counts", "share": "Share of the destination's offences (%)"}
KEYS = ["crossborder.band_m", "crossborder.matrix_view"]
SUPPRESSION_NOTE = (f"{MARKER} = suppressed: fewer than {{threshold}} offences, or hidden so that another "
                    "suppressed cell cannot be worked out by subtraction (docs/DISCLOSURE.md).")


# ---- pure helpers -------------------------------------------------------------------------------
def out_of_county_flows(flows: pd.DataFrame) -> pd.DataFrame:
    """The flows to draw: out-of-county origins (neighbours and elsewhere) to each district."""
    keep = flows["origin_kind"].isin(["neighbour", "elsewhere"]) & (flows["destination_code"] != "all")
    return flows[keep].reset_index(drop=True)


def matrix(flows: pd.DataFrame, view: str = "counts") -> pd.DataFrame:
    """Origin x destination table (margins included) as counts or % of the destination's total."""
    table = flows.pivot_table(index="origin_name", columns="destination_name", values="offence_count",
                              aggfunc="first", sort=False, dropna=False)
    table = table[[c for c in table.columns if c != "Warwickshire (five districts)"] + ["Warwickshire (five districts)"]]
    table = table.astype("Float64")
    if view == "share":
        totals = table.loc["All known homes"]
        table = (100 * table / totals).round(1)
    return table


def district_shares(flows: pd.DataFrame) -> pd.DataFrame:
    """Per destination: offences with a known suspect home, how many of those suspects live
    outside the county (all known homes minus the five Warwickshire origins), share and Wilson CI."""
    rows = []
    for code, part in flows.groupby("destination_code", sort=False):
        known = part.loc[part["origin_code"] == "all", "offence_count"].iloc[0]
        in_county = part.loc[part["origin_kind"] == "warwickshire", "offence_count"]
        name = part["destination_name"].iloc[0]
        out = pd.NA if pd.isna(known) or in_county.isna().any() else int(known) - int(in_county.sum())
        rows.append({"district_code": code, "district_name": name, "known_home_count": known,
                     "out_of_county_count": out, **_share(out, known)})
    return pd.DataFrame(rows)


def _share(part, whole) -> dict:
    if pd.isna(part) or pd.isna(whole) or int(whole) == 0:
        return {"share_pct": np.nan, "lower_pct": np.nan, "upper_pct": np.nan}
    interval = wilson_ci(int(part), int(whole))
    return {"share_pct": 100 * interval.value, "lower_pct": 100 * interval.lower, "upper_pct": 100 * interval.upper}


def monthly_share(monthly: pd.DataFrame, area: str) -> tuple[pd.DataFrame, object]:
    """Monthly out-of-county share for one area ('all' or a district) with Wilson CIs and an XmR
    chart of the share (Making Data Count rules); the chart is None with fewer than 3 months."""
    frame = monthly[monthly["destination_code"] == area].sort_values("month").reset_index(drop=True)
    shares = pd.DataFrame([_share(o, k) for o, k in zip(frame["out_of_county_count"], frame["known_home_count"],
                                                        strict=True)])
    frame = pd.concat([frame, shares], axis=1)
    frame["special_cause"] = False
    valid = frame["share_pct"].notna()
    chart = None
    if valid.sum() >= 3:
        chart = xmr_chart(frame.loc[valid, "share_pct"].to_numpy())
        frame.loc[valid, "special_cause"] = chart.points["special_cause"].to_numpy()
    return frame, chart


def trend_window(filters: Filters) -> dict:
    """The months of the share trend: at least 36 ending with the period's last month (SPC needs a run)."""
    return {"start": min(filters.period.start, add_months(filters.period.end, -35)), "end": filters.period.end}


def balance(rows: pd.DataFrame) -> pd.DataFrame:
    """Import/export ratio by source: imports / exports (missing when either is suppressed or 0)."""
    table = rows.pivot_table(index="source", columns="direction", values="offence_count", aggfunc="first",
                             dropna=False).astype("Float64")
    ratio = table["import"] / table["export"].where(table["export"] > 0)
    out = pd.DataFrame({"source": table.index, "import_count": table["import"].to_numpy(),
                        "export_count": table["export"].to_numpy(), "ratio": ratio.round(2).to_numpy()})
    out["import_count_suppressed"] = out["import_count"].isna()
    out["export_count_suppressed"] = out["export_count"].isna()
    out["ratio_suppressed"] = out["import_count_suppressed"] | out["export_count_suppressed"]
    return out


@functools.cache
def _distances(reference_dir) -> pd.DataFrame:
    boundary = to_bng(districts())
    west_midlands = boundary[boundary["district_code"].isin(WEST_MIDLANDS)].union_all()
    areas = to_bng(lsoas())
    return pd.DataFrame({"lsoa_code": areas["lsoa_code"], "distance_m": areas.distance(west_midlands).to_numpy()})


def lsoa_distances() -> pd.DataFrame:
    """Distance in metres (BNG) from each Warwickshire LSOA to the West Midlands boundary."""
    return _distances(load_settings().reference_dir).copy()


def border_bands(counts: pd.DataFrame, distances: pd.DataFrame, metres: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rates per 1,000 (exact/Byar CI) in LSOAs within `metres` of the West Midlands and the rest."""
    joined = counts.merge(distances, on="lsoa_code", how="inner")
    joined["in_band"] = joined["distance_m"] <= metres
    rows = []
    for in_band, label in ((True, f"Within {metres:,} m of the West Midlands"), (False, "Rest of Warwickshire")):
        part = joined[joined["in_band"] == in_band]
        offences, people = int(part["offence_count"].sum()), int(part["pop_all_ages"].sum())
        interval = rate_ci(offences, people) if people else None
        rows.append({"band": label, "lsoa_count": len(part), "population": people, "offence_count": offences,
                     "rate_per_1000": interval.value if interval else np.nan,
                     "lower": interval.lower if interval else np.nan, "upper": interval.upper if interval else np.nan})
    return pd.DataFrame(rows), joined[["lsoa_code", "in_band"]]


def centroids() -> pd.DataFrame:
    """Display points (EPSG:4326) of every reference district, plus the 'elsewhere' point."""
    frame = districts()
    points = to_bng(frame).representative_point().to_crs("EPSG:4326")
    table = pd.DataFrame({"code": frame["district_code"], "name": frame["district_name"],
                          "lat": points.y.to_numpy(), "lon": points.x.to_numpy()})
    return pd.concat([table, pd.DataFrame([ELSEWHERE_POINT])], ignore_index=True)


# ---- widgets, definitions, render blocks -----------------------------------------------------------
def _band(raw: list[str]) -> int:
    value = int(raw[0])
    if value not in BAND_METRES:
        raise ValueError(raw[0])
    return value


def _view(raw: list[str]) -> str:
    if raw[0] not in MATRIX_VIEWS:
        raise ValueError(raw[0])
    return raw[0]


def seed_controls() -> None:
    seed_from_url("crossborder.band_m", 3000, _band)
    seed_from_url("crossborder.matrix_view", "counts", _view)


def save_to_url() -> None:
    write_to_url(KEYS)


def about(key: str, title: str, definition: str, source: str, period: str, suppression: str) -> None:
    """A definition popover: what the number is, source, period, suppression applied."""
    with st.popover("Definition", icon=":material/info:", key=f"crossborder.def.{key}"):
        st.markdown(f"**{title}**\n\n{definition}\n\n- **Source:** {source}\n- **Period:** {period}\n"
                    f"- **Suppression:** {suppression}")


def suppression_note() -> str:
    return SUPPRESSION_NOTE.format(threshold=load_settings().suppression_threshold + 1)


def render_flows(flows: pd.DataFrame, figure, period: str) -> None:
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
    shown = out_of_county_flows(flows)
    table = for_display(shown, {"origin_name": "Suspect lives in", "destination_name": "Offence in",
                                "offence_count": "Offences"})
    with st.expander("Flows drawn on the map (table view)"):
        table_with_download(table, key="crossborder.flows_table", filename="cross-border-flows",
                            caption=suppression_note())


def render_matrix_table(table: pd.DataFrame, view: str) -> pd.DataFrame:
    """The matrix as shown (markers for suppressed cells) and offered for download."""
    shown = table.reset_index().rename(columns={"origin_name": "Suspect lives in"})
    for column in shown.columns[1:]:
        shown[column] = [MARKER if pd.isna(v) else (f"{v:.1f}" if view == "share" else f"{int(v)}")
                         for v in shown[column]]
    table_with_download(shown, key="crossborder.matrix_table", filename=f"origin-destination-{view}",
                        caption=suppression_note())
    return shown


def render_shares(shares: pd.DataFrame) -> pd.DataFrame:
    shown = shares.assign(
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
    return table


def trend_sentence(chart) -> str:
    if chart is None:
        return "Too few months with a published share to judge the trend."
    icon = variation_icon(chart, "lower_is_better")
    if icon.icon == "common_cause":
        return ("**Within normal variation**: the latest month triggers none of the Making Data Count rules "
                f"(mean {chart.centre:.1f}%, process limits {chart.lower_limit:.1f}% to {chart.upper_limit:.1f}%).")
    direction = "higher" if icon.direction == "high" else "lower"
    return (f"**Beyond normal variation**: the latest month is {direction} than expected "
            f"(rules: {', '.join(icon.rules)}; mean {chart.centre:.1f}%, limits {chart.lower_limit:.1f}% "
            f"to {chart.upper_limit:.1f}%).")


def render_balance(balance_table: pd.DataFrame, period: str) -> None:
    st.subheader("Import/export balance")
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


def render_signals(signals: pd.DataFrame, figure, period: str) -> None:
    st.subheader("County-lines and drugs signals")
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


def render_border_band(lsoa_counts: pd.DataFrame, period: str, rates_chart, map_chart, lsoa_geojson: dict) -> None:
    st.subheader("Border band")
    metres = st.select_slider("Distance from the West Midlands boundary (Birmingham, Coventry, Solihull)",
                              options=list(BAND_METRES), key="crossborder.band_m", format_func=lambda m: f"{m:,} m")
    bands, membership = border_bands(lsoa_counts, lsoa_distances(), metres)
    left, right = st.columns([2, 3])
    with left:
        show_figure(map_chart(membership, lsoa_geojson, f"LSOAs within {metres:,} m"), key="crossborder.band_map",
                    filename="border-band", alt="Map of the LSOAs in the border band; the counts are in the table.")
    with right:
        show_figure(rates_chart(bands, f"Rate per 1,000 residents, {period}"), key="crossborder.band_chart",
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
    st.subheader("What the data can and cannot show")
    st.markdown(
        "- **Can:** for crimes in the Warwickshire Police extract, where the suspect's home district is recorded, "
        "where suspects live; how that share moves month to month; drugs and county-lines flags by district.\n"
        "- **Cannot:** data.police.uk files (neighbouring forces, and Warwickshire months without an extract) carry "
        "**no suspect information**, so neighbours' figures are context only. Offences with no identified suspect "
        "(most of them) say nothing about where offenders live. A suspect is not a convicted offender.\n"
        "- **Exports** (Warwickshire residents offending elsewhere) are recorded by other forces and are not "
        "loaded; the import/export ratio is a lower-bound view of exports.\n"
        "- Counts of offences by suspect home are suppressed when small (see the [c] marker) and in a few more "
        "cells so that a hidden one cannot be worked out."
    )
