"""Statistical disclosure control: the one policy, applied in the query layer.

A query file that returns counts about people (cohort members, victims, suspects) or health
data declares its rule in one header line; `queries.runner.run_query` applies it to the result
before any page, chart or download sees it. See docs/DISCLOSURE.md for the policy in words.

    -- disclosure: people counts=person_count,reoffended_count dims=year,agency parts=reoffended_count:person_count
    -- disclosure: health counts=admissions dims=month,district_code derived=rate_per_100k:admissions
    -- disclosure: none reason=offence counts by place and month; no breakdown by person

Tokens after the rule name (`people`, `health` or `none`):
- `counts=a,b`: the count columns the rule protects.
- `dims=d1,d2`: the columns that identify a cell. Every 1-D line of the table along each dim (the
  rows that share all the other dims) is a group whose total is assumed known; a row whose value
  in that dim is `all` (MARGIN) is that line's total. No dims: the whole frame is one group.
- `parts=part:whole`: `part` counts a subset of `whole` in the same row (e.g. completions of
  starts); when `whole` is hidden, or `whole - part` is a small count, `part` is hidden too.
- `derived=col:num` or `col:num/den`: a rate or share computed from counts in the same row; it is
  hidden when `num` or `den` is, and for health rescaled to the rounded counts.
- `reason=...` (only with `none`): why the file needs no rule.

Suppressed cells: the count becomes <NA> (pandas nullable Int64) and a boolean column
`<col>_suppressed` is added for every protected or derived column; `for_display()` turns a frame
into what a page shows and downloads: flagged cells read MARKER and the flag columns go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from settings import load_settings

MARKER = "[c]"
MARGIN = "all"
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
    reason: str = ""
    extra: dict = field(default_factory=dict)


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
    unknown = tokens.keys() - {"counts", "dims", "parts", "derived"}
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
    return Rule(kind, counts, _names(tokens.get("dims", "")), parts, derived)


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
    rounding (health) and derived columns hidden or rescaled. The input is not modified."""
    if rule is None or rule.kind == "none":
        return frame
    limits = limits or thresholds(rule.kind)
    _check_columns(frame, rule)
    raw = {column: frame[column].fillna(0).astype("int64").to_numpy() for column in rule.counts}
    hidden = {column: (raw[column] >= 1) & (raw[column] <= limits.suppress_max) for column in rule.counts}
    lines = _lines(frame, rule.dims)
    changed = True
    while changed:
        changed = _protect_parts(rule, raw, hidden, limits)
        for column in rule.counts:
            for members, total in lines:
                changed |= _protect_line(raw[column], hidden[column], members, total, limits.suppress_max)
    return _publish(frame, rule, raw, hidden, limits)


def _check_columns(frame: pd.DataFrame, rule: Rule) -> None:
    needed = set(rule.counts) | set(rule.dims) | {d[0] for d in rule.derived}
    missing = needed - set(frame.columns)
    if missing:
        raise DisclosureError(f"disclosure header names columns the result lacks: {sorted(missing)}")


def _lines(frame: pd.DataFrame, dims: tuple[str, ...]) -> list[tuple[np.ndarray, int | None]]:
    """Every 1-D line along each dim: (row positions of the parts, row position of the total)."""
    positions = np.arange(len(frame))
    if not dims:
        return [(positions, None)] if len(frame) else []
    keys = frame[list(dims)].astype(str).reset_index(drop=True)
    lines = []
    for dim in dims:
        others = [d for d in dims if d != dim]
        grouped = keys.groupby(others, sort=False).indices if others else {(): positions}
        for rows in grouped.values():
            rows = np.asarray(rows)
            is_total = keys[dim].to_numpy()[rows] == MARGIN
            total = int(rows[is_total][0]) if is_total.any() else None
            lines.append((rows[~is_total], total))
    return lines


def _protect_line(raw: np.ndarray, hidden: np.ndarray, parts: np.ndarray, total: int | None, limit: int) -> bool:
    """Secondary suppression in one line (parts summing to a known or shown total).

    While exactly one cell of the line is hidden (it could be recovered by subtraction), or the
    total is shown and the hidden parts add up to 1..limit, hide the smallest shown non-zero part
    (then zero parts, then the total). Returns whether anything was hidden."""
    changed = False
    while True:
        hidden_parts = parts[hidden[parts]]
        total_hidden = total is not None and bool(hidden[total])
        n_hidden = len(hidden_parts) + int(total_hidden)
        hidden_sum = int(raw[hidden_parts].sum())
        if n_hidden == 0 or not (n_hidden == 1 or (not total_hidden and 1 <= hidden_sum <= limit)):
            return changed
        shown = parts[~hidden[parts]]
        if len(shown):
            order = np.lexsort((raw[shown], raw[shown] == 0))
            hidden[shown[order[0]]] = True
        elif total is not None and not total_hidden:
            hidden[total] = True
        else:
            return changed
        changed = True


def _protect_parts(rule: Rule, raw: dict, hidden: dict, limits: Thresholds) -> bool:
    """Hide a part when its whole is hidden or when whole - part is a small count."""
    changed = False
    for part, whole in rule.parts:
        rest = raw[whole] - raw[part]
        must = hidden[whole] | ((rest >= 1) & (rest <= limits.suppress_max))
        must &= ~hidden[part]
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
