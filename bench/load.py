"""Benchmark: many people opening the dashboard at once (issue #15, part 3).

Not a test. `python -m bench.load [--db PATH] [--sessions 20] [--rounds 2]` starts a fresh server
(bench/serving.py) on the warehouse and drives it with protocol-level sessions (bench/client.py:
Streamlit's own websocket messages, nothing drawn), all from one harness process:

1. baseline: one session alone opens every page once (warm-up, so cold caches are not counted),
   then once more; the second pass is the baseline page time;
2. a fresh server again; `--sessions` sessions connect and all open the Overview at the same
   moment (a Strategic Group meeting opening the dashboard together), then `--rounds` rounds in
   which every session opens the next page (sessions offset by their number, so every page is
   asked for by several sessions at once).

A page time is from the session's request to the server's "script finished" message (on this
machine's loopback, so it is the server's time, queueing included). Reported: p50, p95 and max
for the crowd, each as a ratio to the baseline of the same page measured in the same run; pages
not served (no finished run within `--timeout`) and problems (exceptions, error boxes); the
harness's own CPU use and the server's, from /proc; and, from the server's query log
(SVD_QUERY_LOG), how many times each distinct query ran on the warehouse: identical work asked for
at once should run once. JSON goes to bench/results/load.json (kept in the repository).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.client import Session
from bench.serving import ROOT, served_pid, serving

TARGET_P95_SECONDS = 3.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]  # nearest rank


async def _baseline(url: str, pages: list[str], timeout: float) -> dict[str, float]:
    session = Session(url)
    await session.connect()
    for page in pages:  # warm-up: the first opening of a page fills the caches
        await session.open_page(page, timeout)
    times = {page: await session.open_page(page, timeout) for page in pages}
    await session.close()
    if session.problems:
        raise RuntimeError(f"the baseline session met problems: {session.problems}")
    return times


async def _crowd(url: str, pages: list[str], sessions: int, rounds: int, timeout: float) -> dict:
    crowd = [Session(url) for _ in range(sessions)]
    await asyncio.gather(*(session.connect() for session in crowd))
    runs, unserved = [], []
    plan = [[""] * sessions] + [[pages[(number + step) % len(pages)] for number in range(sessions)]
                                for step in range(rounds)]
    started = time.monotonic()
    for asked in plan:
        results = await asyncio.gather(*(session.open_page(page, timeout) for session, page in zip(crowd, asked,
                                                                                                   strict=True)),
                                       return_exceptions=True)
        for page, result in zip(asked, results, strict=True):
            if isinstance(result, BaseException):
                unserved.append({"page": page or "overview", "error": repr(result)})
            else:
                runs.append({"page": page or "overview", "seconds": result})
    wall = time.monotonic() - started
    problems = [problem for session in crowd for problem in session.problems]
    await asyncio.gather(*(session.close() for session in crowd), return_exceptions=True)
    return {"runs": runs, "unserved": unserved, "problems": problems, "wall_s": wall}


def _query_runs(log_path: Path) -> dict:
    if not log_path.exists():
        return {"runs": 0, "distinct": 0, "repeated": {}}
    keys = collections.Counter()
    for line in log_path.read_text().splitlines():
        entry = json.loads(line)
        keys[(entry["snapshot"], entry["query"], json.dumps(entry["params"], sort_keys=True))] += 1
    repeated = {f"{query} {params}": count for (_, query, params), count in keys.items() if count > 1}
    return {"runs": sum(keys.values()), "distinct": len(keys), "repeated": repeated}


def measure(db: Path, sessions: int, rounds: int, timeout: float) -> dict:
    import dashboard

    pages = [entry.url_path for entry in dashboard.REGISTRY]
    with tempfile.TemporaryDirectory() as folder:
        with serving(db, SVD_SNAPSHOT_POLL="5") as url:
            baseline = asyncio.run(_baseline(url, pages, timeout))
        log_path = Path(folder) / "queries.jsonl"
        with serving(db, SVD_SNAPSHOT_POLL="5", SVD_QUERY_LOG=str(log_path)) as url:
            pid = served_pid(url)
            server_cpu, harness = _cpu_seconds(pid), resource.getrusage(resource.RUSAGE_SELF)
            crowd = asyncio.run(_crowd(url, pages, sessions, rounds, timeout))
            server_cpu = _cpu_seconds(pid) - server_cpu
            after = resource.getrusage(resource.RUSAGE_SELF)
            harness_cpu = (after.ru_utime - harness.ru_utime) + (after.ru_stime - harness.ru_stime)
        queries = _query_runs(log_path)
    baseline = {("overview" if page == "" else page): seconds for page, seconds in baseline.items()}
    seconds = [run["seconds"] for run in crowd["runs"]]
    by_page = collections.defaultdict(list)
    for run in crowd["runs"]:
        by_page[run["page"]].append(run["seconds"])
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": f"{platform.node()} {os.cpu_count()} cores",
        "db": str(db),
        "sessions": sessions,
        "rounds": rounds + 1,
        "page_runs": len(seconds),
        "unserved": crowd["unserved"],
        "problems": crowd["problems"],
        "p50_s": statistics.median(seconds) if seconds else None,
        "p95_s": _percentile(seconds, 0.95) if seconds else None,
        "max_s": max(seconds) if seconds else None,
        "target_p95_s": TARGET_P95_SECONDS,
        "wall_s": crowd["wall_s"],
        "server_cpu_s": server_cpu,
        "harness_cpu_s": harness_cpu,
        "harness_cpu_share": harness_cpu / crowd["wall_s"],
        "queries": queries,
        "pages": {page: {"baseline_s": baseline[page], "p50_s": statistics.median(times),
                         "p95_s": _percentile(times, 0.95), "runs": len(times),
                         "p95_x_baseline": _percentile(times, 0.95) / baseline[page]}
                  for page, times in by_page.items()},
    }


def _print(report: dict) -> None:
    print(f"{report['sessions']} sessions x {report['rounds']} rounds on a fresh server ({report['db']}), "
          f"{report['machine']}")
    print(f"page runs {report['page_runs']}, not served {len(report['unserved'])}, problems "
          f"{len(report['problems'])}")
    print(f"page time p50 {report['p50_s']:.2f} s, p95 {report['p95_s']:.2f} s (target < "
          f"{report['target_p95_s']:.1f} s), max {report['max_s']:.2f} s; wall {report['wall_s']:.1f} s")
    print(f"CPU: server {report['server_cpu_s']:.1f} s, harness {report['harness_cpu_s']:.1f} s "
          f"({report['harness_cpu_share']:.0%} of one core over the crowd's wall time)")
    queries = report["queries"]
    print(f"queries run on the warehouse: {queries['runs']} for {queries['distinct']} distinct "
          f"(query, parameters, snapshot); repeated: {queries['repeated'] or 'none'}\n")
    print(f"{'page':16} {'alone s':>8} {'p50 s':>8} {'p95 s':>8} {'p95 x alone':>12} {'runs':>5}")
    for page, row in report["pages"].items():
        print(f"{page:16} {row['baseline_s']:8.2f} {row['p50_s']:8.2f} {row['p95_s']:8.2f} "
              f"{row['p95_x_baseline']:12.1f} {row['runs']:5d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="warehouse (default SVD_DB, else data/warehouse.duckdb)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of 'every session opens its next page'")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a page run may take before it "
                                                                   "counts as not served")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = parser.parse_args()
    from settings import load_settings

    db = args.db.absolute() if args.db else load_settings().db_path  # the pointer, not today's file
    if not db.exists():
        raise SystemExit(f"No warehouse at {db}: run `make run` once (it builds the sample), or pass --db")
    report = measure(db, args.sessions, args.rounds, args.timeout)
    _print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
