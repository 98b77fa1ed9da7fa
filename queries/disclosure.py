"""Statistical disclosure control: the one policy, applied in the query layer.

A query file that returns counts about people (cohort members, victims, suspects) or health
data declares its rule in one header line; `queries.runner.run_query` applies it to the result
before any page, chart or download sees it. See docs/DISCLOSURE.md for the policy in words.

    -- disclosure: people counts=person_count,reoffended_count dims=year,agency parts=reoffended_count:person_count
    -- disclosure: people counts=victim_count dims=period,district_code,age_band public=age_band:all
    -- disclosure: health counts=admissions dims=financial_year,quarter derived=rate_per_100k:admissions
    -- disclosure: none reason=offence counts by place and month; no breakdown by person

Tokens after the rule name (`people`, `health` or `none`):
- `counts=a,b`: the count columns the rule protects.
- `dims=d1,d2`: the columns that identify a cell. Along each dim a cell's parent is given by a
  column `<dim>_parent`, or else is the value 'all' (MARGIN); a parent and its children form a
  line whose members add up to it (queries/tables.py). No dims: every row is a cell of its own.
- `parts=part:whole`: `part` counts a subset of `whole` in the same row (e.g. completions of
  starts); when `whole` is hidden, or `whole - part` is a small count, `part` is hidden too.
- `derived=col:num` or `col:num/den`: a rate or share computed from counts in the same row; it is
  hidden when `num` or `den` is, and for health rescaled to the rounded counts.
- `public=dim:value`: cells with that value in that dim are published elsewhere as counts of
  offences (e.g. all ages of victims = offences); they are shown and treated as known.
- `reason=...` (only with `none`): why the file needs no rule.

Applying a rule: primary suppression (1 to the threshold), then, to a fixed point, complementary
suppression of parts, secondary suppression along every line (no line with a lone hidden cell,
no shown total whose hidden members add up to a small count) and a linear-programming audit
(queries/audit.py) that hides one more cell for every hidden cell the published cells pin to one
value. Health counts are rounded to the nearest multiple of the rounding base.

Suppressed cells: the count becomes <NA> (pandas nullable Int64) and a boolean column
`<col>_suppressed` is added for every protected or derived column; `for_display()` turns a frame
into what a page shows and downloads: flagged cells read MARKER and the flag columns go;
`published_sum()` adds published cells and is hidden whenever one of them is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from queries.audit import pinned_cells, unpinning_cell
from queries.tables import MARGIN, Structure, structure  # noqa: F401 (MARGIN is part of this module's API)
from settings import load_settings

MARKER = "[c]"
MAX_ROUNDS = 200
TRIES = 12  # candidates tried to set a pinned cell free before hiding the first
RULES = ("people", "health", "none")
_LINE = re.compile(r"^--\s*disclosure:\s*(.*)$", re.MULTILINE)


class DisclosureError(ValueError):
    """A disclosure header is malformed or names columns the result does not have."""


@dataclass(frozen=True)
class Rule:
    kind: str
    counts: tuple[str, ...] = ()
    dims: tuple[str, ...] = ()
    parts: tuple[tuple[str, str], ...] = ()
    derived: tuple[tuple[str, str, str | None], ...] = ()
    public: tuple[tuple[str, str], ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Thresholds:
    """Counts 1..`suppress_max` are hidden; shown counts are rounded to `rounding` (1 = none)."""

    suppress_max: int
    rounding: int = 1


def thresholds(kind: str) -> Thresholds:
    """The thresholds of a rule from settings.py (environment variables, documented defaults)."""
    settings = load_settings()
    if kind == "people":
        return Thresholds(settings.suppression_threshold)
    if kind == "health":
        return Thresholds(settings.health_suppression_threshold, settings.health_rounding_base)
    raise DisclosureError(f"no thresholds for rule {kind!r}")


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def parse_header(sql: str) -> Rule | None:
    """The rule a query file declares in its `-- disclosure:` line, or None when it has none."""
    matches = _LINE.findall(sql)
    if not matches:
        return None
    if len(matches) > 1:
        raise DisclosureError("a query may declare only one '-- disclosure:' line")
    text = matches[0].strip()
    kind, _, rest = text.partition(" ")
    if kind not in RULES:
        raise DisclosureError(f"disclosure rule must be one of {RULES}, got {kind!r}")
    if kind == "none":
        reason = rest.strip().removeprefix("reason=").strip()
        if not rest.strip().startswith("reason=") or not reason:
            raise DisclosureError("'-- disclosure: none' needs 'reason=<why no rule applies>'")
        return Rule("none", reason=reason)
    tokens = dict(_token(token) for token in rest.split())
    unknown = tokens.keys() - {"counts", "dims", "parts", "derived", "public"}
    if unknown:
        raise DisclosureError(f"unknown disclosure tokens {sorted(unknown)}")
    counts = _names(tokens.get("counts", ""))
    if not counts:
        raise DisclosureError(f"rule {kind!r} needs counts=<columns>")
    parts = tuple(_pair(item, ":") for item in _names(tokens.get("parts", "")))
    derived = tuple(_derived(item) for item in _names(tokens.get("derived", "")))
    named = {name for pair in parts for name in pair} | {d[1] for d in derived} | {d[2] for d in derived if d[2]}
    if not named <= set(counts):
        raise DisclosureError(f"parts/derived refer to columns not in counts: {sorted(named - set(counts))}")
    dims = _names(tokens.get("dims", ""))
    public = tuple(_pair(item, ":") for item in _names(tokens.get("public", "")))
    if {dim for dim, _ in public} - set(dims):
        raise DisclosureError("public= names a dim that is not in dims")
    return Rule(kind, counts, dims, parts, derived, public)


def _token(token: str) -> tuple[str, str]:
    if "=" not in token:
        raise DisclosureError(f"disclosure token {token!r} is not name=value")
    name, _, value = token.partition("=")
    return name, value


def _pair(item: str, sep: str) -> tuple[str, str]:
    left, _, right = item.partition(sep)
    if not left or not right:
        raise DisclosureError(f"expected 'a{sep}b', got {item!r}")
    return left, right


def _derived(item: str) -> tuple[str, str, str | None]:
    column, source = _pair(item, ":")
    numerator, _, denominator = source.partition("/")
    return column, numerator, denominator or None


# --- applying a rule -------------------------------------------------------------------------


def apply_rule(frame: pd.DataFrame, rule: Rule | None, limits: Thresholds | None = None) -> pd.DataFrame:
    """Return `frame` with the rule applied: primary, complementary and secondary suppression,
    the LP audit, rounding (health) and derived columns hidden or rescaled. The input is not
    modified."""
    if rule is None or rule.kind == "none":
        return frame
    limits = limits or thresholds(rule.kind)
    _check_columns(frame, rule)
    frame = frame.reset_index(drop=True)
    table = structure(frame, rule.dims)
    public = _public(frame, rule)
    raw = {column: frame[column].fillna(0).astype("int64").to_numpy() for column in rule.counts}
    hidden = {column: (raw[column] >= 1) & (raw[column] <= limits.suppress_max) & ~public for column in rule.counts}
    for _ in range(MAX_ROUNDS):
        changed = _protect_parts(rule, raw, hidden, public, limits)
        for column in rule.counts:
            for line in table.lines:
                changed |= _protect_line(raw[column], hidden[column], public, line, table, limits.suppress_max)
        if not changed:
            changed = any(_audit(raw[column], hidden[column], public, table, limits) for column in rule.counts)
        if not changed:
            return _publish(frame, rule, raw, hidden, limits)
    raise DisclosureError("secondary suppression did not settle; the table cannot be published")


def _public(frame: pd.DataFrame, rule: Rule) -> np.ndarray:
    public = np.zeros(len(frame), dtype=bool)
    for dim, value in rule.public:
        public |= (frame[dim].astype(str) == value).to_numpy()
    return public


def _check_columns(frame: pd.DataFrame, rule: Rule) -> None:
    needed = set(rule.counts) | set(rule.dims) | {d[0] for d in rule.derived}
    missing = needed - set(frame.columns)
    if missing:
        raise DisclosureError(f"disclosure header names columns the result lacks: {sorted(missing)}")


def _choose(candidates: np.ndarray, raw: np.ndarray, table: Structure) -> int:
    """The cell to hide next: non-zero before zero, inner cells before totals, smallest first (so
    totals shared by several tables stay shown and stay the same in every table)."""
    order = np.lexsort((raw[candidates], table.is_total[candidates], raw[candidates] == 0))
    return int(candidates[order[0]])


def _protect_line(raw, hidden, public, line, table: Structure, limit: int) -> bool:
    """Secondary suppression in one line: while exactly one of its cells is hidden (it could be
    recovered by subtraction), or its total is known and the hidden members add up to 1..limit,
    hide another member (a shown, not public one; the total only when no member is left).
    Returns whether anything was hidden."""
    changed = False
    members, total = line.members, line.total
    while True:
        hidden_members = members[hidden[members]]
        total_known = not hidden[total]
        n_hidden = len(hidden_members) + (0 if total_known else 1)
        small_sum = total_known and 1 <= int(raw[hidden_members].sum()) <= limit
        if n_hidden == 0 or not (n_hidden == 1 or small_sum):
            return changed
        candidates = members[~hidden[members] & ~public[members]]
        if len(candidates):
            hidden[_choose(candidates, raw, table)] = True
        elif total_known and not public[total]:
            hidden[total] = True
        else:
            return changed
        changed = True


def _audit(raw, hidden, public, table: Structure, limits: Thresholds) -> bool:
    """For every hidden cell the LP audit finds pinned, hide one more cell that sets it free: the
    first of its neighbours (cells on its lines, then on the lines of those) in `_choose` order
    whose suppression unpins it. Returns whether anything was hidden."""
    pinned = pinned_cells(raw, hidden, public, table, limits.suppress_max, limits.rounding)
    for row in pinned:
        if not pinned_cells(raw, hidden, public, table, limits.suppress_max, limits.rounding, only=[row]):
            continue  # set free by a cell hidden for an earlier one
        candidates = _neighbours(row, hidden, public, raw, table)
        chosen = unpinning_cell(row, candidates[:TRIES], raw, hidden, public, table, limits.suppress_max,
                                limits.rounding)
        if chosen is None and not candidates:
            raise DisclosureError(f"hidden cell {row} (value {raw[row]}) can be worked out and no cell is left to hide")
        hidden[candidates[0] if chosen is None else chosen] = True
    return bool(pinned)


def _neighbours(row: int, hidden, public, raw, table: Structure) -> list[int]:
    """Shown, not public cells on the lines of `row`, then on the lines of the cells on those lines,
    each ring in `_choose` order."""
    found: list[int] = []
    ring = {row}
    seen = {row}
    for _ in range(2):
        cells = {int(cell) for r in ring for index in table.lines_of[r]
                 for cell in (table.lines[index].total, *table.lines[index].members)} - seen
        seen |= cells
        shown = np.asarray(sorted(c for c in cells if not hidden[c] and not public[c]), dtype=int)
        while len(shown):
            pick = _choose(shown, raw, table)
            found.append(pick)
            shown = shown[shown != pick]
        ring = cells
    return found


def _protect_parts(rule: Rule, raw: dict, hidden: dict, public: np.ndarray, limits: Thresholds) -> bool:
    """Hide a part when its whole is hidden or when whole - part is a small count."""
    changed = False
    for part, whole in rule.parts:
        rest = raw[whole] - raw[part]
        must = (hidden[whole] | ((rest >= 1) & (rest <= limits.suppress_max))) & ~hidden[part] & ~public
        if must.any():
            hidden[part] |= must
            changed = True
    return changed


def round_to(values: np.ndarray, base: int) -> np.ndarray:
    """Round to the nearest multiple of `base`, halves upwards (HES: 13 -> 15, 12 -> 10)."""
    if base <= 1:
        return values
    return (np.floor(values / base + 0.5) * base).astype("int64")


def _publish(frame: pd.DataFrame, rule: Rule, raw: dict, hidden: dict, limits: Thresholds) -> pd.DataFrame:
    result = frame.copy()
    shown = {}
    for column in rule.counts:
        shown[column] = round_to(raw[column], limits.rounding)
        values = pd.array(shown[column], dtype="Int64")
        values[hidden[column]] = pd.NA
        result[column] = values
        result[f"{column}_suppressed"] = hidden[column]
    for column, numerator, denominator in rule.derived:
        mask = hidden[numerator] | (hidden[denominator] if denominator else False)
        values = frame[column].astype("float64").to_numpy().copy()
        values *= _scale(shown[numerator], raw[numerator])
        if denominator:
            values /= _scale(shown[denominator], raw[denominator])
        values[mask] = np.nan
        result[column] = values
        result[f"{column}_suppressed"] = mask
    return result


def _scale(shown: np.ndarray, raw: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(raw > 0, shown / np.where(raw > 0, raw, 1), 1.0)


# --- presenting ------------------------------------------------------------------------------


def suppressed_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of `frame` that carry a `<col>_suppressed` flag."""
    return [c.removesuffix("_suppressed") for c in frame.columns if c.endswith("_suppressed")
            and c.removesuffix("_suppressed") in frame.columns]


def for_display(frame: pd.DataFrame, columns: dict[str, str] | None = None) -> pd.DataFrame:
    """What a page shows and downloads: suppressed cells read MARKER, flag columns dropped.

    `columns` (optional) picks and renames columns, in order, e.g. {"agency": "Agency"}."""
    result = frame.copy()
    for column in suppressed_columns(frame):
        flags = frame[f"{column}_suppressed"].fillna(False).astype(bool).to_numpy()
        if flags.any():
            # One type per column (text) so tables and CSVs show numbers and markers alike.
            values = [MARKER if flag else ("" if pd.isna(value) else _text(value))
                      for value, flag in zip(result[column].tolist(), flags, strict=True)]
            result[column] = pd.Series(values, index=result.index, dtype=object)
    result = result.drop(columns=[c for c in frame.columns if c.endswith("_suppressed")])
    if columns:
        result = result[list(columns)].rename(columns=columns)
    return result


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def any_suppressed(frame: pd.DataFrame) -> bool:
    """Whether any cell of `frame` is suppressed."""
    flags = [c for c in frame.columns if c.endswith("_suppressed")]
    return bool(flags) and bool(frame[flags].to_numpy().any())


def published_sum(frame: pd.DataFrame, column: str, **selection) -> object:
    """The sum of the published cells of a protected frame that match `selection` (dim=value, or
    dim=list of values), or <NA> when any of them is suppressed: a sum of shown cells tells
    nothing the cells themselves do not, a sum that includes a hidden cell could reveal it.

    A selection that is exactly one cell (a margin included) returns that cell."""
    mask = np.ones(len(frame), dtype=bool)
    for dim, value in selection.items():
        values = [value] if isinstance(value, str) else list(value)
        mask &= frame[dim].isin(values).to_numpy()
    cells = frame.loc[mask]
    if cells.empty:
        return pd.NA
    flag = f"{column}_suppressed"
    if flag in cells.columns and cells[flag].fillna(False).astype(bool).any():
        return pd.NA
    return int(cells[column].astype("Int64").sum())
