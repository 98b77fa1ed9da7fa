"""Attacks on the published tables, written independently of queries/disclosure.py, queries/tables.py
and queries/audit.py: linear programming (scipy's linprog) over every protected table's margins,
as an attacker who sees only the published frame would run it, must pin no hidden small count to
its true value. The true values come from running the query's SQL without the disclosure rule."""

from __future__ import annotations

import random
from collections import defaultdict

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from queries import run_query
from queries.runner import _sql, declared_params, disclosure_rule, list_queries

THRESHOLD = 4
SAMPLE = 120  # hidden small cells attacked per table and count column (all when fewer)


def protected_queries() -> list[str]:
    """Every query file with a people or health rule and no parameters (the fixed cubes)."""
    names = []
    for name in list_queries():
        rule = disclosure_rule(name)
        if rule is not None and rule.kind != "none" and not declared_params(name):
            names.append(name)
    return names


def raw_frame(db, name: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(_sql(name)).df()
    finally:
        con.close()


def attacker_lines(frame: pd.DataFrame, dims) -> list[tuple[int, list[int]]]:
    """(total row, member rows) for every additive relation the published frame shows: along a dim
    the parent of a value is its `<dim>_parent` column, or 'all' when there is none."""
    keys = [tuple(str(v) for v in row) for row in frame[list(dims)].itertuples(index=False)]
    where = {key: i for i, key in enumerate(keys)}
    lines = defaultdict(list)
    for k, dim in enumerate(dims):
        parent_column = f"{dim}_parent"
        for i, key in enumerate(keys):
            if parent_column in frame.columns:
                parent = frame[parent_column].iloc[i]
                parent = None if pd.isna(parent) else str(parent)
            else:
                parent = None if key[k] == "all" else "all"
            if parent is None:
                continue
            total = where.get(key[:k] + (parent,) + key[k + 1:])
            if total is not None:
                lines[(k, total)].append(i)
    return [(total, members) for (_, total), members in lines.items()]


def attack(published: pd.DataFrame, truth: np.ndarray, column: str, lines, lower_bound: float, rounding: int):
    """Hidden small cells an LP attacker with lower bound `lower_bound` on every [c] pins to the truth."""
    hidden = published[column].isna().to_numpy()
    shown = published[column].astype("Float64").fillna(0).to_numpy(dtype=float)
    variables = [i for i in range(len(published)) if hidden[i] or rounding > 1]
    index = {row: j for j, row in enumerate(variables)}
    entries, b = [], []
    for total, members in lines:
        if not any(r in index for r in (total, *members)):
            continue
        constant = 0.0
        for row, sign in ((total, -1.0), *((m, 1.0) for m in members)):
            if row in index:
                entries.append((len(b), index[row], sign))
            else:
                constant -= sign * shown[row]
        b.append(constant)
    a_eq = None
    if b:
        r, c, v = zip(*entries, strict=True)
        a_eq = coo_matrix((v, (r, c)), shape=(len(b), len(variables))).tocsr()
    half = rounding // 2
    box = [((lower_bound, None) if hidden[row] else (max(shown[row] - half, 0), shown[row] + rounding - 1 - half))
           for row in variables]
    small = [row for row in variables if hidden[row] and 1 <= truth[row] <= THRESHOLD]
    random.Random(0).shuffle(small)
    found = []
    for row in small[:SAMPLE]:
        extremes = []
        for sign in (1.0, -1.0):
            objective = np.zeros(len(variables))
            objective[index[row]] = sign
            result = linprog(objective, A_eq=a_eq, b_eq=b or None, bounds=box, method="highs")
            if result.status == 2:  # the attacker's assumption is contradicted by the table: nothing learnt
                return []
            extremes.append(sign * result.fun if result.status == 0 else sign * -np.inf)
        low, high = extremes
        if np.isfinite(high) and np.floor(high + 1e-7) - np.ceil(low - 1e-7) < 1:
            found.append((row, truth[row], low, high))
    return found


@pytest.mark.parametrize("name", protected_queries())
def test_linear_programming_over_a_table_recovers_no_small_count(app_env, name):
    rule = disclosure_rule(name)
    published = run_query(name).reset_index(drop=True)
    raw = raw_frame(app_env, name).reset_index(drop=True)
    assert len(raw) == len(published)
    lines = attacker_lines(published, rule.dims)
    rounding = 5 if rule.kind == "health" else 1
    public = np.zeros(len(published), dtype=bool)
    for dim, value in rule.public:  # offence counts published openly elsewhere: checked below
        public |= (published[dim] == value).to_numpy()
    for column in rule.counts:
        truth = raw[column].fillna(0).astype(int).to_numpy()
        hidden = published[column].isna().to_numpy()
        small = (truth >= 1) & (truth <= (7 if rule.kind == "health" else THRESHOLD))
        assert not (small & ~hidden & ~public).any(), column
        for lower_bound in (0.0, 1.0):
            assert attack(published, truth, column, lines, lower_bound, rounding) == [], (name, column, lower_bound)


def test_victims_of_all_ages_are_the_open_offence_counts(app_env):
    """The victims table's public cells (all ages) equal offence counts any user can read from
    the Trends page (force-extract offences by district, month and offence group), so showing
    them, small or not, tells nothing new."""
    import datetime as dt

    cube = run_query("victims_by_age_band")
    years = cube[(cube["period_kind"] == "year") & (cube["age_band"] == "all") & (cube["district_code"] != "all")]
    checked = 0
    for row in years.sample(n=min(40, len(years)), random_state=1).itertuples():
        start = dt.date(int(row.period[:4]), 4, 1)
        open_counts = run_query("trends_series_by_period", start=start, end=dt.date(start.year + 1, 3, 1),
                                districts=[row.district_code], offence_group=row.offence_group,
                                dimension="source", grain="month")
        expected = int(open_counts.loc[open_counts["series"] == "force_extract", "offence_count"].sum())
        assert int(row.victim_count) == expected, row
        checked += 1
    assert checked == min(40, len(years)) > 0
