"""The warehouse as immutable snapshots behind one pointer, and the one writer at a time.

Layout, for SVD_DB = data/warehouse.duckdb (docs/SNAPSHOTS.md says why it is built this way):

    data/warehouse.duckdb                   symlink -> warehouse.snapshots/<id>.duckdb (the pointer)
    data/warehouse.snapshots/<id>.duckdb    a published snapshot: checkpointed, never written again
    data/warehouse.snapshots/<id>.json      what it is: time, action, what changed, row counts
    data/warehouse.snapshots/writer.lock    flock of the one writer; holds who and since when
    data/warehouse.snapshots/.tmp-<id>.*    a writer's work in progress (a leftover if it died)

A writer (`writing()`: the build, an ingest, an upload, a commentary or delivery update) takes the
lock, copies the current snapshot to a temporary file (or starts an empty one), writes there,
checkpoints and closes it, renames it into place and swaps the pointer with one `os.replace` of a
symlink, which POSIX makes atomic. Readers resolve the pointer once per page run and open that
file read-only, so a run never mixes two snapshots and a reader never sees a half-written file.
A writer killed at any moment leaves the pointer on the old snapshot; its temporary files are
removed by the next writer (or `cleanup()` at server start). Old snapshots past SVD_SNAPSHOTS_KEEP
are unlinked; a reader that still has one open keeps reading it (Linux frees the file on close).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from settings import load_settings
from warehouse import db

TEMP_PREFIX = ".tmp-"
LOCK_NAME = "writer.lock"


class SnapshotError(RuntimeError):
    """The warehouse cannot be written or switched as asked (the message says why, in words)."""


@dataclass(frozen=True)
class Snapshot:
    """One published snapshot and what its metadata says."""

    snapshot_id: str
    path: Path
    created: str
    action: str
    detail: str
    table_counts: dict
    current: bool
    previous: str | None = None  # the snapshot this one was written on top of (what rollback returns to)


def folder_of(db_path: str | Path) -> Path:
    """The snapshots folder beside the pointer: data/warehouse.duckdb -> data/warehouse.snapshots."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.snapshots")


def current_file(db_path: str | Path) -> Path | None:
    """The file the pointer names now (the pointer itself for a plain file); None if absent."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    return Path(os.path.realpath(db_path))


def snapshot_key(db_path: str | Path) -> str | None:
    """A key that changes whenever what the pointer names changes (for caches and page runs).

    A published snapshot is immutable, so its path is its key; a plain file (a test's, or a
    warehouse from before snapshots) adds its size and modification time."""
    real = current_file(db_path)
    if real is None:
        return None
    if real.parent == folder_of(db_path):
        return str(real)
    stat = real.stat()
    return f"{real}@{stat.st_size}:{stat.st_mtime_ns}"


def list_snapshots(db_path: str | Path) -> list[Snapshot]:
    """Published snapshots, newest first, with their metadata."""
    folder, current = folder_of(db_path), current_file(db_path)
    found = []
    for path in sorted(folder.glob("*.duckdb"), reverse=True) if folder.is_dir() else []:
        if path.name.startswith(TEMP_PREFIX):
            continue
        meta = _read_meta(path.with_suffix(".json"))
        found.append(Snapshot(path.stem, path, meta.get("created", ""), meta.get("action", "unknown"),
                              meta.get("detail", ""), meta.get("table_counts", {}), path == current,
                              meta.get("previous")))
    return found


def about(key: str) -> dict:
    """What a snapshot's metadata says, given its key (empty for a plain file)."""
    path = Path(key.split("@")[0])
    return _read_meta(path.with_suffix(".json")) if path.suffix == ".duckdb" else {}


def _read_meta(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@contextmanager
def writer_lock(db_path: str | Path, command: str, wait_seconds: float | None = None) -> Iterator[Path]:
    """Hold the one writer's lock (across processes) for the block; wait, then refuse in words."""
    folder = _writable_folder(db_path)
    wait = load_settings().writer_wait_seconds if wait_seconds is None else wait_seconds
    handle = open(folder / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block
    try:
        _acquire(handle, wait, folder / LOCK_NAME)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                                 "since": datetime.now().isoformat(timespec="seconds")}))
        handle.flush()
        _remove_leftovers(folder)
        yield folder
    finally:
        handle.close()  # closing releases the flock, also when the process is killed


def _acquire(handle, wait_seconds: float, lock_path: Path) -> None:
    deadline = time.monotonic() + max(wait_seconds, 0)
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise SnapshotError(_holder_message(lock_path, wait_seconds)) from None
            time.sleep(0.25)  # waiting on another process's write; flock has no timed wait


def _holder_message(lock_path: Path, waited: float) -> str:
    holder = _read_meta(lock_path)
    who = (f"{holder.get('command', 'another writer')} (process {holder.get('pid', '?')} on "
           f"{holder.get('host', '?')}) since {holder.get('since', '?')}") if holder else "another writer"
    return (f"The warehouse is being written by {who}; waited {waited:g} s. Try again when it has "
            f"finished (set SVD_WRITER_WAIT to wait longer).")


def _writable_folder(db_path: str | Path) -> Path:
    folder = folder_of(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f"{TEMP_PREFIX}probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise SnapshotError(f"Cannot write the warehouse folder {folder}: {error.strerror or error}. "
                            f"Nothing was changed.") from error
    return folder


def _remove_leftovers(folder: Path) -> list[Path]:
    """Remove what dead writers left (only called with the lock held, so none is alive)."""
    leftovers = [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    for path in leftovers:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return leftovers


def cleanup(db_path: str | Path) -> list[Path]:
    """Remove dead writers' leftovers if no writer is working now (server start); returns them."""
    folder = folder_of(db_path)
    if not folder.is_dir():
        return []
    with open(folder / LOCK_NAME, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # a live writer: its files are not leftovers
        return _remove_leftovers(folder)


@contextmanager
def writing(db_path: str | Path, action: str, detail: str = "", *, fresh: bool = False
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a new snapshot, published when the block ends without error.

    The new snapshot starts as a copy of the current one (`fresh=True`: empty, for a build). On
    any exception nothing is published and the served warehouse is exactly as it was."""
    db_path = Path(db_path)
    with writer_lock(db_path, f"{action} {detail}".strip()) as folder:
        snapshot_id = _new_id(folder)
        temporary = folder / f"{TEMP_PREFIX}{snapshot_id}.duckdb"
        try:
            source = current_file(db_path)
            if source is not None and not fresh:
                _copy(source, temporary)
            con = db.connect(temporary)
            con.execute(f"set memory_limit = '{load_settings().writer_memory_mb}MiB'")
        except OSError as error:
            _unlink(temporary)
            raise SnapshotError(f"Cannot prepare a new snapshot in {folder}: {error.strerror or error}. "
                                f"Nothing was changed.") from error
        try:
            yield con
            counts = db.table_counts(con)
            con.execute("checkpoint")
        except BaseException:
            con.close()
            _unlink(temporary)
            raise
        con.close()
        publish(db_path, temporary, snapshot_id, action, detail, counts)


def _copy(source: Path, target: Path) -> None:
    """Copy a published snapshot (checkpointed: the .duckdb file is all of it)."""
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        raise SnapshotError(f"{source} has an unapplied write-ahead log ({wal.name}); it was written in "
                            f"place outside the snapshot path. Open it once read-write to apply it.")
    shutil.copyfile(source, target)


def publish(db_path: Path, temporary: Path, snapshot_id: str, action: str, detail: str, counts: dict) -> Path:
    """Move a finished file into place and point the warehouse at it (with the lock held)."""
    folder = folder_of(db_path)
    final = folder / f"{snapshot_id}.duckdb"
    try:
        # A plain file from before snapshots is kept as a snapshot first, so the new one names it as
        # the one it replaced (what rollback returns to).
        previous = _legacy_to_snapshot(db_path, folder) or current_file(db_path)
        meta = {"snapshot_id": snapshot_id, "created": datetime.now().isoformat(timespec="seconds"),
                "action": action, "detail": detail, "table_counts": counts,
                "previous": previous.stem if previous is not None else None}
        _fsync(temporary)
        _write_atomic(final.with_suffix(".json"), json.dumps(meta, indent=1))
        os.replace(temporary, final)
        point_to(db_path, final)
    except OSError as error:
        _unlink(temporary)
        raise SnapshotError(f"Cannot publish the new snapshot in {folder}: {error.strerror or error}. "
                            f"The warehouse is unchanged.") from error
    prune(db_path)
    return final


def point_to(db_path: Path, target: Path) -> None:
    """Swap the pointer to `target` atomically (a new symlink renamed over the old pointer)."""
    link = db_path.with_name(f"{TEMP_PREFIX}{db_path.name}.{os.getpid()}.link")
    _unlink(link)
    os.symlink(os.path.relpath(target, db_path.parent), link)
    os.replace(link, db_path)
    _fsync_dir(db_path.parent)


def _legacy_to_snapshot(db_path: Path, folder: Path) -> Path | None:
    """A warehouse from before snapshots (a plain file) becomes the first snapshot, kept for rollback;
    returns it (None when the warehouse is already a pointer or absent)."""
    if db_path.is_symlink() or not db_path.is_file():
        return None
    stamp = datetime.fromtimestamp(db_path.stat().st_mtime).strftime("%Y%m%dT%H%M%S")
    target = folder / f"{stamp}-000000.duckdb"
    if not target.exists():
        os.link(db_path, target)  # a second name for the same file: readers keep reading it
        _write_atomic(target.with_suffix(".json"), json.dumps({
            "snapshot_id": target.stem, "created": datetime.fromtimestamp(db_path.stat().st_mtime).isoformat(
                timespec="seconds"), "action": "existing", "detail": "the warehouse file before snapshots",
            "table_counts": {}}))
    return target


def prune(db_path: str | Path, keep: int | None = None) -> list[Path]:
    """Unlink snapshots beyond the newest `keep`, never the current one nor the one it was written
    on top of (so that rollback always has somewhere to go); returns those removed."""
    keep = load_settings().snapshots_keep if keep is None else keep
    snapshots = list_snapshots(db_path)
    current = next((s for s in snapshots if s.current), None)
    kept = {current.snapshot_id, current.previous} if current is not None else set()
    removed = []
    for snapshot in snapshots[keep:]:
        if snapshot.snapshot_id in kept:
            continue
        for path in (snapshot.path, snapshot.path.with_suffix(".json")):
            _unlink(path)
        removed.append(snapshot.path)
    return removed


def rollback(db_path: str | Path) -> Snapshot:
    """Point the warehouse at the snapshot the current one was written on top of; returns it.

    That is the one it replaced, not merely the next older file: after a rollback and a new load,
    rolling back again returns to the figures before that load, not to the load rolled back."""
    db_path = Path(db_path)
    with writer_lock(db_path, "rollback"):
        snapshots = list_snapshots(db_path)
        current = next((s for s in snapshots if s.current), None)
        if current is None or current.previous is None:
            raise SnapshotError(f"No earlier snapshot of {db_path} to return to: the current one was not written on "
                                f"top of another ({len(snapshots)} kept; see `python -m warehouse snapshots`).")
        target = next((s for s in snapshots if s.snapshot_id == current.previous), None)
        if target is None:
            raise SnapshotError(f"The snapshot {current.previous} that the current one replaced is no longer kept; "
                                f"see `python -m warehouse snapshots` for those that are.")
        point_to(db_path, target.path)
        return target


def _new_id(folder: Path) -> str:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    taken = {p.stem for p in folder.glob(f"{stamp}-*.duckdb")}
    sequence = len(taken) + 1
    while f"{stamp}-{sequence:06d}" in taken:
        sequence += 1
    return f"{stamp}-{sequence:06d}"


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f"{TEMP_PREFIX}{path.name}")
    temporary.write_text(text, encoding="utf-8")
    _fsync(temporary)
    os.replace(temporary, path)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _unlink(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


def describe(db_path: str | Path) -> list[str]:
    """Lines for `python -m warehouse snapshots`."""
    snapshots = list_snapshots(db_path)
    if not snapshots:
        return [f"{db_path}: no snapshots yet" + (" (a plain warehouse file)" if Path(db_path).is_file() else "")]
    lines = []
    for snapshot in snapshots:
        rows = snapshot.table_counts
        counts = ", ".join(f"{name} {rows[name]:,}" for name in ("police_uk_rows", "force_extract_rows",
                                                                  "cohort_people", "commentary") if name in rows)
        marker = "*" if snapshot.current else " "
        lines.append(f"{marker} {snapshot.snapshot_id}  {snapshot.created}  {snapshot.action}"
                     f"{': ' + snapshot.detail if snapshot.detail else ''}  [{counts}]")
    return lines + ["(* = served now)"]

