"""Places for the generator: LSOAs with their points, neighbour districts, out-of-area points.

Warwickshire LSOAs have polygons: each gets a pool of random points inside it (the exact
offence locations of the force extract) and a few named map points ('On or near ...', the
anonymised points data.police.uk publishes), each pool point snapped to its nearest map point.
Neighbour LSOAs have no polygon in the reference, so their points are drawn inside their
district's polygon instead (the LSOA code is right, the point is only in the right district).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.projection import to_bng, to_lonlat
from settings import load_settings

DATA_DIR = Path(__file__).resolve().parent / "data"
POOL_SIZE = 256  # candidate offence points per Warwickshire LSOA
MIN_ANCHORS = 6  # named map points per Warwickshire LSOA at least
NEIGHBOUR_ANCHORS = 5  # named map points per neighbour LSOA
BORDER_METRES = 3000.0  # Warwickshire Police rows outside the county lie this close to it

# Neighbouring districts by the force that polices them.
NEIGHBOUR_FORCES = {
    "West Midlands Police": ("E08000026", "E08000025", "E08000029"),
    "Leicestershire Police": ("E07000132", "E07000129", "E07000131", "E07000134"),
    "Staffordshire Police": ("E07000199", "E07000194"),
    "West Mercia Police": ("E07000238", "E07000236", "E07000234"),
    "Northamptonshire Police": ("E06000062",),
    "Thames Valley Police": ("E07000177", "E07000181"),
    "Gloucestershire Constabulary": ("E07000079",),
}
GENERIC_STREETS = (
    "Parking Area",
    "Supermarket",
    "Shopping Area",
    "Sports/Recreation Area",
    "Petrol Station",
    "Nightclub",
    "High Street",
    "Church Street",
    "Station Road",
    "Park/Open Space",
    "Mill Lane",
    "London Road",
    "Victoria Road",
    "The Green",
    "School Lane",
    "Queens Road",
    "Manor Road",
    "Bus/Coach Station",
    "Pedestrian Subway",
    "Further/Higher Educational Building",
    "Hospital",
    "Police Station",
    "Conference/Exhibition Centre",
    "Theatre/Concert Hall",
    "Park Road",
)



@functools.cache
def warwickshire_districts(reference_dir: Path | None = None) -> dict[str, str]:
    """ONS code -> name of the five Warwickshire districts, from the reference district boundaries
    (the same file the warehouse's `districts` table is loaded from)."""
    reference_dir = reference_dir or load_settings().reference_dir
    data = json.loads((reference_dir / "boundaries" / "lad_2024_buc_warwickshire_neighbours.geojson").read_text())
    chosen = [feature["properties"] for feature in data["features"] if feature["properties"]["is_warwickshire"]]
    return {props["LAD24CD"]: props["LAD24NM"] for props in sorted(chosen, key=lambda p: p["LAD24CD"])}


@dataclass
class PointSet:
    """Points in British National Grid and WGS84, already rounded as they are written."""

    easting: np.ndarray
    northing: np.ndarray
    lon: np.ndarray
    lat: np.ndarray


@dataclass
class CountyLsoas:
    """Warwickshire LSOAs in lookup order, with point pools and named map points."""

    codes: np.ndarray
    names: np.ndarray
    districts: np.ndarray
    imd_decile: np.ndarray
    profile: pd.DataFrame  # real Jan-Mar 2022 counts by group, town_centre flag
    pool: PointSet  # POOL_SIZE points per LSOA, LSOA i at rows i*POOL_SIZE..
    pool_anchor: np.ndarray  # index into anchors for each pool point
    anchors: PointSet
    anchor_names: np.ndarray  # 'On or near ...'


@dataclass
class NeighbourLsoas:
    """LSOAs of the 16 neighbouring districts, each with NEIGHBOUR_ANCHORS map points."""

    codes: np.ndarray
    names: np.ndarray
    districts: np.ndarray
    weights: np.ndarray  # relative crime weight (deprivation and noise)
    anchors: PointSet  # NEIGHBOUR_ANCHORS per LSOA, LSOA i at rows i*NEIGHBOUR_ANCHORS..
    anchor_names: np.ndarray
    border: dict[str, PointSet]  # per district: points within BORDER_METRES of Warwickshire


@dataclass
class Geography:
    county: CountyLsoas
    neighbours: NeighbourLsoas
    outside: pd.DataFrame  # lsoa_code, lsoa_name, lon, lat, location, easting, northing
    district_names: dict[str, str]
    population: pd.DataFrame  # lad_code, lad_name, age_group, usual_residents (England and Wales)
    district_population: dict[str, int]  # all ages


def _candidates(geom_bng, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = geom_bng.bounds
    x = np.round(rng.uniform(minx, maxx, n))
    y = np.round(rng.uniform(miny, maxy, n))
    return x, y


def sample_points(geom_wgs84, geom_bng, n: int, rng: np.random.Generator) -> PointSet:
    """n points inside a polygon, whose written forms (1 m grid, 6-decimal lon/lat) stay inside."""
    shapely.prepare(geom_wgs84)
    chunks: list[tuple[np.ndarray, ...]] = []
    found = 0
    fill = max(geom_bng.area / shapely.box(*geom_bng.bounds).area, 0.05)
    while found < n:
        x, y = _candidates(geom_bng, rng, int((n - found) / fill * 1.3) + 16)
        lon, lat = to_lonlat(x, y)
        lon_r, lat_r = np.round(lon, 6), np.round(lat, 6)
        keep = shapely.contains_xy(geom_wgs84, lon, lat) & shapely.contains_xy(geom_wgs84, lon_r, lat_r)
        chunks.append((x[keep], y[keep], lon_r[keep], lat_r[keep]))
        found += int(keep.sum())
    x, y, lon, lat = (np.concatenate(parts)[:n] for parts in zip(*chunks))
    return PointSet(x, y, lon, lat)


def _concat(sets: list[PointSet]) -> PointSet:
    return PointSet(
        *(np.concatenate([getattr(s, f) for s in sets]) for f in ("easting", "northing", "lon", "lat"))
    )


def _take(points: PointSet, index: np.ndarray) -> PointSet:
    return PointSet(points.easting[index], points.northing[index], points.lon[index], points.lat[index])


def _county(reference_dir: Path, rng: np.random.Generator) -> CountyLsoas:
    polygons = gpd.read_file(reference_dir / "boundaries" / "lsoa_2011_bgc_warwickshire.geojson")
    lookup = pd.read_csv(reference_dir / "lookups" / "lsoa11_to_lad_warwickshire.csv")
    polygons = lookup[["LSOA11CD"]].merge(polygons, on="LSOA11CD", how="left")
    polygons = gpd.GeoDataFrame(polygons, geometry="geometry", crs="EPSG:4326")
    projected = polygons.to_crs(27700).geometry.values
    iod = pd.read_csv(reference_dir / "deprivation" / "iod2019_lsoa11_warwickshire_neighbours.csv")
    decile = lookup["LSOA11CD"].map(iod.set_index("lsoa11_code")["index_of_multiple_deprivation_imd_decile"])
    profile = pd.read_csv(DATA_DIR / "lsoa_profile.csv").set_index("lsoa_code").reindex(lookup["LSOA11CD"])
    streets = pd.read_csv(DATA_DIR / "lsoa_locations.csv").groupby("lsoa_code")["location"].apply(list)
    pools, anchors, names, pool_anchor = [], [], [], []
    anchor_count = 0
    for i, code in enumerate(lookup["LSOA11CD"]):
        pool = sample_points(polygons.geometry.iloc[i], projected[i], POOL_SIZE, rng)
        own = list(streets.get(code, []))
        extra = [f"On or near {s}" for s in rng.choice(GENERIC_STREETS, MIN_ANCHORS, replace=False)]
        labels = (own + [e for e in extra if e not in own])[: max(MIN_ANCHORS, len(own))]
        anchor_index = rng.choice(POOL_SIZE, len(labels), replace=False)
        dx = pool.easting[:, None] - pool.easting[anchor_index][None, :]
        dy = pool.northing[:, None] - pool.northing[anchor_index][None, :]
        pool_anchor.append(anchor_count + np.argmin(dx * dx + dy * dy, axis=1))
        anchors.append(_take(pool, anchor_index))
        names.extend(labels)
        pools.append(pool)
        anchor_count += len(labels)
    return CountyLsoas(
        codes=lookup["LSOA11CD"].to_numpy(str),
        names=lookup["LSOA11NM"].to_numpy(str),
        districts=lookup["LAD13CD"].to_numpy(str),
        imd_decile=decile.fillna(5).to_numpy(float),
        profile=profile,
        pool=_concat(pools),
        pool_anchor=np.concatenate(pool_anchor),
        anchors=_concat(anchors),
        anchor_names=np.array(names, dtype=object),
    )


def _neighbour_lsoa_table(reference_dir: Path) -> pd.DataFrame:
    iod = pd.read_csv(reference_dir / "deprivation" / "iod2019_lsoa11_warwickshire_neighbours.csv")
    iod = iod.rename(columns={"lsoa11_code": "code", "lsoa11_name": "name", "lad19_code": "district"})
    iod["decile"] = iod["index_of_multiple_deprivation_imd_decile"]
    population = pd.read_csv(
        reference_dir / "population" / "census2021_lsoa21_age6_warwickshire_neighbours.csv"
    )
    # IoD 2019 predates West Northamptonshire: take its LSOAs from the Census 2021 table.
    west_northants = population[population["lad_code"] == "E06000062"].drop_duplicates("lsoa21_code")
    west_northants = pd.DataFrame(
        {
            "code": west_northants["lsoa21_code"],
            "name": west_northants["lsoa21_name"],
            "district": "E06000062",
            "decile": 6.0,
        }
    )
    table = pd.concat([iod[["code", "name", "district", "decile"]], west_northants], ignore_index=True)
    neighbours = {code for codes in NEIGHBOUR_FORCES.values() for code in codes}
    return table[table["district"].isin(neighbours)].sort_values("code").reset_index(drop=True)


def _neighbours(reference_dir: Path, rng: np.random.Generator) -> NeighbourLsoas:
    table = _neighbour_lsoa_table(reference_dir)
    districts = gpd.read_file(reference_dir / "boundaries" / "lad_2024_buc_warwickshire_neighbours.geojson")
    districts = districts.set_index("LAD24CD")
    projected = districts.to_crs(27700).geometry
    county = shapely.union_all(projected[districts["is_warwickshire"].astype(bool)].values)
    anchors, border = [], {}
    order = []
    for code in sorted(table["district"].unique()):
        rows = np.flatnonzero(table["district"].to_numpy() == code)
        pool = sample_points(
            districts.geometry[code], projected[code], max(2000, len(rows) * NEIGHBOUR_ANCHORS), rng
        )
        near = shapely.distance(shapely.points(pool.easting, pool.northing), county) <= BORDER_METRES
        border[code] = _take(pool, np.flatnonzero(near)) if near.sum() >= 20 else pool
        pick = rng.choice(
            len(pool.easting), len(rows) * NEIGHBOUR_ANCHORS, replace=len(pool.easting) < len(rows) * 5
        )
        anchors.append(_take(pool, pick))
        order.append(rows)
    table = table.iloc[np.concatenate(order)].reset_index(drop=True)
    weights = np.exp(-0.14 * (table["decile"].to_numpy(float) - 1)) * rng.lognormal(0, 0.6, len(table))
    names = rng.choice(
        np.array([f"On or near {s}" for s in GENERIC_STREETS], dtype=object), len(table) * NEIGHBOUR_ANCHORS
    )
    return NeighbourLsoas(
        codes=table["code"].to_numpy(str),
        names=table["name"].to_numpy(str),
        districts=table["district"].to_numpy(str),
        weights=weights,
        anchors=_concat(anchors),
        anchor_names=names,
        border=border,
    )


def _outside() -> pd.DataFrame:
    outside = pd.read_csv(DATA_DIR / "outside_points.csv")
    easting, northing = to_bng(outside["lon"].to_numpy(), outside["lat"].to_numpy())
    outside["easting"] = np.round(easting)
    outside["northing"] = np.round(northing)
    return outside


def load_geography(reference_dir: Path, seed: int) -> Geography:
    """Build every place the generator needs, deterministically for a seed."""
    rng = np.random.default_rng([seed, 1])
    population = pd.read_csv(reference_dir / "population" / "census2021_lad_age6_england_wales.csv")
    names = (
        population.dropna(subset=["lad_code"]).drop_duplicates("lad_code").set_index("lad_code")["lad_name"]
    )
    return Geography(
        county=_county(reference_dir, rng),
        neighbours=_neighbours(reference_dir, rng),
        outside=_outside(),
        district_names=names.to_dict(),
        population=population.dropna(subset=["lad_code"]),
        district_population=population.groupby("lad_code")["usual_residents"].sum().to_dict(),
    )
