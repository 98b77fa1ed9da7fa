"""The one DuckDB connection a process reads through, and the short write sessions for uploads.

DuckDB allows one read-write process or many read-only ones per file, and in one process all
connections to a file must share a configuration. The dashboard therefore holds one read-only
connection (a `.cursor()` per query, since Streamlit serves sessions on several threads) and
releases it for the few seconds an upload writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from settings import load_settings

_lock = threading.Lock()
_connections: dict[Path, duckdb.DuckDBPyConnection] = {}


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist yet."""


def database_path() -> Path:
    return load_settings().db_path


def get_connection() -> duckdb.DuckDBPyConnection:
    """The process-wide read-only connection to the warehouse named by SVD_DB."""
    path = database_path()
    with _lock:
        con = _connections.get(path)
        if con is None:
            if not path.exists():
                raise WarehouseMissing(
                    f"No warehouse at {path}. Build one with `python -m warehouse build` (or `make run`)."
                )
            con = duckdb.connect(str(path), read_only=True)
            _connections[path] = con
        return con


def release_connections() -> None:
    """Close every cached connection (before a write, or when SVD_DB changes in tests)."""
    with _lock:
        for con in _connections.values():
            con.close()
        _connections.clear()


@contextmanager
def write_session() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for an upload; the read-only one is reopened on next use."""
    release_connections()
    con = duckdb.connect(str(database_path()))
    try:
        yield con
    finally:
        con.close()
