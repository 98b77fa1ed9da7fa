"""Confidence intervals for counts, rates and proportions, as OHID Fingertips computes them.

Sources:
- Public Health England (2018) "Technical Guide: Confidence Intervals", and the Fingertips
  public health technical guidance pages "Rates" and "Proportions": exact (chi-squared) limits
  for counts under 10, Byar's approximation for counts of 10 or more, Wilson score for
  proportions.
- Breslow NE, Day NE (1987) Statistical methods in cancer research, vol. II (Byar's method).
- Newcombe RG (1998) Two-sided confidence intervals for the single proportion: comparison of
  seven methods. Stat Med 17:857-872 (Wilson score, method 3).
- Newcombe RG (1998) Interval estimation for the difference between independent proportions:
  comparison of eleven methods. Stat Med 17:873-890 (hybrid score, method 10).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as _sp

#: Fingertips switches from the exact method to Byar's approximation at this count.
BYAR_MIN_COUNT = 10


@dataclass(frozen=True)
class Interval:
    """A point estimate with its lower and upper confidence limits."""

    value: float
    lower: float
    upper: float
    confidence: float
    method: str


def _z(confidence: float) -> float:
    """Two-sided standard normal quantile for a confidence level given as 0.95 or 95."""
    level = _check_confidence(confidence)
    return float(_sp.norm.ppf(1 - (1 - level) / 2))


def _check_confidence(confidence: float) -> float:
    """Return the confidence level as a fraction, accepting 0.95 or 95."""
    level = float(confidence)
    if 1 < level < 100:
        level /= 100
    if not 0 < level < 1:
        raise ValueError(f"confidence must be in (0, 1) or (1, 100), got {confidence!r}")
    return level


def _check_count(count: float, name: str = "count") -> float:
    value = float(count)
    if math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {count!r}")
    return value


def exact_poisson_ci(count: float, confidence: float = 0.95) -> Interval:
    """Exact (Garwood) confidence interval for a Poisson count, via the chi-squared distribution.

    Lower = chi2(alpha/2, 2O)/2, upper = chi2(1-alpha/2, 2O+2)/2; lower is 0 when O = 0.
    Source: PHE Technical Guide: Confidence Intervals, appendix 2 (the chi-squared exact method).

    Example:
        >>> ci = exact_poisson_ci(1)
        >>> round(ci.lower, 4), round(ci.upper, 3)
        (0.0253, 5.572)
    """
    observed = _check_count(count)
    alpha = 1 - _check_confidence(confidence)
    lower = 0.0 if observed == 0 else float(_sp.chi2.ppf(alpha / 2, 2 * observed)) / 2
    upper = float(_sp.chi2.ppf(1 - alpha / 2, 2 * observed + 2)) / 2
    return Interval(observed, lower, upper, _check_confidence(confidence), "exact_poisson")


def byar_ci(count: float, confidence: float = 0.95) -> Interval:
    """Byar's approximation to the exact Poisson interval for a count.

    Lower = O(1 - 1/(9O) - z/(3 sqrt O))^3, upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3.
    Source: Breslow & Day (1987); PHE Technical Guide: Confidence Intervals, appendix 1. Fingertips
    uses it for counts of 10 or more (see ``count_ci``); it is undefined for O = 0.

    Example:
        >>> ci = byar_ci(29)
        >>> round(ci.lower, 2), round(ci.upper, 2)
        (19.42, 41.65)
    """
    observed = _check_count(count)
    if observed == 0:
        raise ValueError("Byar's method is undefined for a count of 0; use exact_poisson_ci")
    z = _z(confidence)
    lower = observed * (1 - 1 / (9 * observed) - z / (3 * math.sqrt(observed))) ** 3
    above = observed + 1
    upper = above * (1 - 1 / (9 * above) + z / (3 * math.sqrt(above))) ** 3
    return Interval(observed, max(lower, 0.0), upper, _check_confidence(confidence), "byar")


def count_ci(count: float, confidence: float = 0.95, method: str = "fingertips") -> Interval:
    """Confidence interval for a count: "exact", "byar", or "fingertips" (exact below 10, else Byar).

    Source: Fingertips technical guidance "Rates" (exact method for counts under 10, Byar's method
    for 10 or more).

    Example:
        >>> count_ci(5).method, count_ci(50).method
        ('exact_poisson', 'byar')
    """
    if method == "exact":
        return exact_poisson_ci(count, confidence)
    if method == "byar":
        return byar_ci(count, confidence)
    if method == "fingertips":
        if _check_count(count) < BYAR_MIN_COUNT:
            return exact_poisson_ci(count, confidence)
        return byar_ci(count, confidence)
    raise ValueError(f"method must be 'exact', 'byar' or 'fingertips', got {method!r}")


def rate_ci(
    count: float,
    population: float,
    per: float = 1000,
    confidence: float = 0.95,
    method: str = "fingertips",
) -> Interval:
    """Crude rate per ``per`` people with a confidence interval from the count's Poisson limits.

    rate = O / n x per; limits = O_lower / n x per and O_upper / n x per.
    Source: Fingertips technical guidance "Rates" (crude rates).

    Example:
        >>> ci = rate_ci(29, 10_000, per=1000)
        >>> round(ci.value, 1), round(ci.lower, 3), round(ci.upper, 3)
        (2.9, 1.942, 4.165)
    """
    pop = float(population)
    if not pop > 0 or math.isinf(pop):
        raise ValueError(f"population must be a positive finite number, got {population!r}")
    if not float(per) > 0:
        raise ValueError(f"per must be positive, got {per!r}")
    counted = count_ci(count, confidence, method)
    scale = float(per) / pop
    return Interval(
        counted.value * scale,
        counted.lower * scale,
        counted.upper * scale,
        counted.confidence,
        counted.method,
    )


def wilson_ci(successes: float, total: float, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a proportion (no continuity correction).

    limits = (2np + z^2 -+ z sqrt(z^2 + 4np(1-p))) / (2(n + z^2)).
    Source: Newcombe (1998), method 3; PHE Technical Guide: Confidence Intervals, appendix 3.

    Example:
        >>> ci = wilson_ci(81, 263)
        >>> round(ci.lower, 4), round(ci.upper, 4)
        (0.2553, 0.3662)
    """
    hits, n = _check_count(successes, "successes"), _check_count(total, "total")
    if n == 0:
        raise ValueError("total must be positive")
    if hits > n:
        raise ValueError(f"successes ({successes}) cannot exceed total ({total})")
    z = _z(confidence)
    p = hits / n
    centre = 2 * n * p + z**2
    spread = z * math.sqrt(z**2 + 4 * n * p * (1 - p))
    denom = 2 * (n + z**2)
    lower = 0.0 if hits == 0 else (centre - spread) / denom
    upper = 1.0 if hits == n else (centre + spread) / denom
    return Interval(p, lower, upper, _check_confidence(confidence), "wilson")


def newcombe_difference_ci(
    successes_1: float, total_1: float, successes_2: float, total_2: float, confidence: float = 0.95
) -> Interval:
    """Confidence interval for p1 - p2 from two independent proportions (Newcombe hybrid score).

    lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2),
    with (l, u) the Wilson limits of each proportion.
    Source: Newcombe (1998) "Interval estimation for the difference between independent
    proportions", method 10.

    Example:
        >>> ci = newcombe_difference_ci(56, 70, 48, 80)
        >>> round(ci.lower, 4), round(ci.upper, 4)
        (0.0524, 0.3339)
    """
    first = wilson_ci(successes_1, total_1, confidence)
    second = wilson_ci(successes_2, total_2, confidence)
    diff = first.value - second.value
    lower = diff - math.hypot(first.value - first.lower, second.upper - second.value)
    upper = diff + math.hypot(first.upper - first.value, second.value - second.lower)
    return Interval(diff, lower, upper, first.confidence, "newcombe_score")
