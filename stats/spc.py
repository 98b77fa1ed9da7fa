"""Statistical process control as in NHS England "Making Data Count" (MDC).

Sources:
- NHS England / NHS Improvement (2019, updated 2021) "Making Data Count: Getting started" and
  "Making Data Count: Strengthening your decisions": XmR chart limits mean +/- 2.66 x mean moving
  range; the four special-cause rules; variation and assurance icons.
- Montgomery DC, Introduction to Statistical Quality Control (c-chart: c-bar +/- 3 sqrt(c-bar)).
- Benneyan JC (2001) "Number-between g-type statistical quality control charts for monitoring
  adverse events", Health Care Management Science 4:305-318 (g-chart: g-bar +/- 3 sqrt(g-bar
  (g-bar + 1)), centre line at the geometric median, about 0.693 x g-bar).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Scaling constant for XmR limits (3 / d2 with d2 = 1.128 for moving ranges of two points).
XMR_LIMIT_FACTOR = 2.66
#: Upper range limit for moving ranges (D4 for n = 2); MDC screens out larger moving ranges.
MR_SCREEN_FACTOR = 3.267
#: Points in a run on one side of the centre line that signal a shift (MDC).
SHIFT_LENGTH = 7
#: Consecutive points rising (or falling) that signal a trend (MDC).
TREND_LENGTH = 7

POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
RULES = ("outside_limits", "shift", "trend", "two_of_three")


@dataclass(frozen=True)
class SpcResult:
    """Limits of a control chart and the per-point special-cause flags.

    ``points`` has one row per input value with columns: value, moving_range (XmR only),
    outside_limits, shift, trend, two_of_three, special_cause, direction ("high", "low" or
    None) and rules (comma-separated names of the rules that fired).
    """

    chart: str
    centre: float
    lower_limit: float
    upper_limit: float
    mean_moving_range: float | None
    baseline_points: int
    points: pd.DataFrame


@dataclass(frozen=True)
class VariationIcon:
    """MDC variation icon for the latest point: icon name, direction and the rules that fired."""

    icon: str
    direction: str | None
    rules: tuple[str, ...]


def _as_series(values, name: str = "values") -> np.ndarray:
    """Validate a 1-D numeric series with no missing values."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain missing or infinite values")
    return array


def _baseline_mask(size: int, baseline) -> np.ndarray:
    """Boolean mask of the points that set the limits: all, the first n, or a boolean mask."""
    if baseline is None:
        return np.ones(size, dtype=bool)
    if isinstance(baseline, (int, np.integer)) and not isinstance(baseline, bool):
        if not 2 <= baseline <= size:
            raise ValueError(f"baseline must be between 2 and {size} points, got {baseline}")
        mask = np.zeros(size, dtype=bool)
        mask[:baseline] = True
        return mask
    mask = np.asarray(baseline, dtype=bool)
    if mask.shape != (size,):
        raise ValueError("a baseline mask must have one entry per value")
    if mask.sum() < 2:
        raise ValueError("the baseline must hold at least 2 points")
    return mask


def _runs(signs: np.ndarray, min_length: int) -> np.ndarray:
    """Flag elements in runs of at least ``min_length`` equal non-zero signs."""
    flags = np.zeros(signs.size, dtype=bool)
    start = 0
    for end in range(1, signs.size + 1):
        if end == signs.size or signs[end] != signs[start]:
            if signs[start] != 0 and end - start >= min_length:
                flags[start:end] = True
            start = end
    return flags


def _trend_flags(values: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Flag points in runs of ``length`` or more consecutively rising or falling points."""
    flags = np.zeros(values.size, dtype=bool)
    direction = np.zeros(values.size, dtype=int)
    if values.size < 2:
        return flags, direction
    steps = np.sign(np.diff(values)).astype(int)
    step_flags = _runs(steps, length - 1)
    for index in np.flatnonzero(step_flags):
        # step i joins point i and point i + 1; both are part of the trend
        flags[index : index + 2] = True
        direction[index : index + 2] = steps[index]
    return flags, direction


def _two_of_three(values: np.ndarray, centre: float, lower: float, upper: float) -> np.ndarray:
    """Flag points beyond two-thirds of the way to a limit when 2 of 3 consecutive are (same side)."""
    high = values > centre + 2 / 3 * (upper - centre)
    low = values < centre - 2 / 3 * (centre - lower)
    flags = np.zeros(values.size, dtype=bool)
    for beyond in (high, low):
        for start in range(max(values.size - 2, 1)):
            window = slice(start, start + 3)
            if beyond[window].sum() >= 2:
                flags[window] |= beyond[window]
    return flags


def special_cause_flags(
    values,
    centre: float,
    lower_limit: float,
    upper_limit: float,
    *,
    shift_length: int = SHIFT_LENGTH,
    trend_length: int = TREND_LENGTH,
    use_two_of_three: bool = True,
) -> pd.DataFrame:
    """Apply the four Making Data Count special-cause rules to a series with given limits.

    Rules: a point outside the limits; a run of ``shift_length`` or more points all above or all
    below the centre line (a point on the line breaks the run); ``trend_length`` or more points
    each higher (or each lower) than the one before (equal values break the trend); two of three
    consecutive points beyond two-thirds of the distance to a limit, on the same side.
    Source: NHS England, Making Data Count: Strengthening your decisions (2019).

    Example:
        >>> flags = special_cause_flags([1, 2, 9], centre=2, lower_limit=0, upper_limit=4)
        >>> flags["outside_limits"].tolist()
        [False, False, True]
    """
    series = _as_series(values)
    side = np.sign(series - centre).astype(int)
    frame = pd.DataFrame({"value": series})
    frame["outside_limits"] = (series > upper_limit) | (series < lower_limit)
    frame["shift"] = _runs(side, shift_length)
    trend, trend_direction = _trend_flags(series, trend_length)
    frame["trend"] = trend
    frame["two_of_three"] = (
        _two_of_three(series, centre, lower_limit, upper_limit) if use_two_of_three else False
    )
    frame["special_cause"] = frame[list(RULES)].any(axis=1)
    positional = frame[["outside_limits", "shift", "two_of_three"]].any(axis=1).to_numpy()
    sign = np.where(positional, side, np.where(trend, trend_direction, 0))
    frame["direction"] = pd.Series(np.select([sign > 0, sign < 0], ["high", "low"], ""), dtype=object)
    frame.loc[frame["direction"] == "", "direction"] = None
    frame["rules"] = [",".join(rule for rule in RULES if row[rule]) for _, row in frame.iterrows()]
    return frame


def moving_ranges(values) -> np.ndarray:
    """Absolute differences between consecutive values (length n - 1)."""
    return np.abs(np.diff(_as_series(values)))


def xmr_chart(values, baseline=None, *, exclude_large_moving_ranges: bool = False) -> SpcResult:
    """XmR (individuals and moving range) chart with Making Data Count rules.

    centre = mean of the baseline points; MR-bar = mean of |x_i - x_(i-1)| over consecutive
    baseline points; limits = centre +/- 2.66 x MR-bar. ``baseline`` is None (all points), the
    number of leading points, or a boolean mask: the limits come from those points and are then
    applied to every point. ``exclude_large_moving_ranges`` recomputes MR-bar once without moving
    ranges above 3.267 x MR-bar, as MDC suggests for a series with one-off spikes.
    Source: NHS England, Making Data Count (2019); Wheeler, Understanding Variation (1993).

    Example:
        >>> chart = xmr_chart([10, 12, 11, 13, 12])
        >>> round(chart.centre, 2), round(chart.mean_moving_range, 2), round(chart.upper_limit, 3)
        (11.6, 1.5, 15.59)
    """
    series = _as_series(values)
    if series.size < 2:
        raise ValueError("an XmR chart needs at least 2 points")
    mask = _baseline_mask(series.size, baseline)
    centre = float(series[mask].mean())
    pair_in_baseline = mask[1:] & mask[:-1]
    ranges = np.abs(np.diff(series))[pair_in_baseline]
    if ranges.size == 0:
        raise ValueError("the baseline must contain at least one pair of consecutive points")
    mr_bar = float(ranges.mean())
    if exclude_large_moving_ranges and np.any(ranges > MR_SCREEN_FACTOR * mr_bar):
        mr_bar = float(ranges[ranges <= MR_SCREEN_FACTOR * mr_bar].mean())
    lower, upper = centre - XMR_LIMIT_FACTOR * mr_bar, centre + XMR_LIMIT_FACTOR * mr_bar
    points = special_cause_flags(series, centre, lower, upper)
    points.insert(1, "moving_range", np.concatenate([[np.nan], np.abs(np.diff(series))]))
    return SpcResult("xmr", centre, lower, upper, mr_bar, int(mask.sum()), points)


def c_chart(counts, baseline=None) -> SpcResult:
    """c-chart for counts of events per equal period (Poisson), e.g. knife crimes per month.

    centre c-bar = mean count; limits c-bar +/- 3 sqrt(c-bar), lower limit floored at 0.
    The Making Data Count rules are applied with these limits.
    Source: Montgomery, Introduction to Statistical Quality Control, ch. 7 (c chart).

    Example:
        >>> chart = c_chart([4, 2, 3, 5, 1])
        >>> chart.centre, round(chart.upper_limit, 3), chart.lower_limit
        (3.0, 8.196, 0.0)
    """
    series = _as_series(counts, "counts")
    if np.any(series < 0):
        raise ValueError("counts must be non-negative")
    mask = _baseline_mask(series.size, baseline) if series.size > 1 else np.ones(1, dtype=bool)
    centre = float(series[mask].mean())
    spread = 3 * math.sqrt(centre)
    lower, upper = max(0.0, centre - spread), centre + spread
    points = special_cause_flags(series, centre, lower, upper)
    return SpcResult("c", centre, lower, upper, None, int(mask.sum()), points)


def days_between_events(event_dates) -> np.ndarray:
    """Whole days between consecutive events (sorted), the input of a g-chart."""
    dates = pd.to_datetime(pd.Series(event_dates), errors="raise")
    if dates.isna().any():
        raise ValueError("event dates must not be missing")
    if dates.size < 2:
        raise ValueError("at least 2 event dates are needed")
    ordered = dates.sort_values().to_numpy()
    return (np.diff(ordered) / np.timedelta64(1, "D")).astype(float)


def g_chart(gaps, baseline=None) -> SpcResult:
    """g-chart for rare events: the number of days (or opportunities) between events.

    g-bar = mean gap; limits g-bar +/- 3 sqrt(g-bar (g-bar + 1)) (geometric variance), lower
    limit floored at 0; centre line at the geometric median ln(2) x g-bar (approximately), and the
    shift and trend rules are read about that centre. A gap above the upper limit is an unusually
    long time without an event (an improvement when events are bad); the two-of-three rule is not
    used on this skewed chart.
    Source: Benneyan (2001), Health Care Management Science 4:305-318; Provost & Murray, The
    Health Care Data Guide (2011), ch. 7.

    Example:
        >>> chart = g_chart([30, 60, 45, 90, 25])
        >>> round(chart.centre, 2), round(chart.upper_limit, 2)
        (34.66, 201.49)
    """
    series = _as_series(gaps, "gaps")
    if np.any(series < 0):
        raise ValueError("gaps must be non-negative")
    mask = _baseline_mask(series.size, baseline) if series.size > 1 else np.ones(1, dtype=bool)
    g_bar = float(series[mask].mean())
    spread = 3 * math.sqrt(g_bar * (g_bar + 1))
    lower, upper = max(0.0, g_bar - spread), g_bar + spread
    median = math.log(2) * g_bar
    points = special_cause_flags(series, median, lower, upper, use_two_of_three=False)
    points["g_bar"] = g_bar
    return SpcResult("g", median, lower, upper, None, int(mask.sum()), points)


def _check_polarity(polarity: str) -> str:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    return polarity


def variation_icon(result: SpcResult, polarity: str) -> VariationIcon:
    """Making Data Count variation icon for the latest point of a chart.

    common_cause when the latest point triggers no rule; otherwise special_cause_improvement or
    special_cause_concern from the direction (high or low) and the polarity, or
    special_cause_neutral when the polarity is "neutral".
    Source: NHS England, Making Data Count: Strengthening your decisions (2019), the icons.

    Example:
        >>> variation_icon(xmr_chart([5] * 10 + [20]), "lower_is_better").icon
        'special_cause_concern'
    """
    _check_polarity(polarity)
    latest = result.points.iloc[-1]
    if not latest["special_cause"]:
        return VariationIcon("common_cause", None, ())
    direction = latest["direction"]
    rules = tuple(latest["rules"].split(","))
    if polarity == "neutral":
        return VariationIcon("special_cause_neutral", direction, rules)
    good = "high" if polarity == "higher_is_better" else "low"
    icon = "special_cause_improvement" if direction == good else "special_cause_concern"
    return VariationIcon(icon, direction, rules)


def assurance_icon(result: SpcResult, target: float, polarity: str) -> str:
    """Making Data Count assurance icon: will the process meet the target?

    consistently_pass when both limits are on the passing side of the target, consistently_fail
    when both are on the failing side, hit_and_miss when the target lies between the limits.
    Source: NHS England, Making Data Count: Strengthening your decisions (2019), the icons.

    Example:
        >>> assurance_icon(xmr_chart([10, 12, 11, 13, 12]), target=20, polarity="lower_is_better")
        'consistently_pass'
    """
    _check_polarity(polarity)
    if polarity == "neutral":
        raise ValueError("an assurance icon needs a polarity of higher_is_better or lower_is_better")
    goal = float(target)
    if not math.isfinite(goal):
        raise ValueError("target must be a finite number")
    if polarity == "higher_is_better":
        passing, failing = result.lower_limit >= goal, result.upper_limit < goal
    else:
        passing, failing = result.upper_limit <= goal, result.lower_limit > goal
    if passing:
        return "consistently_pass"
    if failing:
        return "consistently_fail"
    return "hit_and_miss"
