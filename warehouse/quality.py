"""Run the data-quality queries (queries/data_quality_*.sql, none take parameters)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from settings import PROJECT_ROOT
from warehouse import db

QUERY_DIR = PROJECT_ROOT / "queries"


def quality_queries() -> list[Path]:
    """The data-quality query files, by name."""
    return sorted(QUERY_DIR.glob("data_quality_*.sql"))


def findings(db_path: str | Path) -> dict[str, pd.DataFrame]:
    """Each data-quality query's result, keyed by query name."""
    con = db.connect(db_path, read_only=True)
    try:
        return {path.stem: con.execute(path.read_text(encoding="utf-8")).df() for path in quality_queries()}
    finally:
        con.close()
