"""The watch list: which district x offence series changed beyond normal variation in the latest
month, with the false-discovery rate controlled across the whole scan.

Every series (five offence choices x five districts and the county, monthly offence counts over
the last 36 months) gets an XmR chart with NHSRplotthedots' rules (stats/spc.py). A series is a
candidate when its latest month is a special cause. Scanning 30 series, some would signal by
chance, so each candidate's signal gets the probability of that rule firing at the latest point
when nothing has changed (the rule's false-alarm rate under the chart's own normal model):
- outside the limits: two-sided normal tail beyond |x - mean| / sigma, sigma = MR-bar / 1.128;
- a run of L points on one side of the mean: 2 x 0.5^L;
- L points all rising or all falling: 2 / L!;
- two of three beyond two-thirds of a limit on one side: 2 x (3p^2(1 - p) + p^3), p = P(Z > 2);
and the smallest probability of the rules that fired is the series' p-value. Candidates are kept
when they pass Benjamini-Hochberg at 5% over all the series scanned (Benjamini & Hochberg 1995).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from geo.hotspots import benjamini_hochberg
from models.periods import add_months
from queries import run_query
from queries.runner import per_snapshot
from stats.spc import SpcResult, variation_icon, xmr_chart

MONTHS = 36
FDR = 0.05
SIGMA_FACTOR = 1.128  # d2 for moving ranges of two points: sigma = MR-bar / d2
RULE_WORDS = {"outside_limits": "outside the process limits", "trend": "part of a run of months all rising or "
              "all falling", "two_of_three": "two of three months beyond two-thirds of a limit",
              "shift": "part of a run of months on one side of the mean"}


@dataclass(frozen=True)
class Signal:
    selector: str
    selector_label: str
    area_code: str
    area_name: str
    icon: str  # special_cause_concern / special_cause_improvement
    rule: str
    p_value: float
    p_adjusted: float
    latest: int
    centre: float
    upper_limit: float
    lower_limit: float
    sentence: str
    series: pd.DataFrame  # month, offence_count
    chart: SpcResult


@dataclass(frozen=True)
class WatchList:
    latest_month: dt.date
    scanned: int
    candidates: int  # series whose latest month is a special cause before the FDR control
    signals: tuple[Signal, ...]  # passing the FDR control, concerns first


@per_snapshot()
def watch_list(latest_month: dt.date) -> WatchList:
    """Scan every district x offence series ending with `latest_month`."""
    start = add_months(latest_month, -(MONTHS - 1))
    frame = run_query("watchlist_counts_by_district_month", start=start, end=latest_month)
    scanned = []
    for (selector, area), series in frame.groupby(["selector", "area_code"], sort=False):
        scanned.append(_scan(series.sort_values("month").reset_index(drop=True)))
    p_values = np.array([found[1] if found else 1.0 for found in scanned])
    adjusted = benjamini_hochberg(p_values) if len(p_values) else p_values
    signals = [_signal(found, p, q) for found, p, q in zip(scanned, p_values, adjusted, strict=True)
               if found and q <= FDR]
    signals.sort(key=lambda s: (s.icon != "special_cause_concern", s.p_adjusted, s.area_name))
    return WatchList(latest_month, len(scanned), sum(1 for found in scanned if found), tuple(signals))


def _scan(series: pd.DataFrame):
    """(series, p-value, chart, icon) when the latest month is a special cause, else None."""
    values = series["offence_count"].to_numpy(dtype=float)
    if values.sum() == 0 or len(set(values)) < 2:
        return None
    chart = xmr_chart(values, improvement_direction="decrease")
    icon = variation_icon(chart, "lower_is_better")
    if icon.icon == "common_cause":
        return None
    return series, rule_p_value(chart), chart, icon


def rule_p_value(chart: SpcResult) -> float:
    """The smallest false-alarm probability of the rules the latest point fired (module docstring)."""
    points, latest = chart.points, chart.points.iloc[-1]
    probabilities = []
    sigma = (chart.upper_limit - chart.centre) / 3
    if latest["outside_limits"] and sigma > 0:
        probabilities.append(2 * norm.sf(abs(latest["value"] - chart.centre) / sigma))
    if latest["shift"]:
        probabilities.append(2 * 0.5 ** _run_length(np.sign(points["value"] - chart.centre).to_numpy()))
    if latest["trend"]:
        probabilities.append(2 / math.factorial(_run_length(np.sign(np.diff(points["value"]))) + 1))
    if latest["two_of_three"]:
        p = norm.sf(2)
        probabilities.append(2 * (3 * p * p * (1 - p) + p**3))
    return float(min(probabilities)) if probabilities else 1.0


def _run_length(signs: np.ndarray) -> int:
    """How many entries at the end of `signs` share the last one's (non-zero) sign."""
    length = 0
    for sign in signs[::-1]:
        if sign == 0 or sign != signs[-1]:
            break
        length += 1
    return length


def _signal(found, p_value: float, p_adjusted: float) -> Signal:
    series, _, chart, icon = found
    first = series.iloc[0]
    latest = int(series["offence_count"].iloc[-1])
    month = pd.Timestamp(series["month"].iloc[-1])
    direction = "higher" if icon.direction == "high" else "lower"
    sentence = (f"{first['selector_label']} in {first['area_name']}: {month:%B %Y} ({latest:,}) is {direction} than "
                f"normal variation explains, {RULE_WORDS.get(icon.rule, icon.rule)} (mean {chart.centre:,.1f} a "
                f"month, process limits {max(chart.lower_limit, 0):,.1f} to {chart.upper_limit:,.1f}).")
    return Signal(first["selector"], first["selector_label"], first["area_code"], first["area_name"], icon.icon,
                  icon.rule, p_value, float(p_adjusted), latest, chart.centre, chart.upper_limit,
                  chart.lower_limit, sentence, series[["month", "offence_count"]], chart)
