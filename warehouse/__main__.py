"""Command line: `python -m warehouse build|ensure|ingest|formats|quality|snapshots|rollback` (see --help)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from settings import load_settings
from warehouse.errors import IngestError
from warehouse.formats import INGEST_FORMATS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m warehouse", description="Build and load the warehouse.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build (or rebuild) the warehouse from the sample data")
    build.add_argument("--db", type=Path, help="warehouse file (default SVD_DB)")
    build.add_argument(
        "--sample-dir", type=Path, help="sample files (default SVD_SAMPLE_DIR); generated if absent"
    )
    build.add_argument("--scale", type=float, default=1.0, help="sample size multiplier (default 1.0)")
    build.add_argument("--seed", type=int, default=20240401, help="sample random seed")
    build.add_argument("--end", default="2026-09", help="last sample month YYYY-MM (default 2026-09)")
    ensure = commands.add_parser("ensure", help="build only if the warehouse file is absent")
    ensure.add_argument("--db", type=Path)
    load = commands.add_parser("ingest", help="load files of one format (all or nothing)")
    load.add_argument("format", choices=sorted(INGEST_FORMATS))
    load.add_argument("paths", nargs="+", type=Path, help="files, folders or zip archives")
    load.add_argument("--db", type=Path)
    commands.add_parser(
        "formats", help="write docs/formats/*.md and templates/*.csv from warehouse/formats.py"
    )
    quality = commands.add_parser("quality", help="print the data-quality findings")
    quality.add_argument("--db", type=Path)
    listing = commands.add_parser("snapshots", help="list the kept warehouse snapshots (* = served now)")
    listing.add_argument("--db", type=Path)
    rollback = commands.add_parser("rollback", help="serve the snapshot published before the current one")
    rollback.add_argument("--db", type=Path)
    return parser


def _build(args) -> int:
    from warehouse.build import build_warehouse
    from warehouse.snapshots import SnapshotError

    try:
        summary = build_warehouse(args.db, args.sample_dir, seed=args.seed, scale=args.scale, end=args.end)
    except (SnapshotError, IngestError) as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was built: the warehouse is unchanged", file=sys.stderr)
        return 1
    print(f"built {summary['db_path']} in {summary['total_seconds']:.1f} s", end="")
    if summary["generated"]:
        print(f" (generating the sample took {summary['generate_seconds']:.1f} s)", end="")
    print(f"; ingest {summary['ingest_seconds']:.1f} s")
    for table, count in summary["table_counts"].items():
        print(f"  {table}: {count:,}")
    if summary["preserved_tables"]:
        print(f"  kept from the previous warehouse: {', '.join(summary['preserved_tables'])}")
    return 0


def _ensure(args) -> int:
    db_path = Path(args.db or load_settings().db_path)
    if db_path.is_file():
        print(f"{db_path} exists; not rebuilding")
        return 0
    args.sample_dir, args.seed, args.scale, args.end = None, 20240401, 1.0, "2026-09"
    args.db = db_path
    return _build(args)


def _ingest(args) -> int:
    """Load files; print the report, or `error: <file>, line N, column 'X': message` lines and exit 1."""
    from warehouse.ingest import ingest

    started = time.perf_counter()
    try:
        report = ingest(args.db or load_settings().db_path, args.format, args.paths)
    except IngestError as error:
        return _refused([str(problem) for problem in error.problems])
    except Exception as error:  # noqa: BLE001 - a bug must still read as a refusal, never a traceback
        return _refused([f"{args.format}: internal error while loading ({type(error).__name__}: {error})"])
    print("\n".join(report.lines()))
    print(f"  took {time.perf_counter() - started:.2f} s")
    _audit_ingest(report, "ingest")
    return 0


def _audit_ingest(report, event: str) -> None:
    """One audit row per file loaded (access/audit.py), as the system (the command line)."""
    from access import audit

    for result in report.files:
        audit.record(event, {"file": result.file, "sha256": result.sha256, "format": report.format,
                             "rows_loaded": result.rows_loaded})


def _refused(messages: list[str]) -> int:
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    print("nothing was loaded: the warehouse is unchanged", file=sys.stderr)
    return 1


def _formats(_args) -> int:
    from warehouse.templates import write_all

    for path in write_all():
        print(f"wrote {path}")
    return 0


def _quality(args) -> int:
    from warehouse.quality import findings

    for name, frame in findings(args.db or load_settings().db_path).items():
        print(f"== {name} ({len(frame)} rows)")
        print(frame.head(50).to_string(index=False) if len(frame) else "  (none)")
    return 0


def _snapshots(args) -> int:
    from warehouse.snapshots import describe

    print("\n".join(describe(args.db or load_settings().db_path)))
    return 0


def _rollback(args) -> int:
    from warehouse.snapshots import SnapshotError, rollback

    try:
        snapshot = rollback(args.db or load_settings().db_path)
    except SnapshotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"now serving {snapshot.snapshot_id} ({snapshot.created}, {snapshot.action}"
          f"{': ' + snapshot.detail if snapshot.detail else ''}); open pages move to it within a few seconds")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "build": _build,
        "ensure": _ensure,
        "ingest": _ingest,
        "formats": _formats,
        "quality": _quality,
        "snapshots": _snapshots,
        "rollback": _rollback,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
