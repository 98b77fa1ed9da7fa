"""The audit trail: who did what and when (sign-ins, pages opened, refusals, downloads, uploads and
ingests, commentary, role changes), appended to the access file (access/store.py).

Rows are written as the viewer of the current page run (access/context.py) unless one is given;
rows older than SVD_AUDIT_RETENTION_DAYS are removed by `purge`, which `record` runs once a day.
Data managers read and export it on the Data page (action "read_audit").
"""

from __future__ import annotations

import datetime as dt
import json
import threading

import pandas as pd

from access.context import current_viewer
from access.policy import Viewer, require
from access.store import connect
from settings import load_settings

COLUMNS = ["audit_id", "at", "email", "role", "event", "page", "detail"]
_purged: dict[str, dt.date] = {}
_lock = threading.Lock()


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat()


def record(event: str, detail: dict | None = None, page: str = "", viewer: Viewer | None = None) -> None:
    """Append one row to the audit trail."""
    viewer = viewer or current_viewer()
    text = json.dumps(detail, sort_keys=True, default=str) if detail else ""
    with connect() as con:
        con.execute("insert into audit (at, email, role, event, page, detail) values (?, ?, ?, ?, ?, ?)",
                    (now(), viewer.email, viewer.role, event, page, text))
    _purge_daily()


def _purge_daily() -> None:
    path = str(load_settings().access_db_path)
    today = dt.date.today()
    with _lock:
        if _purged.get(path) == today:
            return
        _purged[path] = today
    purge()


def purge(days: int | None = None) -> int:
    """Remove rows older than the retention period (SVD_AUDIT_RETENTION_DAYS); returns how many."""
    days = days or load_settings().audit_retention_days
    cutoff = (dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=days)).replace(microsecond=0)
    with connect() as con:
        con.execute("insert into purge_window values (?)", (cutoff.isoformat(),))
        removed = con.execute("delete from audit where at < ?", (cutoff.isoformat(),)).rowcount
        con.execute("delete from purge_window")
    return removed


def record_sign_in(viewer: Viewer, issued_at) -> None:
    """Audit a sign-in once per identity token (its `iat`): a new browser tab or a reload opens a new
    session with the same token, which is not a new sign-in."""
    if issued_at is not None:
        with connect() as con:
            seen = con.execute("select 1 from audit where event = 'sign_in' and email is ? and "
                               "json_extract(detail, '$.issued_at') = ?", (viewer.email, issued_at)).fetchone()
        if seen:
            return
    record("sign_in", {"source": viewer.source, "issued_at": issued_at}, viewer=viewer)


def read(limit: int | None = None) -> pd.DataFrame:
    """The audit trail, newest first, for a viewer who may read it (raises AccessDenied)."""
    require(current_viewer(), data_class="admin", action="read_audit", what="the audit trail")
    with connect() as con:
        sql = "select * from audit order by audit_id desc" + (" limit ?" if limit else "")
        rows = con.execute(sql, (limit,) if limit else ()).fetchall()
    return pd.DataFrame(rows, columns=COLUMNS)


def record_download(viewer: Viewer, file_name: str, table: str, action: str = "download", page: str = "",
                    params: dict | None = None) -> None:
    """Audit a download, refusing it (AccessDenied) when the viewer may not do `action`."""
    require(viewer, action=action, what=file_name)
    record("download", {"file": file_name, "table": table, "params": params or {}}, page=page, viewer=viewer)
