"""data.police.uk street files: Warwickshire Police (from the simulated crimes) and neighbours.

Neighbouring forces' files hold rows only for the 16 neighbouring districts of the reference
(real files cover the whole force area), and only the serious-violence categories, drugs and
anti-social behaviour, to keep the default build inside its time budget. Their points lie in
the right district but not necessarily in the LSOA named (no neighbour LSOA polygons).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from sample_data import offences as off
from sample_data import timing
from sample_data.crimes import FORCE, MonthCrimes, _pick
from sample_data.geography import NEIGHBOUR_ANCHORS, NEIGHBOUR_FORCES, Geography

FORCE_SLUGS = {
    "Warwickshire Police": "warwickshire",
    "West Midlands Police": "west-midlands",
    "Leicestershire Police": "leicestershire",
    "Staffordshire Police": "staffordshire",
    "West Mercia Police": "west-mercia",
    "Northamptonshire Police": "northamptonshire",
    "Thames Valley Police": "thames-valley",
    "Gloucestershire Constabulary": "gloucestershire",
}
# Annual rates per 1,000 residents relative to Warwickshire's (2022), by district:
# (violence and sexual offences, robbery, possession of weapons, drugs, anti-social behaviour)
NEIGHBOUR_RATES = {
    "E08000025": (1.55, 4.5, 2.2, 1.8, 1.1),
    "E08000026": (1.35, 2.6, 1.6, 1.5, 1.1),
    "E08000029": (1.05, 1.7, 1.1, 1.0, 0.9),
    "E07000132": (0.80, 0.6, 0.7, 0.8, 0.7),
    "E07000129": (0.80, 0.7, 0.7, 0.8, 0.7),
    "E07000131": (0.65, 0.4, 0.5, 0.6, 0.6),
    "E07000134": (0.85, 0.6, 0.7, 0.8, 0.7),
    "E07000199": (1.20, 1.1, 1.1, 1.2, 1.0),
    "E07000194": (0.75, 0.5, 0.6, 0.7, 0.8),
    "E07000238": (0.65, 0.4, 0.5, 0.6, 0.7),
    "E07000236": (1.25, 1.3, 1.2, 1.3, 1.1),
    "E07000234": (0.70, 0.6, 0.6, 0.7, 0.7),
    "E06000062": (1.10, 1.3, 1.1, 1.1, 0.9),
    "E07000177": (0.90, 0.8, 0.8, 0.9, 0.8),
    "E07000181": (0.60, 0.3, 0.5, 0.6, 0.6),
    "E07000079": (0.55, 0.2, 0.4, 0.6, 0.6),
}
# Anti-social behaviour is left out of neighbours' files (volume); the rates keep a slot for it.
NEIGHBOUR_TYPES = ("Violence and sexual offences", "Robbery", "Possession of weapons", "Drugs")
WARWICKSHIRE_POPULATION = 596789
COLUMNS = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
NO_LOCATION_SHARE = 0.025


def _recent_outcomes(rng, outcome: np.ndarray, months_before_end: int) -> np.ndarray:
    """The newest months are still under investigation, as in a fresh download."""
    share = {0: 0.6, 1: 0.35, 2: 0.15}.get(months_before_end, 0.0)
    if share:
        crime = outcome != ""
        outcome = outcome.copy()
        outcome[crime & (rng.random(len(outcome)) < share)] = "Under investigation"
    return outcome


def _crime_ids(keys) -> np.ndarray:
    return np.array([hashlib.sha256(k.encode()).hexdigest() for k in keys], dtype=object)


def warwickshire_table(
    extract: pd.DataFrame, extra: pd.DataFrame, asb: MonthCrimes, month: str, rng, months_before_end: int
) -> pd.DataFrame:
    """The police.uk file of the same crimes (hashed reference, snapped point) plus ASB."""
    crimes = pd.DataFrame(
        {
            "Crime ID": _crime_ids(extract["crime_reference"]),
            "Longitude": extra["lon"],
            "Latitude": extra["lat"],
            "Location": extra["location"],
            "LSOA code": extract["lsoa_code"],
            "LSOA name": extra["lsoa_name"],
            "Crime type": extract["crime_type"],
            "Last outcome category": extra["outcome"],
        }
    )
    asb_rows = pd.DataFrame(
        {
            "Crime ID": "",
            "Longitude": asb.lon,
            "Latitude": asb.lat,
            "Location": asb.location,
            "LSOA code": asb.lsoa_code,
            "LSOA name": asb.lsoa_name,
            "Crime type": "Anti-social behaviour",
            "Last outcome category": "",
        }
    )
    table = pd.concat([crimes, asb_rows], ignore_index=True)
    table["Last outcome category"] = _recent_outcomes(
        rng, table["Last outcome category"].to_numpy(object), months_before_end
    )
    return _finish(table.iloc[rng.permutation(len(table))], month, FORCE)


def _finish(table: pd.DataFrame, month: str, force: str) -> pd.DataFrame:
    table = table.reset_index(drop=True)
    constants = pd.DataFrame(
        {"Month": month, "Reported by": force, "Falls within": force, "Context": ""}, index=table.index
    )
    return pd.concat([table, constants], axis=1)[COLUMNS]


def _warwickshire_rates() -> np.ndarray:
    """Warwickshire's 2022 monthly level per resident for the neighbour crime types."""
    levels = [off.CRIME_TYPES[t][0] for t in NEIGHBOUR_TYPES]
    return np.array(levels, dtype=float) / WARWICKSHIRE_POPULATION


FAMILIES = ("violence", "violence", "violence", "drugs")


def neighbour_table(
    geo: Geography, force: str, year: int, month: int, seed: int, scale: float, months_before_end: int
) -> pd.DataFrame:
    """One neighbouring force-month, rows only for its districts next to Warwickshire."""
    rng = np.random.default_rng([seed, 4, list(FORCE_SLUGS).index(force), year, month])
    nb = geo.neighbours
    base = _warwickshire_rates() * np.array([timing.level(f, year, month) for f in FAMILIES]) * scale
    types, lsoas = [], []
    for district in NEIGHBOUR_FORCES[force]:
        counts = rng.poisson(
            base
            * np.array(NEIGHBOUR_RATES[district][: len(NEIGHBOUR_TYPES)])
            * geo.district_population[district]
        )
        types.append(np.repeat(np.arange(len(NEIGHBOUR_TYPES)), counts))
        members = np.flatnonzero(nb.districts == district)
        weights = nb.weights[members]
        lsoas.append(rng.choice(members, int(counts.sum()), p=weights / weights.sum()))
    order = rng.permutation(sum(len(t) for t in types))
    type_index, lsoa = np.concatenate(types)[order], np.concatenate(lsoas)[order]
    n = len(lsoa)
    anchor = lsoa * NEIGHBOUR_ANCHORS + rng.integers(0, NEIGHBOUR_ANCHORS, n)
    known = rng.random(n) >= NO_LOCATION_SHARE
    stamp = f"{year:04d}-{month:02d}"
    ids = _crime_ids(f"{FORCE_SLUGS[force]}:{stamp}:{i}" for i in range(n))
    crime_type = np.array(NEIGHBOUR_TYPES, dtype=object)[type_index]
    asb = crime_type == "Anti-social behaviour"
    identified = rng.random(n) < np.where(np.isin(crime_type, ["Drugs", "Possession of weapons"]), 0.97, 0.45)
    outcome = np.where(
        identified, _pick(rng, off.OUTCOMES_SUSPECT, n), _pick(rng, off.OUTCOMES_NO_SUSPECT, n)
    )
    table = pd.DataFrame(
        {
            "Crime ID": np.where(asb, "", ids),
            "Longitude": np.where(known, nb.anchors.lon[anchor], np.nan),
            "Latitude": np.where(known, nb.anchors.lat[anchor], np.nan),
            "Location": np.where(known, nb.anchor_names[anchor], "No Location"),
            "LSOA code": np.where(known, nb.codes[lsoa], ""),
            "LSOA name": np.where(known, nb.names[lsoa], ""),
            "Crime type": crime_type,
            "Last outcome category": _recent_outcomes(
                rng, np.where(asb, "", outcome).astype(object), months_before_end
            ),
        }
    )
    return _finish(table, stamp, force)
