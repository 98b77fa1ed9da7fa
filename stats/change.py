"""Is a change between two periods' counts beyond normal variation?

The method, in one place (docs/METHODS.md has the long form):

1. Over-dispersion from month-paired counts. Month k of the current period is paired with month k
   of the comparison period (equal-length periods, ideally the same calendar months a year apart).
   Model: E[current_k] = r mu_k, E[previous_k] = mu_k, Var = phi x mean (quasi-Poisson), one free
   level mu_k per pair, so the seasonality both periods share is absorbed and cannot inflate phi.
   Conditional on n_k = c_k + p_k the fit is pi-hat = C / (C + P) and phi-hat is the Pearson
   statistic sum_k (c_k - n_k pi-hat)^2 / (n_k pi-hat (1 - pi-hat)) over its m - 1 degrees of
   freedom (m = pairs with a count); with pi-hat = 1/2 each term is (c_k - p_k)^2 / (c_k + p_k).
   Source: McCullagh P, Nelder JA (1989) Generalized Linear Models, 2nd ed., s.4.5 and ch. 9
   (Pearson dispersion, quasi-likelihood); Cox DR (1983) Biometrika 70:269-274.
2. One interval for every phi. Conditional on the total, current ~ Binomial(n, r / (1 + r)); a
   quasi-Poisson count with variance phi x mean carries the information of a Poisson count of
   count / phi, so the Clopper-Pearson interval is taken on the scaled counts (current / phi,
   previous / phi) through the beta quantiles, which accept non-integer counts. At phi = 1 it is
   the exact conditional test (Ulm 1990; Armitage, Berry & Matthews, Statistical Methods in
   Medical Research, 4th ed., s.5.3); it moves continuously with phi, and a zero count keeps phi.
3. Student's t for an estimated phi: an estimate on d degrees of freedom is widened by
   (t_{d, 1 - alpha/2} / z_{1 - alpha/2})^2 (``t_widening``), which turns the normal quantile into
   Student's t, as quasi-likelihood inference does (McCullagh & Nelder ch. 9). A phi given without
   degrees of freedom is taken as known.
4. Never narrower than Poisson: the tiles use an effective phi of max(1, phi-hat x widening). This
   is the convention of NHS / PHE over-dispersion adjustments (Spiegelhalter DJ 2005, Statistics in
   Medicine 24:1185-1202; PHE Technical Guide: Funnel plots: no adjustment when phi is below 1) and
   it keeps over-smooth monthly data (e.g. annual totals shared out by month, phi-hat near 0) from
   giving false certainty. max() is continuous, so the verdict does not jump anywhere in phi.

False-alarm rate, measured by simulation: ``change_between_periods`` on two 12-month periods with no
real change; monthly means follow a +/-30% seasonal cycle shared by both periods; gamma-Poisson
counts with variance phi x mean; 20,000 repetitions per cell (Monte-Carlo standard error 0.0010 to
0.0015); 5% nominal (script: docs/METHODS.md):

    mean per month   phi 1.0   phi 1.5   phi 3.0
    2                0.019     0.031     0.042
    10               0.026     0.040     0.046
    100              0.028     0.042     0.046
    1,500            0.030     0.043     0.048

At most 5% everywhere; below it when counts are Poisson because the floor (step 4) then often
binds. Without the floor (compare_counts with paired_dispersion's phi and df) the rates are
0.030-0.050 (0.047-0.050 from 100 a month), calibrated but exposed to over-smooth data. Issue #13
found phi 10.4 from the old within-period estimator on Warwickshire's serious violence months against
about 1.0 month-paired: at phi about 1 the interval of +/-6.8% becomes about +/-2.1 to 2.3%.
tests/stats/test_change.py re-measures the (100, 1.5) cell with 4,000 repetitions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import betainc, betaincinv, ndtri, stdtrit

#: Plain words a page popover can show next to the verdict.
CHANGE_TEST_DEFINITION = (
    "'Beyond normal variation' means the difference between the two periods is bigger than chance "
    "would produce 19 times in 20. How big chance is comes from the months themselves: each month is "
    "compared with the matching month of the other period, so the usual seasonal ups and downs shared "
    "by both periods are not mistaken for a change, and extra month-to-month variation widens the range. "
    "Method: exact test for two counts, widened for over-dispersion (quasi-Poisson)."
)


@dataclass(frozen=True)
class CountChange:
    current: int
    previous: int
    change: int
    change_pct: float | None  # None when the previous count is 0
    ratio_lower: float  # confidence interval of current / previous (same-length periods)
    ratio_upper: float
    beyond_normal_variation: bool
    direction: str  # 'up', 'down' or 'none'
    dispersion: float  # phi given to compare_counts (change_between_periods: max(phi-hat, 1 / t_widening))
    p_value: float = 1.0  # two-sided, from the same scaled exact test as the interval
    dispersion_df: int | None = None  # degrees of freedom of an estimated phi (None: taken as known)
    confidence: float = 0.95
    effective_dispersion: float = 1.0  # phi x t_widening(df): what the interval is widened by


@dataclass(frozen=True)
class Dispersion:
    """Quasi-Poisson dispersion phi from month-paired counts, its degrees of freedom and the pairs used."""

    phi: float
    df: int
    months: int


def _monthly(counts: Sequence[float], name: str) -> np.ndarray:
    array = np.asarray(counts, dtype=float)
    if array.ndim != 1 or not (np.isfinite(array).all() and (array >= 0).all()):
        raise ValueError(f"{name} must be finite, non-negative monthly counts")
    return array


def paired_dispersion(current_months: Sequence[float], previous_months: Sequence[float]) -> Dispersion:
    """Quasi-Poisson dispersion of two equal-length periods' monthly counts, months paired in order.

    Pass the current period's monthly counts and the comparison period's, both oldest first, month k
    of one matching month k of the other (for seasonal series, the same calendar months a year
    apart). phi = sum_k (c_k - n_k pi)^2 / (n_k pi (1 - pi)) / (m - 1) with n_k = c_k + p_k,
    pi = C / (C + P) and m the pairs with a count; seasonality shared by the periods cancels in the
    pairs. Not floored here: phi below 1 (less variation than Poisson) is returned as estimated;
    ``change_between_periods`` applies the Poisson floor. Nothing to estimate from (fewer than 2 pairs with a count, or one period
    all zero, where every residual is 0/0) gives phi = 1 (Poisson) with df = 0, read as known.
    Source: McCullagh & Nelder (1989) s.4.5 (Pearson dispersion of a log-linear model with one
    level per pair and a period effect).

    Example:
        >>> paired_dispersion([10, 20, 30], [14, 16, 30])  # (16/24 + 16/36 + 0/60) / 2
        Dispersion(phi=0.5555555555555556, df=2, months=3)
    """
    return _paired(_monthly(current_months, "current_months"), _monthly(previous_months, "previous_months"))


def _paired(current: np.ndarray, previous: np.ndarray) -> Dispersion:
    if current.size != previous.size:
        raise ValueError("pair the periods month by month: give the same number of months for each")
    totals = current + previous
    used = totals > 0
    share = current.sum() / totals.sum() if totals.sum() > 0 else 0.5
    df = int(used.sum()) - 1
    if df < 1 or share in (0.0, 1.0):
        return Dispersion(1.0, 0, int(used.sum()))
    residuals = (current[used] - totals[used] * share) ** 2 / (totals[used] * share * (1 - share))
    return Dispersion(float(residuals.sum() / df), df, int(used.sum()))


def dispersion_from_monthly(*periods: Sequence[float]) -> float:
    """Dispersion for ``compare_counts`` from periods' monthly counts (kept for existing callers).

    Two periods of equal length: the effective dispersion ``change_between_periods`` uses,
    max(1, phi-hat x t_widening(df)) from ``paired_dispersion``, so that
    ``compare_counts(C, P, dispersion=dispersion_from_monthly(current, previous))`` gives the same
    verdict as ``change_between_periods(current, previous)``. Otherwise, as before: the Pearson
    dispersion of the months around each period's own mean, floored at 1 -- seasonality inflates
    that estimate (about tenfold for serious violence), so prefer ``change_between_periods``.

    Example:
        >>> round(dispersion_from_monthly([10, 20, 30], [14, 16, 30]), 4)  # 5/9 x (t_2 / z)^2
        2.6773
        >>> dispersion_from_monthly([10, 20, 30], [20, 20])  # unequal lengths: the old estimator
        3.3333333333333335
    """
    if len(periods) == 2 and len(periods[0]) == len(periods[1]):
        estimate = paired_dispersion(periods[0], periods[1])
        return max(1.0, estimate.phi * t_widening(estimate.df))
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


def t_widening(dispersion_df: int | None, confidence: float = 0.95) -> float:
    """(t_{df, 1-alpha/2} / z_{1-alpha/2})^2: the factor by which an estimated phi is widened so that
    the interval uses Student's t on the dispersion's degrees of freedom (1 when phi is known).

    Example:
        >>> round(t_widening(11), 4), t_widening(None)
        (1.2611, 1.0)
    """
    if not dispersion_df:
        return 1.0
    alpha = 1 - confidence
    return float((stdtrit(dispersion_df, 1 - alpha / 2) / ndtri(1 - alpha / 2)) ** 2)


def _ratio_interval(current: float, previous: float, tail: float) -> tuple[float, float]:
    """Clopper-Pearson interval for p = r / (1 + r) on (scaled) counts, returned as a ratio interval."""
    # scipy.special's regularised incomplete beta: beta.ppf / beta.cdf without the per-call overhead
    p_lower = 0.0 if current == 0 else float(betaincinv(current, previous + 1, tail / 2))
    p_upper = 1.0 if previous == 0 else float(betaincinv(current + 1, previous, 1 - tail / 2))
    ratio_lower = p_lower / (1 - p_lower) if p_lower < 1 else math.inf
    ratio_upper = p_upper / (1 - p_upper) if p_upper < 1 else math.inf
    return ratio_lower, ratio_upper


def _p_value(current: float, previous: float) -> float:
    """Two-sided p of the same test: twice the smaller binomial tail at p = 1/2 (continuous in the counts)."""
    upper_tail = 1.0 if current == 0 else float(betainc(current, previous + 1, 0.5))
    lower_tail = 1.0 if previous == 0 else float(1 - betainc(current + 1, previous, 0.5))
    return min(1.0, 2 * min(upper_tail, lower_tail))


def compare_counts(
    current: int,
    previous: int,
    confidence: float = 0.95,
    dispersion: float = 1.0,
    *,
    dispersion_df: int | None = None,
) -> CountChange:
    """Compare two counts from periods of equal length and population, allowing for over-dispersion.

    Conditional on n = current + previous, current ~ Binomial(n, p) with p = r / (1 + r), r the rate
    ratio. The interval for r is the Clopper-Pearson interval of the scaled counts current / phi and
    previous / phi (one formula for every phi > 0, including a zero count); at phi = 1 it is the
    exact conditional test (Ulm 1990; Armitage, Berry & Matthews s.5.3). With ``dispersion_df`` (phi
    estimated, e.g. by ``paired_dispersion``) phi is widened by ``t_widening(df)`` so the interval
    uses Student's t on those degrees of freedom. A given phi is used as given (no floor). The
    change is beyond normal variation when the interval excludes 1 (equivalently p_value <
    1 - confidence). See the module docstring for the measured false-alarm rate.

    >>> compare_counts(130, 100).beyond_normal_variation
    False
    >>> round(compare_counts(150, 100, dispersion=1.5, dispersion_df=11).p_value, 4)
    0.0266
    """
    if current < 0 or previous < 0:
        raise ValueError("counts must be non-negative")
    if not (math.isfinite(dispersion) and dispersion > 0):
        raise ValueError("dispersion must be a positive number")
    if dispersion_df is not None and dispersion_df < 0:
        raise ValueError("dispersion_df must not be negative")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    effective = dispersion * t_widening(dispersion_df, confidence)
    scaled = (current / effective, previous / effective)
    lower, upper = _ratio_interval(*scaled, 1 - confidence)
    beyond = lower > 1 or upper < 1
    return CountChange(
        current=current,
        previous=previous,
        change=current - previous,
        change_pct=None if previous == 0 else 100 * (current - previous) / previous,
        ratio_lower=lower,
        ratio_upper=upper,
        beyond_normal_variation=beyond,
        direction="none" if not beyond else ("up" if lower > 1 else "down"),
        dispersion=float(dispersion),
        p_value=_p_value(*scaled),
        dispersion_df=dispersion_df or None,
        confidence=confidence,
        effective_dispersion=effective,
    )


def change_between_periods(
    current_months: Sequence[float], previous_months: Sequence[float], confidence: float = 0.95
) -> CountChange:
    """The tiles' verdict: compare two equal-length periods from their monthly counts.

    Pass each period's monthly counts, oldest first, of equal length: month k of the current period
    is paired with month k of the comparison period (for seasonal series, compare with the same
    months a year earlier). phi and its degrees of freedom come from ``paired_dispersion``; the
    totals are compared by ``compare_counts`` with Student's t on those degrees of freedom and an
    effective phi of max(1, phi-hat x t_widening(df)): never narrower than the exact Poisson test.
    Measured false-alarm rate: 1.9% to 4.8% at 5% nominal (module docstring).

    Example:
        >>> current = [172, 184, 224, 204, 208, 195, 144, 140, 118, 94, 116, 152]
        >>> previous = [154, 184, 181, 208, 181, 163, 150, 117, 114, 104, 115, 127]
        >>> result = change_between_periods(current, previous)
        >>> result.beyond_normal_variation, result.direction, round(result.dispersion, 3), result.dispersion_df
        (True, 'up', 0.828, 11)
    """
    months = _monthly(current_months, "current_months"), _monthly(previous_months, "previous_months")
    estimate = _paired(*months)
    current, previous = (round(float(period.sum())) for period in months)
    widening = t_widening(estimate.df, confidence)
    # never narrower than the exact Poisson test: effective phi = max(1, phi-hat x widening)
    phi = max(estimate.phi, 1 / widening)
    return compare_counts(current, previous, confidence, phi, dispersion_df=estimate.df or None)
