"""The Outcomes and stop and search page in AppTest against the sample warehouse: every section
renders with no exception, the tables equal plain SQL, the ethnicity table never shows a count of
1 to the threshold, and the widgets are driven by key and kept in the URL."""

from __future__ import annotations

import duckdb
import pytest

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


def test_rates_per_1000_and_ratios_to_white_once_the_census_table_is_loaded(sample_warehouse, tmp_path, monkeypatch):
    import math
    import shutil

    from scipy.stats import chi2

    from queries.connection import release_connections
    from queries.runner import clear_cache
    from tests.warehouse.test_census_ethnicity import TOTALS, TS021
    from warehouse import snapshots
    from warehouse.ingest import ingest

    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(snapshots.current_file(sample_warehouse), db)
    ingest(db, "census-ethnicity", [TS021])
    monkeypatch.setenv("SVD_DB", str(db))
    release_connections()
    clear_cache()
    try:
        app = open_page(PAGE, {**PERIOD, "ethnicity_year": "2025/26"})
        assert_no_exception(app)
        counts = _table(app, "Ethnic group (self-defined)", "Share of searches (%)")
        rates = _table(app, "Ethnic group (self-defined)", "Searches per 1,000 residents")
    finally:
        release_connections()
        clear_cache()
    searches = dict(zip(counts["Ethnic group (self-defined)"], counts["Searches"], strict=True))
    labels = {"asian": "Asian or Asian British", "black": "Black, Black British, Caribbean or African",
              "mixed": "Mixed or multiple ethnic groups", "white": "White", "other": "Other ethnic group"}
    assert list(rates["Ethnic group (self-defined)"]) == [labels[g] for g in ("asian", "black", "mixed", "white", "other")]
    white = int(searches["White"])
    white_rate = 1000 * white / TOTALS["white"]
    for group, label in labels.items():
        row = rates[rates["Ethnic group (self-defined)"] == label].iloc[0]
        count = searches[label]
        assert row["Residents (Census 2021)"] == TOTALS[group] and row["Searches"] == count
        if not str(count).isdigit():  # suppressed: no rate either
            assert row["Searches per 1,000 residents"] == count
            continue
        count = int(count)
        # Independently: exact Poisson limits (chi-squared) under 10, else Byar's formula.
        if count < 10:
            low = chi2.ppf(0.025, 2 * count) / 2 if count else 0.0
            high = chi2.ppf(0.975, 2 * count + 2) / 2
        else:
            low = count * (1 - 1 / (9 * count) - 1.959964 / (3 * math.sqrt(count))) ** 3
            high = (count + 1) * (1 - 1 / (9 * (count + 1)) + 1.959964 / (3 * math.sqrt(count + 1))) ** 3
        per = 1000 / TOTALS[group]
        assert float(row["Searches per 1,000 residents"]) == pytest.approx(round(count * per, 2), abs=0.006)
        assert float(row["Lower 95% limit"]) == pytest.approx(low * per, abs=0.006)
        assert float(row["Upper 95% limit"]) == pytest.approx(high * per, abs=0.006)
        if group == "white":
            assert float(row["Ratio to White"]) == 1.0
        elif count:
            ratio = count * per / white_rate
            half = 1.959964 * math.sqrt(1 / count + 1 / white)
            assert float(row["Ratio to White"]) == pytest.approx(ratio, abs=0.006)
            assert float(row["Ratio lower 95%"]) == pytest.approx(ratio * math.exp(-half), abs=0.006)
            assert float(row["Ratio upper 95%"]) == pytest.approx(ratio * math.exp(half), abs=0.006)


def test_without_the_census_table_the_page_says_how_to_get_rates(app_env):
    app = open_page(PAGE, PERIOD)
    assert not [df for df in app.dataframe if "Searches per 1,000 residents" in df.value.columns]
    about = " ".join(m.value for m in app.markdown)
    assert "no Census 2021 population by ethnic group is loaded" in about and "census-ethnicity" in about
