"""Benchmark: each registered page's full script run cold and warm, and the queries behind it.

Not a test. Run with `make bench` (or `python -m bench.run [--db PATH] [--repeats N]`) on the
default sample warehouse. Every time is reported with its ratio to a baseline measured in the
same run, so results compare across machines:
- page baseline: AppTest running a one-line Streamlit script;
- query baseline: `select count(*) from incidents` (one full scan of the canonical view).
"Cold" clears the query cache and the cached boundaries first; "warm" is the next run.
Prints a table and writes JSON to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"pages/overview.py": (1.5, 0.2), "pages/trends.py": (2.0, 0.3), "pages/hotspots.py": (2.0, 0.3)}


def _clear_caches() -> None:
    from geo import boundaries
    from queries.runner import clear_cache

    clear_cache()
    for cached in (boundaries._districts, boundaries._lsoas, boundaries._geojson):
        cached.cache_clear()
    import streamlit as st

    st.cache_data.clear()


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _apptest(path: str):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    if path != "pages/overview.py":
        app.switch_page(path)
    return app


def _page_baseline(repeats: int) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_string("import streamlit as st\nst.title('baseline')")
    return statistics.median(_timed(app.run) for _ in range(repeats))


def _record_queries():
    import queries
    from queries import runner

    calls: list[tuple[str, dict]] = []
    original = runner.run_query

    def recording(name, **params):
        calls.append((name, params))
        return original(name, **params)

    queries.run_query = runner.run_query = recording
    return calls, lambda: setattr(queries, "run_query", original) or setattr(runner, "run_query", original)


def bench_page(path: str, repeats: int) -> dict:
    app = _apptest(path)
    calls, restore = _record_queries()
    _clear_caches()
    cold = _timed(app.run)
    errors = [e.value for e in app.exception]
    restore()
    warm = statistics.median(_timed(app.run) for _ in range(repeats))
    query_times = []
    from queries.runner import run_query

    unique = {(name, repr(sorted(params.items()))): (name, params) for name, params in calls}
    for name, params in unique.values():
        _clear_caches()
        seconds = _timed(lambda name=name, params=params: run_query(name, **params))
        query_times.append({"query": name, "seconds": seconds})
    return {"page": path, "cold_s": cold, "warm_s": warm, "errors": errors, "queries": query_times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="warehouse (default SVD_DB)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.db:
        os.environ["SVD_DB"] = str(args.db.resolve())
    import duckdb

    import dashboard
    from settings import load_settings

    db = load_settings().db_path
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select count(*) from incidents").fetchone()[0]
    scan = statistics.median(
        _timed(lambda: con.execute("select count(*) from incidents").fetchone()) for _ in range(args.repeats)
    )
    con.close()
    page_base = _page_baseline(args.repeats)
    results = [bench_page(entry.path, args.repeats) for entry in dashboard.REGISTRY]
    report = {
        "db": str(db),
        "incidents": rows,
        "page_baseline_s": page_base,
        "query_baseline_s": scan,
        "pages": results,
    }
    _print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2, default=str))


def _print(report: dict) -> None:
    base, scan = report["page_baseline_s"], report["query_baseline_s"]
    print(f"warehouse {report['db']} ({report['incidents']:,} incidents)")
    print(
        f"page baseline (one-line script) {base * 1000:.1f} ms; query baseline (full scan) {scan * 1000:.1f} ms\n"
    )
    print(
        f"{'page':28} {'cold s':>8} {'x base':>8} {'warm s':>8} {'x base':>8} {'target cold/warm':>18} {'errors':>6}"
    )
    for page in report["pages"]:
        target = TARGETS.get(page["page"])
        target_text = f"{target[0]:.1f} / {target[1]:.1f} s" if target else "-"
        print(
            f"{page['page']:28} {page['cold_s']:8.3f} {page['cold_s'] / base:8.1f} {page['warm_s']:8.3f} "
            f"{page['warm_s'] / base:8.1f} {target_text:>18} {len(page['errors']):6d}"
        )
    print(f"\n{'query (cold, alone)':48} {'s':>8} {'x scan':>8}")
    for page in report["pages"]:
        for query in page["queries"]:
            print(f"{query['query']:48} {query['seconds']:8.3f} {query['seconds'] / scan:8.1f}")


if __name__ == "__main__":
    main()
