"""data.police.uk outcomes and stop-and-search files (issue #17 part 2): loaded from the same
folders and archives as the street files, with exact counts on the hand-written fixtures, Crime ID
linkage to the latest outcome, placing of searches by coordinates, reloads that replace, and every
bad value refused naming file, line and column with nothing changed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.warehouse.conftest import TINY, damaged, refused, rows_of, write
from warehouse.ingest import ingest

MORE = Path(__file__).resolve().parents[1] / "fixtures" / "police_uk_more"
OUTCOMES_JAN = MORE / "2023-01" / "2023-01-warwickshire-outcomes.csv"
OUTCOMES_FEB = MORE / "2023-02" / "2023-02-warwickshire-outcomes.csv"
SEARCHES_JAN = MORE / "2023-01" / "2023-01-warwickshire-stop-and-search.csv"
SEARCHES_FEB = MORE / "2023-02" / "2023-02-warwickshire-stop-and-search.csv"


def _contents(con) -> dict:
    return {
        "outcomes": con.execute("select * exclude (ingest_id) from police_uk_outcomes order by all").fetchall(),
        "searches": con.execute("select * exclude (ingest_id) from police_uk_stop_search order by all").fetchall(),
        "street": con.execute("select * exclude (ingest_id) from police_uk_rows order by all").fetchall(),
    }


@pytest.fixture
def loaded(con):
    report = ingest(con, "police-uk", [TINY / "police_uk", MORE])
    return con, report


def test_folder_loads_all_three_kinds_with_exact_counts(loaded):
    _con, report = loaded
    assert {f.format for f in report.files} == {"police-uk", "police-uk-outcomes", "police-uk-stop-search"}
    per_file = {Path(f.file).name: f.rows_loaded for f in report.files}
    assert per_file == {
        "2023-01-warwickshire-street.csv": 8, "2023-02-warwickshire-street.csv": 3,
        "2023-01-warwickshire-outcomes.csv": 5, "2023-02-warwickshire-outcomes.csv": 4,
        "2023-01-warwickshire-stop-and-search.csv": 6, "2023-02-warwickshire-stop-and-search.csv": 3,
    }
    assert report.by_key["police-uk-stop-search"] == [("warwickshire 2023-01", 6), ("warwickshire 2023-02", 3)]
    assert report.by_key["police-uk-outcomes"] == [("Warwickshire Police 2023-01", 5), ("Warwickshire Police 2023-02", 4)]
    assert report.unknown_outcome_types == []


def test_latest_outcome_per_crime_by_crime_id(loaded):
    con, _ = loaded
    latest = dict(con.execute("select crime_id, outcome_type from crime_latest_outcome").fetchall())
    assert latest == {
        "a001": "Offender sent to prison",  # Feb replaces Jan's "Suspect charged"
        "a002": "Suspect charged",  # Feb replaces Jan's "Under investigation"
        "a004": "Offender given a drugs possession warning",
        "a006": "Unable to prosecute suspect",
        "b001": "Local resolution",  # two outcomes in one month: the later line wins
        "x999": "Offender given a caution",  # no street row: kept, links to nothing
    }
    linked = con.execute("select count(*) from police_uk_rows as r join crime_latest_outcome using (crime_id)").fetchone()
    assert linked == (5,)
    groups = dict(con.execute("select crime_id, outcome_group from crime_latest_outcome").fetchall())
    assert groups["a001"] == groups["a002"] == "charged_summonsed" and groups["b001"] == "out_of_court"


def test_searches_placed_by_coordinates_and_fields_typed(loaded):
    con, _ = loaded
    rows = con.execute("""select month::varchar, line_number, lsoa_code, district_code, location_status, ethnic_group,
            is_weapon_search, object_found from police_uk_stop_search order by month, line_number""").fetchall()
    assert rows == [
        ("2023-01-01", 2, "E01031254", "E07000222", "known", "white", True, True),
        ("2023-01-01", 3, "E01031254", "E07000222", "known", "black", True, False),
        ("2023-01-01", 4, "E01031067", "E07000219", "known", "asian", False, True),
        ("2023-01-01", 5, None, None, "unknown", "not_stated", True, None),
        ("2023-01-01", 6, None, "E08000026", "known", "mixed", True, True),  # Coventry: district only
        ("2023-01-01", 7, "E01031125", "E07000220", "known", "not_stated", False, False),
        ("2023-02-01", 2, "E01031254", "E07000222", "known", "white", True, False),
        ("2023-02-01", 3, "E01031125", "E07000220", "known", "black", True, True),
        ("2023-02-01", 4, "E01031067", "E07000219", "known", "white", False, True),
    ]
    quoted = con.execute("select policing_operation, part_of_operation, searched_at::varchar from police_uk_stop_search "
                         "where line_number = 6 and month = '2023-01-01'").fetchone()
    assert quoted == ("Operation Sceptre, phase 2", True, "2023-01-20 19:45:00")


def test_zip_archive_with_street_outcomes_and_searches_loads_the_same(loaded, tmp_path, empty_db):
    con, _ = loaded
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for month in ("2023-01", "2023-02"):
            for path in sorted((TINY / "police_uk" / month).glob("*.csv")) + sorted((MORE / month).glob("*.csv")):
                bundle.write(path, f"{month}/{path.name}")
        bundle.writestr("2023-01/README.txt", "skipped")
    from warehouse import db

    other = db.connect(empty_db)
    try:
        report = ingest(other, "police-uk", [archive])
        assert len(report.files) == 6 and all(f.file.startswith(f"{archive}!") for f in report.files)
        assert _contents(other) == _contents(con)
    finally:
        other.close()


def test_reload_replaces_a_force_month_of_each_kind(loaded):
    con, _ = loaded
    before = _contents(con)
    report = ingest(con, "police-uk", [OUTCOMES_JAN, SEARCHES_JAN])
    assert (report.rows_loaded, report.rows_replaced) == (11, 11)
    assert _contents(con) == before


def test_unknown_outcome_type_loads_as_other_and_is_reported(con, tmp_path):
    bad = damaged(tmp_path, OUTCOMES_JAN, 2, "Outcome type", "Referred to a new panel")
    report = ingest(con, "police-uk", [bad])
    assert report.unknown_outcome_types == ["Referred to a new panel"]
    assert con.execute("select outcome_group from police_uk_outcomes where crime_id = 'a001'").fetchone() == ("other",)


def test_a_search_a_day_either_side_of_its_files_month_loads(con, tmp_path):
    # Dates are UTC: 00:30 on 1 July in summer time is 23:30 on 30 June, in the June file.
    edge = damaged(tmp_path, SEARCHES_JAN, 2, "Date", "2022-12-31T23:30:00+00:00")
    rows = rows_of(edge)
    rows[2][rows[0].index("Date")] = "2023-02-01T00:10:00+00:00"
    edge = write(edge, rows)
    ingest(con, "police-uk", [edge])
    assert con.execute("select strftime(month, '%Y-%m'), min(searched_at)::date::varchar, max(searched_at)::date::varchar "
                       "from police_uk_stop_search group by 1").fetchall() == [("2023-01", "2022-12-31", "2023-02-01")]


CELL_CASES = [
    (OUTCOMES_JAN, 3, "Month", "2023-13", "is not a month"),
    (OUTCOMES_JAN, 3, "Month", "2009-12", "outside the accepted range"),
    (OUTCOMES_JAN, 2, "Longitude", "-12.5", "inside Great Britain"),
    (OUTCOMES_JAN, 5, "LSOA code", "E0109590", "ONS LSOA code"),
    (OUTCOMES_JAN, 6, "Crime ID", "", "required"),
    (OUTCOMES_FEB, 4, "Outcome type", "", "required"),
    (SEARCHES_JAN, 2, "Date", "2023-01-05 21:30", "is not a date and time"),
    (SEARCHES_JAN, 3, "Date", "2023-02-30T10:00:00+00:00", "is not a date and time"),
    (SEARCHES_JAN, 4, "Date", "2009-01-05T10:00:00+00:00", "outside the accepted range"),
    (SEARCHES_JAN, 5, "Date", "", "required"),
    (SEARCHES_JAN, 3, "Date", "2023-03-04T10:00:00+00:00", "is not in the month the file's name gives, 2023-01"),
    (SEARCHES_JAN, 2, "Date", "2022-12-30T23:30:00+00:00", "is not in the month the file's name gives, 2023-01"),
    (SEARCHES_JAN, 2, "Latitude", "48.1", "inside Great Britain"),
    (SEARCHES_JAN, 3, "Longitude", "west", "inside Great Britain"),
    (SEARCHES_JAN, 2, "Age range", "18 to 24", "is not one of"),
    (SEARCHES_JAN, 3, "Gender", "M", "is not one of"),
    (SEARCHES_JAN, 4, "Type", "Foot search", "is not one of"),
    (SEARCHES_FEB, 3, "Outcome linked to object of search", "Yes", "is not one of True, False"),
    (SEARCHES_FEB, 2, "Officer-defined ethnicity", "white", "is not one of"),
    (SEARCHES_FEB, 4, "Removal of more than just outer clothing", "0", "is not one of True, False"),
    (SEARCHES_FEB, 2, "Longitude", "", "value missing: Latitude is given"),
]


@pytest.mark.parametrize("source, line, column, value, words", CELL_CASES,
                         ids=[f"{c[0].name[8:12]}-{c[2]}-{c[3] or 'blank'}" for c in CELL_CASES])
def test_bad_value_refused_with_file_line_column(loaded_con, tmp_path, source, line, column, value, words):
    bad = damaged(tmp_path, source, line, column, value)
    # All or nothing: a good street file in the same command is not loaded either.
    error = refused(loaded_con, "police-uk", [TINY / "police_uk" / "2023-02", bad])
    assert (error.file, error.line, error.column) == (str(bad), line, column)
    assert words in error.message


@pytest.mark.parametrize("name, words", [
    ("searches.csv", "the file name must be YYYY-MM-<force>-stop-and-search.csv"),
    ("2099-01-warwickshire-stop-and-search.csv", "the month of the file name, 2099-01, is not a month in"),
    ("2023-13-warwickshire-stop-and-search.csv", "the month of the file name, 2023-13"),
])
def test_stop_and_search_file_name_gives_force_and_month(loaded_con, tmp_path, name, words):
    bad = write(tmp_path / name, rows_of(SEARCHES_JAN))
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line, error.column) == (str(bad), None, None)
    assert words in error.message


def test_outcomes_header_with_a_missing_column_is_named(loaded_con, tmp_path):
    rows = [row[:-1] for row in rows_of(OUTCOMES_JAN)]
    bad = write(tmp_path / OUTCOMES_JAN.name, rows)
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.line, error.column) == (1, "Outcome type")
    assert "police-uk-outcomes format" in error.message
