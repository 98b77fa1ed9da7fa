"""Benchmarking, recent trends and RAG status, as OHID Fingertips presents indicators.

Sources:
- OHID Fingertips user guide and technical guidance: an area's value is "better", "similar" or
  "worse" than a benchmark when the benchmark lies below, inside or above the area's 95% (or
  95% and 99.8%) confidence interval, read with the indicator's polarity.
- Fingertips recent trend markers (``fingertips_trend``): the production code of Fingertips,
  ukhsa-collaboration/fingertips-open, PholioVisualisation ``TrendMarkerCalculator.cs`` (weighted
  regression on the latest five points, weights 1 / SE^2 with SE = (upper - lower) / 3.92,
  significant when chi-square = (slope / se)^2 > 9.54953570608324, the 99.8% point of chi-square on
  1 df, and every leave-one-out slope has the slope's sign), ``TrendRequest.cs`` (only proportions
  and crude rates, one-year periods, at least five points, an unbroken run of five valid points
  counted back from the latest, and no count equal to its denominator) and
  ``TrendMarkerLabelProvider.cs`` (the words). OHID, Fingertips public health technical guidance,
  "Fingertips trend markers",
  https://fingertips.phe.org.uk/static-reports/public-health-technical-guidance/Presentation/Trend_markers.html
- Altman DG (1991) Practical Statistics for Medical Research, section 10.7.4 (chi-squared test for
  trend in proportions, as R's ``prop.trend.test``) and McCullagh P, Nelder JA (1989) Generalized
  Linear Models (Poisson log-linear trend): ``proportion_trend`` and ``rate_trend``, kept for
  existing callers. They are NOT Fingertips' recent trend (they test at p < 0.05 with no
  leave-one-out check); use ``fingertips_trend`` for a Fingertips trend marker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as _sp

from stats.intervals import rate_ci, wilson_ci

POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
#: Fingertips assesses the recent trend on this many most recent points.
TREND_POINTS = 5
#: Fingertips' ChiSquareConfidence: the 99.8% point of chi-square on 1 degree of freedom.
FINGERTIPS_CHI_SQUARE = 9.54953570608324
#: Fingertips' SE from a 95% interval: (upper - lower) / 3.92.
FINGERTIPS_CI_WIDTH_IN_SE = 3.92
#: The value types Fingertips computes a recent trend for (TrendRequest.IsValid).
TREND_VALUE_TYPES = ("crude_rate", "proportion")
#: Trend markers, and Fingertips' words for them by polarity (TrendMarkerLabelProvider.cs).
TREND_MARKERS = ("increasing", "decreasing", "no_significant_change", "cannot_be_calculated")
FINGERTIPS_TREND_WORDS = {
    "lower_is_better": {"increasing": "Increasing and getting worse", "decreasing": "Decreasing and getting better"},
    "higher_is_better": {"increasing": "Increasing and getting better", "decreasing": "Decreasing and getting worse"},
    "neutral": {"increasing": "Increasing", "decreasing": "Decreasing"},
}
CANNOT_BE_CALCULATED = "Cannot be calculated"
NO_SIGNIFICANT_CHANGE = "No significant change"


@dataclass(frozen=True)
class Comparison:
    """Outcome of a benchmark comparison and the confidence level at which it was made."""

    outcome: str  # better, similar, worse (or higher, lower for neutral polarity), not_compared
    confidence: float | None


@dataclass(frozen=True)
class TrendResult:
    """Recent trend: direction, test statistic, p-value, the method and the points used."""

    direction: str  # increasing, decreasing, no_significant_change, not_calculated
    p_value: float | None
    statistic: float | None
    slope: float | None
    method: str
    points_used: int


@dataclass(frozen=True)
class FingertipsTrend:
    """A Fingertips recent trend marker and how it was reached.

    marker: increasing, decreasing, no_significant_change or cannot_be_calculated; reason: why
    (Fingertips' validation message when it cannot be calculated); chi_square and slope (per period,
    in the indicator's units) of the weighted regression on the latest five points, and the five
    leave-one-out slopes; points_used: 5 when calculated.
    """

    marker: str
    reason: str
    chi_square: float | None = None
    slope: float | None = None
    leave_one_out_slopes: tuple[float, ...] = ()
    points_used: int = 0

    def label(self, polarity: str) -> str:
        """Fingertips' words for the marker, e.g. "Increasing and getting worse"."""
        return fingertips_trend_label(self.marker, polarity)


def _check_polarity(polarity: str) -> str:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    return polarity


def _missing(*values) -> bool:
    return any(value is None or (isinstance(value, float) and math.isnan(value)) for value in values)


def _outcome(side: int, polarity: str) -> str:
    """Map significantly higher (+1), lower (-1) or neither (0) to the words users read."""
    if side == 0:
        return "similar"
    if polarity == "neutral":
        return "higher" if side > 0 else "lower"
    higher_good = polarity == "higher_is_better"
    return "better" if (side > 0) == higher_good else "worse"


def _side(lower: float, upper: float, benchmark: float) -> int:
    if lower > upper:
        raise ValueError(f"lower limit {lower} is above upper limit {upper}")
    if lower > benchmark:
        return 1
    if upper < benchmark:
        return -1
    return 0


def compare_with_benchmark(
    lower: float | None,
    upper: float | None,
    benchmark: float | None,
    polarity: str,
    confidence: float = 0.95,
) -> Comparison:
    """Compare an area with a benchmark value using the area's confidence interval (Fingertips).

    Significantly higher when the lower limit is above the benchmark, lower when the upper limit
    is below it, otherwise similar; "better"/"worse" follow the polarity ("higher"/"lower" when it
    is neutral). Missing limits or benchmark give "not_compared".
    Source: Fingertips user guide, "Compared with benchmark" (95% confidence interval method).

    Example:
        >>> compare_with_benchmark(12.0, 15.0, 10.0, "lower_is_better").outcome
        'worse'
    """
    _check_polarity(polarity)
    if _missing(lower, upper, benchmark):
        return Comparison("not_compared", None)
    return Comparison(_outcome(_side(float(lower), float(upper), float(benchmark)), polarity), confidence)


def compare_with_benchmark_two_levels(
    lower_95: float | None,
    upper_95: float | None,
    lower_998: float | None,
    upper_998: float | None,
    benchmark: float | None,
    polarity: str,
) -> Comparison:
    """Fingertips' two-level comparison: significant at 99.8%, else at 95%, else similar.

    The result's ``confidence`` says which interval excluded the benchmark (0.998 or 0.95), so a
    page can show "Worse (99.8%)" and "Worse (95%)" in different shades.
    Source: Fingertips user guide, benchmarking with 95% and 99.8% confidence intervals.

    Example:
        >>> compare_with_benchmark_two_levels(11, 14, 9.5, 15, 10, "lower_is_better")
        Comparison(outcome='worse', confidence=0.95)
    """
    strict = compare_with_benchmark(lower_998, upper_998, benchmark, polarity, 0.998)
    if strict.outcome not in ("similar", "not_compared"):
        return strict
    return compare_with_benchmark(lower_95, upper_95, benchmark, polarity, 0.95)


def compare_rate_with_benchmark(
    count: float,
    population: float,
    benchmark_rate: float,
    polarity: str,
    per: float = 1000,
    confidence: float = 0.95,
) -> Comparison:
    """Compare a crude rate with a benchmark rate using its Fingertips (exact/Byar) interval.

    Example:
        >>> compare_rate_with_benchmark(60, 10_000, 4.0, "lower_is_better").outcome
        'worse'
    """
    interval = rate_ci(count, population, per=per, confidence=confidence)
    return compare_with_benchmark(interval.lower, interval.upper, benchmark_rate, polarity, confidence)


def compare_proportion_with_benchmark(
    successes: float, total: float, benchmark_proportion: float, polarity: str, confidence: float = 0.95
) -> Comparison:
    """Compare a proportion (0-1) with a benchmark proportion using its Wilson score interval.

    Example:
        >>> compare_proportion_with_benchmark(81, 263, 0.5, "higher_is_better").outcome
        'worse'
    """
    interval = wilson_ci(successes, total, confidence)
    return compare_with_benchmark(interval.lower, interval.upper, benchmark_proportion, polarity, confidence)


def _recent(arrays, points: int):
    """Validate equal-length 1-D arrays and keep the last ``points`` entries."""
    checked = [np.asarray(array, dtype=float).ravel() for array in arrays]
    if len({array.size for array in checked}) != 1:
        raise ValueError("the series must have the same length")
    if any(not np.all(np.isfinite(array)) or np.any(array < 0) for array in checked):
        raise ValueError("the series must be finite and non-negative")
    return [array[-points:] for array in checked]


def _direction(p_value: float, statistic_sign: float, alpha: float) -> str:
    if p_value < alpha and statistic_sign != 0:
        return "increasing" if statistic_sign > 0 else "decreasing"
    return "no_significant_change"


def proportion_trend(
    numerators, denominators, points: int = TREND_POINTS, alpha: float = 0.05
) -> TrendResult:
    """Chi-squared test for trend in proportions over the last ``points`` periods.

    Scores x = 1..k; T = sum O_i x_i - O x_bar with x_bar = sum n_i x_i / N; chi2 = T^2 /
    (p(1-p)(sum n_i x_i^2 - N x_bar^2)), 1 degree of freedom, p = O / N.
    Source: Altman (1991) s.10.7.4; identical to R's prop.trend.test. Not Fingertips' recent trend
    marker (see ``fingertips_trend``).

    Example:
        >>> result = proportion_trend([83, 90, 129, 70], [86, 93, 136, 82], points=4)
        >>> round(result.statistic, 4), result.direction
        (8.2249, 'decreasing')
    """
    events, totals = _recent([numerators, denominators], points)
    if np.any(events > totals):
        raise ValueError("numerators cannot exceed denominators")
    if events.size < points or totals.sum() == 0:
        return TrendResult("not_calculated", None, None, None, "chi_squared_trend", int(events.size))
    scores = np.arange(1, events.size + 1, dtype=float)
    total, overall = totals.sum(), events.sum() / totals.sum()
    mean_score = np.sum(totals * scores) / total
    numerator = np.sum(events * scores) - events.sum() * mean_score
    variance = overall * (1 - overall) * (np.sum(totals * scores**2) - total * mean_score**2)
    if variance <= 0:
        return TrendResult("no_significant_change", 1.0, 0.0, 0.0, "chi_squared_trend", int(events.size))
    statistic = float(numerator**2 / variance)
    p_value = float(_sp.chi2.sf(statistic, 1))
    slope = float(numerator / (np.sum(totals * scores**2) - total * mean_score**2))
    return TrendResult(
        _direction(p_value, numerator, alpha),
        p_value,
        statistic,
        slope,
        "chi_squared_trend",
        int(events.size),
    )


def _optional(values, size: int, name: str) -> np.ndarray:
    """A 1-D float array of ``size`` entries, NaN where a value is missing (None or NaN)."""
    array = np.full(size, np.nan) if values is None else np.array(
        [np.nan if _missing(v) else float(v) for v in values], dtype=float
    )
    if array.shape != (size,):
        raise ValueError(f"{name} must have one entry per value")
    return array


def _trend_eligibility(value_type: str, period_years: float, size: int) -> str | None:
    """Fingertips' TrendRequest checks that do not depend on the values (its messages)."""
    if value_type not in TREND_VALUE_TYPES:
        return "The recent trend cannot be calculated for this value type"
    if period_years != 1:
        return "The recent trend cannot be calculated for this year range"
    if size == 0:
        return "No data points found"
    if size < TREND_POINTS:
        return "Not enough data points to calculate recent trend"
    return None


def _latest_valid_run(columns: list[np.ndarray], required: list[bool]) -> int:
    """Length of the run of valid points counted back from the latest (a missing one ends it)."""
    valid = np.all([~np.isnan(column) for column, need in zip(columns, required, strict=True) if need], axis=0)
    broken = np.flatnonzero(~valid[::-1])
    return int(valid.size if broken.size == 0 else broken[0])


def _weighted_slope(sums: tuple[float, float, float, float, float]) -> float:
    s1, s2, s3, s4, s5 = sums
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(s1 * s2 - s3 * s4) / np.float64(s1 * s5 - s3**2))


def _fingertips_regression(values, lower, upper) -> tuple[float, float, tuple[float, ...]]:
    """Slope, chi-square and leave-one-out slopes, in Fingertips' order of operations.

    Per point t = 1..5: d = ((upper - lower) / 3.92)^2 and terms 1/d, v t/d, t/d, v/d, t^2/d;
    slope = (S1 S2 - S3 S4) / (S1 S5 - S3^2), chi-square = (slope / sqrt(S1 / (S1 S5 - S3^2)))^2.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = []
        for counter, (value, low, high) in enumerate(zip(values, lower, upper, strict=True), start=1):
            divisor = np.float64((high - low) / FINGERTIPS_CI_WIDTH_IN_SE) ** 2
            terms.append((1 / divisor, (value * counter) / divisor, counter / divisor, value / divisor,
                          counter**2 / divisor))
        sums = [tuple(float(sum(t[k] for j, t in enumerate(terms) if j != skip)) for k in range(5))
                for skip in (-1, 0, 1, 2, 3, 4)]
        slope = _weighted_slope(sums[0])
        s1, _, s3, _, s5 = sums[0]
        beta = np.sqrt(np.float64(s1) / np.float64(s1 * s5 - s3**2))
        chi_square = float((slope / beta) ** 2)
    return slope, chi_square, tuple(_weighted_slope(other) for other in sums[1:])


def fingertips_trend(
    values,
    lower,
    upper,
    *,
    value_type: str,
    period_years: float = 1,
    counts=None,
    denominators=None,
) -> FingertipsTrend:
    """Fingertips' recent trend marker, computed as the Fingertips code computes it.

    Eligibility (else cannot_be_calculated, with Fingertips' message): ``value_type`` "crude_rate"
    or "proportion"; one-year periods; at least five points; the latest five points unbroken, a
    point being valid when its value and both 95% limits (and its count and denominator, if given)
    are present -- the run is counted back from the latest point and ends at the first missing one;
    no count equal to its denominator. Then on the latest five points (t = 1..5), a weighted
    regression of value on t with weights 1 / SE^2, SE = (upper - lower) / 3.92: the trend is
    significant when chi-square = (slope / SE(slope))^2 > 9.54953570608324 (99.8%) and the slope
    with each point left out in turn keeps the sign of the full slope (a zero slope counts as
    positive, as in Fingertips); increasing when the slope is positive, else decreasing; otherwise
    no_significant_change. Series are in time order, oldest first, one entry per period.
    Source: ukhsa-collaboration/fingertips-open, PholioVisualisation TrendMarkerCalculator.cs and
    TrendRequest.cs; OHID Fingertips technical guidance "Fingertips trend markers".

    Example:
        >>> counts = [100, 110, 120, 130, 140]  # per 100,000 people: rates 100 ... 140
        >>> limits = [rate_ci(c, 100_000, per=100_000) for c in counts]
        >>> trend = fingertips_trend(counts, [i.lower for i in limits], [i.upper for i in limits],
        ...                          value_type="crude_rate")
        >>> trend.marker, round(trend.chi_square, 3), trend.label("lower_is_better")
        ('no_significant_change', 8.012, 'No significant change')
    """
    value = _optional(values, len(values), "values")
    columns = [value, _optional(lower, value.size, "lower"), _optional(upper, value.size, "upper"),
               _optional(counts, value.size, "counts"), _optional(denominators, value.size, "denominators")]
    reason = _trend_eligibility(value_type, period_years, value.size)
    run = _latest_valid_run(columns, [True, True, True, counts is not None, denominators is not None])
    if reason is None and run < TREND_POINTS:
        reason = "Not enough data points with valid values to calculate recent trend"
    if reason is None and counts is not None and denominators is not None:
        recent = slice(value.size - run, None)
        if np.any(columns[3][recent] == columns[4][recent]):
            reason = "The recent trend cannot be calculated"
    if reason is not None:
        return FingertipsTrend("cannot_be_calculated", reason)
    latest = [column[-TREND_POINTS:] for column in columns[:3]]
    if np.any(latest[1] > latest[2]):
        raise ValueError("a lower limit is above its upper limit")
    slope, chi_square, dropped = _fingertips_regression(*latest)
    signs = {-1 if s < 0 else 1 for s in (slope, *dropped)}
    significant = len(signs) == 1 and chi_square > FINGERTIPS_CHI_SQUARE
    marker = ("increasing" if slope > 0 else "decreasing") if significant else "no_significant_change"
    why = "significant trend, no outlier" if significant else (
        "a point changes the slope's sign" if len(signs) > 1 else "chi-square not above 9.5495 (99.8%)")
    return FingertipsTrend(marker, why, chi_square, slope, dropped, TREND_POINTS)


def fingertips_trend_label(marker: str, polarity: str) -> str:
    """Fingertips' words for a trend marker, as TrendMarkerLabelProvider.cs writes them.

    Example:
        >>> fingertips_trend_label("increasing", "lower_is_better")
        'Increasing and getting worse'
    """
    _check_polarity(polarity)
    if marker == "cannot_be_calculated":
        return CANNOT_BE_CALCULATED
    if marker == "no_significant_change":
        return NO_SIGNIFICANT_CHANGE
    if marker not in TREND_MARKERS:
        raise ValueError(f"marker must be one of {TREND_MARKERS}, got {marker!r}")
    return FINGERTIPS_TREND_WORDS[polarity][marker]


def _poisson_slope(counts: np.ndarray, exposure: np.ndarray) -> tuple[float, float]:
    """Fit log(mu) = log(exposure) + a + b t by IRLS; return b and its standard error."""
    times = np.arange(counts.size, dtype=float) - (counts.size - 1) / 2
    design = np.column_stack([np.ones_like(times), times])
    coef = np.array([math.log(counts.sum() / exposure.sum()), 0.0])
    for _ in range(100):
        fitted = exposure * np.exp(design @ coef)
        information = design.T @ (design * fitted[:, None])
        step = np.linalg.solve(information, design.T @ (counts - fitted))
        coef = coef + step
        if np.max(np.abs(step)) < 1e-12:
            break
    fitted = exposure * np.exp(design @ coef)
    covariance = np.linalg.inv(design.T @ (design * fitted[:, None]))
    return float(coef[1]), float(math.sqrt(covariance[1, 1]))


def rate_trend(counts, populations=None, points: int = TREND_POINTS, alpha: float = 0.05) -> TrendResult:
    """Trend in counts or rates over the last ``points`` periods by Poisson log-linear regression.

    Fits log E[O_t] = log(population_t) + a + b t by maximum likelihood and tests b = 0 with the
    Wald statistic z = b / se(b) (two-sided normal p-value). ``slope`` is b, the log of the rate
    ratio per period. Without populations the counts are treated as having equal exposure.
    Source: McCullagh & Nelder (1989). Not Fingertips' recent trend marker (see ``fingertips_trend``).

    Example:
        >>> result = rate_trend([100, 200, 400], [1000, 1000, 1000], points=3)
        >>> round(result.slope, 6), result.direction
        (0.693147, 'increasing')
    """
    counts_array = np.asarray(counts, dtype=float).ravel()
    exposure = np.ones_like(counts_array) if populations is None else populations
    events, people = _recent([counts_array, exposure], points)
    if events.size < points:
        return TrendResult("not_calculated", None, None, None, "poisson_log_linear", int(events.size))
    if np.any(people <= 0):
        raise ValueError("populations must be positive")
    if events.sum() == 0:
        return TrendResult("no_significant_change", 1.0, 0.0, 0.0, "poisson_log_linear", int(events.size))
    slope, standard_error = _poisson_slope(events, people)
    statistic = slope / standard_error
    p_value = float(2 * _sp.norm.sf(abs(statistic)))
    return TrendResult(
        _direction(p_value, slope, alpha),
        p_value,
        float(statistic),
        slope,
        "poisson_log_linear",
        int(events.size),
    )


def trend_label(result: TrendResult, polarity: str) -> str:
    """Words for a ``TrendResult``: e.g. "Increasing and getting worse" (kept for existing callers;
    Fingertips' own words for its marker are ``fingertips_trend_label``).

    Example:
        >>> trend_label(TrendResult("decreasing", 0.001, 10.0, -0.1, "x", 5), "lower_is_better")
        'Decreasing and getting better'
    """
    _check_polarity(polarity)
    if result.direction == "not_calculated":
        return "Trend cannot be calculated"
    if result.direction == "no_significant_change":
        return "No significant change"
    word = result.direction.capitalize()
    if polarity == "neutral":
        return word
    good = "increasing" if polarity == "higher_is_better" else "decreasing"
    return f"{word} and getting {'better' if result.direction == good else 'worse'}"


def rag_status(
    value: float | None,
    target: float | None,
    polarity: str,
    lower: float | None = None,
    upper: float | None = None,
) -> str:
    """Red/amber/green status of a value against a target.

    green: the value meets the target (at or above it when higher is better, at or below it when
    lower is better); amber: it misses the target but the target lies inside the value's confidence
    interval (not significantly different); red: it misses and the interval excludes the target (or
    no interval is given); grey: value or target missing, or polarity neutral.

    Example:
        >>> rag_status(12.0, 10.0, "lower_is_better", lower=9.0, upper=15.0)
        'amber'
    """
    _check_polarity(polarity)
    if _missing(value, target) or polarity == "neutral":
        return "grey"
    value, target = float(value), float(target)
    meets = value >= target if polarity == "higher_is_better" else value <= target
    if meets:
        return "green"
    if not _missing(lower, upper) and float(lower) <= target <= float(upper):
        return "amber"
    return "red"


def rag_from_assurance(icon: str) -> str:
    """RAG from a Making Data Count assurance icon: pass -> green, hit and miss -> amber, fail -> red.

    Example:
        >>> rag_from_assurance("hit_and_miss")
        'amber'
    """
    mapping = {"consistently_pass": "green", "hit_and_miss": "amber", "consistently_fail": "red"}
    if icon not in mapping:
        raise ValueError(f"icon must be one of {tuple(mapping)}, got {icon!r}")
    return mapping[icon]
