"""Hospital admissions for assault (aggregated, HES-like) and A&E ISTV attendances (records)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data import timing
from sample_data.crimes import _pick
from sample_data.csvout import write_csv
from warehouse.formats import ADMISSIONS, AE, AGE_BANDS

ADMISSIONS_LEVEL = 46  # emergency admissions for assault a month, Warwickshire residents (2022)
# ICD-10 external causes X85-Y09 (3 characters); X99 = assault by sharp object.
CAUSES = {
    "Y04": 0.40,
    "X99": 0.19,
    "Y09": 0.13,
    "Y00": 0.10,
    "Y08": 0.08,
    "Y07": 0.04,
    "Y05": 0.02,
    "X91": 0.01,
    "Y03": 0.01,
    "X95": 0.005,
    "X97": 0.004,
    "X93": 0.003,
    "Y06": 0.003,
    "X98": 0.003,
    "X86": 0.003,
}
AGE_SHARES = {"all": (0.06, 0.28, 0.27, 0.23, 0.12, 0.04), "X99": (0.05, 0.38, 0.27, 0.20, 0.08, 0.02)}
# District of residence weights (population x deprivation); a few admissions of neighbours' residents.
RESIDENCE = {
    "E07000218": 0.10,
    "E07000219": 0.30,
    "E07000220": 0.19,
    "E07000221": 0.14,
    "E07000222": 0.21,
    "E08000026": 0.03,
    "E07000132": 0.015,
    "E08000025": 0.01,
    "E08000029": 0.005,
}
AE_PER_DAY = 5.0
SITES = {
    "University Hospital Coventry": (
        0.38,
        ("Coventry", "E08000026", 0.5),
        ("Bedworth", "E07000219", 0.2),
        ("Rugby", "E07000220", 0.15),
        ("Kenilworth", "E07000222", 0.15),
    ),
    "George Eliot Hospital Nuneaton": (
        0.22,
        ("Nuneaton", "E07000219", 0.6),
        ("Bedworth", "E07000219", 0.2),
        ("Atherstone", "E07000218", 0.12),
        ("Hinckley", "E07000132", 0.08),
    ),
    "Warwick Hospital": (
        0.22,
        ("Leamington Spa", "E07000222", 0.45),
        ("Warwick", "E07000222", 0.25),
        ("Stratford-upon-Avon", "E07000221", 0.2),
        ("Kenilworth", "E07000222", 0.1),
    ),
    "Hospital of St Cross Rugby": (0.10, ("Rugby", "E07000220", 0.9), ("Dunchurch", "E07000220", 0.1)),
    "Alexandra Hospital Redditch": (
        0.08,
        ("Redditch", "E07000236", 0.4),
        ("Alcester", "E07000221", 0.3),
        ("Studley", "E07000221", 0.3),
    ),
}
STREETS = (
    "High Street",
    "Market Place",
    "Station Road",
    "Church Street",
    "Queens Road",
    "Regent Street",
    "Bridge Street",
    "Park Road",
)
LOCATION_TYPES = {
    "street": 0.38,
    "licensed_premises": 0.20,
    "home": 0.25,
    "public_transport": 0.03,
    "school": 0.04,
    "other": 0.10,
}
MEANS = {
    "body_part": 0.55,
    "blunt_object": 0.08,
    "knife_sharp": 0.06,
    "glass_bottle": 0.05,
    "firearm": 0.003,
    "other": 0.08,
    "unknown": 0.177,
}
AE_AGES = (0.07, 0.33, 0.26, 0.21, 0.10, 0.03)
AE_HOURS = np.array(
    [6, 6, 5.5, 4.5, 3.5, 2.5, 1.8, 1.5, 1.5, 1.8, 2.2, 2.5, 2.8, 3, 3.2, 3.5, 3.8, 4, 4.2, 4.5, 5, 5.5, 6, 6]
)
AE_WEEKDAY = np.array([0.95, 0.85, 0.85, 0.9, 1.0, 1.25, 1.35])


def _admissions_month(rng, year: int, month: int) -> pd.DataFrame:
    n = rng.poisson(ADMISSIONS_LEVEL * timing.level("violence", year, month))
    cause = _pick(rng, CAUSES, n)
    ages = np.array(AGE_BANDS)
    age = np.where(
        cause == "X99",
        ages[rng.choice(6, n, p=np.array(AGE_SHARES["X99"]) / sum(AGE_SHARES["X99"]))],
        ages[rng.choice(6, n, p=np.array(AGE_SHARES["all"]) / sum(AGE_SHARES["all"]))],
    )
    sex = np.where(rng.random(n) < np.where(cause == "X99", 0.88, 0.76), "M", "F")
    sex[rng.random(n) < 0.005] = "U"
    table = pd.DataFrame(
        {"icd10_cause": cause, "age_band": age, "sex": sex, "district_code": _pick(rng, RESIDENCE, n)}
    )
    table = table.groupby(list(table.columns)).size().rename("admissions").reset_index()
    table["month"] = f"{year:04d}-{month:02d}"
    table["lsoa_code"] = ""
    return table


def write_admissions(out_dir, geo, months, seed: int, manifest) -> None:
    """admissions/admissions-YYYY.csv: counts by month, cause, age band, sex, district (no zeros)."""
    for year in sorted({y for y, _ in months}):
        parts = [
            _admissions_month(np.random.default_rng([seed, 10, y, m]), y, m) for y, m in months if y == year
        ]
        path = out_dir / "admissions" / f"admissions-{year}.csv"
        manifest.add(
            path, "admissions", write_csv(pd.concat(parts, ignore_index=True), path, ADMISSIONS.column_names)
        )


def _ae_month(rng, year: int, month: int) -> pd.DataFrame:
    days = pd.Period(f"{year}-{month:02d}").days_in_month
    n = rng.poisson(AE_PER_DAY * days * timing.level("violence", year, month))
    first = pd.Timestamp(year, month, 1).dayofweek
    day_weights = AE_WEEKDAY[(first + np.arange(days)) % 7]
    day = rng.choice(days, n, p=day_weights / day_weights.sum())
    hour = rng.choice(24, n, p=AE_HOURS / AE_HOURS.sum())
    arrival = timing.month_start(year, month) + (day * 1440 + hour * 60 + rng.integers(0, 60, n)).astype(
        "timedelta64[m]"
    )
    incident = arrival - (10 + rng.exponential(80, n)).astype(int).astype("timedelta64[m]")
    site_names = np.array(list(SITES))
    site = site_names[rng.choice(len(SITES), n, p=[s[0] for s in SITES.values()])]
    town, district = np.empty(n, dtype=object), np.empty(n, dtype=object)
    for name, (_share, *places) in SITES.items():
        mask = site == name
        pick = rng.choice(len(places), int(mask.sum()), p=[p[2] for p in places])
        town[mask] = np.array([p[0] for p in places], dtype=object)[pick]
        district[mask] = np.array([p[1] for p in places], dtype=object)[pick]
    kind = _pick(rng, LOCATION_TYPES, n)
    street = rng.choice(STREETS, n)
    where = np.where(kind == "home", "Home address, " + town, street + ", " + town).astype(object)
    where[rng.random(n) < 0.08] = ""
    district[rng.random(n) < 0.15] = ""
    incident_text = _text(incident)
    incident_text[rng.random(n) < 0.12] = ""
    young_means = np.where(rng.random(n) < 0.5, "knife_sharp", "body_part")
    means = _pick(rng, MEANS, n)
    table = pd.DataFrame(
        {
            "hospital_site": site,
            "attendance_datetime": _text(arrival),
            "incident_datetime": incident_text,
            "incident_location": where,
            "incident_location_type": kind,
            "incident_district_code": district,
            "means_of_assault": means,
            "patient_age_band": np.array(AGE_BANDS)[rng.choice(6, n, p=AE_AGES)],
            "patient_sex": np.where(rng.random(n) < 0.72, "M", "F"),
        }
    )
    knife_young = (table["patient_age_band"] == "16-24") & (rng.random(n) < 0.04)
    table.loc[knife_young, "means_of_assault"] = young_means[knife_young.to_numpy()]
    return table.sort_values(["attendance_datetime", "hospital_site"], kind="stable").reset_index(drop=True)


def _text(times: np.ndarray) -> np.ndarray:
    return np.char.replace(np.datetime_as_string(times, unit="m").astype(str), "T", " ").astype(object)


def write_ae(out_dir, months, seed: int, manifest) -> None:
    """ae/ae-YYYY.csv: one row per assault attendance, ids unique across years."""
    for year in sorted({y for y, _ in months}):
        parts = [_ae_month(np.random.default_rng([seed, 11, y, m]), y, m) for y, m in months if y == year]
        table = pd.concat(parts, ignore_index=True)
        table.insert(0, "attendance_id", [f"ISTV-{year}-{i:06d}" for i in range(1, len(table) + 1)])
        path = out_dir / "ae" / f"ae-{year}.csv"
        manifest.add(path, "ae", write_csv(table, path, AE.column_names))
