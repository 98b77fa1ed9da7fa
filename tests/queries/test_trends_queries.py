"""Trends queries on the sample warehouse: grain, declared columns, totals equal plain SQL."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from queries import run_query

DISTRICTS = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
SV = "offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')"
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 1)


def scalar(db, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()


def params(**extra):
    return {"start": START, "end": END, "districts": DISTRICTS, "offence_group": "serious_violence", **extra}


@pytest.mark.parametrize("dimension", ["total", "offence", "district", "weapon", "victim_age", "source"])
def test_monthly_series_cover_every_month_and_sum_to_the_direct_count(app_env, dimension):
    frame = run_query("trends_series_by_period", **params(dimension=dimension, grain="month"))
    assert list(frame.columns) == ["period_start", "series", "offence_count", "population", "rate_per_1000"]
    assert frame.groupby("series").size().eq(12).all()  # one row per month x series
    direct = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} "
                    f"and district_code in {tuple(DISTRICTS)}", [START, END])
    assert frame["offence_count"].sum() == direct


def test_district_rates_use_each_districts_census_population(app_env):
    frame = run_query("trends_series_by_period", **params(dimension="district", grain="month"))
    row = frame[frame["series"] == "E07000220"].iloc[0]
    pop = scalar(app_env, "select sum(usual_residents) from population_district_age where district_code = 'E07000220'")
    assert row["population"] == pop
    assert row["rate_per_1000"] == pytest.approx(1000 * row["offence_count"] / pop, rel=1e-12)


def test_weekly_series_counts_whole_weeks_of_dated_rows_only(app_env):
    frame = run_query("trends_series_by_period", **params(dimension="total", grain="week"))
    weeks = frame["period_start"].dt.date
    assert all(week.weekday() == 0 for week in weeks)  # ISO weeks start on Monday
    first, last = weeks.min(), weeks.max()
    assert first >= START and last + dt.timedelta(days=6) <= dt.date(2025, 12, 31)
    direct = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} "
                    f"and district_code in {tuple(DISTRICTS)} and occurred_at >= ? and occurred_at < ?",
                    [START, END, first, last + dt.timedelta(days=7)])
    assert frame["offence_count"].sum() == direct


def test_weekday_hour_grid_has_168_cells_summing_to_dated_rows(app_env):
    grid = run_query("trends_counts_by_weekday_hour", **params())
    assert len(grid) == 168 and grid[["day_of_week", "hour_of_day"]].drop_duplicates().shape[0] == 168
    direct = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} "
                    f"and district_code in {tuple(DISTRICTS)} and occurred_at is not null", [START, END])
    assert grid["offence_count"].sum() == direct
    monday_9 = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} and district_code "
                      f"in {tuple(DISTRICTS)} and isodow(occurred_at) = 1 and hour(occurred_at) = 9", [START, END])
    assert grid.query("day_of_week == 1 and hour_of_day == 9")["offence_count"].item() == monday_9


def test_time_coverage_splits_rows_by_source(app_env):
    coverage = run_query("trends_time_coverage_by_source", **params()).set_index("source")
    police_uk = scalar(app_env, f"select count(*) from incidents where source = 'police.uk' and month between ? and ? "
                       f"and {SV} and district_code in {tuple(DISTRICTS)}", [START, END])
    if police_uk:
        assert coverage.loc["police.uk", "offence_count"] == police_uk
        assert coverage.loc["police.uk", "with_time_count"] == 0
