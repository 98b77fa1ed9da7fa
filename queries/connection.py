"""Read-only connections to the warehouse snapshot a page run is pinned to.

The warehouse is published as immutable snapshots behind one pointer (warehouse/snapshots.py,
docs/SNAPSHOTS.md). A page run pins the snapshot current when it starts (`pin()`, called by
dashboard.py); every query of that run reads it, so a run never mixes two snapshots, and its
queries finish on it even if a writer publishes a newer one meanwhile. One read-only connection
is held per snapshot in use (a `.cursor()` per query: Streamlit serves sessions on several
threads); a connection to a snapshot that is no longer current is closed when its last query ends.
Callers outside a page run (the meeting pack, tests, the bench) read the current snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from settings import load_settings
from warehouse.snapshots import snapshot_key, writing


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist yet."""


@dataclass
class _Held:
    connection: duckdb.DuckDBPyConnection
    db_path: str
    users: int = 0


_lock = threading.Lock()
_held: dict[str, _Held] = {}
_run = threading.local()


def database_path() -> Path:
    return load_settings().db_path


def current_snapshot() -> str:
    """The key of the snapshot the warehouse pointer names now (raises WarehouseMissing)."""
    path = database_path()
    key = snapshot_key(path)
    if key is None:
        raise WarehouseMissing(
            f"No warehouse at {path}. Build one with `python -m warehouse build` (or `make run`)."
        )
    return key


def pin() -> str:
    """Pin this thread's page run to the current snapshot; returns its key."""
    key = current_snapshot()
    _run.pinned = (str(database_path()), key)
    return key


def unpin() -> None:
    _run.pinned = None


def active_snapshot() -> str:
    """The snapshot this thread's run is pinned to, else the current one."""
    pinned = getattr(_run, "pinned", None)
    if pinned is not None and pinned[0] == str(database_path()):
        return pinned[1]
    return current_snapshot()


@contextmanager
def write_snapshot(action: str, detail: str = "") -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a new snapshot of the warehouse (warehouse.snapshots.writing).

    Published when the block ends without error, and this run is re-pinned to it so the page that
    wrote shows what it wrote; on an error nothing is published. Raises SnapshotError, in words,
    when another writer holds the warehouse for longer than SVD_WRITER_WAIT."""
    with writing(database_path(), action, detail) as con:
        yield con
    pin()


@contextmanager
def reading(key: str) -> Iterator[duckdb.DuckDBPyCursor]:
    """A cursor on snapshot `key`; the connection stays open while any query uses it."""
    with _lock:
        held = _held.get(key)
        if held is None:
            held = _Held(duckdb.connect(key.split("@")[0], read_only=True), str(database_path()))
            _held[key] = held
        held.users += 1
    cursor = held.connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
        with _lock:
            held.users -= 1
            _close_idle()


def _close_idle() -> None:
    """Close connections nobody uses to snapshots that are no longer current (lock held)."""
    current = {}
    for key, held in list(_held.items()):
        if held.users:
            continue
        if held.db_path not in current:
            current[held.db_path] = snapshot_key(held.db_path)
        if key != current[held.db_path]:
            held.connection.close()
            del _held[key]


def open_snapshots() -> list[str]:
    """Keys of the snapshots this process holds a connection to (for tests and the bench)."""
    with _lock:
        return sorted(_held)


def release_connections() -> None:
    """Close every connection (tests pointing SVD_DB elsewhere; the bench's cold runs)."""
    with _lock:
        for held in _held.values():
            held.connection.close()
        _held.clear()
