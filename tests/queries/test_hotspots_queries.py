"""Hotspots queries on the sample warehouse: grain, sexual offences never below district level."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from queries import run_query
from settings import PROJECT_ROOT

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
    harm = run_query("hotspots_harm_by_lsoa", **params())
    assert set(harm["lsoa_code"]) <= set(frame["lsoa_code"])


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


def test_harm_equals_an_independent_recomputation_from_the_weights_file(app_env):
    """Harm per LSOA = sum over offences of the weight of its Home Office code (force extract) or
    police.uk crime type, a code missing from reference/harm_weights.csv taking its crime type's
    weight; recomputed here in pandas from the raw rows and the CSV itself."""
    weights = pd.read_csv(PROJECT_ROOT / "reference" / "harm_weights.csv", dtype=str)
    weights["harm_weight_days"] = weights["harm_weight_days"].astype(float)
    by_code = weights[weights["key_type"] == "ho_offence_code"].set_index("offence_key")["harm_weight_days"]
    by_type = weights[weights["key_type"] == "crime_type"].set_index("offence_key")["harm_weight_days"]
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        rows = con.execute(f"select lsoa_code, source, ho_offence_code, crime_type from incidents where month between "
                           f"? and ? and {SV} and {NOT_SEXUAL} and lsoa_code is not null and district_code in "
                           f"{tuple(DISTRICTS)}", [START, END]).df()
    finally:
        con.close()
    code_weight = rows["ho_offence_code"].map(by_code).where(rows["source"] == "force_extract")
    rows["weight"] = code_weight.fillna(rows["crime_type"].map(by_type))
    expected = rows.groupby("lsoa_code")["weight"].sum()
    harm = run_query("hotspots_harm_by_lsoa", **params()).set_index("lsoa_code")
    assert harm["harm_total"].to_dict() == pytest.approx(expected.to_dict(), rel=1e-12)
    assert harm["unweighted_count"].sum() == int(rows["weight"].isna().sum())
    assert harm["harm_total"].sum() > 0
