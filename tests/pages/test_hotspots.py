"""The Hotspots page in AppTest against the sample warehouse: the ranked table, the concentration
sentence and the Gi* result equal an independent recomputation (plain SQL, numpy, esda)."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from tests.conftest import assert_no_exception, open_page

SV = "offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')"
START, END = dt.date(2025, 10, 1), dt.date(2026, 9, 1)
LINK = {"from": "2025-10", "to": "2026-09"}


def lsoa_counts(db) -> pd.DataFrame:
    """Offences per Warwickshire LSOA, sexual offences left out, straight from the incidents view."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f"""select l.lsoa_code, count(i.lsoa_code) as n from lsoas l left join incidents i
                on i.lsoa_code = l.lsoa_code and i.month between ? and ? and {SV}
                and coalesce(i.offence_subgroup, '') <> 'sexual_offences'
                where l.is_warwickshire and l.has_boundary group by l.lsoa_code order by l.lsoa_code""",
            [START, END]).df()
    finally:
        con.close()


def ranked(app) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if "Gi* result" in frame.value.columns)


def test_ranked_table_and_concentration_equal_independent_recomputation(app_env):
    app = open_page("pages/hotspots.py", LINK)
    assert_no_exception(app)
    table = ranked(app)
    counts = lsoa_counts(app_env)
    assert len(table) == len(counts) == 339
    assert table.set_index("LSOA code")["Offences"].sort_index().tolist() == counts["n"].tolist()
    assert table["Offences"].is_monotonic_decreasing
    # top 10% share by hand: 33.9 LSOAs, interpolating the 34th
    ordered = np.sort(counts["n"].to_numpy())[::-1]
    top = (ordered[:33].sum() + 0.9 * ordered[33]) / ordered.sum() * 100
    sentence = next(m.value for m in app.markdown if "10% of LSOAs hold" in m.value)
    assert f"hold {np.floor(top + 0.5):.0f}% of" in sentence
    assert len(app.get("plotly_chart")) >= 5  # map, profile charts, Lorenz, deprivation, density


def test_gi_star_on_the_page_equals_a_hand_computation(app_env):
    import shapely

    from geo.boundaries import lsoas

    app = open_page("pages/hotspots.py", LINK)
    assert_no_exception(app)
    counts = lsoa_counts(app_env)
    shapes = lsoas().set_index("lsoa_code").loc[counts["lsoa_code"]].reset_index()
    # queen neighbours coded here from scratch: LSOAs within 1 metre of each other in British National
    # Grid (the generalised ONS boundaries do not share exact vertices), plus the LSOA itself
    polygons = np.asarray(shapes.to_crs(27700).geometry.values)
    n = polygons.size
    weights = shapely.dwithin(polygons[:, None], polygons[None, :], 1.0).astype(float)
    np.fill_diagonal(weights, 1.0)
    x = counts["n"].to_numpy(float)
    # Ord & Getis (1995) Gi*, binary weights with self: z = (sum w x - W xbar) / (s sqrt((n S1 - W^2) / (n - 1)))
    w_total = weights.sum(axis=1)
    z = (weights @ x - w_total * x.mean()) / (x.std() * np.sqrt((n * w_total - w_total**2) / (n - 1)))
    table = ranked(app).set_index("LSOA code").loc[counts["lsoa_code"]]
    assert table["Gi* z"].to_numpy() == pytest.approx(z, abs=1e-3)
    # Benjamini-Hochberg by hand from the permutation p-values shown
    p = table["Gi* p (permutation)"].to_numpy()
    order = np.argsort(p)
    q = np.minimum.accumulate((p[order] * n / np.arange(1, n + 1))[::-1])[::-1]
    expected = np.empty(n)
    expected[order] = np.minimum(q, 1)
    assert table["Gi* FDR p"].to_numpy() == pytest.approx(expected, abs=2e-3)
    hot = (expected <= 0.05) & (z > 0)
    assert table["Gi* result"].str.startswith("Hot spot").to_numpy().tolist() == hot.tolist()
    assert (p >= 0.001).all()  # 999 permutations: the smallest pseudo p is 1/1000


def test_shared_link_reloads_the_same_view_and_profile(app_env):
    counts = lsoa_counts(app_env)
    code = counts.sort_values(["n", "lsoa_code"]).iloc[len(counts) // 2]["lsoa_code"]
    link = {**LINK, "value": "rate_per_1000", "layer": "imd", "bandwidth": "1000", "lsoa": code}
    first, second = open_page("pages/hotspots.py", link), open_page("pages/hotspots.py", link)
    assert_no_exception(first)
    for key in ("hotspots.value", "hotspots.layer", "hotspots.bandwidth", "hotspots.lsoa"):
        assert first.session_state[key] == second.session_state[key]
    assert first.session_state["hotspots.lsoa"] == code and first.session_state["hotspots.bandwidth"] == 1000
    pd.testing.assert_frame_equal(ranked(first), ranked(second))
    offences = next(m for m in first.metric if m.label == "Offences")
    assert offences.value == f"{int(counts.set_index('lsoa_code').loc[code, 'n']):,}"


def test_choosing_an_lsoa_by_key_shows_its_profile(app_env):
    app = open_page("pages/hotspots.py", LINK)
    counts = lsoa_counts(app_env).set_index("lsoa_code")
    code = counts.index[5]
    app.selectbox(key="hotspots.lsoa").set_value(code).run()
    assert_no_exception(app)
    assert next(m for m in app.metric if m.label == "Offences").value == f"{int(counts.loc[code, 'n']):,}"
