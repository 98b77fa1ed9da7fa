"""The access file: the role table and the audit trail, in a small SQLite file of its own beside
the warehouse (SVD_ACCESS_DB). It is not part of the warehouse snapshots, so a rebuild, a rollback
or a new snapshot never loses a role or an audit row.

The audit table is append-only in the database itself: triggers refuse any UPDATE, and any DELETE
of a row newer than the retention cut-off (the only delete is `audit.purge`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from settings import load_settings

SCHEMA = """
create table if not exists audit (
    audit_id integer primary key autoincrement,
    at text not null,            -- UTC, ISO 8601 to the second
    email text,                  -- who (null: open mode or the system)
    role text,                   -- their role at the time (null: none)
    event text not null,         -- sign_in, sign_out, page, refused, download, upload, ingest, commentary, role
    page text not null default '',
    detail text not null default ''  -- JSON
);
create table if not exists purge_window (cutoff text not null);
create trigger if not exists audit_no_update before update on audit
begin select raise(abort, 'the audit trail is append-only'); end;
create trigger if not exists audit_no_delete before delete on audit
when old.at >= coalesce((select max(cutoff) from purge_window), '')
begin select raise(abort, 'the audit trail is append-only: only rows past the retention period are removed'); end;
create table if not exists roles (
    email text primary key,      -- lower case
    role text not null check (role in ('board', 'analyst', 'data_manager')),
    changed_at text not null,
    changed_by text
);
create table if not exists allowed_domains (domain text primary key);
"""


def access_path() -> Path:
    return load_settings().access_db_path


@contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A connection to the access file (created with its schema on first use); commits on success."""
    path = path or access_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30)
    try:
        con.execute("pragma journal_mode=wal")
        con.executescript(SCHEMA)
        yield con
        con.commit()
    finally:
        con.close()
