"""The chokepoint every query runs through.

A query is a file `queries/<name>.sql` whose header declares its parameters and grain:

    -- params: $start, $end, $districts
    -- grain: one row per district x month
    -- disclosure: people counts=person_count dims=agency   (only for counts about people/health)
    -- access: lsoa   (optional; else `district` with a people/health disclosure rule, else `open`)

`run_query` checks the parameters passed against those declared, binds them (nothing is pasted
into SQL), logs the name and parameters on failure, applies the file's disclosure rule
(queries/disclosure.py, docs/DISCLOSURE.md) and returns a DataFrame. Before any of that it asks the access policy (access/policy.py) whether the
viewer of the current page run may see the file's data class, and refuses in words if not. Results are cached per query
name, parameters and the warehouse snapshot they came from (queries/connection.py), so a new
snapshot is read as soon as a run pins it; `clear_cache()` only frees memory. Sessions asking for the
same result at once wait for one run of it (queries/memo.py). With SVD_QUERY_LOG set, every query run
on the warehouse is logged as a JSON line (bench/load.py counts repeats from it).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

from access.context import current_viewer
from access.policy import CLASS_WORDS, DATA_CLASSES, DISTRICT, OPEN, require
from queries.connection import active_snapshot, reading
from queries.disclosure import Rule, apply_rule, parse_header, thresholds
from queries.memo import single_flight
from settings import load_settings

QUERY_DIR = Path(__file__).resolve().parent
_PARAMS_LINE = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
_ACCESS_LINE = re.compile(r"^--\s*access:\s*([a-z_]+)\s*$", re.MULTILINE)
_PARAM_NAME = re.compile(r"\$([a-z_][a-z0-9_]*)")
log = logging.getLogger(__name__)
_log_lock = threading.Lock()
MODEL_CACHES: list = []  # the functions per_snapshot caches (emptied by clear_cache)


class QueryError(RuntimeError):
    """A query was called wrongly or failed in the database."""


def list_queries() -> list[str]:
    return sorted(path.stem for path in QUERY_DIR.glob("*.sql"))


@functools.cache
def _sql(name: str) -> str:
    path = QUERY_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.exists():
        raise QueryError(f"Unknown query {name!r}; expected a file {path}")
    return path.read_text()


def declared_params(name: str) -> frozenset[str]:
    """The parameters a query file declares in its `-- params:` header line."""
    match = _PARAMS_LINE.search(_sql(name))
    if match is None:
        raise QueryError(f"Query {name!r} has no '-- params:' header line")
    return frozenset(_PARAM_NAME.findall(match.group(1)))


def _freeze(value):
    """Make a parameter hashable for the cache (lists -> tuples)."""
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(value) if not isinstance(value, set | frozenset) else tuple(sorted(value))
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _bindable(value):
    return list(value) if isinstance(value, tuple) else value


@single_flight(maxsize=512)
def _run_cached(snapshot: str, name: str, frozen_params: tuple) -> pd.DataFrame:
    # The snapshot is part of the key: a published snapshot never changes, so a result cached for
    # it is right for as long as anyone reads that snapshot. Sessions asking for the same result at
    # once wait for one run of it (queries/memo.py).
    params = {key: _bindable(value) for key, value in frozen_params}
    started = time.perf_counter()
    with reading(snapshot) as cursor:
        try:
            result = cursor.execute(_sql(name), params).df()
        except duckdb.Error as error:
            log.error("query %s failed with params %r: %s", name, params, error)
            raise QueryError(f"Query {name!r} failed with parameters {params!r}: {error}") from error
    _log_run(snapshot, name, params, time.perf_counter() - started)
    return result


def _log_run(snapshot: str, name: str, params: dict, seconds: float) -> None:
    path = load_settings().query_log_path
    if path is not None:
        line = json.dumps({"at": time.time(), "snapshot": snapshot, "query": name, "params": params,
                           "seconds": round(seconds, 4)}, sort_keys=True, default=str)
        with _log_lock, path.open("a", encoding="utf-8") as log_file:
            log_file.write(line + "\n")


@functools.cache
def data_class(name: str) -> str:
    """The query's data class: its `-- access:` header line, else `district` when it declares a
    people or health disclosure rule, else `open` (access/policy.py says who may see each)."""
    match = _ACCESS_LINE.search(_sql(name))
    if match is not None:
        if match.group(1) not in DATA_CLASSES:
            raise QueryError(f"Query {name!r} declares access {match.group(1)!r}; one of {DATA_CLASSES}")
        return match.group(1)
    rule = disclosure_rule(name)
    return DISTRICT if rule is not None and rule.kind in ("people", "health") else OPEN


def require_query(name: str) -> None:
    """Raise AccessDenied, in words, unless the current viewer may run query `name`."""
    kind = data_class(name)
    require(current_viewer(), data_class=kind, what=f"{CLASS_WORDS[kind]} (the query {name} was refused)")


def run_query(name: str, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with named parameters as the current viewer; returns a fresh
    DataFrame copy. Raises AccessDenied when the viewer may not see the query's data class."""
    require_query(name)
    declared = declared_params(name)
    missing, unexpected = declared - params.keys(), params.keys() - declared
    if missing or unexpected:
        raise QueryError(
            f"Query {name!r} declares {sorted(declared)}; missing {sorted(missing)}, "
            f"unexpected {sorted(unexpected)}"
        )
    frozen = tuple(sorted((key, _freeze(value)) for key, value in params.items()))
    rule = disclosure_rule(name)
    limits = thresholds(rule.kind) if rule is not None and rule.kind != "none" else None
    return _run_disclosed(active_snapshot(), name, frozen, limits).copy()


@single_flight(maxsize=512)
def _run_disclosed(snapshot: str, name: str, frozen_params: tuple, limits) -> pd.DataFrame:
    # Disclosure control (queries/disclosure.py) runs on every result before it is returned;
    # the thresholds are part of the key so a changed setting never serves an old result.
    return apply_rule(_run_cached(snapshot, name, frozen_params).copy(), disclosure_rule(name), limits)


@functools.cache
def disclosure_rule(name: str) -> Rule | None:
    """The disclosure rule a query file declares in its `-- disclosure:` header line, if any."""
    return parse_header(_sql(name))


def clear_cache() -> None:
    """Forget cached results (frees memory; results are keyed on their snapshot anyway)."""
    _run_cached.cache_clear()
    _run_disclosed.cache_clear()
    for cache in MODEL_CACHES:
        cache.cache_clear()


def _all_limits() -> tuple:
    settings = load_settings()
    return (settings.suppression_threshold, settings.health_suppression_threshold, settings.health_rounding_base)


def per_snapshot(maxsize: int = 32):
    """Cache a page model (a pure function of its arguments and of query results) per warehouse
    snapshot, the data classes the viewer may see and the disclosure thresholds: every input the
    queries it runs depend on. So the result is the same for any viewer with the same key, and
    sessions asking at once wait for one computation (queries/memo.py). Callers must treat the
    result as read-only (tests/pages/test_models_cached.py checks that pages do). `uncached` is the
    function itself."""

    def decorate(function):
        @single_flight(maxsize)
        def computed(snapshot: str, classes: frozenset, limits: tuple, args: tuple, kwargs: tuple):
            return function(*args, **dict(kwargs))

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            return computed(active_snapshot(), current_viewer().classes, _all_limits(), args,
                            tuple(sorted(kwargs.items())))

        wrapper.cache_clear, wrapper.cache_info, wrapper.uncached = computed.cache_clear, computed.cache_info, function
        wrapper.cache_items = computed.cache_items
        MODEL_CACHES.append(wrapper)
        return wrapper

    return decorate

