"""The linear-programming audit of a suppressed table: can any hidden cell be worked out exactly?

An attacker who sees a protected table knows every shown cell, every line (cells that add up to a
total, queries/tables.py) and that counts are whole numbers. For every hidden small count the
audit computes the smallest and largest value consistent with all of that (two linear programmes,
scipy's HiGHS), and reports the cells whose feasible range holds a single whole number: those
would be disclosed.

The attacker is given more than the page shows: which hidden cells are zero (lower bound 0) and
which are not (lower bound 1). A hidden cell has no upper bound: "[c]" may be a small count or a
larger one hidden to protect it, and nothing shown tells which. Shown cells of a rounded table
(the HES rule) are known only to lie within their rounding interval.
Source: Hundepool A et al. (2012) Statistical Disclosure Control, Wiley, s.4.2 (the audit of a
suppression pattern by linear programming) and s.4.3 (secondary suppression).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from queries.tables import Structure

EPSILON = 1e-7


def rounding_interval(shown: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The raw values a shown count rounded to a multiple of `base` (halves up) may have come from."""
    return shown - base // 2, shown + math.ceil(base / 2) - 1


def bounds(raw: np.ndarray, hidden: np.ndarray, public: np.ndarray, limit: int, base: int) -> tuple[np.ndarray, ...]:
    """(lower, upper) of every cell as the attacker knows it."""
    lower = np.where(raw >= 1, 1.0, 0.0)
    upper = np.full(len(raw), np.inf)
    if base > 1:
        rounded = (np.floor(raw / base + 0.5) * base).astype("int64")
        low, high = rounding_interval(rounded, base)
        shown = ~hidden & ~public
        lower = np.where(shown, np.maximum(low, 0), lower)
        upper = np.where(shown, high, upper)
    known = ~hidden & (public | (base <= 1))
    return np.where(known, raw, lower).astype(float), np.where(known, raw, upper).astype(float)


def pinned_cells(raw: np.ndarray, hidden: np.ndarray, public: np.ndarray, table: Structure, limit: int,
                 base: int = 1, only: list[int] | None = None) -> list[int]:
    """Hidden small counts (1 to `limit`) whose value the shown cells and the lines pin to one
    whole number (all of them, or those of `only`). A hidden zero or a hidden large count that can
    be worked out discloses no small count; the LP still uses them."""
    if not hidden.any():
        return []
    lower, upper = bounds(raw, hidden, public, limit, base)
    unknown = np.flatnonzero(lower < upper)
    column_of = {row: k for k, row in enumerate(unknown)}
    equations = _equations(table, column_of, lower)
    small = hidden & (raw >= 1) & (raw <= limit)
    wanted = set(np.flatnonzero(small)) if only is None else set(only) & set(np.flatnonzero(small))
    pinned = []
    for component in _components(len(unknown), equations):
        targets = [unknown[k] for k in component if unknown[k] in wanted]
        if targets:
            pinned += _solve_component(component, equations, unknown, lower, upper, targets, column_of)
    return sorted(set(pinned))


def unpinning_cell(row: int, candidates: list[int], raw, hidden, public, table: Structure, limit: int,
                   base: int = 1) -> int | None:
    """The first candidate (in the order given) whose suppression leaves `row` unpinned."""
    for candidate in candidates:
        trial = hidden.copy()
        trial[candidate] = True
        if not pinned_cells(raw, trial, public, table, limit, base, only=[row]):
            return candidate
    return None


def _equations(table: Structure, column_of: dict, known_value: np.ndarray) -> list[tuple[dict, float]]:
    """Each line as {variable column: coefficient} = constant, with known cells moved to the right."""
    equations = []
    for line in table.lines:
        coefficients: dict[int, float] = {}
        constant = 0.0
        for row, sign in ((line.total, -1.0), *((int(m), 1.0) for m in line.members)):
            if row in column_of:
                coefficients[column_of[row]] = coefficients.get(column_of[row], 0.0) + sign
            else:
                constant -= sign * known_value[row]
        if coefficients:
            equations.append((coefficients, constant))
    return equations


def _components(size: int, equations) -> list[list[int]]:
    """Groups of variables linked by equations (union-find)."""
    parent = list(range(size))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for coefficients, _ in equations:
        first, *rest = coefficients
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict[int, list[int]] = {}
    for k in range(size):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _solve_component(component, equations, unknown, lower, upper, targets, column_of) -> list[int]:
    local = {k: i for i, k in enumerate(component)}
    rows, cols, data, constants = [], [], [], []
    for coefficients, constant in equations:
        if next(iter(coefficients)) not in local:
            continue
        for k, value in coefficients.items():
            rows.append(len(constants))
            cols.append(local[k])
            data.append(value)
        constants.append(constant)
    a_eq = csr_matrix((data, (rows, cols)), shape=(len(constants), len(component))) if constants else None
    box = [(lower[unknown[k]], None if math.isinf(upper[unknown[k]]) else upper[unknown[k]]) for k in component]
    found = []
    for row in targets:
        i = local[column_of[row]]
        low, high = (_extreme(i, sign, a_eq, constants, box) for sign in (1.0, -1.0))
        if math.floor(high + EPSILON) - math.ceil(low - EPSILON) < 1:
            found.append(int(row))
    return found


def _extreme(i: int, sign: float, a_eq, constants, box) -> float:
    """min (sign 1) or max (sign -1) of variable i over the feasible region."""
    objective = np.zeros(len(box))
    objective[i] = sign
    if a_eq is None:
        return box[i][0] if sign > 0 else (math.inf if box[i][1] is None else box[i][1])
    result = linprog(objective, A_eq=a_eq, b_eq=np.asarray(constants), bounds=box, method="highs")
    if result.status == 3:  # unbounded: the maximum is infinite
        return math.inf if sign < 0 else -math.inf
    if not result.success:
        raise RuntimeError(f"disclosure audit: the table's own values are infeasible ({result.message})")
    return sign * result.fun
