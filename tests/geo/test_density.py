"""Densities are computed in British National Grid metres: known configurations."""

import math

import numpy as np
import pytest
from pyproj import Geod

from geo.density import (
    hex_bin_counts,
    hexagon_area_m2,
    kernel_density,
    kernel_weight,
    to_bng,
    to_lonlat,
)

# a cell centre of the 100 m grid near Leamington Spa, in BNG metres
CENTRE_X, CENTRE_Y = 432_950.0, 265_050.0


def points_at(x, y, count=1):
    lon, lat = to_lonlat(np.full(count, x), np.full(count, y))
    return lon, lat


def test_projection_is_metres():
    lon, lat = to_lonlat([CENTRE_X, CENTRE_X + 1000], [CENTRE_Y, CENTRE_Y])
    # independent check: geodesic distance on the ellipsoid between the two points ~ 1 km
    # (BNG scale factor near here is within 0.05% of 1)
    _, _, distance = Geod(ellps="WGS84").inv(lon[0], lat[0], lon[1], lat[1])
    assert distance == pytest.approx(1000, rel=1e-3)
    x, y = to_bng(lon, lat)
    assert x == pytest.approx([CENTRE_X, CENTRE_X + 1000], abs=1e-3)
    assert y == pytest.approx([CENTRE_Y, CENTRE_Y], abs=1e-3)


def test_peak_density_of_coincident_points():
    # N points at one cell centre: peak = N K(0) / h^2 with K(0) = 3/pi (quartic), per m^2 -> km^2
    lon, lat = points_at(CENTRE_X, CENTRE_Y, count=7)
    surface = kernel_density(lon, lat, bandwidth_m=500, cell_size_m=100)
    expected = 7 * (3 / math.pi) / 500**2 * 1e6  # 26.74 per km^2
    assert surface["density_per_km2"].max() == pytest.approx(expected, rel=1e-9)
    peak = surface.loc[surface["density_per_km2"].idxmax()]
    assert (peak["x_m"], peak["y_m"]) == pytest.approx((CENTRE_X, CENTRE_Y), abs=1e-6)
    assert surface["bandwidth_m"].unique().tolist() == [500.0]
    gaussian = kernel_density(lon, lat, bandwidth_m=500, cell_size_m=100, kernel="gaussian")
    assert gaussian["density_per_km2"].max() == pytest.approx(7 / (2 * math.pi * 500**2) * 1e6, rel=1e-9)


def test_quartic_value_at_half_bandwidth():
    # K(d = h/2) = 3/(pi h^2) (1 - 1/4)^2 = 27/(16 pi h^2)
    assert kernel_weight(250.0, 500.0) == pytest.approx(27 / (16 * math.pi * 500**2), rel=1e-12)
    assert kernel_weight(500.0, 500.0) == 0.0


@pytest.mark.parametrize("kernel", ["quartic", "gaussian"])
def test_kde_integrates_to_number_of_points(kernel):
    rng = np.random.default_rng(1)
    x = CENTRE_X + rng.normal(0, 2000, 300)
    y = CENTRE_Y + rng.normal(0, 2000, 300)
    lon, lat = to_lonlat(x, y)
    surface = kernel_density(lon, lat, bandwidth_m=400, cell_size_m=100, kernel=kernel)
    cell_km2 = (100 * 100) / 1e6
    assert surface["density_per_km2"].sum() * cell_km2 == pytest.approx(300, rel=0.02)


def test_kde_weights_scale_the_surface():
    lon, lat = points_at(CENTRE_X, CENTRE_Y, count=2)
    plain = kernel_density(lon, lat, bandwidth_m=300)
    weighted = kernel_density(lon, lat, bandwidth_m=300, weights=[2.0, 3.0])
    assert weighted["density_per_km2"].max() == pytest.approx(plain["density_per_km2"].max() * 2.5)


def test_hex_area_and_counts():
    # width 500 m across flats -> area sqrt(3)/2 x 500^2 = 216,506.35 m^2
    assert hexagon_area_m2(500) == pytest.approx(216_506.350946, abs=1e-5)
    rng = np.random.default_rng(2)
    x = CENTRE_X + rng.uniform(-3000, 3000, 1000)
    y = CENTRE_Y + rng.uniform(-3000, 3000, 1000)
    lon, lat = to_lonlat(x, y)
    bins = hex_bin_counts(lon, lat, hex_width_m=500)
    assert bins["count"].sum() == 1000
    assert bins["area_km2"].iloc[0] == pytest.approx(0.21650635, abs=1e-8)
    assert (bins["density_per_km2"] == bins["count"] / bins["area_km2"]).all()
    # the hexagon polygons, projected back to BNG, have the right area in m^2
    projected = bins.to_crs(27700)
    assert projected.area.to_numpy() == pytest.approx(216_506.35, rel=1e-6)
    assert bins.crs.to_epsg() == 4326


def test_hex_assignment_is_nearest_centre():
    rng = np.random.default_rng(3)
    x = CENTRE_X + rng.uniform(-2000, 2000, 400)
    y = CENTRE_Y + rng.uniform(-2000, 2000, 400)
    lon, lat = to_lonlat(x, y)
    bins = hex_bin_counts(lon, lat, hex_width_m=500)
    centres = bins[["x_m", "y_m"]].to_numpy()
    # every point is in the hexagon whose centre is nearest (the defining property of a hexagon grid)
    px, py = to_bng(lon, lat)
    nearest = np.argmin(np.hypot(px[:, None] - centres[:, 0], py[:, None] - centres[:, 1]), axis=1)
    counts = np.bincount(nearest, minlength=len(bins))
    assert counts.tolist() == bins["count"].tolist()
    spacing = np.sort(np.hypot(*(centres[1:] - centres[0]).T))[0]
    assert spacing == pytest.approx(500, abs=1e-6)


def test_empty_and_invalid_inputs():
    assert kernel_density([], []).empty
    assert hex_bin_counts([], []).empty
    with pytest.raises(ValueError):
        kernel_density([52.28], [-1.52])  # lat/lon swapped
    with pytest.raises(ValueError):
        kernel_density([-1.52], [np.nan])
    with pytest.raises(ValueError):
        kernel_density([-1.52], [52.28], kernel="epanechnikov")
    with pytest.raises(ValueError):
        hex_bin_counts([-1.52], [52.28], hex_width_m=0)


def test_docstring_examples():
    import doctest

    import geo.density

    result = doctest.testmod(geo.density)
    assert result.attempted > 0
    assert result.failed == 0
