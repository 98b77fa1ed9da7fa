"""Build (or rebuild) the warehouse from the sample data as a new snapshot, then publish it.

The build writes a fresh snapshot (warehouse/snapshots.py) and the pointer moves to it only when
it is complete, so the dashboard never sees half a build and the previous warehouse stays
available to `python -m warehouse rollback`. Tables in PRESERVED_TABLES (analysts' commentary,
status updates written on the Delivery page) are copied over from the current snapshot.
"""

from __future__ import annotations

import time
from pathlib import Path

from settings import load_settings
from warehouse import db, snapshots
from warehouse.catalogue import load_project_reference
from warehouse.ingest import ingest
from warehouse.reference import load_reference

PRESERVED_TABLES: tuple[str, ...] = ("commentary", "delivery_action_updates")

# Ingest order, and the folder of the sample layout (docs/ARCHITECTURE.md) each format is in.
FORMAT_FOLDERS: tuple[tuple[str, str], ...] = (
    ("police-uk", "police_uk"),
    ("force-extract", "force_extract"),
    ("admissions", "admissions"),
    ("ae", "ae"),
    ("cohort", "cohort"),
    ("indicators", "indicators"),
    ("fingertips", "fingertips"),
    ("delivery-plan", "delivery"),
    ("fund", "fund"),
    ("owhr", "owhr"),
    ("training", "training"),
)


def build_warehouse(
    db_path: str | Path | None = None,
    sample_dir: str | Path | None = None,
    reference_dir: str | Path | None = None,
    *,
    seed: int = 20240401,
    scale: float = 1.0,
    end: str = "2026-09",
) -> dict:
    """Generate the sample data if absent (no MANIFEST.json), then build; returns a summary."""
    settings = load_settings()
    db_path = Path(db_path or settings.db_path)
    sample_dir = Path(sample_dir or settings.sample_dir)
    reference_dir = Path(reference_dir or settings.reference_dir)
    started = time.perf_counter()
    generated = _ensure_sample(sample_dir, seed=seed, scale=scale, end=end)
    generated_s = time.perf_counter() - started
    with snapshots.writing(db_path, "build", f"sample data in {sample_dir}", fresh=True) as con:
        summary = _build_into(con, db_path, sample_dir, reference_dir)
    summary.update(
        db_path=str(db_path),
        sample_dir=str(sample_dir),
        generated=generated,
        generate_seconds=round(generated_s, 2),
        total_seconds=round(time.perf_counter() - started, 2),
    )
    return summary


def _ensure_sample(sample_dir: Path, *, seed: int, scale: float, end: str) -> bool:
    if (sample_dir / "MANIFEST.json").is_file():
        return False
    from sample_data.generate import generate

    generate(sample_dir, seed=seed, scale=scale, end=end)
    return True


def _build_into(con, db_path: Path, sample_dir: Path, reference_dir: Path) -> dict:
    started = time.perf_counter()
    db.apply_schema(con)
    con.begin()
    load_reference(con, reference_dir)
    load_project_reference(con, load_settings().harm_weights_path)
    con.commit()
    reports = {}
    for format_name, folder in FORMAT_FOLDERS:
        if (sample_dir / folder).is_dir():
            reports[format_name] = ingest(con, format_name, [sample_dir / folder])
    preserved = _copy_preserved(con, snapshots.current_file(db_path))
    counts = db.table_counts(con)
    return {
        "ingest_seconds": round(time.perf_counter() - started, 2),
        "rows_loaded": {name: report.rows_loaded for name, report in reports.items()},
        "table_counts": counts,
        "preserved_tables": preserved,
    }


def _copy_preserved(con, old_path: Path | None) -> list[str]:
    """Copy PRESERVED_TABLES from the old warehouse, where it has them."""
    if old_path is None or not old_path.is_file() or not PRESERVED_TABLES:
        return []
    con.execute("attach $path as old_warehouse (read_only)", {"path": str(old_path)})
    try:
        old = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = 'old_warehouse'"
            ).fetchall()
        }
        new = set(db.table_names(con))
        copied = []
        for table in PRESERVED_TABLES:
            if table not in old:
                continue
            if table in new:
                con.execute(f'delete from main."{table}"')
                con.execute(f'insert into main."{table}" by name select * from old_warehouse.main."{table}"')
            else:
                con.execute(f'create table main."{table}" as select * from old_warehouse.main."{table}"')
            copied.append(table)
        return copied
    finally:
        con.execute("detach old_warehouse")
