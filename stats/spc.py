"""Statistical process control as NHSRplotthedots computes it (NHS England "Making Data Count").

The XmR chart, its rules, their precedence and the point types follow the R package
NHSRplotthedots (NHS-R Community), read from its source:

- ``R/ptd_spc_standard.R`` (nhs-r-community/NHSRplotthedots): limits mean +/- 2.66 x mean moving
  range; "close to a limit" beyond mean +/- 2 x (2.66 / 3) x mean moving range; moving ranges of
  3.267 x their mean or more are left out when ``screen_outliers`` (default TRUE); limits from the
  first ``fix_after_n_points`` points of each rebase group (default: every point of the group).
- ``R/ptd_calculate_point_type.R``: the four rules (a point outside the limits; 7 points on one
  side of the mean, a point on the mean breaking the run; 7 points each higher, or each lower,
  than the one before; 2 of 3 points close to a limit with all three on the same side of the
  mean, a point beyond a limit not counting as close), the precedence that names a point's
  direction (outside limits, then trend, then two-of-three, then shift) and the point types
  ``common_cause``, ``special_cause_improvement``, ``special_cause_concern``,
  ``special_cause_neutral_high`` and ``special_cause_neutral_low``.
- ``R/ptd_add_short_group_warnings.R``: a group of fewer than 12 points has trial limits.
- ``R/ptd_calculate_assurance_type.R``: assurance from the latest point's limits; a target
  exactly on a limit is "inconsistent" (hit and miss).
- ``R/ptd_spc_options.R``: ``fix_after_n_points`` must be 12 or more.
- ``R/geom_ptd_icon.R``: the variation icon is the point type of the latest point.

Rare events keep their own charts, with the same rules, precedence and point types:
- c-chart (Montgomery, Introduction to Statistical Quality Control, ch. 7): c-bar +/- 3 sqrt(c-bar),
  lower limit floored at 0, "close to a limit" beyond c-bar +/- 2 sqrt(c-bar) (two-thirds of the
  way, as on the XmR chart).
- g-chart (Benneyan JC 2001, Health Care Management Science 4:305-318): g-bar +/- 3 sqrt(g-bar
  (g-bar + 1)), lower limit floored at 0; runs are read about the geometric median ln(2) x g-bar;
  the two-of-three rule is not applied to this skewed chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

#: Scaling constant for XmR limits (3 / d2 with d2 = 1.128 for moving ranges of two points).
XMR_LIMIT_FACTOR = 2.66
#: "Close to a limit" line, as NHSRplotthedots' ``limitclose <- 2 * (limit / 3)``.
XMR_CLOSE_FACTOR = 2 * (XMR_LIMIT_FACTOR / 3)
#: Upper range limit for moving ranges (D4 for n = 2); NHSRplotthedots screens ranges at or above it.
MR_SCREEN_FACTOR = 3.267
#: Points in a run on one side of the centre line that signal a shift.
SHIFT_LENGTH = 7
#: Consecutive points rising (or falling) that signal a trend.
TREND_LENGTH = 7
#: A group with fewer points than this has trial limits (NHSRplotthedots' short_group_warning).
TRIAL_LIMIT_POINTS = 12
#: NHSRplotthedots refuses a fix_after_n_points below this.
MIN_FIX_AFTER_N_POINTS = 12
#: NHSRplotthedots' default for screen_outliers.
DEFAULT_SCREEN_OUTLIERS = True

POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
IMPROVEMENT_DIRECTIONS = ("increase", "decrease", "neutral")
_DIRECTION_OF_POLARITY = dict(zip(POLARITIES, IMPROVEMENT_DIRECTIONS, strict=True))
_SIGN_OF_DIRECTION = {"increase": 1, "decrease": -1, "neutral": 0}
RULES = ("outside_limits", "shift", "trend", "two_of_three")
#: The rule that names a point's direction when several fire (NHSRplotthedots' case_when order).
RULE_PRECEDENCE = ("outside_limits", "trend", "two_of_three", "shift")
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
#: Variation icon names as the Making Data Count icon files are named.
MDC_VARIATION_ICONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
#: Assurance words of this dashboard -> NHSRplotthedots' assurance_type.
ASSURANCE_TYPES = {
    "consistently_pass": "consistent_pass",
    "consistently_fail": "consistent_fail",
    "hit_and_miss": "inconsistent",
}
SCREENING_NOTES = {
    True: (
        "Process limits: mean \u00b1 2.66 \u00d7 average moving range, leaving out moving ranges of "
        "3.267 \u00d7 the average or more (NHSRplotthedots default; NHS England's Excel tool keeps them)."
    ),
    False: (
        "Process limits: mean \u00b1 2.66 \u00d7 average moving range, every moving range kept "
        "(as NHS England's Excel tool; NHSRplotthedots would leave out ranges of 3.267 \u00d7 the average or more)."
    ),
}
C_CHART_NOTE = "Process limits: mean count \u00b1 3 \u00d7 its square root (c-chart), lower limit at least 0."
G_CHART_NOTE = (
    "Process limits: mean gap \u00b1 3 \u00d7 \u221a(mean \u00d7 (mean + 1)) (g-chart), lower limit at least 0; "
    "runs are read about the median gap."
)
TRIAL_NOTE = "Trial limits: set from fewer than 12 points, they will move as points are added."


@dataclass(frozen=True)
class SpcResult:
    """Limits of a control chart and the per-point rules, direction and point type.

    ``centre``, ``lower_limit``, ``upper_limit``, ``mean_moving_range`` and ``baseline_points``
    describe the latest rebase group (the one an assurance icon reads). ``points`` has one row per
    input value: value, moving_range (XmR only), rebase_group, centre, lower_limit, upper_limit,
    relative_to_mean (-1, 0, 1), close_to_limits, outside_limits, shift, trend, two_of_three,
    special_cause, rule (the rule that names the direction, by precedence, or None),
    special_cause_type (NHSRplotthedots' label, e.g. "7 Point Trend (Increasing)"), direction
    ("high", "low" or None), point_type (for ``improvement_direction``), rules (comma-separated
    names of every rule that fired) and trial_limits. ``trial_limits`` is True when the latest
    group's limits come from fewer than 12 points; ``limits_note`` is one line a chart note can show.
    """

    chart: str
    centre: float
    lower_limit: float
    upper_limit: float
    mean_moving_range: float | None
    baseline_points: int
    points: pd.DataFrame
    improvement_direction: str = "increase"
    screen_outliers: bool | None = None
    trial_limits: bool = False
    limits_note: str = ""
    rebase_positions: tuple[int, ...] = field(default_factory=tuple)

    @property
    def note(self) -> str:
        """The chart note: the limits convention, and the trial-limits warning when it applies."""
        return f"{self.limits_note} {TRIAL_NOTE}" if self.trial_limits else self.limits_note


@dataclass(frozen=True)
class VariationIcon:
    """Variation icon of the latest point.

    ``icon`` keeps this dashboard's words (common_cause, special_cause_improvement,
    special_cause_concern, special_cause_neutral); ``point_type`` is NHSRplotthedots' word
    (neutral split into _high and _low); ``mdc_icon`` names the Making Data Count icon
    (e.g. "concern_high"); ``rule`` is the rule that named the direction, ``rules`` all that fired.
    """

    icon: str
    direction: str | None
    rules: tuple[str, ...]
    point_type: str = "common_cause"
    mdc_icon: str = "common_cause"
    rule: str | None = None


@dataclass(frozen=True)
class _Limits:
    centre: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float
    mean_moving_range: float | None


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


def _r_mean(values: np.ndarray) -> float:
    """Mean as R's mean() computes it: a long-double running sum, then one refinement pass.

    Matching R to the last bit matters when a point sits on (or next to) the mean.
    """
    if values.size == 0:
        return math.nan
    extended = np.asarray(values, dtype=np.longdouble)
    mean = np.cumsum(extended)[-1] / values.size
    return float(mean + np.cumsum(extended - mean)[-1] / values.size)


def improvement_direction_of(polarity: str) -> str:
    """NHSRplotthedots' improvement_direction for a polarity (or an improvement direction itself).

    Example:
        >>> improvement_direction_of("lower_is_better")
        'decrease'
    """
    if polarity in IMPROVEMENT_DIRECTIONS:
        return polarity
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES + IMPROVEMENT_DIRECTIONS}, got {polarity!r}")
    return _DIRECTION_OF_POLARITY[polarity]


def _check_polarity(polarity: str) -> str:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    return polarity


# ---- groups: rebasing and the points that set the limits -------------------------------------------


def _rebase_groups(size: int, rebase) -> tuple[np.ndarray, tuple[int, ...]]:
    """Group index of every point (cumulative count of rebase points) and the rebase positions.

    ``rebase`` is None, positions (0-based) where a new group starts, or a boolean mask.
    """
    if rebase is None:
        return np.zeros(size, dtype=int), ()
    marks = np.asarray(rebase)
    if marks.dtype == bool:
        if marks.shape != (size,):
            raise ValueError("a rebase mask must have one entry per value")
        starts = np.flatnonzero(marks)
    else:
        starts = np.unique(marks.astype(int).ravel())
        if starts.size and (starts.min() < 0 or starts.max() >= size):
            raise ValueError(f"rebase positions must be between 0 and {size - 1}")
    indicator = np.zeros(size, dtype=int)
    indicator[starts] = 1
    return np.cumsum(indicator), tuple(int(start) for start in starts)


def _fixed_points(groups: np.ndarray, baseline, fix_after_n_points) -> np.ndarray:
    """Mask of the points that set their group's limits (NHSRplotthedots' fix_y)."""
    if baseline is not None and fix_after_n_points is not None:
        raise ValueError("give either baseline or fix_after_n_points, not both")
    if fix_after_n_points is not None and fix_after_n_points < MIN_FIX_AFTER_N_POINTS:
        raise ValueError(f"fix_after_n_points must be {MIN_FIX_AFTER_N_POINTS} or more (as NHSRplotthedots)")
    limit = fix_after_n_points if baseline is None else baseline
    if limit is None:
        return np.ones(groups.size, dtype=bool)
    if isinstance(limit, (int, np.integer)) and not isinstance(limit, bool):
        if not 2 <= limit <= groups.size:
            raise ValueError(f"baseline must be between 2 and {groups.size} points, got {limit}")
        rank = np.arange(groups.size) - np.searchsorted(groups, groups)
        return rank < limit
    mask = np.asarray(limit, dtype=bool)
    if mask.shape != groups.shape:
        raise ValueError("a baseline mask must have one entry per value")
    if np.any(groups != 0):
        raise ValueError("a baseline mask cannot be combined with rebase; use fix_after_n_points")
    if mask.sum() < 2:
        raise ValueError("the baseline must hold at least 2 points")
    return mask


# ---- the rules, as NHSRplotthedots' ptd_calculate_point_type.R --------------------------------------


def _part_of_run(run_ends: np.ndarray, length: int) -> np.ndarray:
    """Point i belongs to a run when a run of ``length`` ends at i or at one of the next length-1 points."""
    padded = np.concatenate([run_ends, np.zeros(length - 1, dtype=bool)])
    return sliding_window_view(padded, length).any(axis=1)


def _shift_ends(side: np.ndarray, length: int) -> np.ndarray:
    """Points ending ``length`` points in a row on one side of the mean (a point on it breaks the run)."""
    ends = np.zeros(side.size, dtype=bool)
    if side.size >= length:
        windows = sliding_window_view(side, length)
        ends[length - 1 :] = np.all(windows == windows[:, -1:], axis=1) & (windows[:, -1] != 0)
    return ends


def _trend_ends(values: np.ndarray, length: int) -> np.ndarray:
    """+1 / -1 at points ending ``length`` points each higher / lower than the one before, else 0."""
    ends = np.zeros(values.size, dtype=int)
    if values.size >= length:
        windows = sliding_window_view(np.sign(np.diff(values)), length - 1)
        ends[length - 1 :] = np.where(np.all(windows == 1, axis=1), 1, np.where(np.all(windows == -1, axis=1), -1, 0))
    return ends


def _two_of_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Close points in a window of 3 holding 2 or more close points, all 3 on the same side of the mean."""
    close_padded = np.concatenate([[0, 0], close.astype(int), [0, 0]])
    side_padded = np.concatenate([[0, 0], side, [0, 0]])
    windows = (sliding_window_view(close_padded, 3).sum(axis=1) >= 2) & (
        np.abs(sliding_window_view(side_padded, 3).sum(axis=1)) == 3
    )
    in_window = windows[:-2] | windows[1:-1] | windows[2:]
    return in_window & close


def _trend_steps(values: np.ndarray, trend: np.ndarray) -> np.ndarray:
    """Sign of the step that names a trend point's direction: the step to its right when the next
    point is also in a trend, else the step from its left (NHSRplotthedots' ``sdy``)."""
    if values.size < 2:
        return np.zeros(values.size, dtype=int)
    steps = np.sign(np.diff(values)).astype(int)
    use_right = np.concatenate([trend[1:], [False]]) & trend
    return np.where(use_right, np.concatenate([steps, steps[-1:]]), np.concatenate([[0], steps]))


def _rule_flags(values: np.ndarray, limits: _Limits, lengths: tuple[int, int], two_of_three: bool) -> dict:
    """The four rules for one rebase group, with the sign of the mean side of each point."""
    shift_length, trend_length = lengths
    side = np.sign(values - limits.centre).astype(int)
    outside = (values > limits.upper) | (values < limits.lower)
    close = ~outside & ((values < limits.near_lower) | (values > limits.near_upper))
    trend = _part_of_run(_trend_ends(values, trend_length) != 0, trend_length)
    return {
        "side": side,
        "close_to_limits": close,
        "outside_limits": outside,
        "shift": _part_of_run(_shift_ends(side, shift_length), shift_length),
        "trend": trend,
        "two_of_three": _two_of_three(close, side) if two_of_three else np.zeros(values.size, dtype=bool),
        "trend_sign": _trend_steps(values, trend),
    }


def _decide(flags: dict, lengths: tuple[int, int]) -> tuple[list, list, np.ndarray]:
    """Rule, NHSRplotthedots' special_cause_type and direction sign of each point, by precedence."""
    shift_length, trend_length = lengths
    rules, labels, signs = [], [], []
    for i, side in enumerate(flags["side"]):
        word = "Above" if side > 0 else "Below"
        rising = flags["trend_sign"][i] == 1
        choices = {
            "outside_limits": ("Above UCL" if side == 1 else "Below LCL", 1 if side == 1 else -1),
            "trend": (f"{trend_length} Point Trend ({'In' if rising else 'De'}creasing)", 1 if rising else -1),
            "two_of_three": (f"2 in 3 {word} CL", 1 if side > 0 else -1),
            "shift": (f"{shift_length} Points {word} CL", 1 if side > 0 else -1),
        }
        rule = next((name for name in RULE_PRECEDENCE if flags[name][i]), None)
        label, sign = choices[rule] if rule else ("Common Cause", 0)
        rules.append(rule)
        labels.append(label)
        signs.append(sign)
    return rules, labels, np.array(signs, dtype=int)


def _point_types(signs: np.ndarray, improvement_direction: str) -> list[str]:
    """NHSRplotthedots' ptd_point_type: the direction sign read with the improvement direction."""
    orientation = _SIGN_OF_DIRECTION[improvement_direction]
    if orientation == 0:
        names = {1: "special_cause_neutral_high", -1: "special_cause_neutral_low", 0: "common_cause"}
        return [names[int(sign)] for sign in signs]
    names = {1: "special_cause_improvement", -1: "special_cause_concern", 0: "common_cause"}
    return [names[int(sign * orientation)] for sign in signs]


def _classify(values: np.ndarray, limits: _Limits, lengths: tuple[int, int], two_of_three: bool,
              improvement_direction: str) -> pd.DataFrame:
    """Rules, precedence and point types of one rebase group, one row per point."""
    flags = _rule_flags(values, limits, lengths, two_of_three)
    rule, label, signs = _decide(flags, lengths)
    columns = {"value": values, "centre": limits.centre, "lower_limit": limits.lower,
               "upper_limit": limits.upper, "relative_to_mean": flags["side"]}
    columns |= {name: flags[name] for name in ("close_to_limits", *RULES)}
    columns["special_cause"] = np.any([flags[name] for name in RULES], axis=0)
    columns["rule"] = np.array(rule, dtype=object)
    columns["special_cause_type"] = label
    columns["direction"] = np.array([{1: "high", -1: "low"}.get(int(s)) for s in signs], dtype=object)
    columns["point_type"] = _point_types(signs, improvement_direction)
    columns["rules"] = [",".join(r for r in RULES if flags[r][i]) for i in range(values.size)]
    return pd.DataFrame(columns)


def special_cause_flags(
    values,
    centre: float,
    lower_limit: float,
    upper_limit: float,
    *,
    shift_length: int = SHIFT_LENGTH,
    trend_length: int = TREND_LENGTH,
    use_two_of_three: bool = True,
    improvement_direction: str = "increase",
) -> pd.DataFrame:
    """Apply the Making Data Count rules to a series with given limits, as NHSRplotthedots does.

    Rules: a point outside the limits; ``shift_length`` or more points in a row on one side of the
    centre (a point on it breaks the run); ``trend_length`` or more points each higher (or each
    lower) than the one before (an equal value breaks it); two of three points in a row beyond
    two-thirds of the way to a limit with all three on the same side of the centre (a point beyond
    a limit is not "close"). A point's direction comes from the first rule that fired in the order
    outside limits, trend, two-of-three, shift; ``point_type`` reads it with the improvement direction.
    Source: NHSRplotthedots R/ptd_calculate_point_type.R (nhs-r-community/NHSRplotthedots).

    Example:
        >>> flags = special_cause_flags([1, 2, 9], centre=2, lower_limit=0, upper_limit=4)
        >>> flags["outside_limits"].tolist(), flags["point_type"].tolist()[-1]
        ([False, False, True], 'special_cause_improvement')
    """
    series = _as_series(values)
    if shift_length < 2 or trend_length < 2:
        raise ValueError("shift_length and trend_length must be at least 2")
    near = (centre - 2 / 3 * (centre - lower_limit), centre + 2 / 3 * (upper_limit - centre))
    limits = _Limits(float(centre), float(lower_limit), float(upper_limit), near[0], near[1], None)
    direction = improvement_direction_of(improvement_direction)
    return _classify(series, limits, (shift_length, trend_length), use_two_of_three, direction)


# ---- the charts ----------------------------------------------------------------------------------


def moving_ranges(values) -> np.ndarray:
    """Absolute differences between consecutive values (length n - 1)."""
    return np.abs(np.diff(_as_series(values)))


def _xmr_limits(values: np.ndarray, fixed: np.ndarray, screen: bool) -> _Limits:
    """NHSRplotthedots' ptd_spc_standard for one group: mean and mean moving range of the fixed points."""
    centre = _r_mean(values[fixed])
    ranges = np.abs(np.diff(values))[fixed[1:] & fixed[:-1]]
    mr_bar = _r_mean(ranges)
    if screen and ranges.size:
        # one pass, strict "<", as case_when(mr < 3.267 * amr ~ mr, TRUE ~ NA)
        mr_bar = _r_mean(ranges[ranges < MR_SCREEN_FACTOR * mr_bar])
    return _Limits(
        centre,
        centre - XMR_LIMIT_FACTOR * mr_bar,
        centre + XMR_LIMIT_FACTOR * mr_bar,
        centre - XMR_CLOSE_FACTOR * mr_bar,
        centre + XMR_CLOSE_FACTOR * mr_bar,
        mr_bar,
    )


def _c_limits(values: np.ndarray, fixed: np.ndarray) -> _Limits:
    centre = _r_mean(values[fixed])
    sigma = math.sqrt(centre)
    return _Limits(centre, max(0.0, centre - 3 * sigma), centre + 3 * sigma, centre - 2 * sigma,
                   centre + 2 * sigma, None)


def _g_limits(values: np.ndarray, fixed: np.ndarray) -> _Limits:
    g_bar = _r_mean(values[fixed])
    spread = 3 * math.sqrt(g_bar * (g_bar + 1))
    return _Limits(math.log(2) * g_bar, max(0.0, g_bar - spread), g_bar + spread, math.nan, math.nan, None)


@dataclass(frozen=True)
class _Chart:
    points: pd.DataFrame
    limits: _Limits
    fixed_count: int
    rebase_positions: tuple[int, ...]


def _chart(series: np.ndarray, limit_of, *, baseline, fix_after_n_points, rebase, two_of_three: bool,
           improvement_direction: str) -> _Chart:
    """Split into rebase groups, set each group's limits from its fixed points and classify its points."""
    direction = improvement_direction_of(improvement_direction)
    groups, starts = _rebase_groups(series.size, rebase)
    fixed = _fixed_points(groups, baseline, fix_after_n_points)
    frames, limits, count = [], None, 0
    for group in np.unique(groups):
        members = groups == group
        limits = limit_of(series[members], fixed[members])
        count = int(fixed[members].sum())
        frame = _classify(series[members], limits, (SHIFT_LENGTH, TREND_LENGTH), two_of_three, direction)
        frame.insert(1, "rebase_group", int(group))
        frames.append(frame.assign(trial_limits=count < TRIAL_LIMIT_POINTS, group_mean=_r_mean(series[members & fixed])))
    points = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return _Chart(points, limits, count, starts)


def xmr_chart(
    values,
    baseline=None,
    *,
    exclude_large_moving_ranges: bool | None = None,
    screen_outliers: bool | None = None,
    fix_after_n_points: int | None = None,
    rebase=None,
    improvement_direction: str = "increase",
) -> SpcResult:
    """XmR (individuals and moving range) chart as NHSRplotthedots' ptd_spc computes it.

    centre = mean of the points that set the limits; MR-bar = mean of |x_i - x_(i-1)| over
    consecutive such points; limits = centre +/- 2.66 x MR-bar. ``screen_outliers`` (default True,
    as NHSRplotthedots; ``exclude_large_moving_ranges`` is the older name) recomputes MR-bar once
    without moving ranges of 3.267 x MR-bar or more; NHS England's Excel tool does not screen
    (pass False). Limits come from every point of a group unless ``fix_after_n_points`` (12 or
    more) or ``baseline`` (a number of leading points, or a boolean mask) says otherwise;
    ``rebase`` (0-based start positions, or a mask) starts new groups whose limits are recalculated
    from their own points. A group of fewer than 12 points has trial limits
    (``result.trial_limits`` and the ``trial_limits`` column); ``result.note`` says so.
    Source: NHSRplotthedots R/ptd_spc.R and R/ptd_spc_standard.R; Wheeler, Understanding
    Variation (1993).

    Example:
        >>> chart = xmr_chart([10, 12, 11, 13, 12])
        >>> round(chart.centre, 2), round(chart.mean_moving_range, 2), round(chart.upper_limit, 3)
        (11.6, 1.5, 15.59)
        >>> chart.trial_limits
        True
    """
    series = _as_series(values)
    if series.size < 2:
        raise ValueError("an XmR chart needs at least 2 points")
    screen = _screening(screen_outliers, exclude_large_moving_ranges)
    if isinstance(baseline, np.ndarray | list):
        mask = np.asarray(baseline, dtype=bool)
        if mask.shape == series.shape and not (mask[1:] & mask[:-1]).any():
            raise ValueError("the baseline must contain at least one pair of consecutive points")
    chart = _chart(
        series, lambda v, f: _xmr_limits(v, f, screen), baseline=baseline, fix_after_n_points=fix_after_n_points,
        rebase=rebase, two_of_three=True, improvement_direction=improvement_direction,
    )
    ranges = np.abs(np.diff(series)).astype(float)
    ranges[np.diff(chart.points["rebase_group"].to_numpy()) != 0] = np.nan
    chart.points.insert(2, "moving_range", np.concatenate([[np.nan], ranges]))
    return _result("xmr", chart, improvement_direction, screen, SCREENING_NOTES[screen])


def _screening(screen_outliers: bool | None, exclude_large_moving_ranges: bool | None) -> bool:
    both = screen_outliers is not None and exclude_large_moving_ranges is not None
    if both and bool(screen_outliers) != bool(exclude_large_moving_ranges):
        raise ValueError("screen_outliers and exclude_large_moving_ranges disagree")
    chosen = screen_outliers if screen_outliers is not None else exclude_large_moving_ranges
    return DEFAULT_SCREEN_OUTLIERS if chosen is None else bool(chosen)


def _result(name: str, chart: _Chart, improvement_direction: str, screen: bool | None, note: str) -> SpcResult:
    points = chart.points.drop(columns="group_mean")
    if name == "g":
        points["g_bar"] = chart.points["group_mean"]
    return SpcResult(
        chart=name,
        centre=chart.limits.centre,
        lower_limit=chart.limits.lower,
        upper_limit=chart.limits.upper,
        mean_moving_range=chart.limits.mean_moving_range if name == "xmr" else None,
        baseline_points=chart.fixed_count,
        points=points,
        improvement_direction=improvement_direction_of(improvement_direction),
        screen_outliers=screen,
        trial_limits=chart.fixed_count < TRIAL_LIMIT_POINTS,
        limits_note=note,
        rebase_positions=chart.rebase_positions,
    )


def c_chart(counts, baseline=None, *, fix_after_n_points: int | None = None, rebase=None,
            improvement_direction: str = "increase") -> SpcResult:
    """c-chart for counts of events per equal period (Poisson), e.g. knife crimes per month.

    centre c-bar = mean count of the points that set the limits; limits c-bar +/- 3 sqrt(c-bar),
    lower limit floored at 0; "close to a limit" beyond c-bar +/- 2 sqrt(c-bar). The rules, their
    precedence, point types, rebasing, fix_after_n_points and trial limits are as ``xmr_chart``.
    Source: Montgomery, Introduction to Statistical Quality Control, ch. 7 (c chart); rules as
    NHSRplotthedots R/ptd_calculate_point_type.R.

    Example:
        >>> chart = c_chart([4, 2, 3, 5, 1])
        >>> chart.centre, round(chart.upper_limit, 3), chart.lower_limit
        (3.0, 8.196, 0.0)
    """
    series = _as_series(counts, "counts")
    if np.any(series < 0):
        raise ValueError("counts must be non-negative")
    chart = _chart(
        series, _c_limits, baseline=baseline if series.size > 1 else None, fix_after_n_points=fix_after_n_points,
        rebase=rebase, two_of_three=True, improvement_direction=improvement_direction,
    )
    return _result("c", chart, improvement_direction, None, C_CHART_NOTE)


def days_between_events(event_dates) -> np.ndarray:
    """Whole days between consecutive events (sorted), the input of a g-chart."""
    dates = pd.to_datetime(pd.Series(event_dates), errors="raise")
    if dates.isna().any():
        raise ValueError("event dates must not be missing")
    if dates.size < 2:
        raise ValueError("at least 2 event dates are needed")
    ordered = dates.sort_values().to_numpy()
    return (np.diff(ordered) / np.timedelta64(1, "D")).astype(float)


def g_chart(gaps, baseline=None, *, fix_after_n_points: int | None = None, rebase=None,
            improvement_direction: str = "increase") -> SpcResult:
    """g-chart for rare events: the number of days (or opportunities) between events.

    g-bar = mean gap; limits g-bar +/- 3 sqrt(g-bar (g-bar + 1)) (geometric variance), lower limit
    floored at 0; centre line at the geometric median ln(2) x g-bar (approximately), about which the
    shift and trend rules are read. A gap above the upper limit is an unusually long time without an
    event (an improvement when events are bad: pass improvement_direction="increase"). The
    two-of-three rule is not used on this skewed chart; precedence and point types as ``xmr_chart``.
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
    chart = _chart(
        series, _g_limits, baseline=baseline if series.size > 1 else None, fix_after_n_points=fix_after_n_points,
        rebase=rebase, two_of_three=False, improvement_direction=improvement_direction,
    )
    return _result("g", chart, improvement_direction, None, G_CHART_NOTE)


# ---- icons ---------------------------------------------------------------------------------------


def _mdc_icon(point_type: str, improvement_direction: str) -> str:
    """Making Data Count icon name: which way the point moved, and whether that is good."""
    if point_type == "common_cause":
        return "common_cause"
    if point_type.startswith("special_cause_neutral_"):
        return point_type.removeprefix("special_cause_")
    high_is_good = improvement_direction == "increase"
    good = point_type == "special_cause_improvement"
    side = "high" if good == high_is_good else "low"
    return f"{'improvement' if good else 'concern'}_{side}"


def variation_icon(result: SpcResult, polarity: str) -> VariationIcon:
    """Making Data Count variation icon of the latest point, as NHSRplotthedots' geom_ptd_icon.

    The latest point's direction (from rule precedence) read with the polarity: common_cause when no
    rule fired, else special_cause_improvement or special_cause_concern, or special_cause_neutral
    (point_type special_cause_neutral_high / _low) when the polarity is neutral.
    Source: NHSRplotthedots R/geom_ptd_icon.R and R/ptd_calculate_point_type.R.

    Example:
        >>> variation_icon(xmr_chart([5] * 10 + [20]), "lower_is_better").icon
        'special_cause_concern'
    """
    direction = improvement_direction_of(polarity)
    latest = result.points.iloc[-1]
    sign = {"high": 1, "low": -1}.get(latest["direction"], 0)
    point_type = _point_types(np.array([sign]), direction)[0]
    rules = tuple(latest["rules"].split(",")) if latest["rules"] else ()
    if point_type == "common_cause":
        return VariationIcon("common_cause", None, (), "common_cause", "common_cause", None)
    icon = "special_cause_neutral" if direction == "neutral" else point_type
    return VariationIcon(icon, latest["direction"], rules, point_type, _mdc_icon(point_type, direction),
                         latest["rule"])


def assurance_type(result: SpcResult, target: float | None, improvement_direction: str) -> str | None:
    """NHSRplotthedots' assurance_type: consistent_pass, consistent_fail or inconsistent (None when
    there is no target or the direction is neutral), from the latest point's limits.

    A target above the upper limit fails when higher is better (passes when lower is better); below
    the lower limit the reverse; anything else, including a target exactly on a limit or limits that
    could not be computed, is inconsistent. Source: NHSRplotthedots R/ptd_calculate_assurance_type.R.

    Example:
        >>> assurance_type(xmr_chart([10, 12, 11, 13, 12]), 20, "decrease")
        'consistent_pass'
    """
    direction = improvement_direction_of(improvement_direction)
    if target is None or direction == "neutral":
        return None
    goal = float(target)
    if not math.isfinite(goal):
        raise ValueError("target must be a finite number")
    increasing = direction == "increase"
    if goal > result.upper_limit:
        return "consistent_fail" if increasing else "consistent_pass"
    if goal < result.lower_limit:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"


def assurance_icon(result: SpcResult, target: float, polarity: str) -> str:
    """Making Data Count assurance icon: will the process meet the target?

    consistently_pass, consistently_fail or hit_and_miss: NHSRplotthedots' assurance_type in this
    dashboard's words (see ``ASSURANCE_TYPES``); a target exactly equal to a limit is hit_and_miss.
    Source: NHSRplotthedots R/ptd_calculate_assurance_type.R.

    Example:
        >>> assurance_icon(xmr_chart([10, 12, 11, 13, 12]), target=20, polarity="lower_is_better")
        'consistently_pass'
    """
    _check_polarity(polarity)
    if polarity == "neutral":
        raise ValueError("an assurance icon needs a polarity of higher_is_better or lower_is_better")
    reference = assurance_type(result, target, polarity)
    return {value: key for key, value in ASSURANCE_TYPES.items()}[reference]
