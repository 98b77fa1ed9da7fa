"""The page models' own arithmetic on small literal tables: year on year, seasonality, deprivation
deciles, the ranked table, shares with Wilson intervals, the cross-border balance, the holdings
pivot. (The models against the warehouse are tested in tests/pages and tests/models/test_*.)"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from models.cohort import profile_slice, with_share
from models.cross_border import balance, district_shares
from models.data import holdings_pivot
from models.hotspots import deprivation_table, ranked_table
from models.trends import seasonality, year_on_year


def test_year_on_year_sums_each_series_and_gives_the_change():
    now = pd.DataFrame({"series_label": ["A", "A", "B"], "offence_count": [3, 4, 10]})
    before = pd.DataFrame({"series_label": ["A", "B", "B"], "offence_count": [5, 0, 0]})
    table = year_on_year(now, before, "offence_count").set_index("series_label")
    assert table.loc["A"].tolist()[:3] == [7, 5, 2] and table.loc["A", "change_pct"] == 40.0
    assert table.loc["B", "this_period"] == 10 and math.isnan(table.loc["B", "change_pct"])  # from zero: no %


def test_seasonality_keeps_complete_years_and_averages_them():
    months = pd.date_range("2023-01-01", "2025-03-01", freq="MS")
    frame = pd.DataFrame({"period_start": months, "offence_count": range(len(months))})
    profile = seasonality(frame)
    assert sorted(set(profile["year"]) - {"Average"}) == [2023, 2024]  # 2025 has 3 months only
    january = profile[(profile["year"] == "Average") & (profile["month_of_year"] == 1)]["offence_count"].iloc[0]
    assert january == (0 + 12) / 2


def test_deprivation_sums_offences_and_residents_per_decile():
    table = pd.DataFrame({"lsoa_code": list("abcd"), "offence_count": [10, 30, 5, 7],
                          "pop_all_ages": [1000, 2000, None, 1500], "imd_decile": [1, 1, 2, 2]})
    deciles = deprivation_table(table).set_index("imd_decile")
    assert deciles.loc[1, "rate_per_1000"] == pytest.approx(1000 * 40 / 3000, abs=1e-3)
    assert deciles.loc[2, "lsoa_count"] == 1 and deciles.loc[2, "offence_count"] == 7  # no population: left out


def test_the_ranked_table_orders_by_the_measure_and_names_untested_lsoas():
    table = pd.DataFrame({"lsoa_code": ["x", "y", "z"], "lsoa_name": ["X", "Y", "Z"], "district_name": "R",
                          "offence_count": [5, 9, 9], "rate_per_1000": [1.0, None, 2.0],
                          "rate_per_1000_under_25": [2.0, None, 3.0], "harm_total": [50.0, 90.0, 12.0],
                          "imd_decile": [3, 4, 5]})
    gi = pd.DataFrame({"lsoa_code": ["x", "z"], "z_score": [0.5, 2.5], "p_sim": [0.3, 0.01], "p_fdr": [0.3, 0.02],
                       "gi_class": ["not_significant", "hot_0.95"]})
    moran = pd.DataFrame({"lsoa_code": ["x", "z"], "moran_class": ["not_significant", "high-high"],
                          "p_tested": [0.4, 0.03]})
    ranked = ranked_table(table, gi, "offence_count", moran)
    assert ranked["lsoa_code"].tolist() == ["y", "z", "x"] and ranked["rank"].tolist() == [1, 2, 3]
    assert ranked["gi_class"].tolist() == ["Not tested (no population)", "Hot spot, 95% confidence", "Not significant"]
    assert ranked.loc[ranked["lsoa_code"] == "z", "moran_class"].iloc[0] == "High-high cluster (high among high)"


def test_shares_are_wilson_intervals_and_hidden_with_their_counts():
    frame = pd.DataFrame({"part": pd.array([81, pd.NA], dtype="Int64"), "whole": pd.array([263, 40], dtype="Int64")})
    shares = with_share(frame, "part", "whole")
    # Newcombe (1998), Stat Med 17:857, table II, score method: 81 of 263 -> 0.2553 to 0.3662
    assert shares.loc[0, "share_pct"] == pytest.approx(30.80, abs=0.01)
    assert (shares.loc[0, "lower_pct"], shares.loc[0, "upper_pct"]) == pytest.approx((25.53, 36.62), abs=0.01)
    assert math.isnan(shares.loc[1, "share_pct"]) and shares.loc[1, "share_pct_suppressed"]


def test_the_profile_share_uses_the_published_total():
    profile = pd.DataFrame({"financial_year": "2024/25", "agency": "all", "characteristic": "sex",
                            "category": ["Female", "Male", "all"], "person_count": pd.array([40, 160, 200], "Int64")})
    part = profile_slice(profile, "2024/25", "all", "sex")
    assert part["share_pct"].tolist() == [20.0, 80.0]


def test_district_shares_read_the_out_of_county_cell():
    flows = pd.DataFrame({"destination_code": ["E1"] * 3, "destination_name": "D", "origin_code": ["all", "out_of_county",
                          "in_county"], "offence_count": pd.array([100, 25, 75], "Int64")})
    shares = district_shares(flows).iloc[0]
    assert (shares["known_home_count"], shares["out_of_county_count"], shares["share_pct"]) == (100, 25, 25.0)


def test_the_balance_is_imports_over_exports_and_hidden_with_either():
    suspects = pd.DataFrame({"period": "2025/26", "offence_group": "serious_violence",
                             "destination_code": ["all", "outside"], "origin_code": ["out_of_county", "in_county"],
                             "offence_count": pd.array([120, 40], "Int64"), "offence_count_suppressed": [False, False]})
    cohort = pd.DataFrame({"direction": ["import", "export", "all"], "person_count": pd.array([pd.NA, 9, pd.NA], "Int64"),
                           "person_count_suppressed": [True, False, True]})
    table = balance(suspects, cohort, "2025/26").set_index("source")
    assert table.loc["force_extract", "ratio"] == 3.0 and not table.loc["force_extract", "ratio_suppressed"]
    assert table.loc["cohort", "ratio_suppressed"] and pd.isna(table.loc["cohort", "import_count"])


def test_holdings_pivot_puts_the_latest_month_first():
    holdings = pd.DataFrame({"source": "police.uk", "force": "W", "month": [dt.date(2026, 8, 1), dt.date(2026, 9, 1)],
                             "row_count": [5, 7]})
    pivot = holdings_pivot(holdings)
    assert list(pivot.columns) == ["source", "force", "2026-09", "2026-08"] and pivot.iloc[0, 2] == 7
