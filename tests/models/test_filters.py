"""Shared links are input: repeated, unknown, malformed and out-of-range parameters are read into
filters the warehouse can answer, each change said in words, and headings describe what is shown."""

from __future__ import annotations

import datetime as dt

from models.filters import make_filters, read_link

D = dt.date
MONTHS = [D(2025, m, 1) for m in range(1, 13)] + [D(2026, m, 1) for m in range(1, 10)]
ALL_FIVE = ("E07000218", "E07000219", "E07000220", "E07000221", "E07000222")


def test_a_clean_link_is_read_as_it_is(app_env):
    reading = read_link({"from": ["2025-04"], "to": ["2026-03"], "district": ["E07000220"], "offence": ["robbery"]},
                        MONTHS)
    assert (reading.start, reading.end, reading.districts, reading.offence_group) == (
        D(2025, 4, 1), D(2026, 3, 1), ("E07000220",), "robbery")
    assert reading.notes == ()


def test_an_empty_link_gives_the_default_view(app_env):
    reading = read_link({}, MONTHS)
    assert (reading.start, reading.end, reading.districts, reading.offence_group) == (
        D(2025, 10, 1), D(2026, 9, 1), ALL_FIVE, "serious_violence")


def test_a_district_repeated_five_times_is_one_district_and_headed_so(app_env):
    reading = read_link({"district": ["E07000218"] * 5}, MONTHS)
    assert reading.districts == ("E07000218",)
    assert reading.notes == ("The link repeats a district; each district is counted once.",)
    filters = make_filters(reading.start, reading.end, ["E07000218"] * 5, "serious_violence")
    assert filters.districts == ("E07000218",)
    assert filters.districts_label == "North Warwickshire"
    assert not filters.all_districts


def test_unknown_districts_months_and_offences_are_replaced_and_named(app_env):
    reading = read_link({"from": ["0000-01"], "to": ["2099-01"], "district": ["E08000026,<script>"],
                         "offence": ["homicide'; drop table x"]}, MONTHS)
    assert reading.start == D(2025, 10, 1) and reading.end == D(2026, 9, 1)  # year 0 is not a month: default
    assert reading.districts == ALL_FIVE and reading.offence_group == "serious_violence"
    text = " ".join(reading.notes)
    assert "The link's 'from' value is not a month (YYYY-MM); Oct 2025 is used." in reading.notes
    assert "the nearest month loaded, Sep 2026, is used" in text
    assert "2 district code(s) that are not Warwickshire districts" in text
    assert "is not one of the offence groups" in text
    assert len(reading.notes) == 4


def test_from_after_to_is_swapped_and_said(app_env):
    reading = read_link({"from": ["2026-06"], "to": ["2025-06"]}, MONTHS)
    assert (reading.start, reading.end) == (D(2025, 6, 1), D(2026, 6, 1))
    assert reading.notes == ("The link's 'from' month (Jun 2026) was after its 'to' month; the two are swapped.",)


def test_repeated_months_take_the_first_and_say_so(app_env):
    reading = read_link({"from": ["2025-05", "2025-07"]}, MONTHS)
    assert reading.start == D(2025, 5, 1)
    assert reading.notes[0].startswith("The link gives 'from' 2 times")


def test_all_five_districts_in_any_order_are_the_county(app_env):
    filters = make_filters(D(2025, 1, 1), D(2025, 12, 1), list(reversed(ALL_FIVE)) + ["E07000218"], "drugs")
    assert filters.districts == ALL_FIVE
    assert filters.districts_label == "Warwickshire (all five districts)"
    assert filters.offence_label == "Drugs (county-lines signal)"
    assert make_filters(D(2025, 1, 1), D(2025, 12, 1), [], "drugs").districts == ALL_FIVE
