"""The structure of a protected table: which cells add up to which, read from its dims.

A protected query returns one row per cell. Along each dim, a cell's parent is either given in a
column `<dim>_parent` (for hierarchies: quarter -> financial year, age band -> under 25 -> all) or,
without such a column, the value 'all' (MARGIN) is the parent of every other value. A *line* is a
total cell and the cells (its members) that add up to it: the rows that share every other dim and
whose parent along the dim is the total's value. Lines are the additive relations a user can see,
so secondary suppression and the linear-programming audit (queries/audit.py) work on them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

MARGIN = "all"


@dataclass(frozen=True)
class Line:
    total: int  # row position of the total cell
    members: np.ndarray  # row positions of the cells that add up to it


@dataclass(frozen=True)
class Structure:
    lines: tuple[Line, ...]
    is_total: np.ndarray  # the row is the total of some line (a margin)
    lines_of: tuple[tuple[int, ...], ...]  # row -> positions in `lines` of the lines it belongs to

    @functools.cached_property
    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every line as equation entries: (line position, row, +1 for a member / -1 for the total)."""
        sizes = [1 + len(line.members) for line in self.lines]
        line = np.repeat(np.arange(len(self.lines)), sizes)
        row = np.concatenate([[l.total, *l.members] for l in self.lines]).astype(int) if self.lines else np.zeros(0, int)
        sign = np.concatenate([[-1.0] + [1.0] * len(l.members) for l in self.lines]) if self.lines else np.zeros(0)
        return line, row, sign


def parents(frame: pd.DataFrame, dim: str) -> list[str | None]:
    """The parent value of every row along `dim` (None for a root)."""
    column = f"{dim}_parent"
    if column in frame.columns:
        return [None if pd.isna(value) else str(value) for value in frame[column]]
    return [None if value == MARGIN else MARGIN for value in frame[dim].astype(str)]


def structure(frame: pd.DataFrame, dims: tuple[str, ...]) -> Structure:
    """Every line of the table along every dim (lines with no member present are left out)."""
    keys = frame[list(dims)].astype(str).reset_index(drop=True) if dims else pd.DataFrame(index=frame.index)
    lines: list[Line] = []
    for dim in dims:
        others = [d for d in dims if d != dim]
        group = keys.groupby(others, sort=False).ngroup().to_numpy() if others else np.zeros(len(keys), int)
        position = {(g, value): row for row, (g, value) in enumerate(zip(group, keys[dim], strict=True))}
        members: dict[int, list[int]] = defaultdict(list)
        for row, (g, parent) in enumerate(zip(group, parents(frame, dim), strict=True)):
            total = position.get((g, parent)) if parent is not None else None
            if total is not None and total != row:
                members[total].append(row)
        lines += [Line(total, np.asarray(rows)) for total, rows in members.items()]
    is_total = np.zeros(len(frame), dtype=bool)
    lines_of: list[list[int]] = [[] for _ in range(len(frame))]
    for index, line in enumerate(lines):
        is_total[line.total] = True
        for row in (line.total, *line.members):
            lines_of[row].append(index)
    return Structure(tuple(lines), is_total, tuple(tuple(found) for found in lines_of))
