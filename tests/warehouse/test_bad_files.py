"""Every kind of bad file is refused naming file, line and column, and nothing changes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.warehouse.conftest import EXTRACT, POLICE, TINY, damaged, refused, rows_of, write
from warehouse.ingest import ingest

CELL_CASES = [
    ("police-uk", POLICE, 3, "Month", "2023-13", "is not a month"),
    ("police-uk", POLICE, 4, "Month", "Jan 2023", "is not a month"),
    ("police-uk", POLICE, 2, "Longitude", "-12.5", "inside Great Britain"),
    ("police-uk", POLICE, 5, "Latitude", "48.1", "inside Great Britain"),
    ("police-uk", POLICE, 6, "Longitude", "east", "inside Great Britain"),
    ("police-uk", POLICE, 9, "LSOA code", "E0103125", "ONS LSOA code"),
    ("police-uk", POLICE, 9, "Crime type", "", "required"),
    ("force-extract", EXTRACT, 2, "weapon", "machete", "is not one of"),
    ("force-extract", EXTRACT, 3, "offence_datetime", "2023-02-30 25:00", "date and time"),
    ("force-extract", EXTRACT, 3, "easting", "812000", "easting inside Great Britain"),
    ("force-extract", EXTRACT, 4, "northing", "-5", "northing inside Great Britain"),
    ("force-extract", EXTRACT, 2, "ho_offence_code", "999/99", "Home Office offence code"),
    ("force-extract", EXTRACT, 2, "crime_type", "Knife crime", "crime type"),
    ("force-extract", EXTRACT, 2, "suspect_home_district", "E10000031", "ONS district code"),
    ("force-extract", EXTRACT, 4, "domestic", "yes", "Y or N"),
    ("force-extract", EXTRACT, 2, "victim_age", "nineteen", "whole number"),
]


@pytest.mark.parametrize("format_name, source, line, column, value, words", CELL_CASES)
def test_bad_value_refused_with_file_line_column(
    loaded_con, tmp_path, format_name, source, line, column, value, words
):
    bad = damaged(tmp_path, source, line, column, value)
    error = refused(loaded_con, format_name, [bad])
    assert (error.file, error.line, error.column) == (str(bad), line, column)
    assert words in error.message
    assert f"line {line}" in str(error) and str(bad) in str(error)


def test_misspelt_column_named_with_close_match(loaded_con, tmp_path):
    rows = rows_of(POLICE)
    rows[0][rows[0].index("LSOA code")] = "LSOA cod"
    error = refused(loaded_con, "police-uk", [write(tmp_path / "x-street.csv", rows)])
    assert (error.line, error.column) == (1, "LSOA code")
    assert "missing column 'LSOA code'" in error.message and "'LSOA cod'" in error.message


def test_missing_column_refused(loaded_con, tmp_path):
    rows = [row[:-1] for row in rows_of(POLICE)]
    error = refused(loaded_con, "police-uk", [write(tmp_path / "x-street.csv", rows)])
    assert (error.line, error.column) == (1, "Context")


@pytest.mark.parametrize("change, found", [(lambda r: r + ["extra"], 13), (lambda r: r[:-2], 10)])
def test_wrong_number_of_fields_refused(loaded_con, tmp_path, change, found):
    rows = rows_of(POLICE)
    rows[4] = change(rows[4])
    bad = write(tmp_path / "x-street.csv", rows)
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line) == (str(bad), 5)
    assert error.message == f"wrong number of fields: expected 12, found {found}"


@pytest.mark.parametrize(
    "content, line, message",
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            1,
            "not UTF-8 text (binary or wrongly encoded): save it as UTF-8 CSV",
        ),
        (b"\xff\xfe\x00C\x00r", 1, "not UTF-8 text (binary or wrongly encoded): save it as UTF-8 CSV"),
        (b"Crime ID,Month\nab,\x00\x01", 2, "binary content (NUL byte): not a CSV text file"),
        (b"PK\x03\x04garbage\x00\x01", None, "damaged zip archive, not readable (File is not a zip file)"),
    ],
)
def test_binary_file_refused(loaded_con, tmp_path, content, line, message):
    bad = tmp_path / "2023-03-warwickshire-street.csv"
    bad.write_bytes(content)
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line, error.message) == (str(bad), line, message)


def test_text_that_is_not_the_format_refused(loaded_con, tmp_path):
    bad = tmp_path / "notes-street.csv"
    bad.write_text("Dear colleague,\nplease find attached.\n", encoding="utf-8")
    error = refused(loaded_con, "police-uk", [bad])
    assert error.line == 1 and len(error.problems) >= 12


def test_empty_file_and_missing_path_refused(loaded_con, tmp_path):
    empty = tmp_path / "empty-street.csv"
    empty.write_bytes(b"")
    assert "empty file" in refused(loaded_con, "police-uk", [empty]).message
    assert "no such file" in refused(loaded_con, "police-uk", [tmp_path / "nope.csv"]).message


def test_second_file_bad_means_first_not_loaded(loaded_con, tmp_path):
    good = tmp_path / "good" / "2023-03-warwickshire-street.csv"
    good.parent.mkdir()
    write(good, [[c.replace("2023-01", "2023-03") for c in row] for row in rows_of(POLICE)])
    bad = damaged(tmp_path, POLICE, 7, "Latitude", "72.0")
    error = refused(loaded_con, "police-uk", [good, bad])
    assert (error.file, error.line, error.column) == (str(bad), 7, "Latitude")
    assert loaded_con.execute(
        "select count(*) from police_uk_rows where month = '2023-03-01'"
    ).fetchall() == [(0,)]


def test_interventions_for_unknown_person_refused(con, tmp_path):
    rows = rows_of(TINY / "cohort" / "cohort-interventions.csv")
    rows[2][0] = "P999999"
    bad = write(tmp_path / "cohort-interventions.csv", rows)
    error = refused(con, "cohort", [TINY / "cohort" / "cohort-people.csv", bad])
    assert (error.line, error.column) == (3, "person_id")


BAD_VALUES = {
    "Month": st.sampled_from(["2023-00", "2023-1", "23-01", "2023/01", "January", "2023-01-01"]),
    "Longitude": st.one_of(
        st.floats(min_value=1.81, max_value=180).map(lambda v: f"{v:.6f}"),
        st.floats(min_value=-180, max_value=-8.71).map(lambda v: f"{v:.6f}"),
        st.text(alphabet="abcxyz", min_size=1, max_size=5),
    ),
    "Latitude": st.one_of(
        st.floats(min_value=60.91, max_value=90).map(lambda v: f"{v:.6f}"),
        st.floats(min_value=-90, max_value=49.79).map(lambda v: f"{v:.6f}"),
    ),
    "LSOA code": st.from_regex(r"\A(E02|S01|X01|E1)[0-9]{3,8}\Z"),
    "Reported by": st.just(""),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(min_value=2, max_value=9), data=st.data())
def test_malformed_rows_property(loaded_con, tmp_path, line, data):
    column = data.draw(st.sampled_from(sorted(BAD_VALUES)))
    value = data.draw(BAD_VALUES[column])
    # Rows without a location (blank LSOA) refuse a bad coordinate or code just the same.
    bad = damaged(tmp_path, POLICE, line, column, value)
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line, error.column) == (str(bad), line, column)


def test_truncated_download_refused(loaded_con, tmp_path):
    bad = tmp_path / "2022-01-warwickshire-street.csv"
    text = POLICE.read_text(encoding="utf-8")
    bad.write_text(text[: text.index("a003") + 40], encoding="utf-8")
    error = refused(loaded_con, "police-uk", [bad])
    # "a003,2023-01,Warwickshire Police,Warwickshire Police,-1.42" : 5 fields, Latitude first missing
    assert (error.line, error.column) == (4, "Longitude" if error.message.endswith("found 4") else "Latitude")
    assert error.message.startswith("wrong number of fields: expected 12, found")


def test_crlf_file_loads_like_lf(con, tmp_path):
    crlf = tmp_path / "2023-01-warwickshire-street.csv"
    crlf.write_bytes(POLICE.read_bytes().replace(b"\n", b"\r\n"))
    report = ingest(con, "police-uk", [crlf])
    assert report.rows_loaded == 8
    assert con.execute("select count(*) from police_uk_rows where context is not null").fetchall() == [(0,)]
