"""The Hotspots page: harm weights, the per-LSOA table and its statistics (pure helpers first),
then the page's keyed widgets (kept in the URL) and its render blocks.

Kernel density is computed here (`kernel_density`) because `geo/density.py` had not landed when
this page was written; it is a pure function in British National Grid metres and can move there.
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
from pyproj import Transformer
from scipy.signal import fftconvolve

from charts.hotspots import (
    GI_CLASSES,
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
from geo.boundaries import districts, lsoas, to_bng
from geo.hotspots import contiguity_weights, getis_ord_gi_star
from settings import load_settings
from stats.concentration import concentration_sentence, generalised_gini, gini, lorenz_curve
from ui.components import show_figure, table_with_download
from ui.filters import seed_from_url, write_to_url

MEASURES = {
    "offence_count": ("Count of offences", "offences"),
    "rate_per_1000": ("Rate per 1,000 residents", "per 1,000 residents"),
    "rate_per_1000_under_25": ("Rate per 1,000 residents under 25", "per 1,000 under-25s"),
    "harm_total": ("Harm-weighted total (days)", "harm days"),
}
LAYERS = {"measure": "The measure", "gi": "Gi* hot and cold spots", "imd": "Deprivation (IMD 2019 decile)"}
BANDWIDTHS = (250, 500, 1000, 2000)
PERMUTATIONS = 999
ALPHA = 0.05
CELL_METRES = 250
KEYS = ["hotspots.value", "hotspots.layer", "hotspots.correction", "hotspots.bandwidth", "hotspots.lsoa"]
CORRECTIONS = {"fdr": "False-discovery-rate corrected (recommended)", "none": "Uncorrected p-values"}
HARM_COLUMNS = ["key_type", "offence_key", "description", "harm_weight_days", "source", "basis", "checked"]


# ---- pure helpers -------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4)
def _read_harm_weights(path: Path, modified: float) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"offence_key": str, "key_type": str}, keep_default_na=False)
    missing = set(HARM_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    frame["harm_weight_days"] = pd.to_numeric(frame["harm_weight_days"], errors="raise")
    if (frame["harm_weight_days"] < 0).any() or (frame["source"].str.strip() == "").any():
        raise ValueError(f"{path}: every weight must be non-negative and have a source")
    if frame.duplicated(["key_type", "offence_key"]).any():
        raise ValueError(f"{path}: a key_type and offence_key appear twice")
    return frame


def harm_weights(path: Path | None = None) -> pd.DataFrame:
    """The editable harm weights (settings.harm_weights_path), re-read when the file changes."""
    path = path or load_settings().harm_weights_path
    return _read_harm_weights(path, path.stat().st_mtime).copy()


def harm_by_lsoa(counts: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Harm-weighted total per LSOA: sum of offences x weight (days).

    The weight is looked up by Home Office code (force extract) or police.uk crime type; a code
    missing from the table takes its crime type's weight; offences with no weight at all count 0
    and are reported in `unweighted_count`.
    """
    keyed = weights[["key_type", "offence_key", "harm_weight_days"]]
    by_type = weights[weights["key_type"] == "crime_type"].set_index("offence_key")["harm_weight_days"]
    weight = counts[["key_type", "offence_key"]].merge(keyed, how="left", on=["key_type", "offence_key"])
    weight = pd.Series(weight["harm_weight_days"].to_numpy(), index=counts.index, dtype=float)
    weight = weight.fillna(counts["crime_type"].map(by_type))
    frame = counts.assign(harm=counts["offence_count"] * weight.fillna(0),
                          unweighted=np.where(weight.isna(), counts["offence_count"], 0))
    totals = frame.groupby("lsoa_code").agg(harm_total=("harm", "sum"), unweighted_count=("unweighted", "sum"))
    return totals.reset_index()


def lsoa_table(measures: pd.DataFrame, harm: pd.DataFrame) -> pd.DataFrame:
    """The per-LSOA measures with the harm-weighted total (0 where nothing was recorded)."""
    table = measures.merge(harm, on="lsoa_code", how="left")
    table[["harm_total", "unweighted_count"]] = table[["harm_total", "unweighted_count"]].fillna(0)
    return table


@functools.lru_cache(maxsize=8)
def lsoa_weights(codes: tuple[str, ...]):
    """Queen contiguity among the given Warwickshire LSOAs (in the order given)."""
    shapes = lsoas().set_index("lsoa_code").loc[list(codes)].reset_index()
    return contiguity_weights(shapes, id_column="lsoa_code", criterion="queen")


def gi_label(gi_class_key: str) -> str:
    """Words for a Gi* class key ('hot_0.95' -> 'Hot spot, 95% confidence')."""
    if gi_class_key == "not_tested":
        return "Not tested (no population)"
    return GI_CLASSES[gi_class_key][0]


def gi_class(classification: str, confidence) -> str:
    if classification in ("hot", "cold"):
        return f"{classification}_{confidence:g}"
    return "not_significant"


def gi_star(codes: tuple[str, ...], values: tuple[float, ...], permutations: int = PERMUTATIONS,
            fdr: bool = True) -> pd.DataFrame:
    """Gi* (binary queen weights, self included) with permutation p-values and FDR, per LSOA."""
    result = getis_ord_gi_star(np.asarray(values, dtype=float), lsoa_weights(codes), permutations=permutations,
                               alpha=ALPHA, fdr=fdr)
    result = result.rename(columns={"area_id": "lsoa_code"})
    result["gi_class"] = [gi_class(c, level) for c, level in zip(result["classification"], result["confidence"],
                                                                   strict=True)]
    return result


@st.cache_data(show_spinner="Computing Gi* hot spots...", max_entries=32)
def cached_gi_star(codes: tuple[str, ...], values: tuple[float, ...], fdr: bool = True) -> pd.DataFrame:
    if len(set(values)) < 2:  # Gi* is undefined when every LSOA has the same value
        return pd.DataFrame(columns=["lsoa_code", "z_score", "p_sim", "p_fdr", "gi_class", "neighbours"])
    return gi_star(codes, values, fdr=fdr)


def gi_input(table: pd.DataFrame, value: str) -> pd.DataFrame:
    """The LSOAs Gi* can use for a measure: rates need a population, so LSOAs without one drop out."""
    return table.loc[table[value].notna(), ["lsoa_code", value]].sort_values("lsoa_code")


_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def points_to_bng(points: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude to British National Grid eastings/northings (metres)."""
    return _TO_BNG.transform(points["lon"].to_numpy(), points["lat"].to_numpy())


def kernel_density(x, y, bandwidth: float, cell: float, bounds: tuple[float, float, float, float]) -> dict:
    """Gaussian kernel density of points on a regular grid in metres (offences per km²).

    Points are binned to `cell`-metre cells and the counts convolved with a Gaussian kernel of
    standard deviation `bandwidth` metres, truncated at 4 bandwidths (binned KDE, Silverman 1982;
    the binning error is below cell/2). The density integrates to the number of points.
    Example: one point and bandwidth 500 m gives a peak of 1 / (2 pi 0.5²) = 0.64 per km².
    """
    if bandwidth <= 0 or cell <= 0:
        raise ValueError("bandwidth and cell must be positive (metres)")
    west, south, east, north = bounds
    x_edges = np.arange(west, east + cell, cell)
    y_edges = np.arange(south, north + cell, cell)
    counts, _, _ = np.histogram2d(np.asarray(y, float), np.asarray(x, float), bins=[y_edges, x_edges])
    reach = int(np.ceil(4 * bandwidth / cell))
    offsets = np.arange(-reach, reach + 1) * cell
    kernel_1d = np.exp(-0.5 * (offsets / bandwidth) ** 2)
    kernel = np.outer(kernel_1d, kernel_1d) / (2 * np.pi * bandwidth**2)  # per m²
    density = fftconvolve(counts, kernel, mode="same") * 1e6  # per km²
    density[density < 1e-9 * max(density.max(), 1e-300)] = 0.0  # FFT round-off far from any point
    return {"x": (x_edges[:-1] + cell / 2), "y": (y_edges[:-1] + cell / 2), "density": density}


@functools.cache
def county_bounds_bng() -> tuple[float, float, float, float]:
    """Bounding box of the five Warwickshire districts in BNG metres, padded by 2 km."""
    county = to_bng(districts().query("is_warwickshire"))
    west, south, east, north = county.total_bounds
    return (west - 2000, south - 2000, east + 2000, north + 2000)


@functools.cache
def district_outlines_bng() -> tuple:
    """Exterior rings of the Warwickshire districts in BNG metres, for drawing on the density."""
    county = to_bng(districts().query("is_warwickshire"))
    rings = []
    for geometry in county.geometry:
        parts = getattr(geometry, "geoms", [geometry])
        rings.extend((np.asarray(part.exterior.xy[0]), np.asarray(part.exterior.xy[1])) for part in parts)
    return tuple(rings)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_density(points: pd.DataFrame, bandwidth: int) -> dict:
    x, y = points_to_bng(points)
    return kernel_density(x, y, bandwidth, CELL_METRES, county_bounds_bng())


def deprivation_table(table: pd.DataFrame) -> pd.DataFrame:
    """Rate per 1,000 residents by IMD decile: offences and residents summed over LSOAs with a population."""
    known = table[table["pop_all_ages"].notna() & table["imd_decile"].notna()]
    grouped = known.groupby("imd_decile", as_index=False).agg(
        lsoa_count=("lsoa_code", "count"), offence_count=("offence_count", "sum"), pop_all_ages=("pop_all_ages", "sum"))
    grouped["rate_per_1000"] = 1000 * grouped["offence_count"] / grouped["pop_all_ages"]
    return grouped.astype({"imd_decile": int, "pop_all_ages": int}).round({"rate_per_1000": 3})


def ranked_table(table: pd.DataFrame, gi: pd.DataFrame, value: str) -> pd.DataFrame:
    """LSOAs ranked by the chosen measure (highest first) with IMD and the Gi* result."""
    merged = table.merge(gi[["lsoa_code", "z_score", "p_sim", "p_fdr", "gi_class"]], on="lsoa_code", how="left")
    merged["gi_class"] = merged["gi_class"].fillna("not_tested").map(gi_label)
    merged = merged.sort_values([value, "lsoa_code"], ascending=[False, True], na_position="last")
    merged.insert(0, "rank", range(1, len(merged) + 1))
    columns = ["rank", "lsoa_code", "lsoa_name", "district_name", "offence_count", "rate_per_1000",
               "rate_per_1000_under_25", "harm_total", "imd_decile", "gi_class", "z_score", "p_sim", "p_fdr"]
    return merged[columns].round({"rate_per_1000": 3, "rate_per_1000_under_25": 3, "harm_total": 1, "z_score": 3,
                                  "p_sim": 4, "p_fdr": 4})


# ---- widgets ------------------------------------------------------------------------------------
def _choice(options):
    def parse(raw: list[str]):
        value = type(next(iter(options)))(raw[0])
        if value not in options:
            raise ValueError(raw[0])
        return value

    return parse


def page_controls() -> dict:
    """The page's own keyed widgets, seeded from the URL (written back by `save_to_url`)."""
    seed_from_url("hotspots.value", "offence_count", _choice(MEASURES))
    seed_from_url("hotspots.layer", "measure", _choice(LAYERS))
    seed_from_url("hotspots.correction", "fdr", _choice(CORRECTIONS))
    seed_from_url("hotspots.bandwidth", 500, _choice(BANDWIDTHS))
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
    seed_from_url("hotspots.lsoa", options[0], _choice(options))
    if st.session_state["hotspots.lsoa"] not in options:
        st.session_state["hotspots.lsoa"] = options[0]
    st.selectbox("LSOA (or click one on the map)", options, key="hotspots.lsoa", format_func=names.get)
    return st.session_state["hotspots.lsoa"]


def save_to_url() -> None:
    write_to_url(KEYS, {"hotspots.bandwidth": str})


@functools.cache
def display_geojson() -> dict:
    """LSOA polygons for the map, simplified to about 15 metres and rounded to 4 decimals (about 10 m).

    The full-precision GeoJSON is about 1 MB and is sent to the browser on every run; this one is a
    fraction of that and indistinguishable at the map's zoom.
    """
    shapes = lsoas()[["lsoa_code", "geometry"]]
    shapes["geometry"] = shapes.geometry.simplify(0.0002, preserve_topology=True).set_precision(0.0001)
    data = json.loads(shapes.to_json(drop_id=True))
    for feature in data["features"]:
        feature["id"] = feature["properties"]["lsoa_code"]
        feature["properties"] = {}
    return data


@functools.lru_cache(maxsize=16)
def _map_figure(layer: str, value: str, title: str, selected: str | None, frame_json: str):
    frame = pd.read_json(io.StringIO(frame_json), orient="split", dtype={"lsoa_code": str})
    shapes = display_geojson()
    if layer == "gi":
        return gi_map(frame, shapes, title, selected)
    if layer == "imd":
        return imd_map(frame, shapes, title, selected)
    return lsoa_value_map(frame, shapes, value, MEASURES[value][1], title, selected)


# ---- render blocks ------------------------------------------------------------------------------
GI_WORDS = {"hot": "a hot spot", "cold": "a cold spot", "not_significant": "not a significant hot or cold spot"}


def render_map(table: pd.DataFrame, gi: pd.DataFrame, controls: dict, period_label: str, selected: str) -> None:
    value, layer = controls["value"], controls["layer"]
    label = MEASURES[value][0]
    columns = ["lsoa_code", "lsoa_name", "offence_count", "rate_per_1000", "imd_decile", value]
    frame = table[list(dict.fromkeys(columns))]
    if layer == "gi":
        frame = frame.merge(gi[["lsoa_code", "gi_class", "z_score", "p_fdr"]], on="lsoa_code", how="inner")
        title = f"Getis-Ord Gi* hot and cold spots of {label.lower()}, {period_label}"
    elif layer == "imd":
        title = f"Deprivation (IMD 2019 decile), with {period_label} offences"
    else:
        title = f"{label} by LSOA, {period_label}"
    figure = _map_figure(layer, value, title, selected, frame.to_json(orient="split", index=False))
    show_figure(figure, key="hotspots.map", filename="hotspots-map", on_select="rerun", selection_mode="points",
                alt=f"Map of Warwickshire LSOAs: {LAYERS[controls['layer']].lower()}. Every value is in the ranked "
                "table below; click an LSOA to see its profile.")


def render_gi_note(gi: pd.DataFrame, correction: str) -> None:
    if gi.empty:
        st.info("Gi* cannot be computed: every LSOA has the same value.")
        return
    hot = int(gi["gi_class"].str.startswith("hot").sum())
    cold = int(gi["gi_class"].str.startswith("cold").sum())
    raw = int((gi["p_sim"] <= ALPHA).sum())
    tested = "FDR-adjusted p" if correction == "fdr" else "uncorrected p"
    st.markdown(
        f"**Gi\\* result:** {hot} hot spot(s) and {cold} cold spot(s) among {len(gi)} LSOAs ({tested} <= {ALPHA}). "
        f"{raw} LSOAs have an uncorrected p <= {ALPHA}; about {ALPHA * len(gi):.0f} would by chance alone."
    )
    with st.expander("What 'hot' means: the Gi* method", icon=":material/info:"):
        st.markdown(
            "- A **hot spot** is an LSOA that, *together with its neighbours*, has a higher total than chance would "
            "give: Getis-Ord Gi\\* (Ord & Getis 1995) with binary queen-contiguity weights (LSOAs whose boundaries "
            "meet, within 1 metre because the generalised ONS boundaries do not share exact vertices), the LSOA itself "
            "included. A **cold spot** is the same for a lower total. An LSOA with many "
            "offences surrounded by quiet LSOAs need not be a hot spot.\n"
            f"- **Permutations:** {PERMUTATIONS} conditional permutations: the LSOA's own value is held and its "
            "neighbours' values are drawn at random from the other LSOAs (as in PySAL esda); pseudo p = (number "
            "as extreme + 1) / (permutations + 1), so the smallest possible p is 0.001.\n"
            f"- **False discovery rate:** with {len(gi)} tests about {ALPHA:.0%} would pass by chance, so p-values are "
            f"adjusted (Benjamini-Hochberg 1995) and an LSOA is called hot or cold when the adjusted p <= {ALPHA} "
            "(99% confidence when <= 0.01). Uncorrected p-values are offered for exploration only: expect false alarms.\n"
            "- Rates leave out LSOAs with no Census 2021 population (LSOAs changed in 2021)."
        )


def render_ranked(ranked: pd.DataFrame) -> None:
    shown = ranked.rename(columns={"lsoa_code": "LSOA code", "lsoa_name": "LSOA", "district_name": "District",
                                   "offence_count": "Offences", "rate_per_1000": "Per 1,000 residents",
                                   "rate_per_1000_under_25": "Per 1,000 under-25s", "harm_total": "Harm (days)",
                                   "imd_decile": "IMD decile", "gi_class": "Gi* result", "z_score": "Gi* z",
                                   "p_sim": "Gi* p (permutation)", "p_fdr": "Gi* FDR p"})
    table_with_download(shown, key="hotspots.ranked", filename="hotspots-lsoas", height=320)


def render_concentration(table: pd.DataFrame, value: str) -> None:
    values = table[value].fillna(0).to_numpy()
    label = MEASURES[value][0].lower() if value != "offence_count" else "these offences"
    if values.sum() <= 0:
        st.info("Nothing was recorded in these LSOAs, so there is no concentration to measure.")
        return
    sparse = value in ("offence_count",) and values.sum() < len(values)
    gini_value = generalised_gini(values) if sparse else gini(values)
    sentence = concentration_sentence(values, 10, "LSOAs", label)
    st.markdown(f"**{sentence}.** Gini coefficient {gini_value:.2f}"
                + (" (generalised Gini, Bernasco & Steenbeek 2017, because there are fewer offences than LSOAs)"
                   if sparse else "") + ".")
    curve = lorenz_curve(values)
    show_figure(lorenz_chart(curve, f"Lorenz curve of {label} across {len(values)} LSOAs"), key="hotspots.lorenz",
                filename="hotspots-lorenz", alt=f"Lorenz curve. {sentence}. Gini {gini_value:.2f}. Table below.")
    with st.expander("Table view of the Lorenz curve, with download"):
        table_with_download((100 * curve).round(2).rename(columns={
            "share_of_places": "% of LSOAs (fewest first)", "share_of_crimes": "% of offences held",
            "share_max_equality": "% under maximal equality"}), key="hotspots.lorenz_table", filename="hotspots-lorenz")
    with st.popover("Definitions: Lorenz curve and Gini", icon=":material/info:", key="hotspots.concentration_def"):
        st.markdown(
            "LSOAs are ranked from fewest to most offences; the curve shows the share held by each share of LSOAs. "
            "**Gini** = 0 when every LSOA has the same, near 1 when one LSOA has all. When there are fewer offences "
            "than LSOAs the **generalised Gini** (Bernasco & Steenbeek 2017) compares with maximal equality (one "
            "offence per LSOA) instead. The sentence uses the top 10% of LSOAs, interpolated (Weisburd 2015).")


def render_deprivation(deciles: pd.DataFrame, period_label: str) -> None:
    if deciles.empty:
        st.info("No LSOA in the chosen districts has both a population and an IMD decile.")
        return
    show_figure(decile_bars(deciles, "per 1,000 residents", f"Rate per 1,000 residents by IMD decile, {period_label}"),
                key="hotspots.deprivation", filename="hotspots-imd",
                alt="Bar chart of the rate per 1,000 residents in each IMD decile, each bar labelled. Table below.")
    shown = deciles.rename(columns={"imd_decile": "IMD decile (1 = most deprived)", "lsoa_count": "LSOAs",
                                    "offence_count": "Offences", "pop_all_ages": "Residents", "rate_per_1000": "Per 1,000"})
    table_with_download(shown, key="hotspots.deprivation_table", filename="hotspots-imd",
                        caption="IMD: English Indices of Deprivation 2019 (MHCLG), LSOA 2011. Residents: Census 2021. "
                        "Sexual offences are left out below district level.")


def render_density(points: pd.DataFrame, period_label: str) -> None:
    bandwidth = st.selectbox("Kernel bandwidth", BANDWIDTHS, key="hotspots.bandwidth",
                             format_func=lambda metres: f"{metres:,} metres")
    if points.empty:
        st.info("Point density needs the force crime extract (exact offence locations); none is loaded for this "
                "selection. data.police.uk points are snapped to anonymised map points, so they are not used.")
        return
    grid = cached_density(points, bandwidth)
    title = f"Kernel density of {len(points):,} force-extract offences, {period_label} (bandwidth {bandwidth:,} m)"
    show_figure(density_heatmap(grid, list(district_outlines_bng()), title), key="hotspots.density",
                filename="hotspots-density", alt=f"{title}, on a British National Grid raster; table of the densest cells below.")
    st.caption(f"Gaussian kernel, standard deviation {bandwidth:,} metres, on {CELL_METRES} m cells in British National "
               "Grid (EPSG:27700) metres; offences per km². Colours stop at the 99.5th percentile (hover and table give "
               "true values); cells under 0.01 per km² are blank. Sexual offences are left out below district level.")
    with st.expander("Table view: the 50 densest cells, with download"):
        table_with_download(densest_cells(grid, 50), key="hotspots.density_table", filename="hotspots-density")


def densest_cells(grid: dict, count: int) -> pd.DataFrame:
    """The `count` cells with the highest density (easting, northing of the cell centre)."""
    density = grid["density"]
    order = np.argsort(density, axis=None)[::-1][:count]
    rows, cols = np.unravel_index(order, density.shape)
    return pd.DataFrame({"easting_m": grid["x"][cols].round(0), "northing_m": grid["y"][rows].round(0),
                         "offences_per_km2": density[rows, cols].round(2)})


def render_profile(code: str, table: pd.DataFrame, gi: pd.DataFrame, months: pd.DataFrame, mix: pd.DataFrame,
                   hours: pd.DataFrame, period_label: str) -> None:
    """One LSOA: its numbers, trend, offence mix, time of day, deprivation, neighbours and Gi* result."""
    row = table.set_index("lsoa_code").loc[code]
    result = gi.set_index("lsoa_code")["gi_class"].get(code, "not_tested") if not gi.empty else "not_tested"
    columns = st.columns(4)
    columns[0].metric("Offences", f"{int(row['offence_count']):,}", help=f"{period_label}; sexual offences left out.")
    rate = row["rate_per_1000"]
    columns[1].metric("Per 1,000 residents", "no population" if pd.isna(rate) else f"{rate:.2f}",
                      help="Census 2021 usual residents of the LSOA; not annualised.")
    columns[2].metric("IMD 2019 decile", f"{int(row['imd_decile'])}", help=f"Rank {int(row['imd_rank']):,} of 32,844 "
                      "English LSOAs (1 = most deprived); decile 1 = most deprived 10%.")
    columns[3].metric("Gi* result", gi_label(result).split(",")[0],
                      help=f"{gi_label(result)}: see 'What hot means' above for the method.")
    left, middle, right = st.columns(3)
    with left:
        show_figure(profile_months(months, "Offences per month"), key="hotspots.profile_months",
                    filename=f"{code}-months", alt="Bar chart of the LSOA's offences per month; table below.")
    with middle:
        if mix.empty:
            st.info("No offences recorded in this LSOA in the period.")
        else:
            show_figure(profile_mix(mix, "Offence mix"), key="hotspots.profile_mix", filename=f"{code}-mix",
                        alt="Bar chart of the LSOA's offences by type, each bar labelled; table below.")
    with right:
        if hours["offence_count"].sum() == 0:
            st.info("No offence times: only the force extract records the time of an offence.")
        else:
            show_figure(profile_hours(hours, "Time of day (force extract)"), key="hotspots.profile_hours",
                        filename=f"{code}-hours", alt="Bar chart of the LSOA's offences by hour of day; table below.")
    neighbours = lsoa_weights(tuple(table["lsoa_code"])).neighbours(code)
    near = table[table["lsoa_code"].isin(neighbours)][["lsoa_code", "lsoa_name", "offence_count", "rate_per_1000",
                                                       "imd_decile"]]
    if not gi.empty:
        near = near.merge(gi[["lsoa_code", "gi_class"]], on="lsoa_code", how="left")
        near["gi_class"] = near["gi_class"].fillna("not_tested").map(gi_label)
    near = near.rename(columns={"lsoa_code": "LSOA code", "lsoa_name": "LSOA", "offence_count": "Offences",
                                "rate_per_1000": "Per 1,000 residents", "imd_decile": "IMD decile", "gi_class": "Gi* result"})
    st.markdown(f"**Neighbours** (LSOAs whose boundaries meet, in the chosen districts): {len(near)}")
    table_with_download(near.round(3), key="hotspots.neighbours", filename=f"{code}-neighbours")
    with st.expander("Table view of the profile charts, with download"):
        profile = months.assign(month=months["month"].dt.strftime("%Y-%m"))
        table_with_download(profile, key="hotspots.profile_months_table", filename=f"{code}-months")
        table_with_download(mix, key="hotspots.profile_mix_table", filename=f"{code}-mix")
        table_with_download(hours, key="hotspots.profile_hours_table", filename=f"{code}-hours")


def method_notes(weights: pd.DataFrame, period_label: str) -> None:
    """Definitions of the page's measures and the harm weights with their sources."""
    with st.popover("Definitions and harm weights", icon=":material/info:", key="hotspots.definitions"):
        st.markdown(
            f"- **Offences**: recorded crimes of the chosen group located in the LSOA, {period_label}. Force "
            "extract where loaded, otherwise data.police.uk. **Sexual offences are never shown below district "
            "level** and are left out of every LSOA and point figure here (police.uk's combined 'Violence and "
            "sexual offences' category is published by street and is kept).\n"
            "- **Rate per 1,000 residents** (or per 1,000 under-25s): offences / Census 2021 usual residents of the "
            "LSOA x 1,000, for the period (not annualised). LSOAs changed in 2021 have no population.\n"
            "- **Harm (days)**: each offence weighted by the days of imprisonment in the table below (Cambridge "
            "Crime Harm Index method: the sentencing-guideline starting point for a first offender), summed.\n"
            "- **IMD decile**: English Indices of Deprivation 2019, 1 = most deprived 10% of LSOAs in England."
        )
        st.dataframe(weights, hide_index=True, key="hotspots.harm_weights")
        st.caption("Edit reference/harm_weights.csv (or set SVD_HARM_WEIGHTS) to change a weight; 'checked' says "
                   "whether the value has been checked against the published index.")
