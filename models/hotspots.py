"""Hotspots: where serious violence concentrates, how much, and whether a cluster is more than
chance. Per-LSOA measures (counts, rates, harm), Getis-Ord Gi* with permutations and FDR, the
ranked table, concentration, deprivation and the kernel density of force-extract points;
`lsoa_profile` gives one LSOA's detail."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.boundaries import districts, lsoas, to_bng
from geo.density import density_grid
from geo.hotspots import contiguity_weights, getis_ord_gi_star, local_moran
from geo.projection import to_bng as points_to_bng
from models import reference
from models.filters import Filters
from queries import run_query
from queries.runner import per_snapshot
from stats.concentration import concentration_sentence, generalised_gini, gini, lorenz_curve

MEASURES = {
    "offence_count": ("Count of offences", "offences"),
    "rate_per_1000": ("Rate per 1,000 residents", "per 1,000 residents"),
    "rate_per_1000_under_25": ("Rate per 1,000 residents under 25", "per 1,000 under-25s"),
    "harm_total": ("Harm-weighted total (days)", "harm days"),
}
CORRECTIONS = {"fdr": "False-discovery-rate corrected (recommended)", "none": "Uncorrected p-values"}
BANDWIDTHS = (250, 500, 1000, 2000)
PERMUTATIONS = 999
ALPHA = 0.05
CELL_METRES = 250
DENSITY_KERNEL = "gaussian"
GI_LABELS = {
    "hot_0.99": "Hot spot, 99% confidence", "hot_0.95": "Hot spot, 95% confidence",
    "hot_0.9": "Hot spot, 90% confidence", "not_significant": "Not significant",
    "cold_0.9": "Cold spot, 90% confidence", "cold_0.95": "Cold spot, 95% confidence",
    "cold_0.99": "Cold spot, 99% confidence", "not_tested": "Not tested (no population)",
}
MORAN_LABELS = {"high-high": "High-high cluster (high among high)", "low-low": "Low-low cluster (low among low)",
                "high-low": "High-low outlier (high among low)", "low-high": "Low-high outlier (low among high)",
                "not_significant": "Not significant", "not_tested": "Not tested (no population)"}
RANKED_COLUMNS = ["rank", "lsoa_code", "lsoa_name", "district_name", "offence_count", "rate_per_1000",
                  "rate_per_1000_under_25", "harm_total", "imd_decile", "gi_class", "z_score", "p_sim", "p_fdr",
                  "moran_class", "moran_p"]


@dataclass(frozen=True)
class Concentration:
    values_label: str
    gini: float
    generalised: bool  # fewer offences than LSOAs: the generalised Gini is used
    sentence: str
    curve: pd.DataFrame


@dataclass(frozen=True)
class GiSummary:
    tested: int
    hot: int
    cold: int
    uncorrected_significant: int
    expected_by_chance: float


@dataclass(frozen=True)
class HotspotsModel:
    filters: Filters
    value: str
    correction: str
    bandwidth: int
    has_data: bool
    table: pd.DataFrame  # one row per LSOA: measures, harm, IMD
    gi: pd.DataFrame  # lsoa_code, z_score, p_sim, p_fdr, gi_class (empty when Gi* is undefined)
    gi_summary: GiSummary | None
    moran: pd.DataFrame  # lsoa_code, local_i, quadrant, p_sim, p_fdr, moran_class (LISA, same correction)
    moran_counts: dict  # class -> number of LSOAs
    ranked: pd.DataFrame
    concentration: Concentration | None
    deprivation: pd.DataFrame
    point_count: int
    density: dict | None  # x, y (BNG metres), density (per km2); None without force-extract points
    densest: pd.DataFrame
    harm_weights: pd.DataFrame


@dataclass(frozen=True)
class LsoaProfile:
    code: str
    row: pd.Series
    gi_label: str
    months: pd.DataFrame
    mix: pd.DataFrame
    hours: pd.DataFrame
    neighbours: pd.DataFrame


@per_snapshot()
def hotspots_model(filters: Filters, value: str, correction: str, bandwidth: int) -> HotspotsModel:
    """Everything the Hotspots page shows for the filters, measure, Gi* correction and bandwidth."""
    measures = run_query("hotspots_measures_by_lsoa", **filters.params())
    harm = run_query("hotspots_harm_by_lsoa", **filters.params())
    table = lsoa_table(measures, harm)
    gi = gi_star_for(table, value, fdr=correction == "fdr")
    moran = moran_for(table, value, fdr=correction == "fdr")
    points = run_query("hotspots_points", **filters.params())
    density = county_density(points, bandwidth) if len(points) else None
    return HotspotsModel(
        filters=filters, value=value, correction=correction, bandwidth=bandwidth,
        has_data=bool(table["offence_count"].sum()), table=table, gi=gi,
        gi_summary=gi_summary(gi), moran=moran, moran_counts=moran["moran_class"].value_counts().to_dict(),
        ranked=ranked_table(table, gi, value, moran),
        concentration=concentration(table, value), deprivation=deprivation_table(table),
        point_count=len(points), density=density,
        densest=densest_cells(density, 50) if density else pd.DataFrame(),
        harm_weights=reference.harm_weights(),
    )


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


def gi_class(classification: str, confidence) -> str:
    """'hot_0.95', 'cold_0.99', ... or 'not_significant'."""
    if classification in ("hot", "cold"):
        return f"{classification}_{confidence:g}"
    return "not_significant"


def gi_star_for(table: pd.DataFrame, value: str, fdr: bool = True) -> pd.DataFrame:
    """Gi* of a measure over the LSOAs that have it (rates need a population)."""
    known = table.loc[table[value].notna(), ["lsoa_code", value]].sort_values("lsoa_code")
    return gi_star(tuple(known["lsoa_code"]), tuple(float(v) for v in known[value]), fdr)


@functools.lru_cache(maxsize=32)
def gi_star(codes: tuple[str, ...], values: tuple[float, ...], fdr: bool = True) -> pd.DataFrame:
    """Gi* (binary queen weights, self included) with permutation p-values and FDR, per LSOA.
    Empty when every LSOA has the same value (Gi* is undefined)."""
    if len(set(values)) < 2:
        return pd.DataFrame(columns=["lsoa_code", "z_score", "p_sim", "p_fdr", "gi_class", "neighbours"])
    result = getis_ord_gi_star(np.asarray(values, dtype=float), lsoa_weights(codes), permutations=PERMUTATIONS,
                               alpha=ALPHA, fdr=fdr).rename(columns={"area_id": "lsoa_code"})
    result["gi_class"] = [gi_class(c, level) for c, level in zip(result["classification"], result["confidence"],
                                                                   strict=True)]
    return result


def moran_for(table: pd.DataFrame, value: str, fdr: bool = True) -> pd.DataFrame:
    """Local Moran's I of a measure over the LSOAs that have it, with the same correction as Gi*."""
    known = table.loc[table[value].notna(), ["lsoa_code", value]].sort_values("lsoa_code")
    return moran(tuple(known["lsoa_code"]), tuple(float(v) for v in known[value]), fdr)


@functools.lru_cache(maxsize=32)
def moran(codes: tuple[str, ...], values: tuple[float, ...], fdr: bool = True) -> pd.DataFrame:
    """LISA clusters and outliers per LSOA (row-standardised queen weights, 999 permutations):
    high-high, low-low, high-low, low-high where the (FDR-adjusted) p is at most ALPHA."""
    columns = ["lsoa_code", "local_i", "quadrant", "p_sim", "p_fdr", "p_tested", "moran_class"]
    if len(set(values)) < 2:
        return pd.DataFrame(columns=columns)
    result = local_moran(np.asarray(values, dtype=float), lsoa_weights(codes), permutations=PERMUTATIONS,
                         alpha=ALPHA, fdr=fdr).rename(columns={"area_id": "lsoa_code"})
    result["moran_class"] = result["classification"]
    result["p_tested"] = result["p_fdr"] if fdr else result["p_sim"]
    return result[columns]


def gi_summary(gi: pd.DataFrame) -> GiSummary | None:
    if gi.empty:
        return None
    return GiSummary(tested=len(gi), hot=int(gi["gi_class"].str.startswith("hot").sum()),
                     cold=int(gi["gi_class"].str.startswith("cold").sum()),
                     uncorrected_significant=int((gi["p_sim"] <= ALPHA).sum()), expected_by_chance=ALPHA * len(gi))


def gi_labels(codes: pd.Series, gi: pd.DataFrame) -> pd.Series:
    """The Gi* result of each LSOA in words ('Not tested' for LSOAs Gi* left out)."""
    classes = gi.set_index("lsoa_code")["gi_class"] if not gi.empty else pd.Series(dtype=object)
    return codes.map(classes).fillna("not_tested").map(GI_LABELS)


def ranked_table(table: pd.DataFrame, gi: pd.DataFrame, value: str, moran: pd.DataFrame) -> pd.DataFrame:
    """LSOAs ranked by the chosen measure (highest first) with IMD, the Gi* and the LISA results."""
    columns = ["lsoa_code", "z_score", "p_sim", "p_fdr"]
    merged = table.merge(gi[columns] if not gi.empty else pd.DataFrame(columns=columns), on="lsoa_code", how="left")
    merged["gi_class"] = gi_labels(merged["lsoa_code"], gi)
    lisa = moran.set_index("lsoa_code") if not moran.empty else pd.DataFrame(columns=["moran_class", "p_tested"])
    merged["moran_class"] = merged["lsoa_code"].map(lisa["moran_class"]).fillna("not_tested").map(MORAN_LABELS)
    merged["moran_p"] = merged["lsoa_code"].map(lisa["p_tested"])
    merged = merged.sort_values([value, "lsoa_code"], ascending=[False, True], na_position="last")
    merged.insert(0, "rank", range(1, len(merged) + 1))
    return merged[RANKED_COLUMNS].round({"rate_per_1000": 3, "rate_per_1000_under_25": 3, "harm_total": 1,
                                         "z_score": 3, "p_sim": 4, "p_fdr": 4, "moran_p": 4})


def concentration(table: pd.DataFrame, value: str) -> Concentration | None:
    """Lorenz curve and Gini of the measure across LSOAs (None when nothing was recorded)."""
    values = table[value].fillna(0).to_numpy()
    if values.sum() <= 0:
        return None
    label = MEASURES[value][0].lower() if value != "offence_count" else "these offences"
    sparse = value == "offence_count" and values.sum() < len(values)
    return Concentration(label, generalised_gini(values) if sparse else gini(values), sparse,
                         concentration_sentence(values, 10, "LSOAs", label), lorenz_curve(values))


def deprivation_table(table: pd.DataFrame) -> pd.DataFrame:
    """Rate per 1,000 residents by IMD decile: offences and residents summed over LSOAs with a population."""
    known = table[table["pop_all_ages"].notna() & table["imd_decile"].notna()]
    grouped = known.groupby("imd_decile", as_index=False).agg(
        lsoa_count=("lsoa_code", "count"), offence_count=("offence_count", "sum"), pop_all_ages=("pop_all_ages", "sum"))
    grouped["rate_per_1000"] = 1000 * grouped["offence_count"] / grouped["pop_all_ages"]
    return grouped.astype({"imd_decile": int, "pop_all_ages": int}).round({"rate_per_1000": 3})


@functools.cache
def county_bounds_bng() -> tuple[float, float, float, float]:
    """Bounding box of the five Warwickshire districts in BNG metres, padded by 2 km."""
    west, south, east, north = to_bng(districts().query("is_warwickshire")).total_bounds
    return (west - 2000, south - 2000, east + 2000, north + 2000)


@functools.cache
def district_outlines_bng() -> tuple:
    """Exterior rings of the Warwickshire districts in BNG metres, for drawing on the density."""
    rings = []
    for geometry in to_bng(districts().query("is_warwickshire")).geometry:
        parts = getattr(geometry, "geoms", [geometry])
        rings.extend((np.asarray(part.exterior.xy[0]), np.asarray(part.exterior.xy[1])) for part in parts)
    return tuple(rings)


def county_density(points: pd.DataFrame, bandwidth: int) -> dict:
    """Gaussian kernel density (sd = bandwidth metres) of the points on 250 m cells over the county."""
    return _density(tuple(points["lon"]), tuple(points["lat"]), bandwidth)


@functools.lru_cache(maxsize=16)
def _density(lon: tuple, lat: tuple, bandwidth: int) -> dict:
    x, y = points_to_bng(lon, lat)
    return density_grid(x, y, county_bounds_bng(), bandwidth, CELL_METRES, DENSITY_KERNEL)


def densest_cells(grid: dict, count: int) -> pd.DataFrame:
    """The `count` cells with the highest density (easting, northing of the cell centre)."""
    density = grid["density"]
    order = np.argsort(density, axis=None)[::-1][:count]
    rows, cols = np.unravel_index(order, density.shape)
    return pd.DataFrame({"easting_m": grid["x"][cols].round(0), "northing_m": grid["y"][rows].round(0),
                         "offences_per_km2": density[rows, cols].round(2)})


def lsoa_profile(model: HotspotsModel, code: str) -> LsoaProfile:
    """One LSOA: its numbers, monthly trend, offence mix, time of day, neighbours and Gi* result."""
    filters = model.filters
    params = {"lsoa_code": code, "start": filters.period.start, "end": filters.period.end,
              "offence_group": filters.offence_group}
    near = model.table[model.table["lsoa_code"].isin(lsoa_weights(tuple(model.table["lsoa_code"])).neighbours(code))]
    near = near[["lsoa_code", "lsoa_name", "offence_count", "rate_per_1000", "imd_decile"]].copy()
    near["gi_class"] = gi_labels(near["lsoa_code"], model.gi).to_numpy()
    return LsoaProfile(
        code=code, row=model.table.set_index("lsoa_code").loc[code],
        gi_label=gi_labels(pd.Series([code]), model.gi).iloc[0],
        months=run_query("hotspots_lsoa_months", **params), mix=run_query("hotspots_lsoa_offence_mix", **params),
        hours=run_query("hotspots_lsoa_hours", **params), neighbours=near.reset_index(drop=True),
    )
