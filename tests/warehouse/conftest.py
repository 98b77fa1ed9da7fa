"""Fixtures for the warehouse tests: an empty warehouse with the reference loaded, built once;
a loaded one shared by the refusal tests; helpers to write files and assert a refusal."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from settings import load_settings
from warehouse import db
from warehouse.errors import IngestError
from warehouse.ingest import ingest, open_for_ingest

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
POLICE = TINY / "police_uk" / "2023-01" / "2023-01-warwickshire-street.csv"
EXTRACT = TINY / "force_extract" / "2023-02-warwickshire-force-extract.csv"


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
    """Everything a refused command must leave untouched: every table's row count, the log, and
    every row of the tables the formats load."""
    counts = " union all ".join(f"select '{name}', count(*) from \"{name}\"" for name in db.table_names(con))
    tables = ("police_uk_rows", "force_extract_rows", "hospital_admissions", "ae_attendances", "cohort_people",
              "cohort_interventions", "indicator_values")  # fmt: skip
    return {
        "counts": dict(con.execute(counts).fetchall()),
        "log": con.execute("select * from ingest_log order by ingest_id").fetchall(),
        **{table: con.execute(f"select * from {table} order by all").fetchall() for table in tables},
    }


@pytest.fixture(scope="session")
def loaded_con(reference_db, tmp_path_factory):
    """A warehouse holding the tiny police.uk and force-extract files, shared by every refusal
    test: each asserts that it leaves the warehouse unchanged (the few that load remove it)."""
    path = tmp_path_factory.mktemp("loaded") / "warehouse.duckdb"
    shutil.copy(reference_db, path)
    connection = db.connect(path)
    ingest(connection, "police-uk", [TINY / "police_uk"])
    ingest(connection, "force-extract", [EXTRACT])
    yield connection
    connection.close()


def refused(con, format_name, paths, **kwargs) -> IngestError:
    """The IngestError of a command that must change nothing (checked with snapshot)."""
    before = snapshot(con)
    with pytest.raises(IngestError) as info:
        ingest(con, format_name, paths, **kwargs)
    assert snapshot(con) == before
    return info.value


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path: Path, rows: list[list[str]], newline: str = "\n") -> Path:
    """A CSV file of the rows, records ended by `newline` (values holding CR or LF quoted)."""
    records = []
    for row in rows:
        buffer = io.StringIO()  # "\r\n" as terminator: the csv module quotes a value with CR or LF then
        csv.writer(buffer, lineterminator="\r\n").writerow(row)
        records.append(buffer.getvalue()[:-2])
    path.write_text("".join(record + newline for record in records), encoding="utf-8", newline="")
    return path


def damaged(tmp_path: Path, source: Path, line: int, column: str, value: str) -> Path:
    """A copy of `source` with one cell (line numbered with header = 1) changed."""
    rows = rows_of(source)
    rows[line - 1][rows[0].index(column)] = value
    return write(tmp_path / source.name, rows)
