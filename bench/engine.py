"""How close each page's data work is to what the engine can do.

Not a test. For each page that reads incidents, in one run on one warehouse:
- model: the page's model function (the data work behind the page and the meeting pack: every
  query through `run_query`, disclosure control and the pandas work after it), called with the
  arguments the page passes in its default state, from a cold query cache;
- duckdb: the same aggregates written by hand in DuckDB SQL on one flat table in memory (the
  incidents with only the columns the aggregates need): the engine's limit;
- pandas: the same aggregates with pandas group-bys on the same rows held as a DataFrame
  (categorical columns, as an analyst would load them): what an analyst would otherwise write.
Ratios: model / duckdb (target at most 1.5) and pandas / model (target at least 5).

The aggregates are those the model's queries compute (counts per district, month, LSOA,
origin, hour and weekday for the page's period, comparison and trend window). The model does
more than they do (suppression, audits, SPC, labels), which the ratio includes on purpose: it is
the cost of the page's honest numbers over the bare counts.

Run with `python -m bench.engine [--db PATH] [--repeats N]`; writes bench/results/engine.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FLAT_COLUMNS = ("month", "district_code", "lsoa_code", "offence_group", "weapon", "source",
                "suspect_home_district", "victim_age", "hour", "weekday")
# page -> (module, model function) whose arguments are captured from the page's own run
MODELS = {
    "pages/overview.py": ("models.overview", "overview_model"),
    "pages/trends.py": ("models.trends", "trends_model"),
    "pages/hotspots.py": ("models.hotspots", "hotspots_model"),
    "pages/cross_border.py": ("models.cross_border", "cross_border_model"),
    "pages/indicators.py": ("models.indicators", "indicators_model"),
}


@dataclass(frozen=True)
class Scope:
    """The default filters of the Overview, resolved to plain values for hand-written queries."""

    start: dt.date
    end: dt.date
    before_start: dt.date
    before_end: dt.date
    window_start: dt.date
    districts: tuple[str, ...]
    groups: tuple[str, ...]
    year_start: dt.date
    year_end: dt.date


def _timed(function: Callable[[], object], repeats: int) -> float:
    """Median seconds of `repeats` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def capture_model_calls() -> dict[str, tuple[tuple, dict]]:
    """Run every page once in AppTest and keep the arguments each passes to its model."""
    from streamlit.testing.v1 import AppTest

    captured: dict[str, tuple[tuple, dict]] = {}
    originals = {}
    for page, (module_name, function_name) in MODELS.items():
        module = importlib.import_module(module_name)
        original = getattr(module, function_name)
        originals[page] = (module, function_name, original)

        def recording(*args, _page=page, _original=original, **kwargs):
            captured[_page] = (args, kwargs)
            return _original(*args, **kwargs)

        setattr(module, function_name, recording)
    try:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        app.run()
        for page in MODELS:
            if page != "pages/overview.py":
                app.switch_page(page)
                app.run()
            if app.exception:
                raise RuntimeError(f"{page} failed in the bench: {app.exception[0].value}")
    finally:
        for module, function_name, original in originals.values():
            setattr(module, function_name, original)
    return captured


def scope_from(filters) -> Scope:
    from models.overview import trend_period
    from models.periods import fy_of, fy_period
    from queries.runner import run_query

    selectors = run_query("offence_selectors_all")
    members = selectors.loc[selectors["selector"] == filters.offence_group, "offence_groups"].iloc[0]
    year = fy_period(fy_of(filters.period.end))
    return Scope(
        start=filters.period.start, end=filters.period.end,
        before_start=filters.comparison.start, before_end=filters.comparison.end,
        window_start=trend_period(filters).start, districts=tuple(filters.districts), groups=tuple(members),
        year_start=year.start, year_end=year.end,
    )


def load_flat(db: Path):
    """(in-memory DuckDB connection holding table `flat`, the same rows as a pandas DataFrame)."""
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    con.execute(f"attach '{db}' as wh (read_only)")
    con.execute("""
        create table flat as
        select month, district_code, lsoa_code, offence_group, weapon, source, suspect_home_district, victim_age,
               hour(occurred_at) as hour, dayofweek(occurred_at) as weekday
        from wh.incidents
    """)
    con.execute("detach wh")
    frame = con.execute("select * from flat").df()
    for column in ("district_code", "lsoa_code", "offence_group", "weapon", "source", "suspect_home_district"):
        frame[column] = frame[column].astype("category")
    frame["month"] = pd.to_datetime(frame["month"])
    return con, frame


def duckdb_aggregates(page: str, scope: Scope) -> list[tuple[str, dict]]:
    """The hand-written SQL of each page's aggregates on `flat`, with its parameters."""
    measures = """
        count(*) filter (where list_contains($groups, offence_group)) as offence_count,
        count(*) filter (where list_contains($groups, offence_group) and weapon = 'knife_sharp') as knife_count,
        count(*) filter (where offence_group = 'robbery') as robbery_count,
        count(*) filter (where offence_group = 'possession_of_weapons') as weapons_count
    """
    chosen = "list_contains($districts, district_code)"
    base = {"districts": list(scope.districts), "groups": list(scope.groups)}
    by_district = f"select district_code, {measures} from flat where month between $a and $b group by all"
    by_month = f"select month, {measures} from flat where month between $a and $b and {chosen} group by all"
    if page == "pages/overview.py":
        return [(by_district, {**base, "a": scope.start, "b": scope.end}),
                (by_district, {**base, "a": scope.before_start, "b": scope.before_end}),
                (by_month, {**base, "a": scope.window_start, "b": scope.end})]
    if page == "pages/trends.py":
        return [(("select month, offence_group, district_code, count(*) as n from flat "
                 f"where {chosen} group by all"), base),
                (("select weekday, hour, count(*) as n from flat where month between $a and $b and hour is not null "
                 f"and {chosen} and list_contains($groups, offence_group) group by all"),
                 {**base, "a": scope.start, "b": scope.end})]
    if page == "pages/hotspots.py":
        where = f"month between $a and $b and {chosen} and list_contains($groups, offence_group)"
        params = {**base, "a": scope.start, "b": scope.end}
        return [(f"select lsoa_code, {measures} from flat where month between $a and $b and {chosen} group by all",
                 params),
                (f"select lsoa_code, month, count(*) as n from flat where {where} group by all", params),
                (f"select lsoa_code, hour, count(*) as n from flat where {where} and hour is not null group by all",
                 params)]
    if page == "pages/cross_border.py":
        params = {**base, "a": scope.year_start, "b": scope.year_end}
        where = "month between $a and $b and list_contains($groups, offence_group)"
        return [(f"select suspect_home_district, district_code, count(*) as n from flat where {where} group by all",
                 params),
                (f"select month, suspect_home_district, count(*) as n from flat where {where} group by all", params),
                ((f"select lsoa_code, count(*) as n from flat where {where} and suspect_home_district is not null "
                 "group by all"), params)]
    if page == "pages/indicators.py":
        return [(f"select month, district_code, {measures} from flat group by all", base),
                (("select date_trunc('quarter', month) as quarter, count(*) as n from flat "
                 "where victim_age < 25 and list_contains($groups, offence_group) group by all"), base)]
    raise KeyError(page)


def pandas_aggregates(page: str, scope: Scope) -> Callable:
    """The same aggregates with pandas on the DataFrame."""
    import pandas as pd

    groups, districts = list(scope.groups), list(scope.districts)

    def measures(rows, keys):
        chosen = rows["offence_group"].isin(groups)
        table = pd.DataFrame({
            "offence_count": chosen, "knife_count": chosen & rows["weapon"].eq("knife_sharp"),
            "robbery_count": rows["offence_group"].eq("robbery"),
            "weapons_count": rows["offence_group"].eq("possession_of_weapons"),
        })
        for key in keys:
            table[key] = rows[key].to_numpy()
        return table.groupby(keys, observed=True).sum()

    def between(frame, start, end):
        return frame[(frame["month"] >= pd.Timestamp(start)) & (frame["month"] <= pd.Timestamp(end))]

    def overview(frame):
        measures(between(frame, scope.start, scope.end), ["district_code"])
        measures(between(frame, scope.before_start, scope.before_end), ["district_code"])
        window = between(frame, scope.window_start, scope.end)
        measures(window[window["district_code"].isin(districts)], ["month"])

    def trends(frame):
        local = frame[frame["district_code"].isin(districts)]
        local.groupby(["month", "offence_group", "district_code"], observed=True).size()
        period = between(local, scope.start, scope.end)
        period[period["offence_group"].isin(groups)].dropna(subset=["hour"]).groupby(["weekday", "hour"]).size()

    def hotspots(frame):
        period = between(frame, scope.start, scope.end)
        period = period[period["district_code"].isin(districts)]
        measures(period, ["lsoa_code"])
        chosen = period[period["offence_group"].isin(groups)]
        chosen.groupby(["lsoa_code", "month"], observed=True).size()
        chosen.dropna(subset=["hour"]).groupby(["lsoa_code", "hour"], observed=True).size()

    def cross_border(frame):
        year = between(frame, scope.year_start, scope.year_end)
        year = year[year["offence_group"].isin(groups)]
        year.groupby(["suspect_home_district", "district_code"], observed=True).size()
        year.groupby(["month", "suspect_home_district"], observed=True).size()
        year.dropna(subset=["suspect_home_district"]).groupby("lsoa_code", observed=True).size()

    def indicators(frame):
        measures(frame, ["month", "district_code"])
        young = frame[(frame["victim_age"] < 25) & frame["offence_group"].isin(groups)]
        young.groupby(young["month"].dt.to_period("Q")).size()

    return {"pages/overview.py": overview, "pages/trends.py": trends, "pages/hotspots.py": hotspots,
            "pages/cross_border.py": cross_border, "pages/indicators.py": indicators}[page]


def _used(sql: str, params: dict) -> dict:
    """The parameters `sql` refers to (DuckDB refuses unused ones)."""
    return {name: value for name, value in params.items() if f"${name}" in sql}


def model_seconds(page: str, call: tuple[tuple, dict], repeats: int) -> float:
    """Median time of the model from a cold query cache."""
    from queries.runner import clear_cache

    module_name, function_name = MODELS[page]
    function = getattr(importlib.import_module(module_name), function_name)
    args, kwargs = call

    def cold():
        clear_cache()
        function(*args, **kwargs)

    return _timed(cold, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="warehouse (default SVD_DB)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.db:
        os.environ["SVD_DB"] = str(args.db.resolve())
    from settings import load_settings

    db = load_settings().db_path
    calls = capture_model_calls()
    scope = scope_from(calls["pages/overview.py"][0][0])
    started = time.perf_counter()
    con, frame = load_flat(db)
    load_s = time.perf_counter() - started
    pages = []
    for page in MODELS:
        statements = duckdb_aggregates(page, scope)
        duck = _timed(lambda statements=statements: [con.execute(sql, _used(sql, params)).fetchall()
                                                     for sql, params in statements], args.repeats)
        panda = _timed(lambda page=page: pandas_aggregates(page, scope)(frame), args.repeats)
        model = model_seconds(page, calls[page], args.repeats)
        pages.append({"page": page, "model_s": model, "duckdb_s": duck, "pandas_s": panda,
                      "model_over_duckdb": model / duck, "pandas_over_model": panda / model})
    report = {"db": str(db), "incidents": len(frame), "flat_load_s": load_s, "repeats": args.repeats,
              "measured_at": dt.datetime.now().isoformat(timespec="seconds"), "pages": pages}
    _print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "engine.json").write_text(json.dumps(report, indent=2, default=str))


def _print(report: dict) -> None:
    print(f"warehouse {report['db']} ({report['incidents']:,} incidents; flat table loaded in "
          f"{report['flat_load_s']:.1f} s; median of {report['repeats']})\n")
    print(f"{'page':26} {'model s':>9} {'duckdb s':>9} {'pandas s':>9} {'model/duckdb':>13} {'pandas/model':>13}")
    for row in report["pages"]:
        print(f"{row['page']:26} {row['model_s']:9.3f} {row['duckdb_s']:9.3f} {row['pandas_s']:9.3f} "
              f"{row['model_over_duckdb']:13.2f} {row['pandas_over_model']:13.2f}")
    print("\ntargets: model/duckdb at most 1.5; pandas/model at least 5")


if __name__ == "__main__":
    main()
