"""Outcomes and stop-and-search queries (issue #17): exact rows on the hand-written fixtures
(tests/fixtures/police_uk_more with the tiny street files), and on the sample warehouse the people
rule on searches by ethnicity and totals equal to an independent count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from queries import run_query
from settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WARWICKSHIRE = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
FIXTURE_MONTHS = {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 2, 1), "districts": WARWICKSHIRE}


@pytest.fixture(scope="module")
def fixture_warehouse(tmp_path_factory) -> Path:
    from warehouse.ingest import ingest

    db_path = tmp_path_factory.mktemp("outcomes") / "warehouse.duckdb"
    ingest(db_path, "police-uk", [FIXTURES / "tiny" / "police_uk", FIXTURES / "police_uk_more"])
    return db_path


@pytest.fixture
def fixture_env(fixture_warehouse, monkeypatch):
    from queries.connection import release_connections
    from queries.runner import clear_cache

    monkeypatch.setenv("SVD_DB", str(fixture_warehouse))
    release_connections()
    clear_cache()
    yield fixture_warehouse
    release_connections()
    clear_cache()


def _rows(frame, columns) -> list[tuple]:
    return [tuple(row) for row in frame[columns].itertuples(index=False)]


def test_outcomes_of_serious_violence_by_district_and_month(fixture_env):
    frame = run_query("outcomes_by_district_month", offence_group="serious_violence", **FIXTURE_MONTHS)
    frame["month"] = frame["month"].astype(str).str[:7]
    assert _rows(frame, ["district_code", "month", "outcome_group", "crime_count", "linked_count"]) == [
        ("E07000219", "2023-01", "under_investigation", 1, 0),  # a003: no outcome row, street's category
        ("E07000222", "2023-01", "charged_summonsed", 2, 2),  # a001 (sent to prison), a002 (charged in Feb)
        ("E07000220", "2023-02", "out_of_court", 1, 1),  # b001: the later of two February outcomes
    ]


def test_weapon_searches_by_district_month_and_outcome(fixture_env):
    frame = run_query("stop_search_by_district_month", object_scope="weapons", **FIXTURE_MONTHS)
    frame["month"] = frame["month"].astype(str).str[:7]
    assert _rows(frame, ["district_code", "month", "outcome", "search_count", "found_count"]) == [
        ("E07000222", "2023-01", "A no further action disposal", 1, 0),
        ("E07000222", "2023-01", "Arrest", 1, 1),
        ("E07000220", "2023-02", "Arrest", 1, 1),
        ("E07000222", "2023-02", "A no further action disposal", 1, 0),
    ]
    every = run_query("stop_search_by_district_month", object_scope="all", **FIXTURE_MONTHS)
    assert (int(every["search_count"].sum()), int(every["found_count"].sum())) == (7, 4)


def test_searches_by_ethnicity_publish_whole_financial_years_only(fixture_env):
    frame = run_query("stop_search_by_ethnicity")  # two months loaded: no whole year yet
    assert list(frame["financial_year"].unique()) == ["all"]
    assert len(frame) == 7 and int(frame["search_count"].sum()) == 0


def test_reference_lists(fixture_env):
    groups = run_query("outcome_groups_all")
    assert "Charged or summonsed" in set(groups["outcome_group_label"])
    objects = run_query("stop_search_objects_all")
    assert set(objects.loc[objects["is_weapon_search"], "object_label"]) == {
        "Offensive weapons", "Firearms", "Anything to threaten or harm anyone"}
    loaded = run_query("stop_search_months_loaded")
    assert _rows(loaded, ["kind", "force", "months", "row_count"]) == [
        ("Outcomes", "Warwickshire Police", 2, 9), ("Stop and search", "warwickshire", 2, 9)]


def test_sample_searches_by_ethnicity_protected_and_totals_independent(app_env):
    frame = run_query("stop_search_by_ethnicity")
    years = sorted(set(frame["financial_year"]) - {"all"})
    assert years and len(frame) == 7 * (len(years) + 1)
    threshold = load_settings().suppression_threshold
    shown = [v for column in ("search_count", "found_count") for v in frame[column].dropna()]
    assert not [v for v in shown if 1 <= v <= threshold]
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        expected = dict(con.execute(
            "select c.financial_year, count(*) from police_uk_stop_search as s join calendar as c using (month) "
            "where s.is_weapon_search and s.district_code in (select district_code from districts where is_warwickshire) "
            "group by 1").fetchall())
    finally:
        con.close()
    totals = frame[frame["ethnic_group"] == "all"].set_index("financial_year")["search_count"]
    for year in years:  # all groups together are public: shown and exact
        assert int(totals[year]) == expected[year]
    assert frame["search_count_suppressed"].any() or frame["found_count_suppressed"].any()
