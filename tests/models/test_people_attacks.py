"""Differencing attacks on counts about people: two filter states a user could set, whose shown
counts are subtracted to recover a hidden one. Every count about people a page shows for a free
choice (a district set, a period) is a published cell or a sum of published cells, so whatever
two views are subtracted, the difference is a sum of published cells or of nothing small: a
difference of two shown counts is never a count of 1 to the threshold of real people."""

from __future__ import annotations

import datetime as dt

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.filters import make_filters
from models.overview import victims_tile
from models.trends import victim_series

WARWICKSHIRE = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
OFFENCES = ["serious_violence", "violence_and_sexual", "robbery", "possession_of_weapons"]
MONTHS = [dt.date(2020 + m // 12, m % 12 + 1, 1) for m in range(81)]  # Jan 2020 to Sep 2026
THRESHOLD = 4
BANDS = {"Aged 15 years and under": "victim_age <= 15", "Aged 16 to 24 years": "victim_age between 16 and 24",
         "Aged 25 to 34 years": "victim_age between 25 and 34", "Aged 35 to 49 years": "victim_age between 35 and 49",
         "Aged 50 to 64 years": "victim_age between 50 and 64", "Aged 65 years and over": "victim_age >= 65",
         "Age unknown": "victim_age is null", "Under 25": "victim_age < 25"}
GROUPS = {"serious_violence": "('violence_and_sexual', 'robbery', 'possession_of_weapons')",
          "violence_and_sexual": "('violence_and_sexual')", "robbery": "('robbery')",
          "possession_of_weapons": "('possession_of_weapons')"}


@st.composite
def views(draw):
    start = draw(st.sampled_from(MONTHS))
    end = draw(st.sampled_from([m for m in MONTHS if m >= start]))
    districts = draw(st.lists(st.sampled_from(WARWICKSHIRE), min_size=1, max_size=5, unique=True))
    return make_filters(start, end, districts, draw(st.sampled_from(OFFENCES)))


def true_count(db, year: str, districts, offence_group: str, band: str) -> int:
    """Victims in the warehouse, straight from the force-extract rows (not through the queries)."""
    start = dt.date(int(year[:4]), 4, 1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f"select count(*) from force_extract_rows where month between ? and ? and district_code in "
            f"{tuple(districts) + ('',)} and offence_group in {GROUPS[offence_group]} and {BANDS[band]}",
            [start, dt.date(start.year + 1, 3, 1)]).fetchone()[0]
    finally:
        con.close()


def shown_counts(filters) -> dict:
    """What the Overview tile and the Trends age split show: (year, districts, offence, band) -> count."""
    shown = {}
    tile = victims_tile("Victims under 25", filters)
    if tile.state == "shown":
        year = tile.label.rsplit(", ", 1)[1]
        shown[(year, filters.districts, filters.offence_group, "Under 25")] = int(tile.value.replace(",", ""))
    if not filters.all_districts:  # by district the age split is published by financial year
        series = victim_series(filters, "offence_count")[0]
        for row in series.itertuples():
            if not row.offence_count_suppressed:
                year = f"{row.period_start.year}/{(row.period_start.year + 1) % 100:02d}"
                shown[(year, filters.districts, filters.offence_group, row.series)] = int(row.offence_count)
    return shown


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=views(), second=views())
def test_subtracting_two_views_never_gives_a_small_count(app_env, first, second):
    a, b = shown_counts(first), shown_counts(second)
    for (year, districts, offence, band), value in a.items():
        for (year_b, districts_b, offence_b, band_b), value_b in b.items():
            if (year, offence, band) != (year_b, offence_b, band_b) or districts == districts_b:
                continue
            bigger, smaller = (districts, districts_b) if set(districts_b) < set(districts) else (districts_b, districts)
            if not set(smaller) < set(bigger):
                continue
            rest = sorted(set(bigger) - set(smaller))
            difference = abs(value - value_b)
            assert difference == true_count(app_env, year, rest, offence, band)  # the views are honest sums
            assert difference == 0 or difference > THRESHOLD, (year, rest, offence, band, difference)


def test_the_issue_s_example_gives_nothing_by_subtraction(app_env):
    """Oct 2022 - Oct 2023 minus Oct 2022 - Sep 2023, North Warwickshire robbery: the same year."""
    views = [make_filters(dt.date(2022, 10, 1), dt.date(2023, end, 1), ["E07000218"], "robbery") for end in (10, 9)]
    first, second = (victims_tile("Victims under 25", view) for view in views)
    assert first.label == second.label == "Victims under 25, 2022/23"
    assert first.value == second.value


def test_every_district_added_to_every_set_differs_by_nothing_small(app_env):
    """All 80 (set, set plus one district) pairs for one year and offence: the tile either hides
    one of the two or the district it adds holds 0 or more than the threshold."""
    import itertools

    compared = 0
    for offence in ("robbery", "possession_of_weapons"):
        for size in range(1, 5):
            for chosen in itertools.combinations(WARWICKSHIRE, size):
                for extra in sorted(set(WARWICKSHIRE) - set(chosen)):
                    views = [make_filters(dt.date(2024, 4, 1), dt.date(2025, 3, 1), list(districts), offence)
                             for districts in (chosen, (*chosen, extra))]
                    tiles = [victims_tile("Victims under 25", view) for view in views]
                    if all(tile.state == "shown" for tile in tiles):
                        compared += 1
                        values = [int(tile.value.replace(",", "")) for tile in tiles]
                        difference = values[1] - values[0]
                        assert difference == true_count(app_env, "2024/25", [extra], offence, "Under 25")
                        assert difference == 0 or difference > THRESHOLD
    assert compared > 10
