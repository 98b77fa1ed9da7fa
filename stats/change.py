"""Is a change between two periods' counts beyond normal variation?"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import beta, norm


@dataclass(frozen=True)
class CountChange:
    current: int
    previous: int
    change: int
    change_pct: float | None  # None when the previous count is 0
    ratio_lower: float  # 95% CI of current / previous (same-length periods)
    ratio_upper: float
    beyond_normal_variation: bool
    direction: str  # 'up', 'down' or 'none'
    dispersion: float  # 1 = Poisson; above 1 the interval is widened (quasi-Poisson)


def dispersion_from_monthly(*periods: Sequence[float]) -> float:
    """Pearson dispersion of monthly counts around each period's own mean, floored at 1.

    phi = sum over periods and months of (x - mean_period)^2 / mean_period, divided by the
    degrees of freedom (months - periods). phi = 1 for Poisson counts; crime counts are usually
    overdispersed (seasonality, clustering), which widens the interval by sqrt(phi).
    """
    chi_square, dof = 0.0, 0
    for counts in periods:
        values = [float(x) for x in counts]
        if len(values) < 2:
            continue
        mean = sum(values) / len(values)
        if mean > 0:
            chi_square += sum((x - mean) ** 2 for x in values) / mean
            dof += len(values) - 1
    return max(1.0, chi_square / dof) if dof else 1.0


def compare_counts(
    current: int, previous: int, confidence: float = 0.95, dispersion: float = 1.0
) -> CountChange:
    """Compare two Poisson counts from periods of equal length and population.

    Method: conditional on the total n = current + previous, current ~ Binomial(n, p) with
    p = r / (1 + r), r the rate ratio. The Clopper-Pearson interval for p gives the exact
    interval for r (Ulm 1990; Armitage, Berry & Matthews, Statistical Methods in Medical
    Research, 4th ed., s.5.3). With dispersion phi > 1 (see `dispersion_from_monthly`) the
    quasi-Poisson Wald interval exp(log r +/- z sqrt(phi (1/current + 1/previous))) is used.
    The change is beyond normal variation when the interval excludes 1.

    >>> compare_counts(130, 100).beyond_normal_variation
    False
    """
    if current < 0 or previous < 0:
        raise ValueError("counts must be non-negative")
    if dispersion < 1:
        raise ValueError("dispersion must be at least 1")
    total = current + previous
    alpha = 1 - confidence
    if dispersion > 1 and current > 0 and previous > 0:
        # Quasi-Poisson: var(log r) = phi * (1/current + 1/previous); Wald interval on the log scale.
        half_width = norm.ppf(1 - alpha / 2) * math.sqrt(dispersion * (1 / current + 1 / previous))
        log_ratio = math.log(current / previous)
        return _result(
            current, previous, math.exp(log_ratio - half_width), math.exp(log_ratio + half_width), dispersion
        )
    if total == 0:
        p_lower, p_upper = 0.0, 1.0
    else:
        p_lower = 0.0 if current == 0 else float(beta.ppf(alpha / 2, current, previous + 1))
        p_upper = 1.0 if previous == 0 else float(beta.ppf(1 - alpha / 2, current + 1, previous))
    ratio_lower = p_lower / (1 - p_lower) if p_lower < 1 else float("inf")
    ratio_upper = p_upper / (1 - p_upper) if p_upper < 1 else float("inf")
    return _result(current, previous, ratio_lower, ratio_upper, 1.0)


def _result(
    current: int, previous: int, ratio_lower: float, ratio_upper: float, dispersion: float
) -> CountChange:
    beyond = ratio_lower > 1 or ratio_upper < 1
    direction = "none" if not beyond else ("up" if ratio_lower > 1 else "down")
    return CountChange(
        current=current,
        previous=previous,
        change=current - previous,
        change_pct=None if previous == 0 else 100 * (current - previous) / previous,
        ratio_lower=ratio_lower,
        ratio_upper=ratio_upper,
        beyond_normal_variation=beyond,
        direction=direction,
        dispersion=dispersion,
    )
