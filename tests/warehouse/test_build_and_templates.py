"""Build from the tiny fixture (literal counts), templates load, data-quality queries run, CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from settings import PROJECT_ROOT
from tests.warehouse.conftest import TINY
from warehouse import db, snapshots
from warehouse.build import build_warehouse
from warehouse.formats import FORMATS, INGEST_FORMATS
from warehouse.ingest import ingest
from warehouse.quality import quality_queries
from warehouse.templates import template_path, template_rows


@pytest.fixture(scope="module")
def tiny_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "warehouse.duckdb"
    build_warehouse(path, TINY)
    return path


def test_build_counts_are_literal(tiny_warehouse):
    con = db.connect(tiny_warehouse, read_only=True)
    counts = db.table_counts(con)
    assert {k: counts[k] for k in ("police_uk_rows", "force_extract_rows", "hospital_admissions")} == {
        "police_uk_rows": 11, "force_extract_rows": 3, "hospital_admissions": 3,
    }  # fmt: skip
    assert (counts["ae_attendances"], counts["cohort_people"], counts["cohort_interventions"]) == (2, 2, 3)
    assert (counts["cohort_needs"], counts["cohort_reoffending"], counts["indicator_values"]) == (4, 2, 2)
    assert counts["ingest_log"] == 8
    # 2023-02: the force extract stands in for police.uk crimes; police.uk ASB stays.
    rows = con.execute(
        "select strftime(month, '%Y-%m'), source, count(*) from incidents group by all order by all"
    ).fetchall()
    assert rows == [("2023-01", "police.uk", 8), ("2023-02", "force_extract", 3), ("2023-02", "police.uk", 1)]
    statuses = con.execute(
        "select location_status, count(*) from incidents where month = '2023-01-01' group by 1 order by 1"
    ).fetchall()
    assert statuses == [("known", 6), ("outside_reference", 1), ("unknown", 1)]
    lon, lat = con.execute(
        "select lon, lat from force_extract_rows where crime_reference = '23WK0000001'"
    ).fetchall()[0]
    assert lon == pytest.approx(-1.428555, abs=1e-4) and lat == pytest.approx(52.476642, abs=1e-4)
    con.close()


def test_rebuild_keeps_commentary(tmp_path):
    path = tmp_path / "w.duckdb"
    build_warehouse(path, TINY)
    with snapshots.writing(path, "commentary") as con:
        con.execute(
            "insert into commentary (indicator_id, period_label, author, body) values "
            "('sv_knife_crime', '2024/25', 'analyst', 'Rise in Nuneaton explained by a reclassification')"
        )
    build_warehouse(path, TINY)
    con = db.connect(path, read_only=True)
    assert con.execute("select body from commentary").fetchall() == [
        ("Rise in Nuneaton explained by a reclassification",)
    ]
    assert db.table_counts(con)["police_uk_rows"] == 11
    con.close()
    # The pointer and its snapshots (build, commentary, build), with no writer's leftovers.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb", "w.snapshots"]
    assert [s.action for s in snapshots.list_snapshots(path)] == ["build", "commentary", "build"]
    assert not [p for p in snapshots.folder_of(path).iterdir() if p.name.startswith(snapshots.TEMP_PREFIX)]


def test_reload_of_other_formats_replaces(tiny_warehouse, tmp_path):
    path = tmp_path / "copy.duckdb"
    path.write_bytes(tiny_warehouse.read_bytes())
    con = db.connect(path)
    before = db.table_counts(con)
    for format_name, folder in (
        ("admissions", "admissions"),
        ("ae", "ae"),
        ("cohort", "cohort"),
        ("indicators", "indicators"),
    ):
        report = ingest(con, format_name, [TINY / folder])
        assert report.rows_replaced == report.rows_loaded
    after = db.table_counts(con)
    assert {k: v for k, v in after.items() if k != "ingest_log"} == {
        k: v for k, v in before.items() if k != "ingest_log"
    }
    con.close()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_template_loads(empty_db, name):
    fmt = FORMATS[name]
    template = template_path(fmt)
    assert template.read_text(encoding="utf-8").splitlines()[0].split(",")[0] == fmt.column_names[0]
    command = next(c for c, parts in INGEST_FORMATS.items() if name in parts)
    # A file whose rows refer to another of its command's files (interventions to people, milestones to
    # actions, ...) is loaded with the files before it.
    parts = INGEST_FORMATS[command]
    paths = [template_path(FORMATS[part]) for part in parts[: parts.index(name) + 1]]
    report = ingest(empty_db, command, paths)
    loaded = {f.format: f.rows_loaded for f in report.files}
    assert loaded[name] == len(template_rows(fmt)) >= 2


@pytest.mark.parametrize("path", quality_queries(), ids=lambda p: p.stem)
def test_quality_queries_run_with_header(tiny_warehouse, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- params: none") and "-- grain:" in text and "final as (" in text
    con = db.connect(tiny_warehouse, read_only=True)
    frame = con.execute(text).df()
    con.close()
    assert len(frame.columns) >= 3


def test_quality_findings_on_tiny(tiny_warehouse):
    con = db.connect(tiny_warehouse, read_only=True)
    sql = (PROJECT_ROOT / "queries" / "data_quality_unmatched_lsoas.sql").read_text()
    assert con.execute(sql).fetchall()[0][:3] == ("E01032867", "Leicester 041A", 1)
    sql = (PROJECT_ROOT / "queries" / "data_quality_missing_months.sql").read_text()
    assert con.execute(sql).fetchall() == []
    con.close()


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warehouse", *args],
        check=False,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_ingest_success_and_failure(tmp_path):
    db_path = tmp_path / "cli.duckdb"
    ok = run_cli("ingest", "police-uk", str(TINY / "police_uk"), "--db", str(db_path))
    assert ok.returncode == 0, ok.stderr
    assert "Warwickshire Police 2023-01: 8" in ok.stdout and "rows with unknown location: 1" in ok.stdout
    assert "rows outside the reference area (LSOA not in the reference): 1" in ok.stdout
    bad = tmp_path / "bad-street.csv"
    bad.write_text(
        (TINY / "police_uk/2023-02/2023-02-warwickshire-street.csv").read_text().replace("52.370443", "99")
    )
    refused = run_cli("ingest", "police-uk", str(bad), "--db", str(db_path))
    assert refused.returncode == 1
    assert f"{bad}, line 2, column 'Latitude'" in refused.stderr
    assert f"{bad}, line 3, column 'Latitude'" not in refused.stderr  # first bad row per column
