"""Every setting of the project, read from the environment in one place.

Each setting has a documented default; the README lists them all. Nothing else in the
project reads os.environ for configuration.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _path(name: str, default: Path) -> Path:
    # Absolute but not resolved: SVD_DB is a symlink to the current snapshot (warehouse/snapshots.py)
    # and must stay the pointer, not the file it names today.
    value = os.environ.get(name)
    return Path(os.path.abspath(Path(value).expanduser())) if value else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from error


def _positive_int(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise ValueError(f"{name} must be 1 or more, got {value}")
    return value


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ValueError(f"{name} must be 1 or 0, got {value!r}")


def _pairs(name: str) -> dict[str, str]:
    """`key=value,key=value` (the values not checked here)."""
    pairs = {}
    for part in os.environ.get(name, "").split(","):
        if part.strip():
            key, sep, value = part.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise ValueError(f"{name} must be group=role pairs separated by commas, got {part!r}")
            pairs[key.strip()] = value.strip()
    return pairs


def _month(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if not re.fullmatch(r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])", value):
        raise ValueError(f"{name} must be a month YYYY-MM from 1900-01, got {value!r}")
    return value


def _date(name: str) -> date:
    value = os.environ.get(name)
    if not value:
        return date.today()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date YYYY-MM-DD, got {value!r}")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    reference_dir: Path
    police_uk_dir: Path
    sample_dir: Path
    suppression_threshold: int
    health_suppression_threshold: int
    health_rounding_base: int
    chromium_path: str
    harm_weights_path: Path
    earliest_month: str
    today: date
    zip_max_members: int
    zip_max_unpacked_mb: int
    zip_max_ratio: int
    upload_max_files: int
    upload_max_file_mb: int
    upload_max_total_mb: int
    snapshots_keep: int
    writer_wait_seconds: float
    snapshot_poll_seconds: int
    writer_memory_mb: int
    access_db_path: Path
    access_contact: str
    audit_retention_days: int
    open_mode_all: bool
    group_roles: dict[str, str]
    query_log_path: Path | None


def load_settings() -> Settings:
    """Read the settings from the environment (call again after changing it in tests)."""
    shared_data = PROJECT_ROOT.parent / "shared" / "data"
    return Settings(
        # The DuckDB warehouse file the dashboard reads and the ingest writes.
        db_path=_path("SVD_DB", PROJECT_ROOT / "data" / "warehouse.duckdb"),
        # ONS boundaries, lookups, Census 2021 population and IoD 2019 (never copied here).
        reference_dir=_path("SVD_REFERENCE_DIR", shared_data / "reference"),
        # Real data.police.uk example files, used by tests.
        police_uk_dir=_path("SVD_POLICE_UK_DIR", shared_data / "police_uk"),
        # Where `python -m warehouse build` writes (and finds) the generated sample files.
        sample_dir=_path("SVD_SAMPLE_DIR", PROJECT_ROOT / "data" / "sample"),
        # Counts about people from 1 to this value are suppressed (cohort, victims, suspects).
        suppression_threshold=_int("SVD_SUPPRESSION_THRESHOLD", 4),
        # HES rule for health-derived counts: 1 to this value suppressed, the rest rounded.
        health_suppression_threshold=_int("SVD_HEALTH_SUPPRESSION_THRESHOLD", 7),
        health_rounding_base=_int("SVD_HEALTH_ROUNDING", 5),
        # Headless browser for PDF export and browser tests.
        chromium_path=os.environ.get("SVD_CHROMIUM", "/usr/bin/chromium"),
        # Editable, sourced crime-harm weights.
        harm_weights_path=_path("SVD_HARM_WEIGHTS", PROJECT_ROOT / "reference" / "harm_weights.csv"),
        # Ingest accepts months, dates and times from this month to today (street-level data
        # starts in December 2010); later values are refused as typing errors.
        earliest_month=_month("SVD_EARLIEST_MONTH", "2010-01"),
        # "Today" for the latest month and date the ingest accepts (YYYY-MM-DD; for tests).
        today=_date("SVD_TODAY"),
        # Zip archives (command line and upload): limits that admit a data.police.uk download of
        # every force for about five years (one month of all forces is ~60 MB unpacked, ~130
        # files) and stop a zip bomb: members in the archive, bytes unpacked from the CSV files
        # taken, and unpacked/packed size of any member unpacking to more than 1 MiB (CSV
        # packs 3-20 times; a bomb packs 1000 times).
        zip_max_members=_positive_int("SVD_ZIP_MAX_MEMBERS", 20_000),
        zip_max_unpacked_mb=_positive_int("SVD_ZIP_MAX_UNPACKED_MB", 4_096),
        zip_max_ratio=_positive_int("SVD_ZIP_MAX_RATIO", 100),
        # The Data page upload: files per upload, size of each file and of all files together.
        upload_max_files=_positive_int("SVD_UPLOAD_MAX_FILES", 100),
        upload_max_file_mb=_positive_int("SVD_UPLOAD_MAX_FILE_MB", 200),
        upload_max_total_mb=_positive_int("SVD_UPLOAD_MAX_TOTAL_MB", 1_024),
        # Warehouse snapshots (docs/SNAPSHOTS.md): how many published snapshots are kept for
        # rollback, how long a writer waits for another to finish before refusing (seconds), and
        # how often an open page checks for a newer snapshot (seconds; 0 = only on the next click).
        snapshots_keep=_positive_int("SVD_SNAPSHOTS_KEEP", 3),
        writer_wait_seconds=_int("SVD_WRITER_WAIT", 60),
        snapshot_poll_seconds=_int("SVD_SNAPSHOT_POLL", 5),
        # DuckDB's memory limit for a writer (build, ingest, upload), in MiB: beyond it DuckDB spills
        # to a temporary folder beside the new snapshot, so a large load fits an ordinary server.
        writer_memory_mb=_positive_int("SVD_WRITER_MEMORY_MB", 1_024),
        # Sign-in and roles (docs/ACCESS.md). The role table and the audit trail live in a small
        # SQLite file of their own beside the warehouse, so they survive rebuilds and snapshots.
        access_db_path=_path("SVD_ACCESS_DB", _path("SVD_DB", PROJECT_ROOT / "data" / "warehouse.duckdb").parent
                             / "access.sqlite"),
        # Whom a signed-in person with no role is told to ask (shown on their page).
        access_contact=os.environ.get("SVD_ACCESS_CONTACT", "the dashboard's data manager"),
        # Audit rows older than this many days are removed (once a day, when the app writes one).
        audit_retention_days=_positive_int("SVD_AUDIT_RETENTION_DAYS", 730),
        # Open mode (no sign-in configured) on a warehouse holding partner extracts loaded from real
        # files shows only the open-data pages, unless this is 1.
        open_mode_all=_flag("SVD_OPEN_MODE_ALL"),
        # Identity-provider groups that give a role: "group-id=board,other-group=analyst".
        group_roles=_pairs("SVD_GROUP_ROLES"),
        # When set, a file to which every query run on the warehouse (not answered from the cache)
        # appends one JSON line: when, snapshot, query, parameters, seconds (bench/load.py reads it).
        query_log_path=_path("SVD_QUERY_LOG", Path()) if os.environ.get("SVD_QUERY_LOG") else None,
    )
