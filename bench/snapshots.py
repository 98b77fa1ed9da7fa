"""Benchmark of the warehouse's write side: the build, a snapshot switch and the materialised table.

Not a test. Run with `python -m bench.snapshots [--scale X] [--workdir DIR]`. Each figure is
reported beside a baseline measured in the same run, on the same files, as a ratio:
- build: `python -m warehouse build` in a child process, wall time and peak resident memory taken
  from outside (the kernel's rusage of that child, `os.wait4`), against DuckDB reading the same
  street CSV files into one table in a child process of its own (the engine's plain load);
- snapshot switch: publishing a new snapshot with nothing changed (copy, checkpoint, fsync,
  rename, pointer swap) against `shutil.copyfile` of the same file; pinning a page run to the
  current snapshot against one `os.stat`;
- incidents: `count(*)` and a district x month serious-violence aggregate on the materialised
  `incidents` table against the same on `incidents_canonical` (the view every query used before).
Writes JSON to bench/results/snapshots-<scale>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
AGGREGATE = """select district_code, month, count(*) from {table}
where is_serious_violence group by all order by all"""
PLAIN_LOAD = (
    "import duckdb, sys\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "con.execute('create table street as select * from read_csv($files, header = true,"
    " union_by_name = true)', {'files': sys.argv[2:]})\n"
    "con.execute('checkpoint')\n"
)


def _child(args: list[str], env: dict) -> dict:
    """Run a child process; its wall time and peak resident memory (MiB) from the kernel."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def _median(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _ratio(value: float, baseline: float) -> float:
    return round(value / baseline, 2) if baseline else float("inf")


def bench_build(workdir: Path, scale: float, env: dict) -> dict:
    """Generate the sample (not timed against anything), then the build and the plain load."""
    files = workdir / "files"
    db_path = workdir / "warehouse.duckdb"
    python = sys.executable
    generate = _child([python, "-m", "sample_data.generate", "--out", str(files), "--scale", str(scale)], env)
    build = _child([python, "-m", "warehouse", "build", "--db", str(db_path), "--sample-dir", str(files),
                    "--scale", str(scale)], env)
    street = sorted(str(path) for path in files.rglob("*-street.csv"))
    plain = _child([python, "-c", PLAIN_LOAD, str(workdir / "plain.duckdb"), *street], env)
    return {"generate": generate, "build": build, "plain_load_baseline": plain,
            "build_time_ratio": _ratio(build["seconds"], plain["seconds"]),
            "build_memory_ratio": _ratio(build["peak_rss_mib"], plain["peak_rss_mib"]),
            "street_files": len(street), "warehouse_mib": round(db_path.resolve().stat().st_size / 2**20, 1)}


def bench_switch(db_path: Path, repeats: int) -> dict:
    from queries.connection import pin, unpin
    from warehouse import snapshots

    current = snapshots.current_file(db_path)

    def publish_unchanged():
        with snapshots.writing(db_path, "bench", "nothing changed"):
            pass

    copy_target = db_path.parent / "bench-copy.duckdb"
    copy_s = _median(lambda: shutil.copyfile(current, copy_target), repeats)
    copy_target.unlink()
    switch_s = _median(publish_unchanged, repeats)
    os.environ["SVD_DB"] = str(db_path)
    pin_s = _median(lambda: (pin(), unpin()), 200)
    stat_s = _median(lambda: os.stat(db_path), 200)
    return {"publish_seconds": round(switch_s, 4), "copy_baseline_seconds": round(copy_s, 4),
            "publish_ratio": _ratio(switch_s, copy_s), "pin_microseconds": round(pin_s * 1e6, 1),
            "stat_baseline_microseconds": round(stat_s * 1e6, 1), "pin_ratio": _ratio(pin_s, stat_s)}


def bench_incidents(db_path: Path, repeats: int) -> dict:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    result = {"rows": con.execute("select count(*) from incidents").fetchone()[0]}
    for label, sql in (("count", "select count(*) from {table}"), ("aggregate", AGGREGATE)):
        table_s = _median(lambda sql=sql: con.execute(sql.format(table="incidents")).fetchall(), repeats)
        view_s = _median(lambda sql=sql: con.execute(sql.format(table="incidents_canonical")).fetchall(), repeats)
        same = (con.execute(sql.format(table="incidents")).fetchall()
                == con.execute(sql.format(table="incidents_canonical")).fetchall())
        result[label] = {"table_seconds": round(table_s, 4), "view_baseline_seconds": round(view_s, 4),
                         "ratio": _ratio(table_s, view_s), "same_result": same}
    con.close()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="sample scale (as `warehouse build --scale`)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temporary folder)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-snapshots-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SVD_DB=str(workdir / "warehouse.duckdb"), SVD_SAMPLE_DIR=str(workdir / "files"))
    os.environ.update(SVD_DB=env["SVD_DB"], SVD_SAMPLE_DIR=env["SVD_SAMPLE_DIR"], SVD_SNAPSHOTS_KEEP="3")
    result = {"scale": args.scale, "cpus": os.cpu_count(), "build": bench_build(workdir, args.scale, env)}
    db_path = workdir / "warehouse.duckdb"
    result["incidents"] = bench_incidents(db_path, args.repeats)
    result["switch"] = bench_switch(db_path, args.repeats)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"snapshots-{args.scale:g}.json"
    out.write_text(json.dumps(result, indent=1))
    build = result["build"]
    print(f"incidents rows: {result['incidents']['rows']:,}  warehouse {build['warehouse_mib']} MiB")
    for name in ("generate", "build", "plain_load_baseline"):
        print(f"{name:22s} {build[name]['seconds']:8.2f} s  peak RSS {build[name]['peak_rss_mib']:8.1f} MiB")
    print(f"build / plain load: time x{build['build_time_ratio']}, memory x{build['build_memory_ratio']}")
    for label in ("count", "aggregate"):
        row = result["incidents"][label]
        print(f"incidents {label:9s} table {row['table_seconds']:.4f} s, view {row['view_baseline_seconds']:.4f} s,"
              f" x{row['ratio']} (same result: {row['same_result']})")
    switch = result["switch"]
    print(f"snapshot publish {switch['publish_seconds']:.3f} s vs copy {switch['copy_baseline_seconds']:.3f} s"
          f" (x{switch['publish_ratio']}); pin {switch['pin_microseconds']} us vs stat"
          f" {switch['stat_baseline_microseconds']} us (x{switch['pin_ratio']})")
    print(f"written {out}")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
