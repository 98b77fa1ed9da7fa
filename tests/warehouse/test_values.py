"""Every value range: months and dates from the earliest month to today, ages 0-120, counts in
digits only, plain decimals, indicator rows that make sense, no repeated aggregate rows.

"Today" is 2026-06-15 here (SVD_TODAY), so the tests do not move with the calendar. Each bad
value is refused naming file, line and column, and the warehouse is unchanged.
"""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.warehouse.conftest import EXTRACT, POLICE, TINY, damaged, refused, rows_of, write
from warehouse.checks import Bounds, kind_rules
from warehouse.formats import Column
from warehouse.ingest import ingest

ADMISSIONS = TINY / "admissions" / "admissions-2023.csv"
AE = TINY / "ae" / "ae-2023.csv"
PEOPLE = TINY / "cohort" / "cohort-people.csv"
INTERVENTIONS = TINY / "cohort" / "cohort-interventions.csv"
INDICATORS = TINY / "indicators" / "indicator-values.csv"
COMMAND = {POLICE: "police-uk", EXTRACT: "force-extract", ADMISSIONS: "admissions", AE: "ae",
           INDICATORS: "indicators"}  # fmt: skip

MONTHS = "is outside the accepted range (months 2010-01 to 2026-06)"
DATES = "is outside the accepted range (dates 2010-01-01 to 2026-06-15)"
COUNT = "is not a whole number written in digits (0 or more)"
AGE = "is not an age (a whole number of years, 0 to 120)"
DECIMAL = "is not a plain decimal number (like 12 or -3.75)"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setenv("SVD_TODAY", "2026-06-15")


# The attacks of issue #9, end to end: file, line, column, message, warehouse unchanged.
CELL_CASES = [
    (POLICE, 3, "Month", "0000-01", MONTHS),
    (POLICE, 3, "Month", "1500-01", MONTHS),
    (POLICE, 3, "Month", "2099-01", MONTHS),
    (POLICE, 3, "Month", "2026-07", MONTHS),
    (POLICE, 3, "Month", "2009-12", MONTHS),
    (POLICE, 2, "Latitude", "0x34", "is not a latitude inside Great Britain (49.8 to 60.9)"),
    (EXTRACT, 2, "offence_datetime", "2026-06-16 00:00", DATES),
    (EXTRACT, 3, "victim_age", "250", AGE),
    (ADMISSIONS, 2, "admissions", "3.5", COUNT),
    (ADMISSIONS, 2, "admissions", "0x10", COUNT),
    (ADMISSIONS, 2, "admissions", "1e3", COUNT),
    (ADMISSIONS, 2, "admissions", "1_000", COUNT),
    (ADMISSIONS, 2, "admissions", "-1", COUNT),
    (AE, 2, "attendance_datetime", "2030-01-14 00:55", DATES),
    (INDICATORS, 2, "value", "inf", DECIMAL),
    (INDICATORS, 3, "numerator", "-3990", "'-3990' is negative: a numerator is 0 or more"),
    (INDICATORS, 3, "denominator", "-1", "'-1' is negative: a denominator is 0 or more"),
    (INDICATORS, 2, "lower_ci", "7.0", "'7.0' is above the value 6.9"),
    (INDICATORS, 2, "upper_ci", "6.8", "'6.8' is below the value 6.9"),
    (INDICATORS, 2, "indicator_id", "knife_things", "'knife_things' is not an indicator id of reference/indicators.csv"),
    (INDICATORS, 2, "period_end", "2099-03-31", DATES),
]  # fmt: skip


@pytest.mark.parametrize("source, line, column, value, message", CELL_CASES)
def test_bad_value_refused(loaded_con, tmp_path, source, line, column, value, message):
    bad = damaged(tmp_path, source, line, column, value)
    error = refused(loaded_con, COMMAND[source], [bad])
    expected = message if message.startswith("'") else f"'{value}' {message}"
    assert (error.file, error.line, error.column, error.message) == (str(bad), line, column, expected)
    assert len(error.problems) == 1


def refused_values(kind: str, values: list[str]) -> list[str]:
    """The values a column kind's rules refuse, all checked in one query ("today" 2026-06-15)."""
    column = Column("v", kind, False, "")
    bounds = Bounds("2010-01", date(2026, 6, 15))
    bad = " or ".join(f"coalesce({predicate}, false)" for predicate, _text in kind_rules(column, bounds))
    con = duckdb.connect()
    con.execute("create table t (i integer, v varchar)")
    con.executemany("insert into t values (?, ?)", list(enumerate(values)))
    sql = f"select v from t where {bad} order by i"
    rows = con.execute(sql, {k: v for k, v in bounds.params().items() if f"${k}" in sql}).fetchall()
    con.close()
    return [row[0] for row in rows]


KIND_CASES = {
    "int": (["0", "7", "007", "999999999"],
            ["3.5", "0x10", "1e3", "1_000", "-1", "+3", "1 000", "٣", "1234567890", "3.", "½", "inf", "0b1"]),
    "age": (["0", "19", "120"], ["121", "250", "-1", "19.0", "1e1", "+19", "0x13", "19_0"]),
    "float": (["0", "-3.75", "12", "12.", ".5", "596773.0", "0.001"],
              ["inf", "-inf", "NaN", "6.9e0", "1E3", "0x1p3", "6_9", "+6.9", "Infinity", "1,5", "--1", "."]),
    "lon": (["-1.597233", "1.8", "-8.7"], ["-1e0", "1.81", "-8.71", "nan", "0x1", "-1_5"]),
    "month": (["2010-01", "2026-06", "2023-12"], ["0000-01", "1500-01", "2009-12", "2026-07", "2099-01",
              "2023-13", "2023-1", "2023/01"]),
    "date": (["2010-01-01", "2026-06-15", "2024-02-29"], ["2009-12-31", "2026-06-16", "2023-02-29", "0001-01-01",
             "2023-1-05", "20230105", "2023-01-05 00:00"]),
    "datetime": (["2010-01-01 00:00", "2026-06-15 23:59:59", "2023-02-17 23:40"],
                 ["2026-06-16 00:00", "2009-12-31 23:59", "2023-02-30 10:00", "2023-2-17 23:40", "2023-02-17",
                  "2023-02-17T23:40", "2023-02-17 24:00"]),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(KIND_CASES))
def test_each_kind_refuses_exactly_the_bad_forms(kind):
    good, bad = KIND_CASES[kind]
    assert refused_values(kind, good + bad) == bad


@pytest.mark.parametrize(
    "line, column, value, message",
    [
        (2, "entry_date", "2099-01-01", DATES),
        (3, "entry_date", "1999-12-31", DATES),
        (2, "age_at_entry", "250", AGE),
        (3, "age_at_entry", "16.5", AGE),
    ],
)
def test_bad_cohort_person_refused(loaded_con, tmp_path, line, column, value, message):
    bad = damaged(tmp_path, PEOPLE, line, column, value)
    error = refused(loaded_con, "cohort", [bad, INTERVENTIONS])
    assert (error.file, error.line, error.column, error.message) == (
        str(bad),
        line,
        column,
        f"'{value}' {message}",
    )


def test_future_intervention_end_refused(loaded_con, tmp_path):
    bad = damaged(tmp_path, INTERVENTIONS, 3, "end_date", "2026-06-16")
    error = refused(loaded_con, "cohort", [PEOPLE, bad])
    assert (error.file, error.line, error.column, error.message) == (
        str(bad),
        3,
        "end_date",
        f"'2026-06-16' {DATES}",
    )


def test_range_ends_are_accepted_and_configurable(con, tmp_path, monkeypatch):
    first = damaged(tmp_path, POLICE, 3, "Month", "2010-01")
    assert ingest(con, "police-uk", [first]).rows_loaded == 8  # the 2010-01 row is its own force-month
    last = tmp_path / "last" / POLICE.name
    last.parent.mkdir()
    write(last, [[c.replace("2023-01", "2026-06") for c in row] for row in rows_of(POLICE)])
    assert ingest(con, "police-uk", [last]).rows_loaded == 8
    monkeypatch.setenv("SVD_EARLIEST_MONTH", "2015-01")
    error = refused(con, "police-uk", [first])
    assert error.message == "'2010-01' is outside the accepted range (months 2015-01 to 2026-06)"
    monkeypatch.setenv("SVD_TODAY", "2026-05-31")
    assert (
        refused(con, "police-uk", [last]).message
        == "'2026-06' is outside the accepted range (months 2015-01 to 2026-05)"
    )


def test_repeated_admissions_row_refused_naming_both_lines(loaded_con, tmp_path):
    rows = rows_of(ADMISSIONS)
    bad = write(tmp_path / ADMISSIONS.name, [*rows, rows[2], rows[1]])  # lines 5 and 6 repeat 3 and 2
    error = refused(loaded_con, "admissions", [bad])
    same = "same month, icd10_cause, age_band, sex, district_code and lsoa_code: the admissions would be counted twice"
    assert (error.file, error.line, error.column) == (str(bad), 5, "month")
    assert error.message == f"'2023-01' repeats line 3 ({same})"


def test_same_key_with_another_count_is_a_repeat_too(loaded_con, tmp_path):
    rows = rows_of(ADMISSIONS)
    bad = write(tmp_path / ADMISSIONS.name, [*rows, [*rows[3][:-1], "9"]])  # blank LSOA on both
    error = refused(loaded_con, "admissions", [bad])
    assert (error.line, error.column, error.message.split(" (")[0]) == (
        5,
        "month",
        "'2023-02' repeats line 4",
    )


@pytest.mark.parametrize(
    "line, changes, column, message",
    [
        (2, {"area_code": "E07999999"}, "area_code", ("'E07999999' is not a known area code (a district, E92000001 "
         "England, an E12 region, E10000031 Warwickshire or NEIGHBOURS)")),
        (2, {"area_code": "E01031254", "area_type": "district"}, "area_code", ("'E01031254' is not a known area "
         "code (a district, E92000001 England, an E12 region, E10000031 Warwickshire or NEIGHBOURS)")),
        (3, {"area_type": "county"}, "area_type", "'county' is not the area type of area code E92000001"),
        (2, {"area_code": "NEIGHBOURS"}, "area_type", "'county' is not the area type of area code NEIGHBOURS"),
        (2, {"area_code": "E12000005", "area_type": "region"}, None, None),
        (2, {"area_code": "E07000222", "area_type": "district"}, None, None),
        (2, {"area_code": "E08000026", "area_type": "district"}, None, None),
        (2, {"value": "", "lower_ci": "9.3", "upper_ci": "4.9"}, "upper_ci", "'4.9' is below lower_ci 9.3"),
        (2, {"lower_ci": "6.9", "upper_ci": "6.9"}, None, None),
        (3, {"area_type": "lsoa"}, "area_type", ("'lsoa' is not one of district, county, region, england, "
         "neighbour_group")),
    ],
)  # fmt: skip
def test_indicator_rows_must_make_sense(loaded_con, tmp_path, line, changes, column, message):
    rows = rows_of(INDICATORS)
    for name, value in changes.items():
        rows[line - 1][rows[0].index(name)] = value
    path = write(tmp_path / INDICATORS.name, rows)
    if message is None:
        report = ingest(loaded_con, "indicators", [path])
        assert report.rows_loaded == 2
        loaded_con.execute("delete from indicator_values")  # the shared warehouse holds no indicators
        return
    error = refused(loaded_con, "indicators", [path])
    assert (error.file, error.line, error.column, error.message) == (str(path), line, column, message)


def test_repeated_indicator_value_names_the_first_line(loaded_con, tmp_path):
    rows = rows_of(INDICATORS)
    bad = write(tmp_path / INDICATORS.name, [*rows, [*rows[1][:7], "40", "596773", "6.7", "4.8", "9.1", "x"]])
    error = refused(loaded_con, "indicators", [bad])
    assert (error.line, error.column, error.message) == (
        4, "indicator_id", "'sv_knife_admissions' repeats line 2 (the same indicator, area and period)",
    )  # fmt: skip


GARBAGE = st.one_of(
    st.text(min_size=0, max_size=8),
    st.from_regex(r"\A[ +\-]?[0-9_]{1,12}([.eE][0-9+\-]{0,3})?[ ]?\Z"),
    st.integers(0, 10**10).map(str),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=GARBAGE)
def test_garbage_count_is_refused_or_loaded_exactly_property(loaded_con, tmp_path, value):
    """A count cell holding anything: refused at line 2, column 'admissions', or (digits only,
    at most 9, spaces around allowed) loaded as exactly that number."""
    bad = damaged(tmp_path, ADMISSIONS, 2, "admissions", value)
    accepted = re.fullmatch(r" *([0-9]{1,9}) *", value)
    if not accepted:
        error = refused(loaded_con, "admissions", [bad])
        assert (error.file, error.line, error.column) == (str(bad), 2, "admissions")
        return
    ingest(loaded_con, "admissions", [bad])
    got = loaded_con.execute(
        "select admissions from hospital_admissions where month = '2023-01-01' and icd10_cause = 'X99'"
    ).fetchall()
    loaded_con.execute("delete from hospital_admissions")  # the shared warehouse holds no admissions
    assert got == [(int(accepted.group(1)),)]
