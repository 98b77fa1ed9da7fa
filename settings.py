"""Every setting of the project, read from the environment in one place.

Each setting has a documented default; the README lists them all. Nothing else in the
project reads os.environ for configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from error


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
    )
