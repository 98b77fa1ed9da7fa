"""Hotspots queries on the sample warehouse: grain, sexual offences never below district level."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from queries import run_query
from ui.hotspots import harm_by_lsoa

DISTRICTS = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
SV = "offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')"
NOT_SEXUAL = "coalesce(offence_subgroup, '') <> 'sexual_offences'"
START, END = dt.date(2025, 10, 1), dt.date(2026, 9, 1)


def scalar(db, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    finally:
        con.close()


def params():
    return {"start": START, "end": END, "districts": DISTRICTS, "offence_group": "serious_violence"}


def test_one_row_per_warwickshire_lsoa_and_no_sexual_offences(app_env):
    frame = run_query("hotspots_measures_by_lsoa", **params())
    assert len(frame) == 339 and frame["lsoa_code"].is_unique
    direct = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} and {NOT_SEXUAL} "
                    f"and district_code in {tuple(DISTRICTS)} and lsoa_code is not null", [START, END])
    assert frame["offence_count"].sum() == direct
    sexual = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} and "
                    f"offence_subgroup = 'sexual_offences' and district_code in {tuple(DISTRICTS)}", [START, END])
    assert sexual > 0  # the fixture has sexual offences, and none reached the LSOA figures
    by_offence = run_query("hotspots_counts_by_lsoa_offence", **params())
    assert by_offence["offence_count"].sum() == direct
    sexual_codes = scalar(app_env, "select list(distinct ho_offence_code) from force_extract_rows "
                          "where offence_subgroup = 'sexual_offences'")
    assert not set(by_offence["offence_key"]) & set(sexual_codes)


def test_rate_is_count_over_census_population(app_env):
    frame = run_query("hotspots_measures_by_lsoa", **params()).dropna(subset=["pop_all_ages"])
    row = frame.sort_values("offence_count").iloc[-1]
    pop = scalar(app_env, "select sum(usual_residents) from population_lsoa21_age where lsoa21_code = ?", [row["lsoa_code"]])
    assert row["rate_per_1000"] == pytest.approx(1000 * row["offence_count"] / pop, rel=1e-12)


def test_points_are_force_extract_rows_without_sexual_offences(app_env):
    points = run_query("hotspots_points", **params())
    direct = scalar(app_env, f"select count(*) from incidents where month between ? and ? and {SV} and {NOT_SEXUAL} "
                    f"and source = 'force_extract' and lon is not null and district_code in {tuple(DISTRICTS)}",
                    [START, END])
    assert len(points) == direct > 0


def test_lsoa_profile_queries_have_their_grain(app_env):
    frame = run_query("hotspots_measures_by_lsoa", **params())
    code = frame.sort_values(["offence_count", "lsoa_code"]).iloc[-1]["lsoa_code"]
    lsoa = {"lsoa_code": code, "start": START, "end": END, "offence_group": "serious_violence"}
    months = run_query("hotspots_lsoa_months", **lsoa)
    mix = run_query("hotspots_lsoa_offence_mix", **lsoa)
    hours = run_query("hotspots_lsoa_hours", **lsoa)
    total = frame.set_index("lsoa_code").loc[code, "offence_count"]
    assert len(months) == 12 and months["offence_count"].sum() == total == mix["offence_count"].sum()
    assert len(hours) == 24 and "sexual offences" not in set(mix["offence"])


def test_harm_is_count_times_weight_with_crime_type_fallback():
    counts = pd.DataFrame({
        "lsoa_code": ["A", "A", "B", "B"], "source": ["force_extract", "force_extract", "police.uk", "force_extract"],
        "key_type": ["ho_offence_code", "ho_offence_code", "crime_type", "ho_offence_code"],
        "offence_key": ["001/00", "105/01", "Robbery", "999/99"],
        "crime_type": ["Violence and sexual offences", "Violence and sexual offences", "Robbery", "Robbery"],
        "offence_count": [1, 3, 2, 1]})
    weights = pd.DataFrame({"key_type": ["ho_offence_code", "ho_offence_code", "crime_type"],
                            "offence_key": ["001/00", "105/01", "Robbery"], "harm_weight_days": [5475, 10, 365]})
    harm = harm_by_lsoa(counts, weights).set_index("lsoa_code")
    assert harm.loc["A", "harm_total"] == 5475 + 3 * 10
    assert harm.loc["B", "harm_total"] == 2 * 365 + 365  # unknown code 999/99 falls back to Robbery
    assert harm["unweighted_count"].sum() == 0
