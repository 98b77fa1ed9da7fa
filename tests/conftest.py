"""Shared fixtures: a sample warehouse built by the project's own build code, once per session,
and a helper that opens a registered page in AppTest against it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Small but complete: every month from 2019-01 to 2026-09, every format, a fifth of the volume.
FIXTURE_SCALE = 0.2
FIXTURE_SEED = 20240401


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """Path of a warehouse built from generated sample files (scale 0.2)."""
    from warehouse.build import build_warehouse

    folder = tmp_path_factory.mktemp("sample-warehouse")
    db_path = folder / "warehouse.duckdb"
    build_warehouse(db_path, sample_dir=folder / "files", seed=FIXTURE_SEED, scale=FIXTURE_SCALE)
    return db_path


@pytest.fixture(scope="session")
def sample_files(sample_warehouse) -> Path:
    """The generated files the sample warehouse was built from."""
    return sample_warehouse.parent / "files"


@pytest.fixture
def app_env(sample_warehouse, monkeypatch) -> Path:
    """Point the app (SVD_DB) at the sample warehouse with fresh connections and caches."""
    from queries.connection import release_connections
    from queries.runner import clear_cache

    monkeypatch.setenv("SVD_DB", str(sample_warehouse))
    release_connections()
    clear_cache()
    yield sample_warehouse
    release_connections()
    clear_cache()


@pytest.fixture(autouse=True)
def no_pages_folder_mode(monkeypatch):
    """AppTest resets Streamlit's legacy `pages/` folder flag before every run; switch it off again
    as the server launcher (ui/serve.py) does, so reruns go through dashboard.py's navigation."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def open_page(page_path: str, query_params: dict | None = None, timeout: float = 60):
    """Run dashboard.py in AppTest, switch to `page_path` and return the AppTest after the run."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    app.query_params.update(query_params or {})
    app.run()
    if page_path != "pages/overview.py":
        app.switch_page(page_path)
        app.run()
    return app


def assert_no_exception(app) -> None:
    """Fail with the message of any exception or error box the page shows."""
    errors = [e.value for e in app.exception] + [e.value for e in app.error]
    assert not errors, errors


os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")


@pytest.fixture(scope="session")
def real_police_uk_warehouse(tmp_path_factory) -> Path:
    """A warehouse holding only the real Warwickshire Police files for Jan-Mar 2022."""
    from settings import load_settings
    from warehouse.ingest import ingest

    police_dir = load_settings().police_uk_dir
    db_path = tmp_path_factory.mktemp("real-police-uk") / "warehouse.duckdb"
    ingest(db_path, "police-uk", sorted(police_dir.glob("2022-0[123]-warwickshire-street.csv")))
    return db_path


@pytest.fixture
def real_env(real_police_uk_warehouse, monkeypatch) -> Path:
    """Point the app at the real-files warehouse."""
    from queries.connection import release_connections
    from queries.runner import clear_cache

    monkeypatch.setenv("SVD_DB", str(real_police_uk_warehouse))
    release_connections()
    clear_cache()
    yield real_police_uk_warehouse
    release_connections()
    clear_cache()
