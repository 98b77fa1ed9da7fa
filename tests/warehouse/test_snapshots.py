"""The warehouse as snapshots (warehouse/snapshots.py): publish, rollback, one writer, faults.

Figures are read the way pages read them (queries.runner.run_query), so "unchanged" means what a
user would see, not only the pointer."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from queries import connection
from queries.runner import clear_cache, run_query
from settings import PROJECT_ROOT, load_settings
from tests.warehouse.conftest import TINY
from warehouse import snapshots
from warehouse.build import build_warehouse
from warehouse.errors import IngestError
from warehouse.ingest import ingest

JANUARY = TINY / "police_uk" / "2023-01"
FEBRUARY = TINY / "police_uk" / "2023-02"
REAL = sorted(load_settings().police_uk_dir.glob("2022-0[1-3]-warwickshire-street.csv"))


def figures() -> dict[str, pd.DataFrame]:
    """What the Data page and the period choice show, read through the query layer."""
    return {name: run_query(name) for name in ("months_available", "data_quality_rows_by_source_month")}


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for name, frame in left.items():
        pd.testing.assert_frame_equal(frame, right[name], check_exact=True, obj=name)


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """A warehouse of January's tiny police.uk file, served (SVD_DB) from a fresh folder."""
    path = tmp_path / "w.duckdb"
    monkeypatch.setenv("SVD_DB", str(path))
    connection.release_connections()
    clear_cache()
    ingest(path, "police-uk", [JANUARY])
    yield path
    connection.unpin()
    connection.release_connections()
    clear_cache()


def leftovers(path: Path) -> list[str]:
    if not snapshots.folder_of(path).is_dir():
        return []
    return sorted(p.name for p in snapshots.folder_of(path).iterdir() if p.name.startswith(snapshots.TEMP_PREFIX))


def test_ingest_publishes_a_snapshot_and_rollback_restores_the_figures_exactly(warehouse):
    before, key_before = figures(), snapshots.snapshot_key(warehouse)
    assert list(before["months_available"]["month"].dt.strftime("%Y-%m")) == ["2023-01"]

    ingest(warehouse, "police-uk", [FEBRUARY])
    after = figures()
    assert list(after["months_available"]["month"].dt.strftime("%Y-%m")) == ["2023-01", "2023-02"]
    assert warehouse.is_symlink() and snapshots.snapshot_key(warehouse) != key_before
    listed = snapshots.list_snapshots(warehouse)
    assert [(s.action, s.detail, s.current) for s in listed] == [
        ("ingest police-uk", "2023-02", True), ("ingest police-uk", "2023-01", False)]
    assert listed[0].table_counts["police_uk_rows"] == 11 and listed[1].table_counts["police_uk_rows"] == 8

    restored = snapshots.rollback(warehouse)
    assert restored.path == listed[1].path
    assert snapshots.snapshot_key(warehouse) == key_before
    assert_same(figures(), before)
    with pytest.raises(snapshots.SnapshotError, match="No earlier snapshot"):
        snapshots.rollback(warehouse)


def test_rollback_returns_to_the_snapshot_replaced_not_to_a_load_rolled_back_before(warehouse):
    before = figures()
    ingest(warehouse, "police-uk", [FEBRUARY])
    first_load = snapshots.current_file(warehouse)
    snapshots.rollback(warehouse)
    assert_same(figures(), before)
    ingest(warehouse, "police-uk", [FEBRUARY])  # loaded again on top of the rolled-back figures
    assert snapshots.current_file(warehouse) != first_load
    listed = snapshots.list_snapshots(warehouse)
    assert [(s.action, s.detail, s.current) for s in listed] == [
        ("ingest police-uk", "2023-02", True), ("ingest police-uk", "2023-02", False),
        ("ingest police-uk", "2023-01", False)]
    restored = snapshots.rollback(warehouse)
    assert restored.path == listed[2].path  # the one the load replaced, not the newer file listed[1]
    assert_same(figures(), before)


def test_cli_lists_and_rolls_back(warehouse):
    ingest(warehouse, "police-uk", [FEBRUARY])
    run = [sys.executable, "-m", "warehouse"]
    listing = subprocess.run([*run, "snapshots", "--db", str(warehouse)], capture_output=True, text=True,
                             cwd=PROJECT_ROOT, check=True).stdout.splitlines()
    assert len(listing) == 3 and listing[0].startswith("* ") and "ingest police-uk: 2023-02" in listing[0]
    assert "police_uk_rows 11" in listing[0] and "police_uk_rows 8" in listing[1]
    back = subprocess.run([*run, "rollback", "--db", str(warehouse)], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, check=False)
    assert back.returncode == 0 and "now serving" in back.stdout
    assert list(run_query("months_available")["month"].dt.strftime("%Y-%m")) == ["2023-01"]


def test_a_page_run_stays_on_its_snapshot_and_the_next_run_sees_the_new_one(warehouse):
    pinned = connection.pin()
    january = run_query("months_available")
    ingest(warehouse, "police-uk", [FEBRUARY])
    # The same run, after the publish: still one snapshot, the one it started on.
    pd.testing.assert_frame_equal(run_query("months_available"), january)
    assert connection.active_snapshot() == pinned
    connection.unpin()
    assert len(run_query("months_available")) == 2  # a new run: the new snapshot, no cache to clear
    assert connection.pin() != pinned


def test_old_snapshots_pruned_past_the_limit_but_an_open_reader_keeps_reading(warehouse, monkeypatch):
    monkeypatch.setenv("SVD_SNAPSHOTS_KEEP", "2")
    first = snapshots.snapshot_key(warehouse)
    with connection.reading(first) as cursor:
        for _ in range(3):
            ingest(warehouse, "police-uk", [FEBRUARY])
        assert not Path(first).exists()  # unlinked while open
        assert cursor.execute("select count(*) from police_uk_rows").fetchone()[0] == 8
    assert len(snapshots.list_snapshots(warehouse)) == 2
    assert first not in connection.open_snapshots()  # closed once its last reader finished


def test_a_second_writer_is_refused_naming_the_holder_and_since_when(warehouse, monkeypatch):
    before = figures()
    with snapshots.writer_lock(warehouse, "ingest police-uk 2023-03.csv"):
        with pytest.raises(snapshots.SnapshotError) as refused, \
                snapshots.writer_lock(warehouse, "build", wait_seconds=0):
            pass
        holder = json.loads((snapshots.folder_of(warehouse) / snapshots.LOCK_NAME).read_text())
        message = str(refused.value)
        assert f"ingest police-uk 2023-03.csv (process {os.getpid()} on " in message
        assert f"since {holder['since']}" in message and "waited 0 s" in message
        # The command line, in another process, says the same and changes nothing.
        cli = subprocess.run([sys.executable, "-m", "warehouse", "ingest", "police-uk", str(FEBRUARY),
                              "--db", str(warehouse)], capture_output=True, text=True, cwd=PROJECT_ROOT,
                             env={**os.environ, "SVD_WRITER_WAIT": "0"}, check=False)
        assert cli.returncode == 1
        assert "being written by ingest police-uk 2023-03.csv" in cli.stderr
        assert "nothing was loaded" in cli.stderr
    assert_same(figures(), before)


def test_a_writer_waits_for_the_lock_rather_than_failing_at_once(warehouse):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from warehouse.snapshots import writer_lock\n"
        f"with writer_lock({str(warehouse)!r}, 'held by a test'):\n"
        "    print('held', flush=True); time.sleep(1.5)")], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    ingest(warehouse, "police-uk", [FEBRUARY])  # SVD_WRITER_WAIT defaults to 60 s
    waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert 0.5 < waited < 30
    assert len(run_query("months_available")) == 2


def test_an_error_inside_a_writer_publishes_nothing(warehouse):
    before, key = figures(), snapshots.snapshot_key(warehouse)
    with pytest.raises(ZeroDivisionError), snapshots.writing(warehouse, "commentary") as con:
        con.execute("delete from police_uk_rows")
        raise ZeroDivisionError("a writer failing halfway")
    assert snapshots.snapshot_key(warehouse) == key and leftovers(warehouse) == []
    assert_same(figures(), before)


def test_a_full_disk_while_copying_is_a_clear_error_and_changes_nothing(warehouse, monkeypatch):
    before, key = figures(), snapshots.snapshot_key(warehouse)

    def full(source, target):
        Path(target).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(snapshots.shutil, "copyfile", full)
    with pytest.raises(IngestError) as refused:
        ingest(warehouse, "police-uk", [FEBRUARY])
    message = str(refused.value.problems[0])
    assert "No space left on device" in message and "Nothing was changed" in message
    assert snapshots.snapshot_key(warehouse) == key and leftovers(warehouse) == []
    assert_same(figures(), before)


def test_an_unwritable_warehouse_folder_is_a_clear_error(tmp_path):
    path = tmp_path / "w.duckdb"
    snapshots.folder_of(path).write_text("not a folder")  # where the snapshots folder would go
    with pytest.raises(IngestError) as refused:
        ingest(path, "police-uk", [JANUARY])
    message = str(refused.value.problems[0])
    assert f"Cannot write the warehouse folder {snapshots.folder_of(path)}" in message
    assert "Nothing was changed" in message and not path.exists()


def test_a_warehouse_from_before_snapshots_becomes_the_first_snapshot(tmp_path, monkeypatch):
    plain = tmp_path / "w.duckdb"
    monkeypatch.setenv("SVD_DB", str(plain))
    ingest(plain, "police-uk", [JANUARY])
    real = snapshots.current_file(plain)
    shutil.copyfile(real, tmp_path / "plain.duckdb")
    shutil.rmtree(snapshots.folder_of(plain))
    plain.unlink()
    os.replace(tmp_path / "plain.duckdb", plain)  # as the first build left it: one plain file
    ingest(plain, "police-uk", [FEBRUARY])
    assert [s.action for s in snapshots.list_snapshots(plain)] == ["ingest police-uk", "existing"]
    snapshots.rollback(plain)
    connection.release_connections()
    assert list(run_query("months_available")["month"].dt.strftime("%Y-%m")) == ["2023-01"]
    connection.release_connections()


def _kill_at(command: list[str], delay: float) -> int:
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=30)


def test_sigkill_during_an_ingest_leaves_the_served_figures_unchanged(sample_warehouse, tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    shutil.copyfile(snapshots.current_file(sample_warehouse), path)
    monkeypatch.setenv("SVD_DB", str(path))
    connection.release_connections()
    clear_cache()
    before, key = figures(), snapshots.snapshot_key(path)
    command = [sys.executable, "-m", "warehouse", "ingest", "police-uk", *map(str, REAL), "--db", str(path)]
    assert len(REAL) == 3
    # How long an ingest takes here, on a copy, so the kills land across all of it.
    trial = tmp_path / "trial.duckdb"
    shutil.copyfile(path, trial)
    started = time.monotonic()
    subprocess.run([*command[:-1], str(trial)], cwd=PROJECT_ROOT, check=True, capture_output=True)
    duration = time.monotonic() - started
    monkeypatch.setenv("SVD_DB", str(trial))
    connection.release_connections()
    loaded = figures()  # what a finished ingest serves
    monkeypatch.setenv("SVD_DB", str(path))
    killed, mid_write = 0, 0
    for fraction in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85):
        if _kill_at(command, duration * fraction) == -signal.SIGKILL:
            killed += 1
        mid_write += bool(leftovers(path))  # killed with its new snapshot half made
        connection.release_connections()
        clear_cache()
        if snapshots.snapshot_key(path) == key:
            assert_same(figures(), before)
        else:  # killed after it had published (while printing its report): all of it, never part
            assert_same(figures(), loaded)
            snapshots.rollback(path)
            key = snapshots.snapshot_key(path)
            assert_same(figures(), before)
    assert killed >= 4, f"the ingest ({duration:.1f} s) finished before most kills"
    assert mid_write >= 2, "no kill landed while the new snapshot was being written"
    snapshots.cleanup(path)  # what the server does at start
    assert leftovers(path) == []
    # and the next writer works.
    ingest(path, "police-uk", REAL)
    connection.release_connections()
    assert run_query("months_available")["month"].min() == pd.Timestamp("2019-01-01")
    assert len(run_query("months_available")) == len(before["months_available"])
    connection.release_connections()
    clear_cache()


def test_sigkill_during_a_build_leaves_the_warehouse_as_it_was(warehouse, tmp_path):
    before, key = figures(), snapshots.snapshot_key(warehouse)
    command = [sys.executable, "-m", "warehouse", "build", "--db", str(warehouse), "--sample-dir", str(TINY)]
    started = time.monotonic()
    trial = subprocess.run([*command[:4], "--db", str(tmp_path / "trial.duckdb"), *command[6:]],
                           cwd=PROJECT_ROOT, capture_output=True, check=False)
    assert trial.returncode == 0
    duration = time.monotonic() - started
    for fraction in (0.5, 0.8):
        _kill_at(command, duration * fraction)
        assert snapshots.snapshot_key(warehouse) == key
        connection.release_connections()
        assert_same(figures(), before)
    build_warehouse(warehouse, TINY)  # the next writer removes the leftovers and publishes
    assert leftovers(warehouse) == [] and snapshots.list_snapshots(warehouse)[0].action == "build"
