"""The Data page: holdings, findings, ingest log, definitions and an upload through the real ingest."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import assert_no_exception, open_page


def table_counts(db) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        return {table: con.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}
    finally:
        con.close()


def test_data_page_shows_holdings_log_and_definitions(app_env):
    app = open_page("pages/data.py")
    assert_no_exception(app)
    log_rows = table_counts(app_env)["ingest_log"]
    tables = [frame.value for frame in app.dataframe]
    log_table = next(t for t in tables if "sha256" in t.columns)
    assert len(log_table) == min(log_rows, 200)
    definitions = next(t for t in tables if "police.uk crime type" in t.columns)
    assert len(definitions) == 14 and definitions["Serious violence"].sum() == 3
    holdings = next(t for t in tables if "source" in t.columns and "sha256" not in t.columns)
    assert set(holdings["source"]) == {"police.uk", "force_extract"}


@pytest.fixture
def writable_copy(app_env, tmp_path, monkeypatch):
    from queries.connection import release_connections
    from queries.runner import clear_cache

    copy = tmp_path / "copy.duckdb"
    shutil.copy(app_env, copy)
    monkeypatch.setenv("SVD_DB", str(copy))
    release_connections()
    clear_cache()
    yield copy
    release_connections()
    clear_cache()


HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)


def upload(app, name: str, content: bytes):
    app.selectbox(key="data.upload_format").set_value("police-uk")
    app.file_uploader(key="data.upload_files").set_value((name, content, "text/csv"))
    app.button(key="data.upload_submit").click().run()
    return app


def test_a_bad_upload_names_file_line_and_column_and_changes_nothing(writable_copy):
    before = table_counts(writable_copy)
    bad = HEADER + ",2030-13,Warwickshire Police,Warwickshire Police,-1.5,52.3,On or near X,E01031005,"
    bad += "North Warwickshire 005A,Robbery,,\n"
    app = upload(open_page("pages/data.py"), "2030-13-warwickshire-street.csv", bad.encode())
    messages = [e.value.replace("\\", "") for e in app.error]  # shown as escaped markdown
    assert len(messages) == 1
    assert (
        "2030-13-warwickshire-street.csv" in messages[0]
        and "line 2" in messages[0]
        and "Month" in messages[0]
    )
    assert table_counts(writable_copy) == before


def test_a_good_upload_loads_through_the_same_ingest(writable_copy):
    before = table_counts(writable_copy)
    good = HEADER + "abc,2018-01,Warwickshire Police,Warwickshire Police,-1.52,52.28,On or near X,E01031005,"
    good += "North Warwickshire 005A,Robbery,Under investigation,\n"
    app = upload(open_page("pages/data.py"), "2018-01-warwickshire-street.csv", good.encode())
    assert [e.value for e in app.error] == []
    assert any("2018-01" in s.value or "1 row" in s.value or "rows" in s.value for s in app.success)
    after = table_counts(writable_copy)
    assert after["police_uk_rows"] == before["police_uk_rows"] + 1
    assert after["ingest_log"] == before["ingest_log"] + 1


def test_every_ingest_format_has_a_label_on_the_upload_form():
    from ui.upload import FORMAT_LABELS
    from warehouse.formats import INGEST_FORMATS

    assert set(FORMAT_LABELS) == set(INGEST_FORMATS)
