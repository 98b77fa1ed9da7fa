"""Cross-border page in AppTest on the sample warehouse: content checks driven by URL parameters
and widget keys, flows equal to a recomputation from the warehouse, no small count on the page."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.conftest import assert_no_exception, open_page

PAGE = "pages/cross_border.py"
PEOPLE_COLUMNS = {"Offences", "Imports", "Exports", "Offences with known suspect home",
                  "Suspect lives outside the county", "Known suspect home", "Out of county"}
MATRIX_COLUMNS = {"North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick",
                  "Warwickshire (five districts)"}


def _table(app, first_column: str, having: str | None = None):
    return next(df.value for df in app.dataframe
                if df.value.columns[0] == first_column and (having is None or having in df.value.columns))


def small_counts(app, columns=PEOPLE_COLUMNS | MATRIX_COLUMNS) -> list:
    """Every shown cell in a people-count column holding a whole number 1..4."""
    found = []
    for element in app.dataframe:
        frame = element.value
        if frame.columns[0] == "Area":  # border band: offences by area, not about people
            continue
        for column in set(frame.columns) & columns:
            for value in frame[column]:
                text = str(value).replace(",", "")
                if text.isdigit() and 1 <= int(text) <= 4:
                    found.append((frame.columns[0], column, value))
    return found


def test_default_view_flows_match_the_warehouse(app_env):
    app = open_page(PAGE)
    assert_no_exception(app)
    # the default period ends Sep 2026: counts by suspect home are for the latest whole year, 2025/26
    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 1)
    assert "financial year 2025/26" in "\n".join(m.value for m in app.markdown)
    flows = _table(app, "Suspect lives in", "Offence in")
    assert len(flows) == 17 * 5  # 16 neighbours + elsewhere, by 5 districts
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        raw = {(o, d): n for o, d, n in con.execute(
            """select coalesce(h.district_name, 'Elsewhere (not a neighbouring district)'), w.district_name, count(*)
               from force_extract_rows f
               join districts w on w.district_code = f.district_code and w.is_warwickshire
               left join districts h on h.district_code = f.suspect_home_district
               where f.month between ? and ? and f.suspect_home_district is not null
                 and coalesce(h.is_warwickshire, false) = false
                 and f.offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')
               group by all""", [start, end]).fetchall()}
    finally:
        con.close()
    for row in flows.itertuples(index=False):
        origin, destination, shown = row
        expected = raw.get((origin, destination), 0)
        assert shown == "[c]" and expected > 0 or int(shown) == expected, (origin, destination, shown, expected)
    assert small_counts(app) == []


def test_url_parameters_drive_the_page(app_env):
    app = open_page(PAGE, {"offence": "robbery", "band_m": "1000", "matrix_view": "share"})
    assert_no_exception(app)
    assert app.session_state["crossborder.band_m"] == 1000
    bands = _table(app, "Area")
    assert list(bands["Area"]) == ["Within 1,000 m of the West Midlands", "Rest of Warwickshire"]
    assert bands["LSOAs"].sum() > 300
    matrix = _table(app, "Suspect lives in", "Warwickshire (five districts)")
    # robbery alone: homes are published as in or outside the county only (and all known homes)
    assert sorted(matrix["Suspect lives in"]) == ["All known homes", "Outside Warwickshire", "Warwickshire (five districts)"]
    assert set(matrix.loc[matrix["Suspect lives in"] == "All known homes", "Warwickshire (five districts)"]) <= {"100.0", "[c]"}
    assert small_counts(app, PEOPLE_COLUMNS) == []


def test_widgets_by_key_change_the_view(app_env):
    app = open_page(PAGE)
    app.radio(key="crossborder.matrix_view").set_value("share").run()
    app.select_slider(key="crossborder.band_m").set_value(8000).run()
    assert_no_exception(app)
    assert _table(app, "Area")["Area"].iloc[0] == "Within 8,000 m of the West Midlands"
    assert app.query_params["band_m"] == ["8000"] or app.query_params["band_m"] == "8000"
