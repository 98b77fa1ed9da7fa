"""The Overview model: tile values and verdicts from the warehouse rows, the not-available and
no-comparison rules the meeting pack shares, and the district table's total row."""

from __future__ import annotations

import datetime as dt

import duckdb

from models.filters import make_filters
from models.overview import overview_model
from stats.change import change_between_periods

ALL_FIVE = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
SV = "offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')"


def monthly(db, start: dt.date, months: int, where: str) -> list[int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(con.execute(
            f"select month, count(*) from incidents where district_code in {tuple(ALL_FIVE)} and {where} "
            "and month >= ? group by 1", [start]).fetchall())
    finally:
        con.close()
    out, month = [], start
    for _ in range(months):
        out.append(rows.get(month, 0))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return out


def test_the_serious_violence_tile_is_the_count_and_its_verdict_the_paired_test(app_env):
    filters = make_filters(dt.date(2025, 10, 1), dt.date(2026, 9, 1), ALL_FIVE, "serious_violence")
    model = overview_model(filters)
    tile = next(t for t in model.tiles if t.key == "serious_violence")
    now, before = monthly(app_env, dt.date(2025, 10, 1), 12, SV), monthly(app_env, dt.date(2024, 10, 1), 12, SV)
    assert tile.value == f"{sum(now):,}" and tile.delta == f"{sum(now) - sum(before):+,}"
    expected = change_between_periods(now, before)
    assert tile.change.ratio_lower == expected.ratio_lower and tile.change.ratio_upper == expected.ratio_upper
    assert ("Beyond normal variation" in tile.sentence) == expected.beyond_normal_variation
    total = model.districts[model.districts["is_total"]].iloc[0]
    assert total["offence_count"] == sum(now) == model.districts.loc[~model.districts["is_total"], "offence_count"].sum()


def test_without_a_loaded_comparison_no_change_is_claimed(app_env):
    first = dt.date(2019, 1, 1)  # the fixture starts here: the comparison period is not loaded
    model = overview_model(make_filters(first, dt.date(2019, 12, 1), ALL_FIVE, "robbery"))
    assert not model.comparison_loaded
    for tile in model.tiles:
        assert tile.delta is None and (tile.state != "shown" or tile.sentence.startswith("No comparison"))


def test_police_uk_only_data_makes_the_detail_tiles_not_available(real_env):
    model = overview_model(make_filters(dt.date(2022, 1, 1), dt.date(2022, 3, 1), ALL_FIVE, "serious_violence"))
    states = {tile.key: tile.state for tile in model.tiles}
    assert states["knife_sharp"] == states["under_25_victims"] == "not_available"
    assert states["serious_violence"] == "shown"
    assert next(t for t in model.tiles if t.key == "serious_violence").value == "3,927"  # the real files, awk count
