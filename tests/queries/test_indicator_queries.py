"""The indicator, commentary and catalogue queries: they run, return their declared grain, apply the
disclosure rules, and the page's values match an independent recomputation from the warehouse."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from scipy import stats as sp

from models.indicators import indicators_model
from queries import run_query

SV = ["homicide", "violence_with_injury", "violence_without_injury", "robbery", "sexual_offences"]
YEAR = "2024/25"
COUNTY_SQL = "select district_code from districts where is_warwickshire"


def _byar_or_exact(count: int) -> tuple[float, float]:
    """Independent 95% limits: exact chi-squared below 10, Byar's formula from 10 (PHE guide)."""
    if count < 10:
        lower = sp.chi2.ppf(0.025, 2 * count) / 2 if count else 0.0
        return lower, sp.chi2.ppf(0.975, 2 * count + 2) / 2
    z = 1.959964
    lower = count * (1 - 1 / (9 * count) - z / (3 * count**0.5)) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * (count + 1) ** 0.5)) ** 3
    return lower, upper


@pytest.fixture(scope="module")
def table(sample_warehouse):
    from queries.connection import release_connections
    from queries.runner import clear_cache

    mp = pytest.MonkeyPatch()
    mp.setenv("SVD_DB", str(sample_warehouse))
    release_connections()
    clear_cache()
    latest = run_query("months_available")["month"].dt.date.max()
    yield indicators_model(YEAR, latest).table.set_index("indicator_id")
    release_connections()
    clear_cache()
    mp.undo()


def _raw(db, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()[0]
    finally:
        con.close()


def test_catalogue_has_every_indicator_of_the_architecture(app_env):
    ids = set(run_query("indicator_definitions_all")["indicator_id"])
    assert ids == {
        "sv_knife_admissions", "sv_knife_admissions_u25", "sv_knife_crime", "sv_knife_crime_u25", "sv_homicides",
        "sv_homicides_u25_knife", "vio_admissions_all", "vio_with_injury", "vio_without_injury",
        "fte_youth_justice", "school_exclusions", "ae_assault_attendances", "repeat_victimisation",
        "cohort_reoffending", "trained_practitioner_referrals",
    }


def test_cube_queries_have_four_quarters_and_a_year_row(app_env):
    frame = run_query("indicator_admissions_by_quarter", causes=["X99"], population="all")
    assert list(frame.columns[:6]) == ["financial_year", "quarter", "period_start", "month_count", "admissions",
                                       "denominator"]
    counts = frame.groupby("financial_year")["quarter"].apply(set)
    assert counts[YEAR] == {"Q1", "Q2", "Q3", "Q4", "all"}
    year = frame[(frame["financial_year"] == YEAR) & (frame["quarter"] == "all")].iloc[0]
    assert year["month_count"] == 12
    # HES rule: every shown count is 0 or a multiple of 5 above 7.
    shown = frame["admissions"].dropna().astype(int)
    assert ((shown == 0) | ((shown % 5 == 0) & (shown > 7))).all()


def test_victim_query_suppresses_small_counts(app_env):
    frame = run_query("indicator_victims_u25_by_quarter", subgroups=["homicide"], knife_only=True)
    shown = frame["victim_count"].dropna().astype(int)
    assert ((shown == 0) | (shown > 4)).all()
    assert "victim_count_suppressed" in frame.columns


def test_crimes_by_month_is_one_row_per_extract_month(app_env):
    frame = run_query("indicator_crimes_by_month", subgroups=SV, knife_only=True)
    assert frame["month"].is_unique and frame["month"].is_monotonic_increasing
    months = _raw(app_env, "select count(distinct month) from force_extract_rows where force = 'Warwickshire Police'")
    assert len(frame) == months[0]


def test_knife_crime_value_and_interval_recomputed(app_env, table):
    (count,) = _raw(app_env, f"""
        select count(*) from force_extract_rows
        where district_code in ({COUNTY_SQL}) and weapon = 'knife_sharp'
          and offence_subgroup in ('homicide','violence_with_injury','violence_without_injury','robbery','sexual_offences')
          and month between '2024-04-01' and '2025-03-01'""")
    (population,) = _raw(app_env, f"select sum(pop_all_ages) from population_district where district_code in ({COUNTY_SQL})")
    row = table.loc["sv_knife_crime"]
    lower, upper = _byar_or_exact(count)
    assert row["numerator"] == count
    assert row["value"] == pytest.approx(count / population * 100_000, rel=1e-9)
    assert row["lower"] == pytest.approx(lower / population * 100_000, rel=1e-6)
    assert row["upper"] == pytest.approx(upper / population * 100_000, rel=1e-6)


def test_knife_admissions_value_uses_the_rounded_count(app_env, table):
    (raw,) = _raw(app_env, f"""
        select sum(admissions) from hospital_admissions
        where district_code in ({COUNTY_SQL}) and icd10_cause = 'X99' and month between '2024-04-01' and '2025-03-01'""")
    (population,) = _raw(app_env, f"select sum(pop_all_ages) from population_district where district_code in ({COUNTY_SQL})")
    row = table.loc["sv_knife_admissions"]
    if 1 <= raw <= 7:
        assert row["suppressed"]
        return
    rounded = 5 * int(raw / 5 + 0.5)  # HES rounding to the nearest 5, halves up
    assert row["numerator"] == rounded
    lower, upper = _byar_or_exact(rounded)
    assert row["value"] == pytest.approx(rounded / population * 100_000)
    assert (row["lower"], row["upper"]) == pytest.approx((lower / population * 1e5, upper / population * 1e5), rel=1e-6)


def test_published_indicator_is_read_from_the_values_table(app_env, table):
    value, lower, upper = _raw(app_env, """
        select value, lower_ci, upper_ci from indicator_values
        where indicator_id = 'fte_youth_justice' and area_code = 'E10000031' and period_label = $year""",
                               {"year": YEAR})
    row = table.loc["fte_youth_justice"]
    assert (row["value"], row["lower"], row["upper"]) == pytest.approx((value, lower, upper))
    (england,) = _raw(app_env, """select value from indicator_values where indicator_id = 'fte_youth_justice'
                                  and area_code = 'E92000001' and period_label = $year""", {"year": YEAR})
    expected = "better" if upper < england else "worse" if lower > england else "similar"
    assert row["vs_england"] == expected


def test_cohort_reoffending_is_a_wilson_percentage(app_env, table):
    (n, k) = _raw(app_env, """
        select count(r.proven_reoffence), count(*) filter (where r.proven_reoffence)
        from cohort_people_published p join cohort_reoffending r using (person_id)
        join calendar c on c.month = date_trunc('month', p.entry_date) where c.financial_year = $year""",
                  {"year": YEAR})
    row = table.loc["cohort_reoffending"]
    z = sp.norm.ppf(0.975)
    centre, half = (k + z * z / 2) / (n + z * z), z * (k * (n - k) / n + z * z / 4) ** 0.5 / (n + z * z)
    assert row["value"] == pytest.approx(100 * k / n)
    assert (row["lower"], row["upper"]) == pytest.approx((100 * (centre - half), 100 * (centre + half)), rel=1e-9)


def test_commentary_queries_return_latest_and_history(app_env):
    assert list(run_query("commentary_latest_by_indicator", period_label=YEAR).columns) == [
        "indicator_id", "period_label", "author", "body", "written_at", "versions"]
    assert list(run_query("commentary_history_by_indicator", indicator_id="sv_homicides").columns) == [
        "commentary_id", "indicator_id", "period_label", "author", "body", "written_at"]


def test_homicide_dates_are_sorted(app_env):
    frame = run_query("indicator_homicide_dates")
    assert frame["occurred_on"].is_monotonic_increasing
    assert isinstance(frame["occurred_on"].iloc[0], dt.date | pd.Timestamp)
