"""Time patterns: months, seasonality, trend with the 2020-21 lockdowns, days and hours."""

from __future__ import annotations

import calendar

import numpy as np

# Monthly profiles (Jan..Dec), normalised to mean 1: violence peaks in summer and December.
_SEASON = {
    "violence": [0.90, 0.86, 0.97, 0.98, 1.04, 1.07, 1.10, 1.07, 1.00, 0.99, 0.94, 1.08],
    "asb": [0.80, 0.78, 0.92, 1.05, 1.15, 1.18, 1.22, 1.15, 1.00, 0.98, 0.90, 0.87],
    "acquisitive": [0.97, 0.92, 1.00, 0.98, 1.02, 1.02, 1.04, 1.02, 1.00, 1.02, 1.01, 1.00],
    "drugs": [0.95, 0.95, 1.02, 1.00, 1.03, 1.02, 1.02, 1.00, 1.00, 1.02, 1.00, 0.99],
}
SEASON = {family: np.array(values) / np.mean(values) for family, values in _SEASON.items()}

# Annual level relative to 2022, interpolated between mid-years so the trend is gentle.
TREND = {
    "violence": {
        2018: 0.92,
        2019: 0.93,
        2020: 0.90,
        2021: 0.96,
        2022: 1.00,
        2023: 1.03,
        2024: 1.01,
        2025: 0.99,
        2026: 0.98,
    },
    "asb": {
        2018: 1.00,
        2019: 1.00,
        2020: 1.30,
        2021: 1.15,
        2022: 1.00,
        2023: 0.92,
        2024: 0.86,
        2025: 0.83,
        2026: 0.81,
    },
    "acquisitive": {
        2018: 1.15,
        2019: 1.12,
        2020: 0.88,
        2021: 0.90,
        2022: 1.00,
        2023: 1.06,
        2024: 1.10,
        2025: 1.10,
        2026: 1.09,
    },
    "drugs": {
        2018: 0.90,
        2019: 0.90,
        2020: 1.15,
        2021: 1.05,
        2022: 1.00,
        2023: 0.96,
        2024: 1.00,
        2025: 1.04,
        2026: 1.05,
    },
}
# Lockdowns: violence and theft fell, reported anti-social behaviour (incl. breaches) rose.
LOCKDOWN = {
    "violence": {
        (2020, 4): 0.80,
        (2020, 5): 0.86,
        (2020, 6): 0.94,
        (2020, 11): 0.90,
        (2021, 1): 0.84,
        (2021, 2): 0.86,
        (2021, 3): 0.93,
    },
    "acquisitive": {
        (2020, 4): 0.58,
        (2020, 5): 0.66,
        (2020, 6): 0.80,
        (2020, 11): 0.80,
        (2021, 1): 0.72,
        (2021, 2): 0.74,
        (2021, 3): 0.86,
    },
    "asb": {
        (2020, 4): 1.75,
        (2020, 5): 1.55,
        (2020, 6): 1.25,
        (2020, 11): 1.30,
        (2021, 1): 1.40,
        (2021, 2): 1.30,
        (2021, 3): 1.10,
    },
    "drugs": {(2020, 4): 1.25, (2020, 5): 1.20, (2021, 1): 1.10},
}

# Share of each weekday (Mon..Sun) and hour for offences outside the night-time economy.
WEEKDAY = {
    "violence": [0.92, 0.90, 0.92, 0.95, 1.08, 1.20, 1.10],
    "daytime": [1.02, 1.02, 1.02, 1.02, 1.04, 1.0, 0.88],
}
HOURS = {
    "violence": [
        3,
        2.2,
        1.6,
        1.1,
        0.7,
        0.6,
        0.8,
        1.5,
        2.4,
        3,
        3.4,
        3.8,
        4.2,
        4.4,
        4.8,
        5.6,
        6,
        6,
        6,
        6,
        5.8,
        5.2,
        4.4,
        3.6,
    ],
    "daytime": [
        1,
        0.7,
        0.5,
        0.4,
        0.4,
        0.5,
        1,
        2,
        3.5,
        5,
        6,
        6.5,
        6.8,
        6.8,
        6.8,
        6.8,
        6.5,
        6,
        5,
        4,
        3,
        2.4,
        1.8,
        1.3,
    ],
}
NIGHT_HOURS = np.array([21, 22, 23, 0, 1, 2, 3])
NIGHT_WEIGHTS = np.array([0.08, 0.13, 0.18, 0.2, 0.19, 0.13, 0.09])


def months_between(start: str, end: str) -> list[tuple[int, int]]:
    """(year, month) from start to end inclusive, both 'YYYY-MM'."""
    year, month = (int(x) for x in start.split("-"))
    last = tuple(int(x) for x in end.split("-"))
    out = []
    while (year, month) <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def level(family: str, year: int, month: int) -> float:
    """Seasonal x trend x lockdown multiplier for a family of offences (2022 mean ~ 1)."""
    knots = TREND[family]
    years = np.array(sorted(knots), dtype=float)
    trend = float(np.interp(year + (month - 0.5) / 12, years + 0.5, [knots[y] for y in sorted(knots)]))
    return float(SEASON[family][month - 1]) * trend * LOCKDOWN[family].get((year, month), 1.0)


def month_start(year: int, month: int) -> np.datetime64:
    return np.datetime64(f"{year:04d}-{month:02d}-01", "m")


def random_times(rng: np.random.Generator, year: int, month: int, n: int, pattern: str) -> np.ndarray:
    """n datetime64[m] values in the month with the pattern's weekday and hour profile."""
    days = calendar.monthrange(year, month)[1]
    first_weekday = calendar.weekday(year, month, 1)
    day_weights = np.array([WEEKDAY[pattern][(first_weekday + d) % 7] for d in range(days)])
    day = rng.choice(days, n, p=day_weights / day_weights.sum())
    hours = np.array(HOURS[pattern])
    hour = rng.choice(24, n, p=hours / hours.sum())
    minutes = day * 1440 + hour * 60 + rng.integers(0, 60, n)
    return month_start(year, month) + minutes.astype("timedelta64[m]")


def night_times(rng: np.random.Generator, year: int, month: int, n: int) -> np.ndarray:
    """n times on Friday or Saturday nights (21:00-03:59), kept inside the month."""
    days = calendar.monthrange(year, month)[1]
    first_weekday = calendar.weekday(year, month, 1)
    nights = np.array([d for d in range(days) if (first_weekday + d) % 7 in (4, 5)])
    night = rng.choice(nights, n)
    hour = rng.choice(NIGHT_HOURS, n, p=NIGHT_WEIGHTS)
    day = night + (hour < 6)
    day = np.where(day >= days, day - 7, day)
    minutes = day * 1440 + hour * 60 + rng.integers(0, 60, n)
    return month_start(year, month) + minutes.astype("timedelta64[m]")
