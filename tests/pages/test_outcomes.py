"""The Outcomes and stop and search page in AppTest against the sample warehouse: every section
renders with no exception, the tables equal plain SQL, the ethnicity table never shows a count of
1 to the threshold, and the widgets are driven by key and kept in the URL."""

from __future__ import annotations

import duckdb

from settings import load_settings
from tests.conftest import assert_no_exception, open_page

PAGE = "pages/outcomes.py"
PERIOD = {"from": "2025-04", "to": "2026-03"}
COUNTY = "('E07000218', 'E07000219', 'E07000220', 'E07000221', 'E07000222')"


def _table(app, first_column: str, second: str | None = None):
    found = [df.value for df in app.dataframe if df.value.columns[0] == first_column
             and (second is None or second in df.value.columns)]
    assert len(found) == 1, (first_column, len(found))
    return found[0]


def _direct(db, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_page_renders_every_section_and_matches_the_warehouse(app_env):
    app = open_page(PAGE, PERIOD)
    assert_no_exception(app)
    headers = [h.value for h in app.header if h.value != "Filters"]  # 'Filters': the shared sidebar
    assert headers == ["Outcomes of the offences", "Stop and search", "Searches for weapons by ethnic group"]
    outcomes = _table(app, "Outcome", "Crimes")
    expected = _direct(app_env, f"""select count(*) from police_uk_rows where crime_id is not null
        and month between '2025-04-01' and '2026-03-01' and district_code in {COUNTY}
        and offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')""")[0][0]
    assert int(outcomes["Crimes"].sum()) == expected > 0
    districts = _table(app, "District", "Searches")
    searches = _direct(app_env, f"""select count(*), count(*) filter (where object_found) from police_uk_stop_search
        where is_weapon_search and month between '2025-04-01' and '2026-03-01' and district_code in {COUNTY}""")[0]
    assert (int(districts["Searches"].sum()), int(districts["Object found"].sum())) == searches
    assert app.session_state["outcomes.ethnicity_year"] == "2025/26"


def test_ethnicity_table_shows_no_small_count_and_says_why_no_rates(app_env):
    app = open_page(PAGE, PERIOD)
    threshold = load_settings().suppression_threshold
    for year in app.selectbox(key="outcomes.ethnicity_year").options:
        app.selectbox(key="outcomes.ethnicity_year").set_value(year).run()
        assert_no_exception(app)
        table = _table(app, "Ethnic group (self-defined)")
        assert len(table) == 7
        small = [v for column in ("Searches", "Object found") for v in table[column]
                 if str(v).isdigit() and 1 <= int(v) <= threshold]
        assert small == []
    text = " ".join(m.value for m in app.markdown)
    assert "no Census 2021 population by ethnic group" in text


def test_all_searches_from_the_url_and_back_by_key(app_env):
    app = open_page(PAGE, {**PERIOD, "object_scope": "all"})
    assert_no_exception(app)
    every = int(_table(app, "District", "Searches")["Searches"].sum())
    app.radio(key="outcomes.object_scope").set_value("weapons").run()
    assert_no_exception(app)
    weapons = int(_table(app, "District", "Searches")["Searches"].sum())
    assert every > weapons > 0
    assert app.query_params["object_scope"] == ["weapons"] or app.query_params.get("object_scope") == "weapons"


def test_the_ethnicity_year_is_read_from_the_link_and_a_year_not_loaded_is_named(app_env):
    app = open_page(PAGE, {**PERIOD, "ethnicity_year": "2024/25"})
    assert_no_exception(app)
    assert app.session_state["outcomes.ethnicity_year"] == "2024/25"
    notes = " ".join(info.value for info in app.info if "About this link" in info.value)
    assert "ethnicity_year" not in notes  # the page's own parameter is not called unused
    app = open_page(PAGE, {**PERIOD, "ethnicity_year": "1999/00"})
    assert app.session_state["outcomes.ethnicity_year"] == "2025/26"
    notes = " ".join(info.value for info in app.info if "About this link" in info.value)
    assert "Financial year '1999/00' has no whole year of searches loaded; 2025/26 is shown." in notes
