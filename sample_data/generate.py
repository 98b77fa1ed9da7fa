"""Deterministic sample data in the formats of warehouse/formats.py.

    python -m sample_data.generate --out DIR [--seed N] [--scale X] [--end YYYY-MM]

Writes the layout of docs/ARCHITECTURE.md: police.uk street files for Warwickshire Police and
its seven neighbouring forces, the Warwickshire force extract (the same crimes with more
detail), hospital admissions, A&E attendances, the cohort and indicator values, two OHID
Fingertips exports as downloaded (sample_data/fingertips.py), the
workbooks of the delivery plan, commissioning fund, homicide reviews and training programme
(sample_data/delivery.py), and MANIFEST.json. The same seed gives byte-identical files; every month has its own random stream,
so changing --end leaves earlier months unchanged. --scale multiplies crime volumes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sample_data import (
    cohort,
    crimes,
    delivery,
    fingertips,
    health,
    indicators,
    outcomes_searches,
    police_uk,
    timing,
)
from sample_data.csvout import write_csv
from sample_data.geography import NEIGHBOUR_FORCES, load_geography
from settings import load_settings
from warehouse.formats import FORCE_EXTRACT

DEFAULT_SEED = 20240401
DEFAULT_END = "2026-09"
DEFAULT_START = "2019-01"


class Manifest:
    """Files written, with their format and row count."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.files: list[dict] = []

    def add(self, path: Path, format_name: str, rows: int) -> None:
        self.files.append(
            {"path": path.relative_to(self.out_dir).as_posix(), "format": format_name, "rows": rows}
        )

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for entry in self.files:
            out[entry["format"]] = out.get(entry["format"], 0) + entry["rows"]
        return out


def _crime_files(out_dir: Path, geo, months, seed: int, scale: float, manifest: Manifest) -> None:
    model = crimes.build_model(geo)
    pending: dict[str, list] = {}  # outcome month -> outcome rows of earlier months' crimes
    for position, (year, month) in enumerate(months):
        before_end = len(months) - 1 - position
        stamp = f"{year:04d}-{month:02d}"
        month_crimes, asb = crimes.simulate_month(geo, model, year, month, seed, scale)
        extract, extra = crimes.describe(month_crimes, year, month, seed, model)
        path = out_dir / "force_extract" / f"{stamp}-warwickshire-force-extract.csv"
        manifest.add(path, "force-extract", write_csv(extract, path, FORCE_EXTRACT.column_names, plain=True))
        rng = np.random.default_rng([seed, 5, year, month])
        street = police_uk.warwickshire_table(extract, extra, asb, stamp, rng, before_end)
        _write_street(out_dir, stamp, "Warwickshire Police", street, manifest)
        _write_outcomes_and_searches(out_dir, street, year, month, seed, scale, pending, manifest)
        for force in NEIGHBOUR_FORCES:
            table = police_uk.neighbour_table(geo, force, year, month, seed, scale, before_end)
            _write_street(out_dir, stamp, force, table, manifest)


def _write_outcomes_and_searches(out_dir: Path, street, year: int, month: int, seed: int, scale: float,
                                 pending: dict, manifest: Manifest) -> None:
    """Warwickshire Police's outcomes file (this month's outcomes of this and earlier months' crimes)
    and stop-and-search file for the month; each month has its own random stream."""
    stamp = f"{year:04d}-{month:02d}"
    rng = np.random.default_rng([seed, 9, year, month])
    for outcome_month, rows in outcomes_searches.outcome_rows(street, stamp, rng).items():
        pending.setdefault(outcome_month, []).append(rows)
    folder = out_dir / "police_uk" / stamp
    outcomes = pd.concat(pending.pop(stamp, []) or [street.iloc[:0]], ignore_index=True)
    if len(outcomes):
        path = folder / f"{stamp}-warwickshire-outcomes.csv"
        manifest.add(path, "police-uk-outcomes", write_csv(outcomes, path, outcomes_searches.OUTCOME_COLUMNS))
    searches = outcomes_searches.search_table(street, year, month, scale, rng)
    path = folder / f"{stamp}-warwickshire-stop-and-search.csv"
    manifest.add(path, "police-uk-stop-search", write_csv(searches, path, outcomes_searches.SEARCH_COLUMNS))


def _write_street(out_dir: Path, stamp: str, force: str, table, manifest: Manifest) -> None:
    path = out_dir / "police_uk" / stamp / f"{stamp}-{police_uk.FORCE_SLUGS[force]}-street.csv"
    manifest.add(path, "police-uk", write_csv(table, path, police_uk.COLUMNS, plain=True))


def generate(
    out_dir, seed: int = DEFAULT_SEED, scale: float = 1.0, end: str = DEFAULT_END, start: str = DEFAULT_START
) -> dict:
    """Write every sample file under out_dir and return the manifest (also MANIFEST.json)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = load_settings()
    months = timing.months_between(start, end)
    if not months:
        raise ValueError(f"end {end} is before start {start}")
    geo = load_geography(settings.reference_dir, seed)
    manifest = Manifest(out_dir)
    _crime_files(out_dir, geo, months, seed, scale, manifest)
    health.write_admissions(out_dir, geo, months, seed, manifest)
    health.write_ae(out_dir, months, seed, manifest)
    cohort.write_cohort(out_dir, months, seed, manifest)
    indicators.write_indicators(out_dir, geo, end, seed, manifest)
    fingertips.write_fingertips(out_dir, geo, end, seed, manifest)
    delivery.write_delivery(out_dir, months, seed, manifest)  # reads the force extract and indicator values
    result = {
        "generator": "sample_data.generate",
        "seed": seed,
        "scale": scale,
        "start": start,
        "end": end,
        "rows_by_format": manifest.totals(),
        "files": manifest.files,
    }
    (out_dir / "MANIFEST.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies crime volumes")
    parser.add_argument("--end", default=DEFAULT_END, help="last month, YYYY-MM")
    parser.add_argument("--start", default=DEFAULT_START, help="first month, YYYY-MM")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = generate(args.out, seed=args.seed, scale=args.scale, end=args.end, start=args.start)
    elapsed = time.perf_counter() - started
    for name, rows in result["rows_by_format"].items():
        print(f"{name:22s} {rows:>12,d} rows")
    print(f"{len(result['files'])} files in {args.out} in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
