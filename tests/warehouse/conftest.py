"""Fixtures for the warehouse tests: an empty warehouse with the reference loaded, built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from settings import load_settings
from warehouse import db
from warehouse.ingest import open_for_ingest

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory) -> Path:
    """A warehouse file with schema and reference tables only."""
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    open_for_ingest(path, load_settings().reference_dir).close()
    return path


@pytest.fixture
def empty_db(reference_db, tmp_path) -> Path:
    """A fresh copy of the reference-only warehouse."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(reference_db, path)
    return path


@pytest.fixture
def con(empty_db):
    connection = db.connect(empty_db)
    yield connection
    connection.close()


def snapshot(con) -> dict:
    """Everything a refused command must leave untouched: counts, the log, every crime row."""
    return {
        "counts": db.table_counts(con),
        "log": con.execute("select * from ingest_log order by ingest_id").fetchall(),
        "police_uk": con.execute("select * from police_uk_rows order by all").fetchall(),
        "force_extract": con.execute("select * from force_extract_rows order by all").fetchall(),
        "admissions": con.execute("select * from hospital_admissions order by all").fetchall(),
        "cohort": con.execute("select * from cohort_people order by all").fetchall(),
    }
