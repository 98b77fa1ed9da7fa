"""The real data.police.uk files load, and serious-violence counts per month and Warwickshire
district equal an independent computation (python csv + the reference lookup CSV)."""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from settings import load_settings
from warehouse import db
from warehouse.errors import IngestError
from warehouse.ingest import ingest

SERIOUS = {"Violence and sexual offences", "Robbery", "Possession of weapons"}
SETTINGS = load_settings()
FILES = sorted(SETTINGS.police_uk_dir.glob("*-street.csv"))


# What the independent computation gave when the test was written (checked by hand once).
LITERAL = Counter({
    ("2022-01", "E07000218"): 147, ("2022-01", "E07000219"): 300, ("2022-01", "E07000220"): 252,
    ("2022-01", "E07000221"): 225, ("2022-01", "E07000222"): 341,
    ("2022-02", "E07000218"): 115, ("2022-02", "E07000219"): 357, ("2022-02", "E07000220"): 247,
    ("2022-02", "E07000221"): 197, ("2022-02", "E07000222"): 316,
    ("2022-03", "E07000218"): 163, ("2022-03", "E07000219"): 404, ("2022-03", "E07000220"): 279,
    ("2022-03", "E07000221"): 259, ("2022-03", "E07000222"): 325,
    # One Leicestershire Police row in a Rugby LSOA: district by LSOA, not by force.
    ("2022-11", "E07000220"): 1,
})  # fmt: skip


def independent_counts() -> Counter:
    """(month, district) -> serious-violence rows, Warwickshire LSOAs only, from the files."""
    with open(SETTINGS.reference_dir / "lookups" / "lsoa11_to_lad_warwickshire.csv", encoding="utf-8") as f:
        district_of = {row["LSOA11CD"]: row["LAD13CD"] for row in csv.DictReader(f)}
    counts: Counter = Counter()
    for path in FILES:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row["Crime type"] in SERIOUS and row["LSOA code"] in district_of:
                    counts[(row["Month"], district_of[row["LSOA code"]])] += 1
    return counts


def warehouse_counts(con) -> Counter:
    rows = con.execute(
        """select strftime(i.month, '%Y-%m'), i.district_code, count(*) from incidents as i
        join districts as d using (district_code) where d.is_warwickshire and i.is_serious_violence
        group by all"""
    ).fetchall()
    return Counter({(month, district): count for month, district, count in rows})


def contents(con):
    return {
        "counts": db.table_counts(con),
        "rows": con.execute("select * exclude (ingest_id) from police_uk_rows order by all").fetchall(),
    }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, reference_db):
    path = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    shutil.copy(reference_db, path)
    con = db.connect(path)
    report = ingest(con, "police-uk", [SETTINGS.police_uk_dir])
    yield con, report
    con.close()


def test_real_files_present():
    assert len(FILES) == 4


def test_counts_per_month_and_district_match_independent_computation(loaded):
    con, _ = loaded
    expected = independent_counts()
    assert warehouse_counts(con) == expected
    # Literal anchors, so a silent change in both computations is caught too.
    assert expected == LITERAL


def test_every_row_kept_with_location_status(loaded):
    con, report = loaded
    assert report.rows_loaded == 21202
    assert con.execute(
        "select location_status, count(*) from police_uk_rows group by 1 order by 1"
    ).fetchall() == [("known", 13734), ("outside_reference", 6798), ("unknown", 670)]
    assert report.unknown_location == 670 and report.outside_reference == 6798
    # ASB rows: blank Crime ID, all kept even when identical.
    assert con.execute("select count(*) from police_uk_rows where crime_id is null").fetchall() == [(2533,)]


def test_reload_changes_nothing(loaded):
    con, _ = loaded
    before = contents(con)
    counts_before = warehouse_counts(con)
    report = ingest(con, "police-uk", FILES)
    assert report.rows_replaced == report.rows_loaded == 21202
    after = contents(con)
    assert after["rows"] == before["rows"]
    assert {k: v for k, v in after["counts"].items() if k != "ingest_log"} == {
        k: v for k, v in before["counts"].items() if k != "ingest_log"
    }
    assert warehouse_counts(con) == counts_before


def test_zip_archive_as_downloaded_loads_the_same(loaded, tmp_path, empty_db):
    con, _ = loaded
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in FILES:
            month = path.name[:7]
            bundle.write(path, f"{month}/{path.name}")
            bundle.writestr(f"{month}/{month}-warwickshire-readme.txt", "not loaded\n")
    other = db.connect(empty_db)
    try:
        report = ingest(other, "police-uk", [archive])
        assert len(report.files) == 4 and report.files[0].file.startswith(f"{archive}!")
        assert contents(other)["rows"] == contents(con)["rows"]
    finally:
        other.close()


def test_folder_takes_street_outcomes_and_stop_and_search_and_skips_the_rest(tmp_path, con):
    """Since issue #17 the outcomes and stop-and-search files of a download are loaded too (and
    checked: a damaged one refuses the command); other files are skipped."""
    folder = tmp_path / "download" / "2022-01"
    folder.mkdir(parents=True)
    shutil.copy(FILES[0], folder / FILES[0].name)
    (folder / "2022-01-warwickshire-notes.csv.txt").write_text("garbage\x00", encoding="latin-1")
    report = ingest(con, "police-uk", [tmp_path / "download"])
    assert [Path(f.file).name for f in report.files] == [FILES[0].name]
    assert report.rows_loaded == 3724
    (folder / "2022-01-warwickshire-stop-and-search.csv").write_text("x,y\n1,2\n")
    with pytest.raises(IngestError) as info:
        ingest(con, "police-uk", [tmp_path / "download"])
    assert info.value.file.endswith("2022-01-warwickshire-stop-and-search.csv")


def test_ingest_speed(loaded, empty_db):
    import time

    con = db.connect(empty_db)
    try:
        started = time.perf_counter()
        report = ingest(con, "police-uk", FILES)
        elapsed = time.perf_counter() - started
    finally:
        con.close()
    print(
        f"police-uk ingest: {report.rows_loaded} rows in {elapsed:.2f} s = {report.rows_loaded / elapsed:,.0f} rows/s"
    )
    assert elapsed < 10
