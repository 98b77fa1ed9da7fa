"""The query chokepoint: declared parameters are enforced, values are bound, results cached per DB."""

from __future__ import annotations

import duckdb
import pytest

from queries.connection import WarehouseMissing, release_connections
from queries.runner import QueryError, clear_cache, declared_params, run_query


@pytest.fixture
def tiny_db(tmp_path, monkeypatch):
    path = tmp_path / "tiny.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table ingest_log (ingest_id integer, batch_id varchar, file varchar, sha256 varchar, "
        "format varchar, rows_loaded bigint, rows_replaced bigint, loaded_at timestamp)"
    )
    con.execute(
        "insert into ingest_log values (1, 'b', 'a.csv', 'x', 'police-uk', 10, 0, '2024-01-01 10:00'),"
        "(2, 'b', 'b.csv', 'y', 'police-uk', 5, 3, '2024-01-02 10:00')"
    )
    con.close()
    monkeypatch.setenv("SVD_DB", str(path))
    release_connections()
    clear_cache()
    yield path
    release_connections()
    clear_cache()


def test_declared_params_are_read_from_the_header():
    assert declared_params("offence_measures_by_district") == {"start", "end", "districts", "offence_group"}
    assert declared_params("months_available") == frozenset()


def test_missing_and_unexpected_params_are_refused(tiny_db):
    with pytest.raises(QueryError, match="missing \\['limit'\\]"):
        run_query("ingest_log_recent")
    with pytest.raises(QueryError, match="unexpected \\['other'\\]"):
        run_query("ingest_log_recent", limit=1, other=2)


def test_values_are_bound_not_pasted(tiny_db):
    assert run_query("ingest_log_recent", limit=1)["file"].tolist() == ["b.csv"]
    assert len(run_query("ingest_log_recent", limit=10)) == 2
    with pytest.raises(QueryError, match="failed with parameters"):
        run_query("ingest_log_recent", limit="1; drop table ingest_log")
    assert len(run_query("ingest_log_recent", limit=10)) == 2


def test_unknown_query_and_missing_warehouse(tmp_path, monkeypatch):
    with pytest.raises(QueryError, match="Unknown query"):
        run_query("../etc/passwd")
    monkeypatch.setenv("SVD_DB", str(tmp_path / "absent.duckdb"))
    release_connections()
    clear_cache()
    with pytest.raises(WarehouseMissing, match="python -m warehouse build"):
        run_query("months_available")
    release_connections()


def test_results_are_copies(tiny_db):
    first = run_query("ingest_log_recent", limit=10)
    first.loc[0, "file"] = "changed"
    assert run_query("ingest_log_recent", limit=10).loc[0, "file"] == "b.csv"
