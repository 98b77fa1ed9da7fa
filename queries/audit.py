"""The linear-programming audit of a suppressed table: can any hidden small count be worked out?

An attacker who sees a protected table knows every shown cell, every line (cells that add up to a
total, queries/tables.py) and that counts are whole numbers. For every hidden small count the
audit computes the smallest and largest value consistent with all of that (two linear programmes
solved by HiGHS, warm-started within each group of linked cells) and reports the cells whose
feasible range holds a single whole number: those would be disclosed.

Zero is shown as 0, so an attacker may take every "[c]" to be at least 1. That is true of a part
of the table (a component of linked hidden cells) where no zero is hidden, and there the audit
gives every hidden cell a lower bound of 1. Where a zero is hidden as a secondary cell the
assumption fails, so the audit takes the lower bound 0 for the component. A hidden cell has no
upper bound: "[c]" may be a small count or a larger one hidden to protect it, and nothing shown
tells which. Shown cells of a rounded table (the HES rule) are known only to lie within their
rounding interval.
Source: Hundepool A et al. (2012) Statistical Disclosure Control, Wiley, s.4.2 (the audit of a
suppression pattern by linear programming) and s.4.3 (secondary suppression).
"""

from __future__ import annotations

import math

import highspy
import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from queries.tables import Structure

EPSILON = 1e-7
#: How far above its true value the certifying LPs let a cell go (any finite cap is sound).
CAP = 1e4


def _silence_banner() -> None:
    """HiGHS prints a copyright banner on stdout the first time a model is made in a process; make
    that first one with stdout pointed at /dev/null so command-line output stays clean."""
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_silence_banner()


def rounding_interval(shown: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The raw values a shown count rounded to a multiple of `base` (halves up) may have come from."""
    return shown - base // 2, shown + math.ceil(base / 2) - 1


def bounds(raw: np.ndarray, hidden: np.ndarray, public: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) of every cell as the attacker knows it; equal for a known cell."""
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
    small = hidden & (raw >= 1) & (raw <= limit)
    wanted = np.flatnonzero(small) if only is None else np.asarray([r for r in only if small[r]], dtype=int)
    if not len(wanted):
        return []
    lower, upper = bounds(raw, hidden, public, base)
    unknown = np.flatnonzero(lower < upper)
    matrix, constants = _equations(table, unknown, lower)
    _, label = _components(matrix, len(unknown))
    column_of = np.full(len(raw), -1)
    column_of[unknown] = np.arange(len(unknown))
    pinned = []
    for component in np.unique(label[column_of[wanted]]):
        columns = np.flatnonzero(label == component)
        targets = [int(r) for r in wanted if label[column_of[r]] == component]
        rows = unknown[columns]
        low = lower[rows].copy()
        if (hidden[rows] & (raw[rows] == 0)).any():  # a hidden zero: "[c] >= 1" does not hold here
            low[hidden[rows]] = 0.0
        pinned += _solve_component(matrix, constants, columns, low, upper[rows], raw[rows].astype(float),
                                   [int(np.searchsorted(columns, column_of[r])) for r in targets], targets)
    return sorted(pinned)


def unpinning_cell(row: int, candidates: list[int], raw, hidden, public, table: Structure, limit: int,
                   base: int = 1) -> int | None:
    """The first candidate (in the order given) whose suppression leaves `row` unpinned."""
    for candidate in candidates:
        trial = hidden.copy()
        trial[candidate] = True
        if not pinned_cells(raw, trial, public, table, limit, base, only=[row]):
            return candidate
    return None


def _equations(table: Structure, unknown: np.ndarray, value: np.ndarray) -> tuple[csr_matrix, np.ndarray]:
    """The lines as A x = b over the unknown cells (known cells moved to the right-hand side)."""
    line, row, sign = table.entries
    column_of = np.full(len(value), -1)
    column_of[unknown] = np.arange(len(unknown))
    is_variable = column_of[row] >= 0
    constants = -np.bincount(line[~is_variable], weights=sign[~is_variable] * value[row[~is_variable]],
                             minlength=len(table.lines))
    matrix = coo_matrix((sign[is_variable], (line[is_variable], column_of[row[is_variable]])),
                        shape=(len(table.lines), len(unknown))).tocsr()
    matrix.sum_duplicates()
    return matrix, constants


def _components(matrix: csr_matrix, size: int) -> tuple[int, np.ndarray]:
    """Groups of unknown cells linked by lines."""
    if size == 0:
        return 0, np.zeros(0, dtype=int)
    adjacency = (matrix.T @ matrix) if matrix.nnz else csr_matrix((size, size))
    return connected_components(adjacency != 0, directed=False)


def _solve_component(matrix, constants, columns, lower, upper, true, positions, targets) -> list[int]:
    """The targets (row numbers) whose min and max over the component's feasible region differ
    by less than one whole number.

    Most hidden cells can move: a few LPs over the whole component (push the still uncertain
    targets all up, then all down, on the region capped far above the true values) certify every
    target that some feasible table moves by at least one from its true value, which then has two
    whole values in its range. Only the targets left are solved one by one, uncapped."""
    sub = matrix[:, columns]
    used = np.flatnonzero(np.diff(sub.indptr))
    a_csc, b = sub[used].tocsc(), constants[used]
    uncertain = _certify(_model(a_csc, b, lower, np.minimum(upper, true + CAP)), true, positions)
    if not uncertain:
        return []
    highs = _model(a_csc, b, lower, upper)
    found = []
    for position, row in zip(positions, targets, strict=True):
        if position not in uncertain:
            continue
        low, high = (_extreme(highs, np.asarray([position]), sign) for sign in (1.0, -1.0))
        if math.isfinite(high) and math.floor(high + EPSILON) - math.ceil(low - EPSILON) < 1:
            found.append(row)
    return found


def _certify(capped: highspy.Highs, true: np.ndarray, positions: list[int]) -> set[int]:
    """The target positions no solution of a few whole-component LPs moves by one from its truth."""
    uncertain = set(positions)
    for sign in (-1.0, 1.0, -1.0, 1.0):
        if not uncertain:
            break
        chosen = np.asarray(sorted(uncertain))
        solution = _solution(capped, chosen, sign)
        uncertain -= {int(p) for p in chosen[np.abs(solution[chosen] - true[chosen]) >= 1 - EPSILON]}
    return uncertain


def _model(a_csc, b, lower, upper) -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = a_csc.shape[1], a_csc.shape[0]
    lp.col_cost_ = np.zeros(lp.num_col_)
    lp.col_lower_ = lower
    lp.col_upper_ = np.where(np.isinf(upper), highspy.kHighsInf, upper)
    lp.row_lower_ = lp.row_upper_ = np.asarray(b, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a_csc.indptr
    lp.a_matrix_.index_ = a_csc.indices
    lp.a_matrix_.value_ = a_csc.data.astype(float)
    highs.passModel(lp)
    return highs


def _solution(highs: highspy.Highs, positions: np.ndarray, sign: float) -> np.ndarray:
    """A solution minimising sign x the sum of the variables at `positions`."""
    _objective(highs, positions, sign)
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError("disclosure audit: the capped table has no optimum")
    return np.asarray(highs.getSolution().col_value)


def _objective(highs: highspy.Highs, positions: np.ndarray, sign: float) -> None:
    costs = np.zeros(highs.getNumCol())
    costs[positions] = sign
    highs.changeColsCost(len(costs), np.arange(len(costs), dtype=np.int32), costs)
    highs.run()


def _extreme(highs: highspy.Highs, positions: np.ndarray, sign: float) -> float:
    """min (sign 1) or max (sign -1) of one variable (the previous objective is replaced)."""
    _objective(highs, positions, sign)
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kUnbounded:
        return -sign * math.inf
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"disclosure audit: the table's own values are infeasible ({highs.modelStatusToString(status)})")
    return sign * highs.getInfo().objective_function_value
