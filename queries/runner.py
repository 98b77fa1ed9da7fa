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
snapshot is read as soon as a run pins it; `clear_cache()` only frees memory.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import duckdb
import pandas as pd

from access.context import current_viewer
from access.policy import CLASS_WORDS, DATA_CLASSES, DISTRICT, OPEN, require
from queries.connection import active_snapshot, reading
from queries.disclosure import Rule, apply_rule, parse_header, thresholds

QUERY_DIR = Path(__file__).resolve().parent
_PARAMS_LINE = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
_ACCESS_LINE = re.compile(r"^--\s*access:\s*([a-z_]+)\s*$", re.MULTILINE)
_PARAM_NAME = re.compile(r"\$([a-z_][a-z0-9_]*)")
log = logging.getLogger(__name__)


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


@functools.lru_cache(maxsize=512)
def _run_cached(snapshot: str, name: str, frozen_params: tuple) -> pd.DataFrame:
    # The snapshot is part of the key: a published snapshot never changes, so a result cached for
    # it is right for as long as anyone reads that snapshot.
    params = {key: _bindable(value) for key, value in frozen_params}
    with reading(snapshot) as cursor:
        try:
            return cursor.execute(_sql(name), params).df()
        except duckdb.Error as error:
            log.error("query %s failed with params %r: %s", name, params, error)
            raise QueryError(f"Query {name!r} failed with parameters {params!r}: {error}") from error


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


@functools.lru_cache(maxsize=512)
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
