"""Rendering of the Hotspots model, and the page's keyed widgets (kept in the URL)."""

from __future__ import annotations

import functools
import io

import pandas as pd
import streamlit as st

from charts.hotspots import (
    MORAN_COLOURS,
    class_map,
    decile_bars,
    density_heatmap,
    gi_map,
    imd_map,
    lorenz_chart,
    lsoa_value_map,
    profile_hours,
    profile_mix,
    profile_months,
)
from geo.boundaries import display_lsoas
from models.hotspots import (
    ALPHA,
    BANDWIDTHS,
    CELL_METRES,
    CORRECTIONS,
    GI_LABELS,
    MEASURES,
    MORAN_LABELS,
    PERMUTATIONS,
    HotspotsModel,
    LsoaProfile,
    district_outlines_bng,
)
from ui.components import show_figure, table_with_download
from ui.filters import choice, seed_from_url, write_to_url

LAYERS = {"measure": "The measure", "gi": "Gi* hot and cold spots", "moran": "Local Moran's I clusters and outliers",
          "imd": "Deprivation (IMD 2019 decile)"}
KEYS = ["hotspots.value", "hotspots.layer", "hotspots.correction", "hotspots.bandwidth", "hotspots.lsoa"]
RANKED_NAMES = {"moran_class": "Local Moran's I", "moran_p": "Local Moran's I p", "lsoa_code": "LSOA code", "lsoa_name": "LSOA", "district_name": "District", "offence_count": "Offences",
                "rate_per_1000": "Per 1,000 residents", "rate_per_1000_under_25": "Per 1,000 under-25s",
                "harm_total": "Harm (days)", "imd_decile": "IMD decile", "gi_class": "Gi* result", "z_score": "Gi* z",
                "p_sim": "Gi* p (permutation)", "p_fdr": "Gi* FDR p"}


def page_controls() -> dict:
    """The page's own keyed widgets, seeded from the URL (written back by `save_to_url`)."""
    seed_from_url("hotspots.value", "offence_count", choice(MEASURES))
    seed_from_url("hotspots.layer", "measure", choice(LAYERS))
    seed_from_url("hotspots.correction", "fdr", choice(CORRECTIONS))
    seed_from_url("hotspots.bandwidth", 500, choice(BANDWIDTHS))
    columns = st.columns([3, 3, 2])
    columns[0].radio("Measure", list(MEASURES), key="hotspots.value", format_func=lambda k: MEASURES[k][0])
    columns[1].radio("Map shows", list(LAYERS), key="hotspots.layer", format_func=LAYERS.get)
    columns[2].radio("Gi* significance", list(CORRECTIONS), key="hotspots.correction", format_func=CORRECTIONS.get)
    return {key.split(".")[1]: st.session_state[key] for key in KEYS[:4]}


def apply_map_selection() -> None:
    """A click on the map (plotly selection event) chooses the LSOA whose profile is shown."""
    state = st.session_state.get("hotspots.map")
    points = (state or {}).get("selection", {}).get("points", []) if state else []
    codes = [point.get("location") for point in points if point.get("location")]
    if codes and st.session_state.get("hotspots.map_seen") != codes[0]:
        st.session_state["hotspots.map_seen"] = codes[0]
        st.session_state["hotspots.lsoa"] = codes[0]


def lsoa_picker(ranked: pd.DataFrame) -> str:
    """Selectbox of LSOAs (highest first); the URL and map clicks set it too."""
    options = ranked["lsoa_code"].tolist()
    names = dict(zip(ranked["lsoa_code"], ranked["lsoa_name"] + " (" + ranked["lsoa_code"] + ")", strict=True))
    seed_from_url("hotspots.lsoa", options[0], choice(options))
    if st.session_state["hotspots.lsoa"] not in options:
        st.session_state["hotspots.lsoa"] = options[0]
    st.selectbox("LSOA (or click one on the map)", options, key="hotspots.lsoa", format_func=names.get)
    return st.session_state["hotspots.lsoa"]


def bandwidth_picker() -> int:
    return st.selectbox("Kernel bandwidth", BANDWIDTHS, key="hotspots.bandwidth",
                        format_func=lambda metres: f"{metres:,} metres")


def save_to_url() -> None:
    write_to_url(KEYS, {"hotspots.bandwidth": str})


@functools.lru_cache(maxsize=16)
def _map_figure(layer: str, value: str, title: str, selected: str | None, frame_json: str):
    frame = pd.read_json(io.StringIO(frame_json), orient="split", dtype={"lsoa_code": str})
    if layer == "gi":
        return gi_map(frame, display_lsoas(), title, GI_LABELS, selected)
    if layer == "moran":
        return class_map(frame, display_lsoas(), title, "moran_class", MORAN_COLOURS, MORAN_LABELS, selected)
    if layer == "imd":
        return imd_map(frame, display_lsoas(), title, selected)
    return lsoa_value_map(frame, display_lsoas(), value, MEASURES[value][1], title, selected)


def render_map(model: HotspotsModel, layer: str, selected: str | None) -> None:
    value, period = model.value, model.filters.period.label()
    label = MEASURES[value][0]
    frame = model.table[list(dict.fromkeys(["lsoa_code", "lsoa_name", "offence_count", "rate_per_1000", "imd_decile",
                                            value]))]
    if layer == "gi":
        gi = model.gi.assign(statistic=model.gi["z_score"], p=model.gi["p_fdr" if model.correction == "fdr" else "p_sim"])
        frame = frame.merge(gi[["lsoa_code", "gi_class", "statistic", "p"]], on="lsoa_code", how="inner")
        title = f"Getis-Ord Gi* hot and cold spots of {label.lower()}, {period}"
    elif layer == "moran":
        lisa = model.moran.assign(statistic=model.moran["local_i"], p=model.moran["p_tested"])
        frame = frame.merge(lisa[["lsoa_code", "moran_class", "statistic", "p"]], on="lsoa_code", how="inner")
        title = f"Local Moran's I clusters and outliers of {label.lower()}, {period}"
    elif layer == "imd":
        title = f"Deprivation (IMD 2019 decile), with {period} offences"
    else:
        title = f"{label} by LSOA, {period}"
    figure = _map_figure(layer, value, title, selected, frame.to_json(orient="split", index=False))
    show_figure(figure, key="hotspots.map", filename="hotspots-map", on_select="rerun", selection_mode="points",
                alt=f"Map of Warwickshire LSOAs: {LAYERS[layer].lower()}. Every value is in the ranked table below; "
                    "click an LSOA to see its profile.")


def render_gi_note(model: HotspotsModel) -> None:
    summary = model.gi_summary
    if summary is None:
        st.info("Gi* cannot be computed: every LSOA has the same value.")
        return
    tested = "FDR-adjusted p" if model.correction == "fdr" else "uncorrected p"
    st.markdown(f"**Gi\\* result:** {summary.hot} hot spot(s) and {summary.cold} cold spot(s) among {summary.tested} "
                f"LSOAs ({tested} <= {ALPHA}). {summary.uncorrected_significant} LSOAs have an uncorrected p <= "
                f"{ALPHA}; about {summary.expected_by_chance:.0f} would by chance alone.")
    with st.expander("What 'hot' means: the Gi* method", icon=":material/info:"):
        st.markdown(
            "- A **hot spot** is an LSOA that, *together with its neighbours*, has a higher total than chance would "
            "give: Getis-Ord Gi\\* (Ord & Getis 1995) with binary queen-contiguity weights (LSOAs whose boundaries "
            "meet, within 1 metre because the generalised ONS boundaries do not share exact vertices), the LSOA "
            "itself included. A **cold spot** is the same for a lower total. An LSOA with many offences surrounded "
            "by quiet LSOAs need not be a hot spot.\n"
            f"- **Permutations:** {PERMUTATIONS} conditional permutations: the LSOA's own value is held and its "
            "neighbours' values are drawn at random from the other LSOAs (as in PySAL esda); pseudo p = (number "
            "as extreme + 1) / (permutations + 1), so the smallest possible p is 0.001.\n"
            f"- **False discovery rate:** with {summary.tested} tests about {ALPHA:.0%} would pass by chance, so "
            f"p-values are adjusted (Benjamini-Hochberg 1995) and an LSOA is called hot or cold when the adjusted p "
            f"<= {ALPHA} (99% confidence when <= 0.01). Uncorrected p-values are offered for exploration only: "
            "expect false alarms.\n"
            "- Rates leave out LSOAs with no Census 2021 population (LSOAs changed in 2021).")


def render_moran_note(model: HotspotsModel) -> None:
    counts = model.moran_counts
    if not counts:
        st.info("Local Moran's I cannot be computed: every LSOA has the same value.")
        return
    found = {key: counts.get(key, 0) for key in ("high-high", "low-low", "high-low", "low-high")}
    tested = "FDR-adjusted p" if model.correction == "fdr" else "uncorrected p"
    if not any(found.values()):
        sentence = (f"**Local Moran's I:** with {tested} <= {ALPHA}, no LSOA forms a significant cluster or outlier: "
                    "the pattern of high and low values could be chance.")
    else:
        parts = ", ".join(f"{n} {MORAN_LABELS[key].split(' (')[0].lower()}" for key, n in found.items() if n)
        sentence = f"**Local Moran's I:** {parts} among {sum(counts.values())} LSOAs ({tested} <= {ALPHA})."
    st.markdown(sentence)
    with st.expander("What the clusters mean: local Moran's I", icon=":material/info:"):
        st.markdown(
            "- **Local Moran's I** (Anselin 1995) compares each LSOA's value with the average of its neighbours "
            "(queen contiguity, row-standardised). **High-high**: a high value among high neighbours (a cluster); "
            "**low-low** likewise for low values; **high-low** and **low-high** are outliers, an LSOA unlike its "
            "neighbours.\n"
            f"- Significance as for Gi\\*: {PERMUTATIONS} conditional permutations, and the same choice of "
            "correction (Benjamini-Hochberg false discovery rate, or uncorrected for exploration).\n"
            "- Gi\\* asks whether an LSOA and its neighbours *together* are high; Moran's I whether an LSOA is "
            "*like* its neighbours. They can disagree, and both can find nothing.")


def render_ranked(model: HotspotsModel) -> None:
    st.header(f"LSOAs ranked by {MEASURES[model.value][0].lower()}")
    table_with_download(model.ranked.rename(columns=RANKED_NAMES), key="hotspots.ranked", filename="hotspots-lsoas",
                        height=320)


def render_concentration(model: HotspotsModel) -> None:
    result = model.concentration
    if result is None:
        st.info("Nothing was recorded in these LSOAs, so there is no concentration to measure.")
        return
    st.markdown(f"**{result.sentence}.** Gini coefficient {result.gini:.2f}"
                + (" (generalised Gini, Bernasco & Steenbeek 2017, because there are fewer offences than LSOAs)"
                   if result.generalised else "") + ".")
    show_figure(lorenz_chart(result.curve, f"Lorenz curve of {result.values_label} across {len(model.table)} LSOAs"),
                key="hotspots.lorenz", filename="hotspots-lorenz",
                alt=f"Lorenz curve. {result.sentence}. Gini {result.gini:.2f}. Table below.")
    with st.expander("Table view of the Lorenz curve, with download"):
        table_with_download((100 * result.curve).round(2).rename(columns={
            "share_of_places": "% of LSOAs (fewest first)", "share_of_crimes": "% of offences held",
            "share_max_equality": "% under maximal equality"}), key="hotspots.lorenz_table", filename="hotspots-lorenz")
    with st.popover("Definitions: Lorenz curve and Gini", icon=":material/info:", key="hotspots.concentration_def"):
        st.markdown(
            "LSOAs are ranked from fewest to most offences; the curve shows the share held by each share of LSOAs. "
            "**Gini** = 0 when every LSOA has the same, near 1 when one LSOA has all. When there are fewer offences "
            "than LSOAs the **generalised Gini** (Bernasco & Steenbeek 2017) compares with maximal equality (one "
            "offence per LSOA) instead. The sentence uses the top 10% of LSOAs, interpolated (Weisburd 2015).")


def render_deprivation(model: HotspotsModel) -> None:
    deciles, period = model.deprivation, model.filters.period.label()
    if deciles.empty:
        st.info("No LSOA in the chosen districts has both a population and an IMD decile.")
        return
    show_figure(decile_bars(deciles, "per 1,000 residents", f"Rate per 1,000 residents by IMD decile, {period}"),
                key="hotspots.deprivation", filename="hotspots-imd",
                alt="Bar chart of the rate per 1,000 residents in each IMD decile, each bar labelled. Table below.")
    shown = deciles.rename(columns={"imd_decile": "IMD decile (1 = most deprived)", "lsoa_count": "LSOAs",
                                    "offence_count": "Offences", "pop_all_ages": "Residents", "rate_per_1000": "Per 1,000"})
    table_with_download(shown, key="hotspots.deprivation_table", filename="hotspots-imd",
                        caption="IMD: English Indices of Deprivation 2019 (MHCLG), LSOA 2011. Residents: Census 2021. "
                        "Sexual offences are left out below district level.")


def render_density(model: HotspotsModel) -> None:
    if model.density is None:
        st.info("Point density needs the force crime extract (exact offence locations); none is loaded for this "
                "selection. data.police.uk points are snapped to anonymised map points, so they are not used.")
        return
    bandwidth, period = model.bandwidth, model.filters.period.label()
    title = f"Kernel density of {model.point_count:,} force-extract offences, {period} (bandwidth {bandwidth:,} m)"
    show_figure(density_heatmap(model.density, list(district_outlines_bng()), title), key="hotspots.density",
                filename="hotspots-density", alt=f"{title}, on a British National Grid raster; table of the densest "
                "cells below.")
    st.caption(f"Gaussian kernel, standard deviation {bandwidth:,} metres, on {CELL_METRES} m cells in British "
               "National Grid (EPSG:27700) metres; offences per km². Colours stop at the 99.5th percentile (hover and "
               "table give true values); cells under 0.01 per km² are blank. Sexual offences are left out below "
               "district level.")
    with st.expander("Table view: the 50 densest cells, with download"):
        table_with_download(model.densest, key="hotspots.density_table", filename="hotspots-density")


def render_profile(profile: LsoaProfile, period: str) -> None:
    """One LSOA: its numbers, trend, offence mix, time of day, deprivation, neighbours and Gi* result."""
    row, code = profile.row, profile.code
    columns = st.columns(4)
    columns[0].metric("Offences", f"{int(row['offence_count']):,}", help=f"{period}; sexual offences left out.")
    rate = row["rate_per_1000"]
    columns[1].metric("Per 1,000 residents", "no population" if pd.isna(rate) else f"{rate:.2f}",
                      help="Census 2021 usual residents of the LSOA; not annualised.")
    columns[2].metric("IMD 2019 decile", f"{int(row['imd_decile'])}", help=f"Rank {int(row['imd_rank']):,} of 32,844 "
                      "English LSOAs (1 = most deprived); decile 1 = most deprived 10%.")
    columns[3].metric("Gi* result", profile.gi_label.split(",")[0],
                      help=f"{profile.gi_label}: see 'What hot means' above for the method.")
    left, middle, right = st.columns(3)
    with left:
        show_figure(profile_months(profile.months, "Offences per month"), key="hotspots.profile_months",
                    filename=f"{code}-months", alt="Bar chart of the LSOA's offences per month; table below.")
    with middle:
        if profile.mix.empty:
            st.info("No offences recorded in this LSOA in the period.")
        else:
            show_figure(profile_mix(profile.mix, "Offence mix"), key="hotspots.profile_mix", filename=f"{code}-mix",
                        alt="Bar chart of the LSOA's offences by type, each bar labelled; table below.")
    with right:
        if profile.hours["offence_count"].sum() == 0:
            st.info("No offence times: only the force extract records the time of an offence.")
        else:
            show_figure(profile_hours(profile.hours, "Time of day (force extract)"), key="hotspots.profile_hours",
                        filename=f"{code}-hours", alt="Bar chart of the LSOA's offences by hour of day; table below.")
    near = profile.neighbours.rename(columns={"lsoa_code": "LSOA code", "lsoa_name": "LSOA", "offence_count": "Offences",
                                              "rate_per_1000": "Per 1,000 residents", "imd_decile": "IMD decile",
                                              "gi_class": "Gi* result"})
    st.markdown(f"**Neighbours** (LSOAs whose boundaries meet, in the chosen districts): {len(near)}")
    table_with_download(near.round(3), key="hotspots.neighbours", filename=f"{code}-neighbours")
    with st.expander("Table view of the profile charts, with download"):
        months = profile.months.assign(month=profile.months["month"].dt.strftime("%Y-%m"))
        table_with_download(months, key="hotspots.profile_months_table", filename=f"{code}-months")
        table_with_download(profile.mix, key="hotspots.profile_mix_table", filename=f"{code}-mix")
        table_with_download(profile.hours, key="hotspots.profile_hours_table", filename=f"{code}-hours")


def method_notes(model: HotspotsModel) -> None:
    """Definitions of the page's measures and the harm weights with their sources."""
    with st.popover("Definitions and harm weights", icon=":material/info:", key="hotspots.definitions"):
        st.markdown(
            f"- **Offences**: recorded crimes of the chosen group located in the LSOA, {model.filters.period.label()}. "
            "Force extract where loaded, otherwise data.police.uk. **Sexual offences are never shown below district "
            "level** and are left out of every LSOA and point figure here (police.uk's combined 'Violence and "
            "sexual offences' category is published by street and is kept).\n"
            "- **Rate per 1,000 residents** (or per 1,000 under-25s): offences / Census 2021 usual residents of the "
            "LSOA x 1,000, for the period (not annualised). LSOAs changed in 2021 have no population.\n"
            "- **Harm (days)**: each offence weighted by the days of imprisonment in the table below (Cambridge "
            "Crime Harm Index method: the sentencing-guideline starting point for a first offender), summed.\n"
            "- **IMD decile**: English Indices of Deprivation 2019, 1 = most deprived 10% of LSOAs in England.")
        checked = int((model.harm_weights["checked"] == "yes").sum())
        if checked < len(model.harm_weights):
            st.warning(f"**{len(model.harm_weights) - checked} of {len(model.harm_weights)} harm weights are not verified** "
                       "against the published Cambridge Crime Harm Index or ONS Crime Severity Score values (the "
                       "published tables could not be read when the weights were set); each row says what was and "
                       "was not found. Treat harm-weighted totals as indicative.", icon=":material/warning:")
        st.dataframe(model.harm_weights, hide_index=True, key="hotspots.harm_weights")
        st.caption("Edit reference/harm_weights.csv (or set SVD_HARM_WEIGHTS) and rebuild to change a weight; "
                   "'checked' says whether the value has been checked against the published index.")
