"""Place points in the reference geography: the Warwickshire LSOA (2011) polygon that holds each
point, else the reference district polygon (the 16 neighbours have districts but no LSOA polygons).

Used for data.police.uk stop-and-search rows, which carry coordinates but no LSOA. The polygons are
the generalised reference boundaries (geo/boundaries.py), so a point within a few metres of a
boundary may be placed in the neighbouring area; a point on a shared edge goes to the first
polygon in file order. Points outside every polygon get no district ('outside_reference').
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import boundaries


def place_points(lon: np.ndarray, lat: np.ndarray) -> pd.DataFrame:
    """lsoa_code and district_code (None where none holds it) for each WGS84 point, in order."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=boundaries.DISPLAY_CRS)
    out = pd.DataFrame({"lsoa_code": None, "district_code": None}, index=points.index, dtype=object)
    if points.empty:
        return out
    lsoas = boundaries.lsoas()[["lsoa_code", "district_code", "geometry"]]
    in_lsoa = _first_holder(points, lsoas)
    out.loc[in_lsoa.index, ["lsoa_code", "district_code"]] = in_lsoa[["lsoa_code", "district_code"]].to_numpy()
    rest = points.loc[out["district_code"].isna()]
    if not rest.empty:
        in_district = _first_holder(rest, boundaries.districts()[["district_code", "geometry"]])
        out.loc[in_district.index, "district_code"] = in_district["district_code"].to_numpy()
    return out


def _first_holder(points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each point inside (or on the edge of) a polygon, the first such polygon's columns."""
    joined = gpd.sjoin(points, polygons.reset_index(names="_polygon"), how="inner", predicate="intersects")
    joined = joined.sort_values("_polygon", kind="stable")
    return joined[~joined.index.duplicated(keep="first")].drop(columns=["geometry", "index_right", "_polygon"])


def register_places(con, kept: str, lon: str, lat: str) -> None:
    """Temp table `ss_places` (_file, _rec, lsoa_code, district_code) for the kept rows with coordinates."""
    arrays = con.execute(
        f"select _file, _rec, {lon}::double as lon, {lat}::double as lat from {kept} "
        f"where {lon} is not null and {lat} is not null"
    ).fetchnumpy()
    places = place_points(np.asarray(arrays["lon"], dtype=float), np.asarray(arrays["lat"], dtype=float))
    frame = pd.DataFrame({"_file": np.asarray(arrays["_file"]), "_rec": np.asarray(arrays["_rec"]),
                          "lsoa_code": places["lsoa_code"].to_numpy(), "district_code": places["district_code"].to_numpy()})
    con.register("ss_places_frame", frame)
    con.execute("create or replace temp table ss_places as select _file, _rec, lsoa_code::varchar as lsoa_code, "
                "district_code::varchar as district_code from ss_places_frame")
    con.unregister("ss_places_frame")
