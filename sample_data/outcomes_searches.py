"""data.police.uk outcomes and stop-and-search files for Warwickshire Police (issue #17).

Outcomes: every crime of a street file whose last outcome is known is given that outcome in an
outcomes file 0-3 months after the crime's month (as data.police.uk records an outcome in the month
it happened); crimes that went to court get "Suspect charged" first and the court-stage outcome a
month or two later, so a crime can have several outcome rows and the latest one is the street
file's. "Under investigation" is never written (it is not an outcome). Outcomes that would fall
after the last month are left out, as in a fresh download.

Stop and search: a month's searches are placed at the map points of that month's serious-violence
and drugs crimes (searches happen where crime does), with shares of object, outcome and who was
searched set to resemble Warwickshire's published files (not calibrated against them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from warehouse.formats import POLICE_UK_OUTCOMES, POLICE_UK_STOP_SEARCH

OUTCOME_COLUMNS = POLICE_UK_OUTCOMES.column_names
SEARCH_COLUMNS = POLICE_UK_STOP_SEARCH.column_names
COURT_STAGE = ("Court result unavailable", "Awaiting court outcome", "Suspect charged as part of another case")
DELAY_SHARES = (0.35, 0.35, 0.2, 0.1)  # months from the crime to its outcome
SEARCHES_PER_MONTH = 320  # at scale 1
NO_LOCATION_SHARE = 0.03
OBJECTS = {  # object -> (share, share found, legislation)
    "Controlled drugs": (0.58, 0.30, "Misuse of Drugs Act 1971 (section 23)"),
    "Offensive weapons": (0.15, 0.16, "Police and Criminal Evidence Act 1984 (section 1)"),
    "Stolen goods": (0.10, 0.18, "Police and Criminal Evidence Act 1984 (section 1)"),
    "Article for use in theft": (0.06, 0.12, "Police and Criminal Evidence Act 1984 (section 1)"),
    "Articles for use in criminal damage": (0.03, 0.15, "Police and Criminal Evidence Act 1984 (section 1)"),
    "Evidence of offences under the Act": (0.03, 0.20, "Police and Criminal Evidence Act 1984 (section 1)"),
    "Firearms": (0.02, 0.08, "Firearms Act 1968 (section 47)"),
    "Anything to threaten or harm anyone": (0.03, 0.10, "Criminal Justice and Public Order Act 1994 (section 60)"),
}
FOUND_OUTCOMES = {"Arrest": 0.45, "Community resolution": 0.25, "Summons / charged by post": 0.15,
                  "Khat or Cannabis warning": 0.10, "Penalty Notice for Disorder": 0.05}
NOT_FOUND_OUTCOMES = {"A no further action disposal": 0.92, "Arrest": 0.05, "Community resolution": 0.03}
AGE_RANGES = {"under 10": 0.002, "10-17": 0.18, "18-24": 0.35, "25-34": 0.25, "over 34": 0.218}
GENDERS = {"Male": 0.88, "Female": 0.11, "Other": 0.01}
ETHNICITIES = {  # self-defined -> (share, officer-defined)
    "White - English/Welsh/Scottish/Northern Irish/British": (0.70, "White"),
    "White - Any other White background": (0.04, "White"),
    "White - Irish": (0.01, "White"),
    "Black/African/Caribbean/Black British - Caribbean": (0.03, "Black"),
    "Black/African/Caribbean/Black British - African": (0.02, "Black"),
    "Asian/Asian British - Indian": (0.03, "Asian"),
    "Asian/Asian British - Pakistani": (0.02, "Asian"),
    "Mixed/Multiple ethnic groups - White and Black Caribbean": (0.03, "Mixed"),
    "Other ethnic group - Any other ethnic group": (0.01, "Other"),
    "Other ethnic group - Not stated": (0.11, "White"),
}


def _pick(rng, shares: dict, n: int) -> np.ndarray:
    keys = list(shares)
    weights = np.array([v[0] if isinstance(v, tuple) else v for v in shares.values()], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), n, p=weights / weights.sum())]


def _add_months(stamp: str, months: int) -> str:
    year, month = int(stamp[:4]), int(stamp[5:7]) + months
    return f"{year + (month - 1) // 12:04d}-{(month - 1) % 12 + 1:02d}"


def outcome_rows(street: pd.DataFrame, stamp: str, rng) -> dict[str, pd.DataFrame]:
    """Outcome rows of one street file's crimes, by the month each outcome is recorded in."""
    crimes = street[(street["Crime ID"] != "") & ~street["Last outcome category"].isin(["", "Under investigation"])]
    delay = rng.choice(len(DELAY_SHARES), len(crimes), p=DELAY_SHARES)
    court = crimes["Last outcome category"].isin(COURT_STAGE).to_numpy()
    later = delay + 1 + rng.integers(0, 2, len(crimes))
    charged = crimes[court].assign(**{"Outcome type": "Suspect charged"})
    final = crimes.assign(**{"Outcome type": crimes["Last outcome category"]})
    parts = [(charged, delay[court]), (final, np.where(court, later, delay))]
    by_month: dict[str, list[pd.DataFrame]] = {}
    for rows, months in parts:
        for offset in np.unique(months):
            chosen = rows[months == offset]
            month = _add_months(stamp, int(offset))
            by_month.setdefault(month, []).append(chosen.assign(Month=month)[OUTCOME_COLUMNS])
    return {month: pd.concat(frames, ignore_index=True) for month, frames in by_month.items()}


def search_table(street: pd.DataFrame, year: int, month: int, scale: float, rng) -> pd.DataFrame:
    """One month of Warwickshire Police's stop-and-search file."""
    places = street[street["Crime type"].isin(["Violence and sexual offences", "Robbery", "Possession of weapons",
                                               "Drugs"]) & (street["LSOA code"] != "")]
    n = int(rng.poisson(SEARCHES_PER_MONTH * scale))
    if places.empty or n == 0:
        n = max(n, 1)
        places = street[street["LSOA code"] != ""]
    where = places.iloc[rng.integers(0, len(places), n)]
    located = rng.random(n) >= NO_LOCATION_SHARE
    obj = _pick(rng, OBJECTS, n)
    found = rng.random(n) < np.array([OBJECTS[o][1] for o in obj])
    outcome = np.where(found, _pick(rng, FOUND_OUTCOMES, n), _pick(rng, NOT_FOUND_OUTCOMES, n))
    vehicle = rng.random(n) < 0.03
    kind = np.where(vehicle, "Vehicle search", np.where(rng.random(n) < 0.12, "Person and Vehicle search",
                                                        "Person search"))
    ethnicity = _pick(rng, ETHNICITIES, n)
    days = pd.Timestamp(year=year, month=month, day=1).days_in_month
    at = (pd.Timestamp(year=year, month=month, day=1)
          + pd.to_timedelta(rng.integers(0, days * 24 * 60, n), unit="min"))
    person = lambda values: np.where(vehicle, "", values)  # vehicle searches have no person
    table = pd.DataFrame({
        "Type": kind,
        "Date": at.strftime("%Y-%m-%dT%H:%M:00+00:00"),
        "Part of a policing operation": np.where(rng.random(n) < 0.3, "False", ""),
        "Policing operation": "",
        "Latitude": np.where(located, where["Latitude"].to_numpy(), np.nan),
        "Longitude": np.where(located, where["Longitude"].to_numpy(), np.nan),
        "Gender": person(_pick(rng, GENDERS, n)),
        "Age range": person(_pick(rng, AGE_RANGES, n)),
        "Self-defined ethnicity": person(ethnicity),
        "Officer-defined ethnicity": person(np.array([ETHNICITIES[e][1] for e in ethnicity], dtype=object)),
        "Legislation": np.array([OBJECTS[o][2] for o in obj], dtype=object),
        "Object of search": obj,
        "Outcome": outcome,
        "Outcome linked to object of search": np.where(found, "True", "False"),
        "Removal of more than just outer clothing": np.where(vehicle, "", np.where(rng.random(n) < 0.02, "True", "False")),
    })
    return table.sort_values("Date", kind="stable").reset_index(drop=True)[SEARCH_COLUMNS]
