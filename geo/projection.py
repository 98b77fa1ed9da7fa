"""Longitude/latitude (EPSG:4326) to British National Grid metres (EPSG:27700) and back: the one
converter the project uses for points (the ingest, densities, the sample generator).

Boundaries (GeoDataFrames) are converted with `geo.boundaries.to_bng`.
"""

from __future__ import annotations

import numpy as np
from pyproj import Transformer

WGS84, BNG = "EPSG:4326", "EPSG:27700"
_TO_BNG = Transformer.from_crs(WGS84, BNG, always_xy=True)
_TO_LONLAT = Transformer.from_crs(BNG, WGS84, always_xy=True)


def to_bng(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project longitude/latitude to British National Grid easting/northing in metres.

    Example:
        >>> x, y = to_bng([-1.5197], [52.2823])  # Royal Leamington Spa
        >>> round(float(x[0]), -2), round(float(y[0]), -2)
        (432900.0, 265000.0)
    """
    lon_array, lat_array = _lonlat(lon, lat)
    x, y = _TO_BNG.transform(lon_array, lat_array)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def to_lonlat(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Convert British National Grid metres back to longitude/latitude."""
    lon, lat = _TO_LONLAT.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def _lonlat(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Validate longitude/latitude arrays within the area British National Grid covers."""
    lon_array = np.asarray(lon, dtype=float).ravel()
    lat_array = np.asarray(lat, dtype=float).ravel()
    if lon_array.shape != lat_array.shape:
        raise ValueError("lon and lat must have the same length")
    if not (np.all(np.isfinite(lon_array)) and np.all(np.isfinite(lat_array))):
        raise ValueError("lon and lat must be finite (drop points with unknown location first)")
    if lon_array.size and (
        lon_array.min() < -9 or lon_array.max() > 3 or lat_array.min() < 49 or lat_array.max() > 61
    ):
        raise ValueError("points must lie within Great Britain (lon -9..3, lat 49..61); are lon/lat swapped?")
    return lon_array, lat_array
