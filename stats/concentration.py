"""Crime concentration at place: Lorenz curve, Gini coefficient and share held by the top places.

Sources:
- Bernasco W, Steenbeek W (2017) "More places than crimes: implications for evaluating the law of
  crime concentration at place", Journal of Quantitative Criminology 33:451-467 (generalised
  Lorenz curve and Gini, for when there are fewer crimes than places), and their R package
  ``lorenzgini`` (the unbiased correction).
- Weisburd D (2015) "The law of crime concentration and the criminology of place", Criminology
  53:133-157 (share of crime in the top places).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def _counts(counts) -> np.ndarray:
    """Validate non-negative finite counts with a positive total."""
    array = np.asarray(counts, dtype=float).ravel()
    if array.size == 0:
        raise ValueError("counts must not be empty")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError("counts must be finite and non-negative")
    if array.sum() <= 0:
        raise ValueError("counts must have a positive total")
    return array


def lorenz_curve(counts) -> pd.DataFrame:
    """Points of the Lorenz curve of counts across places, with the line of maximal equality.

    Places are ranked from fewest to most crimes; row k (k = 0..n) gives the cumulative share of
    places and of crimes held by the k places with the fewest crimes, starting at (0, 0).
    ``share_max_equality`` is Bernasco & Steenbeek's (2017) line of maximal equality: the diagonal
    when crimes >= places, otherwise 0 up to 1 - N/n and then a straight line to (1, 1).

    Example:
        >>> lorenz_curve([0, 1, 3])["share_of_crimes"].round(4).tolist()
        [0.0, 0.0, 0.25, 1.0]
    """
    ordered = np.sort(_counts(counts))
    places, total = ordered.size, ordered.sum()
    share_of_places = np.arange(places + 1) / places
    share_of_crimes = np.concatenate([[0.0], np.cumsum(ordered) / total])
    if total >= places:
        maximal = share_of_places.copy()
    else:
        start = 1 - total / places
        maximal = np.clip((share_of_places - start) / (1 - start), 0, 1)
    return pd.DataFrame(
        {
            "share_of_places": share_of_places,
            "share_of_crimes": share_of_crimes,
            "share_max_equality": maximal,
        }
    )


def gini(counts, unbiased: bool = False) -> float:
    """Gini coefficient of counts across places (0 = equal, (n-1)/n = all in one place).

    G = sum_i (2i - n - 1) x_(i) / (n sum x), x sorted ascending, i = 1..n; ``unbiased``
    multiplies by n / (n - 1) so that all crime in one place gives 1.
    Source: the standard (DescTools::Gini) form used by Bernasco & Steenbeek (2017).

    Example:
        >>> gini([10, 8, 2, 0, 0, 0, 0, 0, 0, 0])
        0.78
    """
    ordered = np.sort(_counts(counts))
    places = ordered.size
    value = _raw_gini(ordered)
    if unbiased:
        if places < 2:
            raise ValueError("the unbiased Gini needs at least 2 places")
        value *= places / (places - 1)
    return round(value, 12)


def _raw_gini(ordered: np.ndarray) -> float:
    """Standard Gini of counts already sorted ascending."""
    ranks = np.arange(1, ordered.size + 1)
    return float(np.sum((2 * ranks - ordered.size - 1) * ordered) / (ordered.size * ordered.sum()))


def generalised_gini(counts, unbiased: bool = False) -> float:
    """Generalised Gini of Bernasco & Steenbeek (2017) for sparse crime (fewer crimes than places).

    G' = max(1, n/N) (G - 1) + 1, with G the standard Gini, n places and N crimes: it compares
    the data with maximal equality given N (N places with one crime each) rather than perfect
    equality, and equals G when N >= n. ``unbiased`` multiplies by m / (m - 1), m = min(n, N), as
    the authors' ``lorenzgini`` package does, so that all crimes in one place gives exactly 1.
    Source: Bernasco & Steenbeek (2017), J Quant Criminol 33:451-467; lorenzgini::gini.

    Example:
        >>> generalised_gini([5, 2, 1, 0, 0, 0, 0, 0, 0, 0])
        0.75
    """
    array = _counts(counts)
    places, crimes = array.size, float(array.sum())
    value = max(1.0, places / crimes) * (_raw_gini(np.sort(array)) - 1) + 1
    if unbiased:
        smaller = min(places, crimes)
        if smaller <= 1:
            raise ValueError("the unbiased generalised Gini needs more than 1 crime and 1 place")
        value *= smaller / (smaller - 1)
    return round(value, 12)


def top_share(counts, top_pct: float) -> float:
    """Percentage of all crime held by the top ``top_pct`` percent of places.

    Places are ranked from most to fewest crimes and the cumulative share is interpolated
    linearly, so 10% of 339 places means 33.9 places (a fraction of the 34th place's count).
    Source: Weisburd (2015), the law of crime concentration at place.

    Example:
        >>> top_share([10, 5, 3, 1, 1, 0, 0, 0, 0, 0], 10)
        50.0
    """
    if not 0 <= float(top_pct) <= 100:
        raise ValueError(f"top_pct must be between 0 and 100, got {top_pct!r}")
    ordered = np.sort(_counts(counts))[::-1]
    places = np.arange(ordered.size + 1) / ordered.size * 100
    crimes = np.concatenate([[0.0], np.cumsum(ordered) / ordered.sum() * 100])
    return round(float(np.interp(float(top_pct), places, crimes)), 10)


def places_holding_share(counts, share_pct: float) -> float:
    """Percentage of places (most crime first) that together hold ``share_pct`` % of all crime.

    The inverse of ``top_share``: interpolated linearly between whole places.

    Example:
        >>> places_holding_share([10, 5, 3, 1, 1, 0, 0, 0, 0, 0], 50)
        10.0
    """
    if not 0 <= float(share_pct) <= 100:
        raise ValueError(f"share_pct must be between 0 and 100, got {share_pct!r}")
    ordered = np.sort(_counts(counts))[::-1]
    crimes = np.concatenate([[0.0], np.cumsum(ordered) / ordered.sum() * 100])
    places = np.arange(ordered.size + 1) / ordered.size * 100
    target = float(share_pct)
    index = int(np.searchsorted(crimes, target, side="left"))
    if index == 0:
        return 0.0
    index = min(index, ordered.size)
    fraction = (target - crimes[index - 1]) / (crimes[index] - crimes[index - 1])
    return round(float(places[index - 1] + fraction * (places[index] - places[index - 1])), 10)


def concentration_sentence(
    counts, top_pct: float = 10, place_label: str = "LSOAs", measure_label: str = "serious violence"
) -> str:
    """A plain sentence such as "10% of LSOAs hold 27% of serious violence".

    Example:
        >>> concentration_sentence([10, 5, 3, 1, 1, 0, 0, 0, 0, 0])
        '10% of LSOAs hold 50% of serious violence'
    """
    array = np.asarray(counts, dtype=float).ravel()
    if array.size and np.all(np.isfinite(array)) and np.all(array >= 0) and array.sum() == 0:
        return f"No {measure_label} was recorded in these {place_label}"
    share = top_share(array, top_pct)
    return f"{_format_pct(float(top_pct))} of {place_label} hold {_format_pct(share)} of {measure_label}"


def _format_pct(value: float) -> str:
    """Whole percentages, or one decimal place below 1% so that a small share is not shown as 0%."""
    if 0 < value < 1:
        return f"{value:.1f}%"
    return f"{math.floor(value + 0.5):.0f}%"
