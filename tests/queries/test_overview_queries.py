"""Overview queries on the real Warwickshire Police files for Jan-Mar 2022.

Expected figures were computed outside the project with awk over the three CSV files and the ONS
LSOA -> district lookup (rows whose LSOA is in the lookup; crime type one of the three
serious-violence categories), e.g. January: North Warwickshire 147, Nuneaton and Bedworth 300,
Rugby 252, Stratford-on-Avon 225, Warwick 341.
"""

from __future__ import annotations

import datetime as dt

import pytest

from queries import run_query

ALL = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
Q1 = {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 3, 1)}
SV_Q1_BY_DISTRICT = {
    "E07000218": 425,
    "E07000219": 1061,
    "E07000220": 778,
    "E07000221": 681,
    "E07000222": 982,
}


def test_measures_by_district_match_the_independent_counts(real_env):
    frame = run_query("offence_measures_by_district", **Q1, districts=ALL, offence_group="serious_violence")
    assert dict(zip(frame["district_code"], frame["offence_count"])) == SV_Q1_BY_DISTRICT
    assert frame["offence_count"].sum() == 3927
    assert frame["robbery_count"].sum() == 75
    assert frame["weapons_count"].sum() == 111
    # police.uk rows carry no weapon flag or ages, and no force extract is loaded.
    assert frame[["knife_sharp_count", "offence_count_with_detail"]].sum().sum() == 0
    warwick = frame.set_index("district_code").loc["E07000222"]
    assert warwick["rate_per_1000"] == pytest.approx(982 / 148449 * 1000, rel=1e-12)


def test_monthly_series_reconciles_with_districts(real_env):
    monthly = run_query("offence_measures_by_month", **Q1, districts=ALL, offence_group="serious_violence")
    assert monthly["offence_count"].tolist() == [1265, 1232, 1430]
    assert monthly["robbery_count"].tolist() == [27, 25, 23]
    assert monthly["weapons_count"].tolist() == [28, 47, 36]


def test_district_filter_and_offence_group(real_env):
    frame = run_query("offence_measures_by_district", **Q1, districts=["E07000218"], offence_group="robbery")
    assert frame["district_code"].tolist() == ["E07000218"]
    assert frame["offence_count"].tolist() == [frame["robbery_count"].iloc[0]]


def test_empty_comparison_period_gives_zero_rows_not_missing_districts(real_env):
    frame = run_query(
        "offence_measures_by_district",
        start=dt.date(2021, 10, 1),
        end=dt.date(2021, 12, 1),
        districts=ALL,
        offence_group="serious_violence",
    )
    assert len(frame) == 5 and frame["offence_count"].sum() == 0


def test_unlocated_rows_are_reported_not_lost(real_env):
    frame = run_query("unlocated_count_by_status", **Q1, offence_group="serious_violence")
    counts = dict(zip(frame["location_status"], frame["row_count"]))
    assert counts["unknown"] == 100  # 36 + 25 + 39 rows with no location (awk)


def test_neighbour_rates_are_not_shown_from_border_spill_only(real_env):
    frame = run_query("offence_rate_by_district", **Q1, offence_group="serious_violence").set_index(
        "district_code"
    )
    assert frame.loc["E08000026", "rate_per_1000"] != frame.loc["E08000026", "rate_per_1000"]  # NaN: Coventry
    assert frame.loc["E07000222", "offence_count"] == 982
    assert len(frame) == 21
