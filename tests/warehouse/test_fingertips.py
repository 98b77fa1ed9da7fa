"""OHID Fingertips exports as downloaded (issue #17): exact counts on two hand-written exports (the newer
header with 'Time period range' and a region parent column, the older without it and a county parent
column), values kept as published, pooled periods kept as such, reloads replacing, and every kind of
bad file refused with file, line and column named and nothing loaded."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from settings import PROJECT_ROOT
from warehouse import db
from warehouse.errors import IngestError
from warehouse.ingest import ingest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fingertips"
COUNTIES = "fingertips-counties-2026-11-02.csv"  # newer export: Time period range; parent West Midlands region
DISTRICTS = "indicators-DistrictUA.data.csv"  # older export: no Time period range; parent Warwickshire
DISTRICTS_SAVED = dt.datetime(2026, 11, 5, 9, 30)


@pytest.fixture
def exports(tmp_path) -> Path:
    """The two fixture exports in a folder, the district file saved on 5 November 2026."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in (COUNTIES, DISTRICTS):
        shutil.copy(FIXTURES / name, folder / name)
    os.utime(folder / DISTRICTS, (DISTRICTS_SAVED.timestamp(), DISTRICTS_SAVED.timestamp()))
    return folder


def _rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def test_both_header_versions_load_with_exact_counts(con, exports):
    report = ingest(con, "fingertips", [exports / COUNTIES, exports / DISTRICTS])
    counties, districts = report.files
    assert (counties.rows_loaded, counties.rows_replaced, districts.rows_loaded) == (10, 0, 8)
    assert counties.rows_skipped == {"indicator not in reference/fingertips_indicators.csv": 2,
                                     "exact repeat of an earlier row": 1}
    assert districts.rows_skipped == {}
    assert (report.rows_loaded, report.rows_skipped) == (18, 3)
    assert dict(report.by_key["fingertips"]) == {
        "10401 First time entrants to the youth justice system": 3,
        "11201 Violent crime - hospital admissions for violence (including sexual violence)": 7,
        "11202 Violent crime - violence offences per 1,000 population": 8,
    }
    exported = _rows(con, "select file, exported_on, exported_basis, parent_column from fingertips_exports "
                          "order by ingest_id")
    assert exported == [
        (str(exports / COUNTIES), dt.date(2026, 11, 2), "file name",
         "Compared to West Midlands region value or percentiles"),
        (str(exports / DISTRICTS), dt.date(2026, 11, 5), "file modified",
         "Compared to Warwickshire value or percentiles"),
    ]
    # every area in the file is kept (Worcestershire as a benchmark; England's deprivation-decile row too)
    assert _rows(con, "select area_code, count(*) from fingertips_values where fingertips_indicator_id = 11201 "
                      "group by 1 order by 1") == [("E10000031", 3), ("E10000034", 1), ("E12000005", 1),
                                                   ("E92000001", 2)]
    assert "skipped" in "\n".join(report.lines())


def test_values_limits_counts_and_comparisons_as_published(con, exports):
    ingest(con, "fingertips", [exports / COUNTIES, exports / DISTRICTS])
    row = _rows(con, """select value, lower_ci_95, upper_ci_95, lower_ci_99_8, upper_ci_99_8, count, denominator,
            recent_trend, compared_to_england, compared_to_parent, period_range, period_sortable, parent_code,
            area_type, age
        from fingertips_values where fingertips_indicator_id = 11201 and area_code = 'E10000031'
          and period_label = '2020/21 - 22/23'""")
    assert row == [(296.8, 288.1, 305.7, 283.2, 310.8, 4268.0, 1438011.0, "Cannot be calculated", "Better 95%",
                    "Better 95%", "3y", 20200000, "E12000005", "Counties & UAs (from Apr 2023)", "All ages")]
    suppressed = _rows(con, "select value, lower_ci_95, count, denominator, value_note from fingertips_values "
                            "where fingertips_indicator_id = 10401 and area_code = 'E10000031' and period_label = '2022'")
    assert suppressed == [(None, None, None, 59950.0, "Value suppressed for disclosure control due to small count")]
    # the older export: no Time period range; a quoted comma inside a value note
    stratford = _rows(con, "select period_range, value_note, compared_to_parent from fingertips_values "
                           "where area_code = 'E07000221'")
    assert stratford == [(None, "Includes offences recorded by British Transport Police, allocated to the district",
                          "Better 95%")]
    assert _rows(con, "select indicator_name from fingertips_values where fingertips_indicator_id = 11202 limit 1") == [
        ("Violent crime - violence offences per 1,000 population",)]


def test_pooled_periods_are_kept_as_published(con, exports):
    ingest(con, "fingertips", [exports / COUNTIES])
    periods = _rows(con, """select period_label, period_sortable, period_start, period_end from fingertips_values
        where fingertips_indicator_id = 11201 and area_code = 'E10000031' order by period_sortable""")
    assert periods == [
        ("2018/19 - 20/21", 20180000, dt.date(2018, 4, 1), dt.date(2021, 3, 31)),
        ("2019/20 - 21/22", 20190000, dt.date(2019, 4, 1), dt.date(2022, 3, 31)),
        ("2020/21 - 22/23", 20200000, dt.date(2020, 4, 1), dt.date(2023, 3, 31)),
    ]
    calendar = _rows(con, "select period_label, period_start, period_end from fingertips_values "
                          "where fingertips_indicator_id = 10401 and area_code = 'E92000001'")
    assert calendar == [("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31))]


def test_loading_an_export_again_replaces_its_rows(con, exports):
    ingest(con, "fingertips", [exports / COUNTIES, exports / DISTRICTS])
    again = ingest(con, "fingertips", [exports / COUNTIES])
    assert (again.rows_loaded, again.rows_replaced) == (10, 10)
    assert _rows(con, "select count(*) from fingertips_values") == [(18,)]
    assert _rows(con, "select count(*) from fingertips_exports") == [(3,)]


def test_mapping_onto_the_catalogue(con, exports):
    ingest(con, "fingertips", [exports / COUNTIES])
    assert _rows(con, "select fingertips_indicator_id, indicator_id, relation from fingertips_indicator_map "
                      "order by all") == [(10401, "fte_youth_justice", "same"), (11201, "vio_admissions_all", "same"),
                                          (11202, "vio_with_injury", "broader"),
                                          (11202, "vio_without_injury", "broader")]
    catalogue = {row[0] for row in _rows(con, "select indicator_id from indicator_definitions")}
    assert {row[0] for row in _rows(con, "select indicator_id from fingertips_indicator_map")} <= catalogue


# --- refusals: each names file, line and column, and nothing is loaded --------------------------------


def _mutated(folder: Path, change) -> Path:
    """The counties export with `change(header, rows)` applied, under the same file name."""
    with open(FIXTURES / COUNTIES, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    header, rows = change(header, rows)
    path = folder / COUNTIES
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([header, *rows])
    return path


def _set(line: int, column: str, value: str):
    """Change one value: `line` is the file's physical line (header = 1)."""
    def change(header, rows):
        rows[line - 2][header.index(column)] = value
        return header, rows
    return change


def _drop_column(column: str):
    def change(header, rows):
        index = header.index(column)
        return header[:index] + header[index + 1:], [row[:index] + row[index + 1:] for row in rows]
    return change


def _add_column(column: str):
    return lambda header, rows: (header + [column], [row + ["x"] for row in rows])


def _conflicting_repeat(header, rows):
    copy = list(rows[4])  # line 6: Warwickshire 2020/21 - 22/23
    copy[header.index("Value")] = "297.0"
    return header, rows + [copy]


REFUSALS = {
    "missing required column": (_drop_column("Time period Sortable"), 1, "Time period Sortable",
                                "missing column 'Time period Sortable'"),
    "unknown column": (_add_column("Compared to goal (2)"), 1, "Compared to goal (2)", "unexpected column"),
    "misspelt column": (lambda h, r: ([c.replace("Area Code", "Area Cde") for c in h], r), 1, "Area Code",
                        "found 'Area Cde' - misspelt?"),
    "non-numeric value": (_set(4, "Value", "421.5x"), 4, "Value", "'421.5x' is not a number"),
    "non-numeric count": (_set(5, "Count", "4,507"), 5, "Count", "'4,507' is not a number"),
    "negative denominator": (_set(5, "Denominator", "-1415602"), 5, "Denominator", "is negative"),
    "lower above upper (95%)": (_set(6, "Lower CI 95.0 limit", "306.0"), 6, "Lower CI 95.0 limit",
                                "'306.0' is above the Upper CI 95.0 limit 305.7"),
    "lower above upper (99.8%)": (_set(6, "Upper CI 99.8 limit", "282.0"), 6, "Lower CI 99.8 limit",
                                  "'283.2' is above the Upper CI 99.8 limit 282.0"),
    "value below its limit": (_set(6, "Value", "287.5"), 6, "Value", "'287.5' is below the Lower CI 95.0 limit 288.1"),
    "value above its limit": (_set(6, "Value", "320.0"), 6, "Value", "'320.0' is above the Upper CI 99.8 limit 310.8"),
    "bad area code": (_set(7, "Area Code", "Worcs"), 7, "Area Code", "'Worcs' is not an ONS area code"),
    "missing area code": (_set(7, "Area Code", ""), 7, "Area Code", "value missing"),
    "bad indicator id": (_set(3, "Indicator ID", "11201a"), 3, "Indicator ID", "is not a whole number"),
    "duplicate row with other values": (_conflicting_repeat, 15, "Time period",
                                        "'2020/21 - 22/23' repeats line 6"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_bad_exports_are_refused_naming_file_line_and_column(con, tmp_path, case):
    change, line, column, words = REFUSALS[case]
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(FIXTURES / DISTRICTS, good / DISTRICTS)
    bad = _mutated(tmp_path, change)
    before = db.table_counts(con)
    with pytest.raises(IngestError) as refused:
        ingest(con, "fingertips", [good / DISTRICTS, bad])  # all or nothing: the good file is not loaded
    found = [(p.file, p.line, p.column) for p in refused.value.problems if words in p.message]
    assert (str(bad), line, column) in found, [str(p) for p in refused.value.problems]
    assert db.table_counts(con) == before


def test_cli_loads_an_export_and_refuses_a_bad_one(empty_db, tmp_path):
    def cli(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "warehouse", "ingest", "fingertips", str(path), "--db",
                               str(empty_db)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                              check=False)

    loaded = cli(FIXTURES / COUNTIES)
    assert loaded.returncode == 0, loaded.stderr
    assert "fingertips: 1 file, 10 rows loaded, 0 rows replaced" in loaded.stdout
    assert f"indicator not in reference/fingertips_indicators.csv: 2 ({FIXTURES / COUNTIES})" in loaded.stdout
    refused = cli(_mutated(tmp_path, _set(6, "Value", "abc")))
    assert refused.returncode == 1
    assert f"error: {tmp_path / COUNTIES}, line 6, column 'Value': 'abc' is not a number" in refused.stderr
