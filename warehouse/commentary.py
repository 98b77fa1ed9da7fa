"""Analysts' commentary on an indicator for a period: the one place that writes it.

Append-only: a new text for the same indicator and period is a new row; pages show the latest and
keep the earlier ones as history. warehouse/build.py copies the table over on a rebuild
(PRESERVED_TABLES), so commentary survives every reload of data. Values are bound, never pasted.
"""

from __future__ import annotations

import duckdb

MAX_LENGTH = 2000
MAX_AUTHOR = 120


class CommentaryError(ValueError):
    """The commentary cannot be saved as given."""


def save_commentary(con: duckdb.DuckDBPyConnection, indicator_id: str, period_label: str, author: str,
                    body: str) -> None:
    """Append one commentary (author and time kept); raises CommentaryError saying what is wrong."""
    author, body = (author or "").strip(), (body or "").strip()
    if not author or not body:
        raise CommentaryError("Both your name and the commentary are needed.")
    if len(author) > MAX_AUTHOR:
        raise CommentaryError(f"Keep your name under {MAX_AUTHOR} characters.")
    if len(body) > MAX_LENGTH:
        raise CommentaryError(f"Keep the commentary under {MAX_LENGTH:,} characters (it has {len(body):,}).")
    known = con.execute("select count(*) from indicator_definitions where indicator_id = $id",
                        {"id": indicator_id}).fetchall()[0][0]
    if not known:
        raise CommentaryError(f"Unknown indicator {indicator_id!r}.")
    con.execute(
        "insert into commentary (indicator_id, period_label, author, body) values ($indicator, $period, $author, $body)",
        {"indicator": indicator_id, "period": period_label, "author": author, "body": body},
    )
