"""Open mode (sign-in off) both ways: on the sample warehouse every page is open with a banner; once
a partner extract from a real file is loaded, only the open-data pages are, unless
SVD_OPEN_MODE_ALL=1 says otherwise. A file is a sample file only while it is listed in the sample
generator's MANIFEST.json beside it and unchanged since it was loaded."""

from __future__ import annotations

import shutil

import pytest

from access.context import as_viewer
from access.openmode import holds_real_partner_data, open_viewer
from access.policy import AccessDenied, may_open
from models.registry import REGISTRY
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def partner_warehouse(sample_warehouse, sample_files, tmp_path_factory):
    """A copy of the sample warehouse with the cohort extract loaded again from copies of its files
    outside the sample folder (as a partner's real files would be)."""
    from warehouse.ingest import ingest

    folder = tmp_path_factory.mktemp("partner")
    db_path = folder / "warehouse.duckdb"
    shutil.copyfile(sample_warehouse, db_path)
    extracts = folder / "extracts"
    extracts.mkdir()
    for name in ("cohort-people.csv", "cohort-interventions.csv"):
        shutil.copyfile(sample_files / "cohort" / name, extracts / name)
    ingest(db_path, "cohort", [extracts / "cohort-people.csv", extracts / "cohort-interventions.csv"])
    return db_path


def _snapshot() -> str:
    """The current snapshot of the warehouse SVD_DB names."""
    from queries.connection import active_snapshot, release_connections

    release_connections()
    return active_snapshot()


def test_the_sample_holds_no_partner_data_and_a_reloaded_extract_does(sample_warehouse, partner_warehouse,
                                                                       monkeypatch):
    monkeypatch.setenv("SVD_DB", str(sample_warehouse))
    assert holds_real_partner_data(_snapshot()) is False
    monkeypatch.setenv("SVD_DB", str(partner_warehouse))
    assert holds_real_partner_data(_snapshot()) is True


def test_published_open_files_are_not_partner_data(sample_warehouse, tmp_path, monkeypatch):
    """Real data.police.uk outcomes and stop-and-search files, a Fingertips export and the Census
    ethnic group table are published open data: loading them (as a user would, from outside the
    sample folder) leaves every page open."""
    from tests.warehouse.test_census_ethnicity import TS021
    from tests.warehouse.test_fingertips import COUNTIES, FIXTURES
    from tests.warehouse.test_outcomes_and_searches import OUTCOMES_JAN, SEARCHES_JAN
    from warehouse import snapshots
    from warehouse.ingest import ingest

    db_path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(snapshots.current_file(sample_warehouse), db_path)
    ingest(db_path, "police-uk", [OUTCOMES_JAN, SEARCHES_JAN])
    ingest(db_path, "fingertips", [FIXTURES / COUNTIES])
    ingest(db_path, "census-ethnicity", [TS021])
    monkeypatch.setenv("SVD_DB", str(db_path))
    assert holds_real_partner_data(_snapshot()) is False


def test_open_mode_with_partner_data_lists_only_the_open_pages_and_refuses_partner_queries(partner_warehouse):
    from queries.runner import run_query

    viewer = open_viewer(real_data=True, allow_all=False)
    assert [entry.title for entry in REGISTRY if may_open(viewer, entry.audience)] == ["Overview"]
    with as_viewer(viewer), pytest.raises(AccessDenied) as refused:
        run_query("cohort_size_by_quarter")
    assert "cohort data" in str(refused.value)
    with as_viewer(viewer), pytest.raises(AccessDenied):
        run_query("victims_by_age_band", start="2024-01-01", end="2024-12-31", districts=["E07000218"])
    everything = open_viewer(real_data=True, allow_all=True)
    assert [entry.title for entry in REGISTRY if may_open(everything, entry.audience)] == [
        entry.title for entry in REGISTRY]


def _app(url_path: str = ""):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    app.run()
    if url_path:
        app.switch_page(next(entry.path for entry in REGISTRY if entry.url_path == url_path))
        app.run()
    return app


@pytest.fixture
def partner_env(partner_warehouse, tmp_path, monkeypatch):
    from queries.connection import release_connections
    from queries.runner import clear_cache

    monkeypatch.setenv("SVD_DB", str(partner_warehouse))
    monkeypatch.setenv("SVD_ACCESS_DB", str(tmp_path / "access.sqlite"))
    monkeypatch.delenv("SVD_OPEN_MODE_ALL", raising=False)
    release_connections()
    clear_cache()
    yield partner_warehouse
    release_connections()
    clear_cache()


def test_open_mode_on_partner_data_refuses_the_cohort_page_in_words(partner_env):
    overview = _app()
    assert not overview.exception and not overview.error
    assert overview.warning[0].value.startswith("**Sign-in is off.** The warehouse holds partner extracts loaded "
                                                "from real files, so only the pages built on open data are shown.")
    cohort = _app("cohort")
    assert not cohort.exception
    assert [title.value for title in cohort.title] == ["This page is not available to you"]
    assert any(warning.value.startswith("Open mode shows only the pages built on open data while the warehouse "
                                        "holds partner data: **Cohort** was not opened.") for warning in cohort.warning)
    assert not cohort.dataframe and not cohort.metric


def test_open_mode_all_setting_opens_every_page_on_partner_data(partner_env, monkeypatch):
    monkeypatch.setenv("SVD_OPEN_MODE_ALL", "1")
    cohort = _app("cohort")
    assert not cohort.exception and not cohort.error
    assert cohort.title[0].value != "This page is not available to you"
    assert cohort.info[0].value.startswith("**Sign-in is off**: anyone who can reach this address sees every page.")
