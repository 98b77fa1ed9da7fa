"""Benchmark indicator values: England, West Midlands, the neighbour group, and (for indicators
that only come from published sources) Warwickshire and its districts.

Values are rates per population (unit below) or percentages, with exact Poisson (Byar) 95%
limits for counts and Wilson limits for proportions. Financial years 2019/20 to the latest
complete one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data.csvout import write_csv
from sample_data.geography import warwickshire_districts
from warehouse.formats import INDICATORS

Z = 1.959964
# id -> (kind, per, population base, England value 2019/20, West Midlands ratio, neighbour ratio,
#        Warwickshire ratio, yearly change, source)
# kind 'rate': value = numerator / denominator * per; 'pct': numerator / denominator * 100.
SPECS = {
    "sv_knife_admissions": (
        "rate",
        100_000,
        "all",
        6.8,
        1.35,
        0.75,
        0.7,
        -0.02,
        "NHS England Hospital Episode Statistics (X99)",
    ),
    "sv_knife_admissions_u25": (
        "rate",
        100_000,
        "u25",
        8.5,
        1.45,
        0.75,
        0.7,
        -0.02,
        "NHS England Hospital Episode Statistics (X99, under 25)",
    ),
    "sv_knife_crime": (
        "rate",
        100_000,
        "all",
        82.0,
        1.40,
        0.65,
        0.6,
        0.02,
        "ONS Crime in England and Wales, knife or sharp instrument offences",
    ),
    "sv_knife_crime_u25": (
        "rate",
        100_000,
        "u25",
        95.0,
        1.45,
        0.65,
        0.6,
        0.02,
        "Home Office Police Recorded Crime (victims under 25)",
    ),
    "sv_homicides": (
        "rate",
        1_000_000,
        "all",
        10.5,
        1.25,
        0.70,
        0.7,
        -0.01,
        "ONS Homicide in England and Wales",
    ),
    "sv_homicides_u25_knife": (
        "rate",
        1_000_000,
        "u25",
        3.2,
        1.5,
        0.6,
        0.6,
        -0.01,
        "ONS Homicide Index (victims under 25, sharp instrument)",
    ),
    "vio_admissions_all": (
        "rate",
        100_000,
        "all",
        38.0,
        1.20,
        0.80,
        0.85,
        -0.02,
        "OHID Fingertips, hospital admissions for violence (X85-Y09)",
    ),
    "vio_with_injury": (
        "rate",
        1_000,
        "all",
        9.6,
        1.20,
        0.85,
        0.85,
        0.01,
        "ONS Police Recorded Crime by Community Safety Partnership",
    ),
    "vio_without_injury": (
        "rate",
        1_000,
        "all",
        13.5,
        1.15,
        0.90,
        0.90,
        0.02,
        "ONS Police Recorded Crime by Community Safety Partnership",
    ),
    "fte_youth_justice": (
        "rate",
        100_000,
        "10to17",
        150.0,
        1.10,
        0.85,
        0.80,
        -0.03,
        "Ministry of Justice Youth Justice Statistics",
    ),
    "school_exclusions": (
        "pct",
        100,
        "pupils",
        0.09,
        1.20,
        0.95,
        0.90,
        0.10,
        "DfE Suspensions and permanent exclusions in England",
    ),
    "ae_assault_attendances": (
        "rate",
        100_000,
        "all",
        260.0,
        1.15,
        0.85,
        0.85,
        0.0,
        "NHS England Emergency Care Data Set (assault)",
    ),
    "repeat_victimisation": (
        "pct",
        100,
        "victims",
        29.0,
        1.05,
        0.97,
        0.95,
        0.0,
        "Police recorded crime, repeat victims of violence within 12 months",
    ),
    "cohort_reoffending": (
        "pct",
        100,
        "offenders",
        26.0,
        1.03,
        0.97,
        0.95,
        -0.01,
        "Ministry of Justice Proven Reoffending Statistics",
    ),
    "trained_practitioner_referrals": (
        "rate",
        100_000,
        "all",
        35.0,
        1.05,
        0.95,
        1.0,
        0.15,
        "Partnership training programme returns",
    ),
}
PUBLISHED_ONLY = (
    "fte_youth_justice",
    "school_exclusions",
    "repeat_victimisation",
    "trained_practitioner_referrals",
)
NEIGHBOUR_GROUP_POPULATION = 8_460_000  # CIPFA-style group of similar county areas (Census 2021, approx.)
DISTRICT_RATIO = {
    "E07000218": 0.95,
    "E07000219": 1.35,
    "E07000220": 1.05,
    "E07000221": 0.65,
    "E07000222": 0.9,
}


def _populations(geo) -> dict[str, dict[str, float]]:
    pop = geo.population
    pop = pop.assign(region=np.where(pop["lad_code"].str.startswith("E"), "E", "W"))
    young = pop["age_group"].isin(["Aged 15 years and under", "Aged 16 to 24 years"])

    def bases(frame):
        all_ages = frame["usual_residents"].sum()
        under_25 = frame.loc[young.loc[frame.index], "usual_residents"].sum()
        return {"all": all_ages, "u25": under_25, "10to17": under_25 * 0.36, "pupils": all_ages * 0.155}

    england = pop[pop["region"] == "E"]
    out = {
        "E92000001": bases(england),
        "E12000005": {k: v * 5_950_757 / 56_490_048 for k, v in bases(england).items()},
    }
    out["NEIGHBOURS"] = {k: v * NEIGHBOUR_GROUP_POPULATION / 56_490_048 for k, v in bases(england).items()}
    county = pop[pop["lad_code"].isin(list(warwickshire_districts()))]
    out["E10000031"] = bases(county)
    for code in warwickshire_districts():
        out[code] = bases(pop[pop["lad_code"] == code])
    return out


def _poisson_limits(count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to exact Poisson 95% limits for a count."""
    o = np.asarray(count, dtype=float)
    lower = np.where(
        o > 0, o * (1 - 1 / (9 * np.maximum(o, 1)) - Z / (3 * np.sqrt(np.maximum(o, 1)))) ** 3, 0.0
    )
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * np.sqrt(o + 1))) ** 3
    return lower, upper


def _wilson(numerator: float, denominator: float) -> tuple[float, float]:
    p = numerator / denominator
    centre = (p + Z * Z / (2 * denominator)) / (1 + Z * Z / denominator)
    half = Z * np.sqrt(p * (1 - p) / denominator + Z * Z / (4 * denominator**2)) / (1 + Z * Z / denominator)
    return centre - half, centre + half


def _financial_years(end: str) -> list[int]:
    year, month = (int(x) for x in end.split("-"))
    last_complete = year - 1 if month >= 3 else year - 2  # FY y/y+1 ends in March y+1
    return list(range(2019, last_complete + 1))


AREAS = (
    ("E92000001", "England", "england", 1),
    ("E12000005", "West Midlands", "region", 4),
    ("NEIGHBOURS", "Warwickshire CIPFA nearest neighbours", "neighbour_group", 5),
    ("E10000031", "Warwickshire", "county", 6),
)


def _area_list(geo, indicator: str):
    areas = list(AREAS)
    if indicator in PUBLISHED_ONLY:
        areas += [
            (code, geo.district_names.get(code, name), "district", None)
            for code, name in warwickshire_districts().items()
        ]
    else:
        areas = areas[:3]
    return areas


def _row(rng, indicator, spec, area, fy, base):
    kind, per, pop_key, england, *_ratios, change, source = spec
    code, name, area_type, ratio_index = area
    ratio = (
        1.0 if ratio_index == 1 else (spec[ratio_index] if ratio_index else spec[6] * DISTRICT_RATIO[code])
    )
    expected_value = england * ratio * (1 + change) ** (fy - 2019)
    if kind == "rate":
        denominator = round(base[pop_key])
        numerator = int(rng.poisson(expected_value * denominator / per))
        value = numerator / denominator * per
        low, high = (x / denominator * per for x in _poisson_limits(numerator))
    else:
        denominator = max(round(base["all"] / 5000 if pop_key != "pupils" else base["pupils"]), 30)
        numerator = int(rng.binomial(denominator, expected_value / 100))
        value = numerator / denominator * 100
        low, high = (x * 100 for x in _wilson(numerator, denominator))
    return {
        "indicator_id": indicator,
        "area_code": code,
        "area_name": name,
        "area_type": area_type,
        "period_label": f"{fy}/{(fy + 1) % 100:02d}",
        "period_start": f"{fy}-04-01",
        "period_end": f"{fy + 1}-03-31",
        "numerator": float(numerator),
        "denominator": float(denominator),
        "value": round(float(value), 3),
        "lower_ci": round(float(low), 3),
        "upper_ci": round(float(high), 3),
        "source": source,
    }


def write_indicators(out_dir, geo, end: str, seed: int, manifest) -> None:
    """indicators/indicator-values.csv for every catalogue indicator."""
    rng = np.random.default_rng([seed, 30])
    bases = _populations(geo)
    rows = [
        _row(rng, indicator, spec, area, fy, bases[area[0]])
        for indicator, spec in SPECS.items()
        for area in _area_list(geo, indicator)
        for fy in _financial_years(end)
    ]
    path = out_dir / "indicators" / "indicator-values.csv"
    manifest.add(
        path,
        "indicators",
        write_csv(pd.DataFrame(rows, columns=INDICATORS.column_names), path, INDICATORS.column_names),
    )
