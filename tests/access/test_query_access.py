"""The policy enforced in the query layer: every query file's data class, which queries each role
may run (refused in words otherwise, whatever page asks), downloads, and the meeting pack built for a
board member."""

from __future__ import annotations

import datetime as dt

import pytest

from access.context import SYSTEM, as_viewer
from access.policy import AccessDenied, viewer_for
from queries.connection import WarehouseMissing, release_connections
from queries.runner import QueryError, clear_cache, data_class, list_queries, run_query

COHORT_QUERIES = {
    "cohort_interventions_by_level", "cohort_needs_by_need", "cohort_pathway_by_stage",
    "cohort_profile_by_characteristic", "cohort_reoffences_by_direction", "cohort_size_by_quarter",
    "cohort_years_available",
}
LSOA_QUERIES = {
    "crossborder_rate_by_lsoa", "data_quality_outside_county", "data_quality_population_mismatch",
    "data_quality_unknown_locations", "data_quality_unmatched_lsoas", "hotspots_harm_by_lsoa", "hotspots_lsoa_hours",
    "hotspots_lsoa_months", "hotspots_lsoa_offence_mix", "hotspots_measures_by_lsoa", "hotspots_points",
}
DISTRICT_QUERIES = {
    "delivery_fund_reach_by_level", "delivery_reviews_by_stage", "delivery_training_referrals_by_year",
    "indicator_admissions_by_quarter", "indicator_ae_by_quarter", "indicator_homicide_dates",
    "indicator_victims_u25_by_quarter", "stop_search_by_ethnicity", "suspects_by_origin_destination",
    "victims_by_age_band",
}
BOARD = viewer_for("b@warwickshire.gov.uk", "Board member", "board", "table")
ANALYST = viewer_for("a@warwickshire.gov.uk", "Analyst", "analyst", "table")
MANAGER = viewer_for("d@warwickshire.gov.uk", "Data manager", "data_manager", "table")
NOBODY = viewer_for("n@warwickshire.gov.uk", "New person", None, "none")


def test_every_query_file_has_its_data_class():
    classes = {name: data_class(name) for name in list_queries()}
    assert len(classes) == 73
    assert {name for name, kind in classes.items() if kind == "cohort"} == COHORT_QUERIES
    assert {name for name, kind in classes.items() if kind == "lsoa"} == LSOA_QUERIES
    assert {name for name, kind in classes.items() if kind == "district"} == DISTRICT_QUERIES
    assert sum(kind == "open" for kind in classes.values()) == 45
    assert "admin" not in classes.values()  # the audit trail and role table are not in the warehouse


def _outcome(viewer, name: str) -> str:
    """'refused' when the access check stops the query, else 'ran' (it went on to check its
    parameters or to look for the warehouse: no warehouse is needed for this test)."""
    with as_viewer(viewer):
        try:
            run_query(name)
        except AccessDenied:
            return "refused"
        except (QueryError, WarehouseMissing):
            return "ran"
    return "ran"


@pytest.fixture
def no_warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("SVD_DB", str(tmp_path / "absent.duckdb"))
    release_connections()
    clear_cache()


@pytest.mark.parametrize(("viewer", "refused"), [
    (BOARD, LSOA_QUERIES | COHORT_QUERIES),
    (ANALYST, set()),
    (MANAGER, set()),
    (SYSTEM, set()),
    (NOBODY, set(list_queries())),
], ids=["board", "analyst", "data_manager", "system", "no_role"])
def test_each_role_runs_exactly_its_queries(no_warehouse, viewer, refused):
    outcomes = {name: _outcome(viewer, name) for name in list_queries()}
    assert {name for name, outcome in outcomes.items() if outcome == "refused"} == refused


def test_refusals_are_in_words(no_warehouse):
    with as_viewer(BOARD), pytest.raises(AccessDenied) as refused:
        run_query("hotspots_points", start=None, end=None, districts=[], offence_group="x")
    assert str(refused.value) == ("The board member role may not see LSOA-level data "
                                  "(the query hotspots_points was refused).")
    with as_viewer(BOARD), pytest.raises(AccessDenied) as refused:
        run_query("cohort_size_by_quarter")
    assert str(refused.value) == ("The board member role may not see cohort data "
                                  "(the query cohort_size_by_quarter was refused).")
    with as_viewer(NOBODY), pytest.raises(AccessDenied) as refused:
        run_query("months_available")
    assert str(refused.value) == ("An account with no role may not see open data "
                                  "(the query months_available was refused).")


def test_a_board_member_runs_district_queries_on_the_warehouse(app_env):
    with as_viewer(BOARD):
        months = run_query("months_available")
        victims = run_query("victims_by_age_band")
    assert len(months) == 93  # 2019-01 to 2026-09
    assert {"victim_count", "age_band"} <= set(victims.columns)


def test_downloads_need_the_download_action(tmp_path, monkeypatch):
    from access import audit

    monkeypatch.setenv("SVD_ACCESS_DB", str(tmp_path / "access.sqlite"))
    with pytest.raises(AccessDenied) as refused:
        audit.record_download(BOARD, "hotspots-lsoas.csv", "hotspots.ranked")
    assert str(refused.value) == "The board member role may not download hotspots-lsoas.csv."
    audit.record_download(BOARD, "pack.pdf", "meeting_pack.pdf", action="pack")
    audit.record_download(ANALYST, "hotspots-lsoas.csv", "hotspots.ranked", page="hotspots",
                          params={"districts": "E07000218"})
    with as_viewer(MANAGER):
        rows = audit.read()[["email", "role", "event", "page", "detail"]].values.tolist()
    assert rows == [
        ["a@warwickshire.gov.uk", "analyst", "download", "hotspots",
         '{"file": "hotspots-lsoas.csv", "params": {"districts": "E07000218"}, "table": "hotspots.ranked"}'],
        ["b@warwickshire.gov.uk", "board", "download", "",
         '{"file": "pack.pdf", "params": {}, "table": "meeting_pack.pdf"}'],
    ]


def test_the_pack_built_for_a_board_member_has_no_cohort_or_lsoa_content(app_env):
    from pack import PackRequest, build_html

    request = PackRequest(dt.date(2026, 10, 15), "2025/26")
    with as_viewer(BOARD):
        board_page, _ = build_html(request)
    with as_viewer(ANALYST):
        analyst_page, _ = build_html(request)
    assert "Youth justice and probation cohort" in analyst_page
    assert "Cross-border, financial year" in analyst_page
    assert "Youth justice and probation cohort" not in board_page
    assert "Cross-border, financial year" not in board_page
    assert "LSOA" not in board_page.replace("LSOAs", "")  # no LSOA-level figure or map
    with as_viewer(NOBODY), pytest.raises(AccessDenied):
        build_html(request)
