"""Connections to the DuckDB warehouse and the schema in warehouse/schema/*.sql."""

from __future__ import annotations

from pathlib import Path

import duckdb

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file (created if absent, unless read_only)."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set enable_progress_bar = false")
    return con


def schema_files() -> list[Path]:
    """The schema scripts in the order they run (by file name)."""
    return sorted(SCHEMA_DIR.glob("*.sql"))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Run every schema script; they only create what is missing, so this is idempotent."""
    upgraded = _views_now_tables(con)
    for script in schema_files():
        con.execute(script.read_text(encoding="utf-8"))
    if "incidents" in upgraded:
        refresh_incidents(con)


def _views_now_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Drop views that the schema now materialises (a warehouse from before: `incidents`)."""
    views = {row[0] for row in con.execute(
        "select view_name from duckdb_views() where schema_name = 'main' and view_name = 'incidents'"
        " and database_name = current_database()").fetchall()}
    for view in views:
        con.execute(f'drop view "{view}"')
    return views


def refresh_incidents(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite the `incidents` table from the canonical view (inside the caller's transaction)."""
    con.execute("delete from incidents")
    con.execute("""
        insert into incidents
        select i.*, c.year, c.month_of_year, c.financial_year, c.fy_quarter, c.quarter_start
        from incidents_canonical as i
        left join calendar as c using (month)
        order by i.month, i.district_code""")
    return con.execute("select count(*) from incidents").fetchone()[0]


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Base tables of the main schema, sorted."""
    rows = con.execute(
        "select table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'main' and not temporary order by 1"
    ).fetchall()
    return [row[0] for row in rows]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every base table."""
    return {name: scalar(con, f'select count(*) from "{name}"') for name in table_names(con)}


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None):
    """The single value a query returns (fetching everything, as DuckDB 2 requires)."""
    rows = con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()
    return rows[0][0] if rows else None
