"""Warwickshire Police crimes, simulated once a month and written twice.

The same simulated crimes become the force extract (exact point, time, Home Office code,
weapon, victim, suspect, flags) and the data.police.uk street file (hashed Crime ID, snapped
map point, outcome), so both sources agree on crime counts per force-month. The police.uk file
also holds anti-social behaviour, which the force extract does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sample_data import offences as off
from sample_data import timing
from sample_data.geography import POOL_SIZE, Geography, warwickshire_districts
from settings import PROJECT_ROOT

FORCE = "Warwickshire Police"
OUT_OF_COUNTY_LEVEL = 68  # rows a month in neighbouring-district LSOAs (~1.8% of rows)
ELSEWHERE_LEVEL = 30  # rows a month in LSOAs elsewhere in Great Britain / old names
NO_LOCATION_LEVEL = 88  # crimes a month published without a location
HOMICIDES_PER_YEAR = (3, 10)
# Districts of the out-of-county rows Warwickshire Police publishes (real files, 2022).
OUT_OF_COUNTY_DISTRICTS = {
    "E08000026": 0.40,
    "E08000025": 0.16,
    "E07000199": 0.14,
    "E08000029": 0.08,
    "E07000132": 0.07,
    "E07000238": 0.03,
    "E07000236": 0.03,
    "E07000234": 0.02,
    "E07000131": 0.02,
    "E07000194": 0.015,
    "E07000177": 0.01,
    "E06000062": 0.01,
    "E07000181": 0.005,
    "E07000129": 0.005,
    "E07000079": 0.005,
    "E07000134": 0.005,
}
# Share of identified suspects living outside the county, by offence district (2019 level).
OUT_OF_COUNTY_SUSPECTS = {
    "E07000218": 0.14,
    "E07000219": 0.11,
    "E07000220": 0.09,
    "E07000221": 0.04,
    "E07000222": 0.08,
}
# Where out-of-county suspects live, by offence district; 'ELSEWHERE' = anywhere in England.
SUSPECT_ORIGINS = {
    "E07000218": {
        "E08000025": 0.40,
        "E08000026": 0.10,
        "E08000029": 0.12,
        "E07000199": 0.10,
        "E07000132": 0.08,
        "E07000134": 0.06,
        "E07000194": 0.05,
        "ELSEWHERE": 0.09,
    },
    "E07000219": {
        "E08000026": 0.45,
        "E07000132": 0.20,
        "E08000025": 0.12,
        "E07000129": 0.05,
        "E08000029": 0.04,
        "E07000131": 0.03,
        "E07000134": 0.02,
        "ELSEWHERE": 0.09,
    },
    "E07000220": {
        "E08000026": 0.38,
        "E07000131": 0.12,
        "E07000129": 0.10,
        "E07000132": 0.08,
        "E08000025": 0.10,
        "E06000062": 0.10,
        "E08000029": 0.03,
        "ELSEWHERE": 0.09,
    },
    "E07000221": {
        "E08000025": 0.28,
        "E08000026": 0.15,
        "E08000029": 0.15,
        "E07000238": 0.12,
        "E07000236": 0.10,
        "E07000079": 0.04,
        "E07000177": 0.04,
        "ELSEWHERE": 0.12,
    },
    "E07000222": {
        "E08000026": 0.50,
        "E08000025": 0.18,
        "E08000029": 0.15,
        "E07000132": 0.03,
        "E07000131": 0.02,
        "ELSEWHERE": 0.12,
    },
}
COUNTY_POPULATION = {
    "E07000218": 65036,
    "E07000219": 134202,
    "E07000220": 114357,
    "E07000221": 134745,
    "E07000222": 148449,
}
NTE_TOWN_CENTRE, NTE_ELSEWHERE = 0.45, 0.05


@dataclass
class CountyModel:
    """Expected 2022 monthly counts per crime type and LSOA, and fixed lookups."""

    expected: np.ndarray  # (crime types, LSOAs)
    asb: np.ndarray  # (LSOAs,)
    vso_weights: np.ndarray
    families: list[str]
    profiles: dict[str, np.ndarray]
    elsewhere_districts: np.ndarray
    town_centre: np.ndarray  # (LSOAs,) bool
    descriptions: dict[str, str]  # Home Office code -> description


def _spatial(geo: Geography, column: str, power: float) -> np.ndarray:
    """LSOA weights: smoothed real counts to a power, times a deprivation gradient."""
    profile = geo.county.profile
    vso = profile["vso"].to_numpy(float)
    real = profile[column].to_numpy(float)
    smooth = real + 0.5 * vso / vso.mean() * max(real.mean(), 0.05) + 0.05
    deprivation = np.exp(0.25 * (10 - geo.county.imd_decile) / 9)
    weights = smooth**power * deprivation
    return weights / weights.sum()


def build_model(geo: Geography) -> CountyModel:
    """Fix the spatial pattern of every crime type once."""
    rows = []
    for name, (total, column, power, _family) in off.CRIME_TYPES.items():
        weights = _spatial(geo, column, power)
        if name == "Violence and sexual offences":
            for district, target in off.VSO_BY_DISTRICT.items():
                mask = geo.county.districts == district
                weights[mask] *= target / (weights[mask].sum() * total)
        rows.append(weights * total)
    asb = _spatial(geo, "asb", 1.0) * off.ASB_LEVEL
    england = [c for c in geo.district_names if c[:3] in ("E06", "E07", "E08", "E09")]
    known = {c for origins in SUSPECT_ORIGINS.values() for c in origins} | set(warwickshire_districts())
    return CountyModel(
        expected=np.array(rows),
        asb=asb,
        vso_weights=rows[0] / rows[0].sum(),
        families=[spec[3] for spec in off.CRIME_TYPES.values()],
        profiles=off.profile_arrays(),
        elsewhere_districts=np.array(sorted(c for c in england if c not in known)),
        town_centre=(geo.county.profile["town_centre"] == "Y").to_numpy(),
        descriptions=_descriptions(),
    )


def _descriptions() -> dict[str, str]:
    table = pd.read_csv(PROJECT_ROOT / "reference" / "ho_offence_codes.csv", dtype=str)
    return dict(zip(table["ho_offence_code"], table["ho_offence_description"]))


def _pick(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(table))
    shares = np.array(list(table.values()), dtype=float)
    return keys[rng.choice(len(keys), n, p=shares / shares.sum())]


def _codes_for(rng: np.random.Generator, crime_type: np.ndarray) -> np.ndarray:
    codes = np.empty(len(crime_type), dtype=object)
    for name, table in off.HO_CODES.items():
        mask = crime_type == name
        if mask.any():
            codes[mask] = _pick(rng, table, int(mask.sum()))
    return codes


@dataclass
class MonthCrimes:
    """One force-month of crimes (struct of arrays); lsoa index -1 = not a county LSOA."""

    crime_type: np.ndarray
    lsoa: np.ndarray  # county LSOA index or -1
    pool: np.ndarray  # pool point index or -1
    lsoa_code: np.ndarray  # object, '' when unknown
    lsoa_name: np.ndarray
    district: np.ndarray  # offence district code or ''
    easting: np.ndarray
    northing: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    location: np.ndarray


def _county_rows(
    geo: Geography, counts: np.ndarray, types: np.ndarray, rng: np.random.Generator
) -> MonthCrimes:
    """Expand (type, LSOA) counts into rows with a pool point each."""
    flat = counts.ravel()
    type_index = np.repeat(np.repeat(np.arange(counts.shape[0]), counts.shape[1]), flat)
    lsoa = np.repeat(np.tile(np.arange(counts.shape[1]), counts.shape[0]), flat)
    pool = lsoa * POOL_SIZE + rng.integers(0, POOL_SIZE, len(lsoa))
    county = geo.county
    anchor = county.pool_anchor[pool]
    return MonthCrimes(
        crime_type=types[type_index],
        lsoa=lsoa,
        pool=pool,
        lsoa_code=county.codes[lsoa].astype(object),
        lsoa_name=county.names[lsoa].astype(object),
        district=county.districts[lsoa].astype(object),
        easting=county.pool.easting[pool],
        northing=county.pool.northing[pool],
        lon=county.anchors.lon[anchor],
        lat=county.anchors.lat[anchor],
        location=county.anchor_names[anchor],
    )


def _border_rows(geo: Geography, n: int, types: np.ndarray, rng: np.random.Generator) -> MonthCrimes:
    """Rows in LSOAs of neighbouring districts, at points near the county boundary."""
    nb = geo.neighbours
    districts = _pick(rng, OUT_OF_COUNTY_DISTRICTS, n)
    lsoa = np.empty(n, dtype=int)
    east, north, lon, lat = (np.empty(n) for _ in range(4))
    for code in np.unique(districts):
        mask = districts == code
        members = np.flatnonzero(nb.districts == code)
        w = nb.weights[members]
        lsoa[mask] = rng.choice(members, int(mask.sum()), p=w / w.sum())
        border = nb.border[code]
        k = rng.integers(0, len(border.lon), int(mask.sum()))
        east[mask], north[mask], lon[mask], lat[mask] = (
            border.easting[k],
            border.northing[k],
            border.lon[k],
            border.lat[k],
        )
    anchor = lsoa * 5 + rng.integers(0, 5, n)
    return MonthCrimes(
        types,
        np.full(n, -1),
        np.full(n, -1),
        nb.codes[lsoa].astype(object),
        nb.names[lsoa].astype(object),
        districts.astype(object),
        east,
        north,
        lon,
        lat,
        nb.anchor_names[anchor],
    )


def _elsewhere_rows(geo: Geography, n: int, types: np.ndarray, rng: np.random.Generator) -> MonthCrimes:
    """Rows in LSOAs elsewhere in Great Britain (real codes, names and points)."""
    out = geo.outside.iloc[rng.integers(0, len(geo.outside), n)]
    return MonthCrimes(
        types,
        np.full(n, -1),
        np.full(n, -1),
        out["lsoa_code"].to_numpy(object),
        out["lsoa_name"].to_numpy(object),
        np.full(n, "", dtype=object),
        out["easting"].to_numpy(float),
        out["northing"].to_numpy(float),
        out["lon"].to_numpy(float),
        out["lat"].to_numpy(float),
        out["location"].to_numpy(object),
    )


def _no_location_rows(n: int, types: np.ndarray) -> MonthCrimes:
    blank = np.full(n, "", dtype=object)
    nan = np.full(n, np.nan)
    return MonthCrimes(
        types,
        np.full(n, -1),
        np.full(n, -1),
        blank,
        blank,
        blank.copy(),
        nan,
        nan,
        nan,
        nan,
        np.full(n, "No Location", dtype=object),
    )


def _concat(parts: list[MonthCrimes]) -> MonthCrimes:
    fields = MonthCrimes.__dataclass_fields__
    return MonthCrimes(**{f: np.concatenate([getattr(p, f) for p in parts]) for f in fields})


def _homicides(year: int, month: int, seed: int, scale: float) -> int:
    """Homicides this month: a yearly total in 3..10 spread over the year's months."""
    rng = np.random.default_rng([seed, 7, year])
    low, high = HOMICIDES_PER_YEAR
    per_year = low + rng.binomial(high - low, 0.45)
    per_year = round(per_year * scale)
    return int(rng.multinomial(per_year, np.full(12, 1 / 12))[month - 1])


def simulate_month(
    geo: Geography, model: CountyModel, year: int, month: int, seed: int, scale: float
) -> tuple[MonthCrimes, MonthCrimes]:
    """One month of Warwickshire Police: (crimes, anti-social behaviour rows)."""
    rng = np.random.default_rng([seed, 2, year, month])
    types = np.array(off.TYPE_NAMES, dtype=object)
    levels = np.array([timing.level(f, year, month) for f in model.families])
    counts = rng.poisson(model.expected * levels[:, None] * scale)
    crimes = _county_rows(geo, counts, types, rng)
    homicides = _homicides(year, month, seed, scale)
    if homicides:
        lsoa_counts = rng.multinomial(homicides, model.vso_weights)[None, :]
        killed = _county_rows(geo, lsoa_counts, np.array(["Violence and sexual offences"], dtype=object), rng)
        killed.crime_type = np.full(homicides, "Homicide", dtype=object)
        crimes = _concat([crimes, killed])
    asb_level = timing.level("asb", year, month)
    asb = _county_rows(
        geo,
        rng.poisson(model.asb * asb_level * scale)[None, :],
        np.array(["Anti-social behaviour"], dtype=object),
        rng,
    )
    mix = {name: spec[0] for name, spec in off.CRIME_TYPES.items()} | {
        "Anti-social behaviour": off.ASB_LEVEL * asb_level
    }
    n_border = rng.poisson(OUT_OF_COUNTY_LEVEL * scale * levels[0])
    n_elsewhere = rng.poisson(ELSEWHERE_LEVEL * scale)
    border = _border_rows(geo, n_border, _pick(rng, mix, n_border).astype(object), rng)
    elsewhere = _elsewhere_rows(geo, n_elsewhere, _pick(rng, mix, n_elsewhere).astype(object), rng)
    crime_mix = {
        k: v * (2.5 if k == "Violence and sexual offences" else 1)
        for k, v in mix.items()
        if k != "Anti-social behaviour"
    }
    n_unknown = rng.poisson(NO_LOCATION_LEVEL * scale)
    unknown = _no_location_rows(n_unknown, _pick(rng, crime_mix, n_unknown).astype(object))
    everything = _concat([crimes, border, elsewhere, unknown])
    is_asb = everything.crime_type == "Anti-social behaviour"
    crimes = _select(everything, ~is_asb)
    asb = _concat([asb, _select(everything, is_asb)])
    return crimes, asb


def _select(rows: MonthCrimes, mask: np.ndarray) -> MonthCrimes:
    return MonthCrimes(**{f: getattr(rows, f)[mask] for f in MonthCrimes.__dataclass_fields__})


def _bernoulli(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    return rng.random(len(p)) < p


def _offence_times(
    rng,
    crimes: MonthCrimes,
    code_index: np.ndarray,
    domestic: np.ndarray,
    year: int,
    month: int,
    model: CountyModel,
):
    """Offence times and night-time-economy flags (Friday/Saturday nights in town centres)."""
    n = len(code_index)
    town = np.zeros(n, dtype=bool)
    inside = crimes.lsoa >= 0
    town[inside] = model.town_centre[crimes.lsoa[inside]]
    eligible = model.profiles["nte"][code_index] & ~domestic
    nte = eligible & _bernoulli(rng, np.where(town, NTE_TOWN_CENTRE, NTE_ELSEWHERE))
    violent = np.isin(
        crimes.crime_type,
        ["Violence and sexual offences", "Robbery", "Possession of weapons", "Public order"],
    )
    times = np.where(
        violent,
        timing.random_times(rng, year, month, n, "violence"),
        timing.random_times(rng, year, month, n, "daytime"),
    )
    times[nte] = timing.night_times(rng, year, month, int(nte.sum()))
    text = np.datetime_as_string(times, unit="m").astype(object)
    text = np.char.replace(text.astype(str), "T", " ").astype(object)
    text[_bernoulli(rng, np.full(n, 0.03)) & ~nte] = ""
    return times, text, nte


def _suspect_homes(
    rng, crimes: MonthCrimes, code_index, county_lines, identified, year: int, model: CountyModel
):
    """Suspect home district: mostly the offence district, a growing share from across the border."""
    n = len(code_index)
    district = crimes.district.copy()
    in_county = np.isin(district, list(warwickshire_districts()))
    base = np.array([OUT_OF_COUNTY_SUSPECTS.get(d, 0.08) for d in district]) if n else np.zeros(0)
    growth = 1 + 0.05 * (year - 2019)
    p_out = np.minimum(base * model.profiles["cross_border"][code_index] * growth, 0.9)
    p_out = np.where(county_lines, 0.75, p_out)
    p_out = np.where(in_county | (district == ""), p_out, 0.35)
    out = _bernoulli(rng, p_out)
    homes = np.where(district == "", "E07000222", district).astype(object)
    for offence_district, origins in SUSPECT_ORIGINS.items():
        mask = out & ((district == offence_district) | ((district == "") & (offence_district == "E07000222")))
        homes[mask] = _pick(rng, origins, int(mask.sum()))
    mask = out & ~in_county & (district != "")
    homes[mask] = _pick(rng, {**{d: 1.0 for d in warwickshire_districts()}, "ELSEWHERE": 0.5}, int(mask.sum()))
    elsewhere = homes == "ELSEWHERE"
    homes[elsewhere] = rng.choice(model.elsewhere_districts, int(elsewhere.sum()))
    # Within the county: a sixth live in another Warwickshire district.
    move = ~out & in_county & _bernoulli(rng, np.full(n, 0.15))
    homes[move] = _pick(rng, COUNTY_POPULATION, int(move.sum()))
    homes[~identified | _bernoulli(rng, np.full(n, 0.08))] = ""
    return homes


def _people(rng, code_index, identified, domestic, county_lines, model: CountyModel):
    """Victim and suspect ages and sexes (blank where there is no victim or no suspect)."""
    n = len(code_index)
    kind = model.profiles["victim"][code_index]
    victim_age = np.full(n, -1)
    victim_sex = np.full(n, "", dtype=object)
    for name, bands in off.VICTIM_AGES.items():
        mask = kind == name
        k = int(mask.sum())
        victim_age[mask] = off.draw_ages(rng, bands, k)
        female = np.where(domestic[mask], 0.75, off.FEMALE_VICTIM[name])
        victim_sex[mask] = np.where(rng.random(k) < female, "F", "M")
    unknown = (kind != "") & _bernoulli(rng, np.full(n, 0.02))
    victim_age[unknown] = -1
    victim_sex[unknown] = "U"
    young = (
        np.isin(np.array(off.CODES)[code_index], ["034/01", "034/02", "010/04", "010/01", "081/01", "039/00"])
        | county_lines
    )
    suspect_age = np.where(
        young,
        off.draw_ages(rng, off.SUSPECT_AGES["young"], n),
        off.draw_ages(rng, off.SUSPECT_AGES["default"], n),
    )
    suspect_sex = np.where(rng.random(n) < np.where(domestic, 0.86, 0.80), "M", "F").astype(object)
    suspect_age[~identified] = -1
    suspect_sex[~identified] = ""
    unsure = identified & _bernoulli(rng, np.full(n, 0.03))
    suspect_age[unsure] = -1
    suspect_sex[unsure] = "U"
    return victim_age, victim_sex, suspect_age, suspect_sex


def describe(
    crimes: MonthCrimes, year: int, month: int, seed: int, model: CountyModel
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The force-extract table of a month's crimes, plus the police.uk outcome as a helper column."""
    rng = np.random.default_rng([seed, 3, year, month])
    n = len(crimes.crime_type)
    homicide = crimes.crime_type == "Homicide"
    codes = _codes_for(rng, crimes.crime_type)
    codes[homicide] = _pick(rng, off.HOMICIDE_CODES, int(homicide.sum()))
    crime_type = np.where(homicide, "Violence and sexual offences", crimes.crime_type).astype(object)
    code_index = np.array([off.CODE_INDEX[c] for c in codes], dtype=int)
    p = model.profiles
    weapon_draw = (rng.random(n)[:, None] > np.cumsum(p["weapon"][code_index], axis=1)).sum(axis=1)
    weapon = np.array(off.WEAPON_KINDS, dtype=object)[np.minimum(weapon_draw, 4)]
    domestic = _bernoulli(rng, p["domestic"][code_index])
    cl_growth = 1 + 0.06 * (year - 2019)
    county_lines = _bernoulli(rng, np.minimum(p["county_lines"][code_index] * cl_growth, 0.9))
    identified = _bernoulli(rng, p["identified"][code_index])
    times, time_text, nte = _offence_times(rng, crimes, code_index, domestic, year, month, model)
    victim_age, victim_sex, suspect_age, suspect_sex = _people(
        rng, code_index, identified, domestic, county_lines, model
    )
    homes = _suspect_homes(rng, crimes, code_index, county_lines, identified, year, model)
    order = np.lexsort((np.arange(n), times))
    width = max(5, len(str(n)))
    refs = np.array([f"{year % 100:02d}WK{month:02d}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    outcome = np.where(
        identified, _pick(rng, off.OUTCOMES_SUSPECT, n), _pick(rng, off.OUTCOMES_NO_SUSPECT, n)
    ).astype(object)
    hate = _bernoulli(rng, p["hate"][code_index])
    yn = np.array(["N", "Y"], dtype=object)
    descriptions = model.descriptions
    table = pd.DataFrame(
        {
            "crime_reference": refs,
            "force": FORCE,
            "month": f"{year:04d}-{month:02d}",
            "offence_datetime": time_text[order],
            "ho_offence_code": codes[order],
            "ho_offence_description": np.array([descriptions[c] for c in codes[order]], dtype=object),
            "crime_type": crime_type[order],
            "easting": crimes.easting[order],
            "northing": crimes.northing[order],
            "lsoa_code": crimes.lsoa_code[order],
            "weapon": weapon[order],
            "domestic": yn[domestic[order].astype(int)],
            "victim_age": pd.array(np.where(victim_age[order] < 0, pd.NA, victim_age[order]), dtype="Int64"),
            "victim_sex": victim_sex[order],
            "suspect_age": pd.array(
                np.where(suspect_age[order] < 0, pd.NA, suspect_age[order]), dtype="Int64"
            ),
            "suspect_sex": suspect_sex[order],
            "suspect_home_district": homes[order],
            "night_time_economy": yn[nte[order].astype(int)],
            "county_lines": yn[county_lines[order].astype(int)],
            "hate_crime": yn[hate[order].astype(int)],
        }
    )
    extra = pd.DataFrame(
        {
            "lon": crimes.lon[order],
            "lat": crimes.lat[order],
            "location": crimes.location[order],
            "lsoa_name": crimes.lsoa_name[order],
            "outcome": outcome[order],
        }
    )
    return table, extra
