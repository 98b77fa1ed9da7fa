"""Reference boundaries, read once, checked for CRS and served in EPSG:4326 for display.

Areas and distances are measured in British National Grid (EPSG:27700) via `to_bng`.
The join key with SQL output is `district_code` or `lsoa_code`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import geopandas as gpd

from settings import load_settings

DISPLAY_CRS = "EPSG:4326"
BNG_CRS = "EPSG:27700"
LAD_FILE = "boundaries/lad_2024_buc_warwickshire_neighbours.geojson"
LSOA_FILE = "boundaries/lsoa_2011_bgc_warwickshire.geojson"
ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right. Contains ONS data © Crown copyright "
    "and database right. Contains public sector information licensed under the Open Government "
    "Licence v3.0. Crime data: data.police.uk."
)


def _read(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise FileNotFoundError(f"Boundary file not found: {path} (set SVD_REFERENCE_DIR)")
    frame = gpd.read_file(path)
    if frame.crs is None:
        raise ValueError(f"{path} has no CRS; expected EPSG:4326 (CRS84)")
    return frame.to_crs(DISPLAY_CRS)


@functools.cache
def _districts(reference_dir: Path) -> gpd.GeoDataFrame:
    frame = _read(reference_dir / LAD_FILE)
    frame = frame.rename(columns={"LAD24CD": "district_code", "LAD24NM": "district_name"})
    return frame[["district_code", "district_name", "is_warwickshire", "geometry"]]


@functools.cache
def _lsoas(reference_dir: Path) -> gpd.GeoDataFrame:
    frame = _read(reference_dir / LSOA_FILE)
    frame = frame.rename(
        columns={"LSOA11CD": "lsoa_code", "LSOA11NM": "lsoa_name", "LAD13CD": "district_code"}
    )
    return frame[["lsoa_code", "lsoa_name", "district_code", "geometry"]]


def districts() -> gpd.GeoDataFrame:
    """The 5 Warwickshire districts and 16 neighbours (EPSG:4326), one row per district."""
    return _districts(load_settings().reference_dir).copy()


def lsoas() -> gpd.GeoDataFrame:
    """Warwickshire's 339 LSOAs (2011 definitions, EPSG:4326), one row per LSOA."""
    return _lsoas(load_settings().reference_dir).copy()


def to_bng(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The same features in British National Grid metres, for areas and distances."""
    return frame.to_crs(BNG_CRS)


@functools.cache
def _geojson(kind: str, reference_dir: Path) -> dict:
    frame = _districts(reference_dir) if kind == "districts" else _lsoas(reference_dir)
    key = "district_code" if kind == "districts" else "lsoa_code"
    data = json.loads(frame[[key, "geometry"]].to_json())
    for feature in data["features"]:
        feature["id"] = feature["properties"][key]
    return data


def geojson(kind: str) -> dict:
    """Plotly-ready GeoJSON (feature id = ONS code) for 'districts' or 'lsoas'."""
    if kind not in ("districts", "lsoas"):
        raise ValueError(f"kind must be 'districts' or 'lsoas', got {kind!r}")
    return _geojson(kind, load_settings().reference_dir)


@functools.cache
def _display_lsoas(reference_dir: Path) -> dict:
    shapes = _lsoas(reference_dir)[["lsoa_code", "geometry"]].copy()
    shapes["geometry"] = shapes.geometry.simplify(0.0002, preserve_topology=True).set_precision(0.0001)
    data = json.loads(shapes.to_json(drop_id=True))
    for feature in data["features"]:
        feature["id"] = feature["properties"]["lsoa_code"]
        feature["properties"] = {}
    return data


def display_lsoas() -> dict:
    """LSOA polygons for maps, simplified to about 15 metres and rounded to 4 decimals (about 10 m):
    the full-precision GeoJSON is about 1 MB and is sent to the browser on every run; this one is a
    fraction of that and indistinguishable at the map's zoom."""
    return _display_lsoas(load_settings().reference_dir)
