"""OHID Fingertips exports as analysts download them (issue #17): the CSV of the Download button.

Two files, each in one of the two header versions Fingertips has published:
- counties (newer export, with 'Time period range'; parent: the West Midlands region): 11201 hospital
  admissions for violence, directly standardised per 100,000 and pooled over three financial years
  ('2020/21 - 22/23'), and 10401 first-time entrants to the youth justice system per 100,000 aged 10-17
  by calendar year, for England, the region, Warwickshire and two other counties (benchmarks); with
  one England row by deprivation decile (a category row);
- districts (older export, no 'Time period range'; parent: Warwickshire): 11202 violence offences per
  1,000 by financial year, for England, Warwickshire and its five districts.
The export date is in the file name (the first day of the month after the last sample month).
Values are Poisson draws around a trend, with Byar 95% and 99.8% limits; comparisons and the recent
trend are worded as Fingertips words them. Deterministic for a seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data.csvout import write_csv
from sample_data.geography import warwickshire_districts
from warehouse.formats import FINGERTIPS, FINGERTIPS_PARENT_COLUMN

Z95, Z998 = 1.959964, 3.090232
COUNTIES = "Counties & UAs (from Apr 2023)"
DISTRICTS = "Districts & UAs (from Apr 2023)"
ENGLAND = ("E92000001", "England", "England", "", "")
REGION = ("E12000005", "West Midlands region", "Regions (statistical)", "E92000001", "England")
WARWICKSHIRE = ("E10000031", "Warwickshire", COUNTIES, "E12000005", "West Midlands region")
OTHER_COUNTIES = (  # benchmarks beside Warwickshire: (code, name, type, parent), with residents
    (("E10000034", "Worcestershire", COUNTIES, "E12000005", "West Midlands region"), 603_700),
    (("E10000018", "Leicestershire", COUNTIES, "E12000004", "East Midlands region"), 712_300),
)
POPULATION = {"E92000001": 56_490_048, "E12000005": 5_950_757, "E10000031": 596_773}
SHARE_AGED_10_17 = 0.092
# Fingertips id -> (name, per, England value at the first period, area ratio to England by code, yearly change)
SPECS = {
    11201: ("Violent crime - hospital admissions for violence (including sexual violence)", 100_000, 44.0,
            {"E12000005": 1.12, "E10000031": 0.78, "E10000034": 0.85, "E10000018": 0.8}, -0.03),
    10401: ("First time entrants to the youth justice system", 100_000, 210.0,
            {"E12000005": 1.05, "E10000031": 0.8}, -0.06),
    11202: ("Violent crime - violence offences per 1,000 population", 1_000, 30.0,
            {"E10000031": 0.8, "E07000218": 0.9, "E07000219": 1.1, "E07000220": 0.85, "E07000221": 0.55,
             "E07000222": 0.65}, 0.04),
}


def _byar(count: float, z: float) -> tuple[float, float]:
    """Byar's approximation to exact Poisson limits for a count."""
    lower = count * (1 - 1 / (9 * count) - z / (3 * np.sqrt(count))) ** 3 if count > 0 else 0.0
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * np.sqrt(count + 1))) ** 3
    return float(lower), float(upper)


def _compare(row: dict, comparator: dict | None) -> str:
    """Fingertips' words for a lower-is-better comparison at 95%."""
    if comparator is None or row["Value"] == "":
        return "Not compared"
    if row["Upper CI 95.0 limit"] < comparator["Value"]:
        return "Better 95%"
    if row["Lower CI 95.0 limit"] > comparator["Value"]:
        return "Worse 95%"
    return "Similar"


def _trend(rows: list[dict], index: int, dsr: bool) -> str:
    """A recent trend in Fingertips' words: the latest five points of the area up to this one."""
    if dsr or index < 4:
        return "Cannot be calculated"
    first, last = rows[index - 4], rows[index]
    if last["Lower CI 99.8 limit"] > first["Upper CI 99.8 limit"]:
        return "Increasing and getting worse"
    if last["Upper CI 99.8 limit"] < first["Lower CI 99.8 limit"]:
        return "Decreasing and getting better"
    return "No significant change"


def _value_row(rng, indicator: int, area: tuple, period: tuple[str, int, str], step: int, population: float,
               years: int) -> dict:
    name, per, england, ratios, change = SPECS[indicator]
    code, area_name, area_type, parent_code, parent_name = area
    expected = england * ratios.get(code, 1.0) * (1 + change) ** step
    count = int(rng.poisson(expected * population * years / per))
    scale = per / (population * years)
    (l95, u95), (l998, u998) = _byar(count, Z95), _byar(count, Z998)
    label, sortable, time_range = period
    return {
        "Indicator ID": indicator, "Indicator Name": name, "Parent Code": parent_code, "Parent Name": parent_name,
        "Area Code": code, "Area Name": area_name, "Area Type": area_type, "Sex": "Persons",
        "Age": "10-17 yrs" if indicator == 10401 else "All ages", "Category Type": "", "Category": "",
        "Time period": label, "Value": round(count * scale, 4), "Lower CI 95.0 limit": round(l95 * scale, 4),
        "Upper CI 95.0 limit": round(u95 * scale, 4), "Lower CI 99.8 limit": round(l998 * scale, 4),
        "Upper CI 99.8 limit": round(u998 * scale, 4), "Count": count, "Denominator": round(population * years),
        "Value note": "", "Time period Sortable": sortable, "New data": "", "Compared to goal": "",
        "Time period range": time_range,
    }


def _series(rng, indicator: int, areas: list[tuple[tuple, float]], periods: list[tuple[str, int, str]],
            years: int, parents: dict[str, str]) -> list[dict]:
    """Every area's rows for every period, with comparisons against England and the parent."""
    by_area = {area[0]: [_value_row(rng, indicator, area, period, step, population, years)
                         for step, period in enumerate(periods)] for area, population in areas}
    rows = []
    for code, series in by_area.items():
        for index, row in enumerate(series):
            parent = by_area.get(parents.get(code, ""))
            england = by_area["E92000001"][index] if code != "E92000001" else None
            row["Recent Trend"] = _trend(series, index, dsr=indicator == 11201)
            row["Compared to England value or percentiles"] = _compare(row, england)
            row[FINGERTIPS_PARENT_COLUMN] = _compare(row, parent[index] if parent else None)
            rows.append(row)
    return rows


def _last_complete_fy(end: str) -> int:
    year, month = (int(part) for part in end.split("-"))
    return year - 1 if month >= 3 else year - 2


def _counties(rng, end: str) -> list[dict]:
    last_fy = _last_complete_fy(end)
    pooled = [(f"{y}/{(y + 1) % 100:02d} - {(y + 2) % 100:02d}/{(y + 3) % 100:02d}", y * 10000, "3y")
              for y in range(2016, last_fy - 1)]
    counties = [(ENGLAND, POPULATION["E92000001"]), (REGION, POPULATION["E12000005"]),
                (WARWICKSHIRE, POPULATION["E10000031"]), *OTHER_COUNTIES]
    parents = {"E10000031": "E12000005", "E10000034": "E12000005"}
    rows = _series(rng, 11201, counties, pooled, 3, parents)
    last_year = int(end[:4]) - 1
    calendar = [(str(y), y * 10000, "1y") for y in range(2019, last_year + 1)]
    young = [(area, population * SHARE_AGED_10_17) for area, population in counties[:3]]
    rows += _series(rng, 10401, young, calendar, 1, parents)
    decile = dict(rows[len(pooled) - 1])  # England's latest 11201 value, for its most deprived decile
    decile.update({"Category Type": "County & UA deprivation deciles in England (IMD2019, 4/23 geography)",
                   "Category": "Most deprived decile", "Compared to England value or percentiles": "Worse 95%"})
    for column in ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit",
                   "Upper CI 99.8 limit"):
        decile[column] = round(decile[column] * 1.8, 4)
    decile["Count"], decile["Denominator"] = round(decile["Count"] * 0.18), round(decile["Denominator"] / 10)
    return rows + [decile]


def _districts(rng, geo, end: str) -> list[dict]:
    last_fy = _last_complete_fy(end)
    years = [(f"{y}/{(y + 1) % 100:02d}", y * 10000, "1y") for y in range(2019, last_fy + 1)]
    population = geo.population.groupby("lad_code")["usual_residents"].sum()
    districts = [((code, geo.district_names.get(code, name), DISTRICTS, "E10000031", "Warwickshire"),
                  float(population.get(code, 100_000))) for code, name in warwickshire_districts().items()]
    areas = [(ENGLAND, POPULATION["E92000001"]), (WARWICKSHIRE, POPULATION["E10000031"]), *districts]
    return _series(rng, 11202, areas, years, 1, {code: "E10000031" for (code, *_), _ in districts})


def _write(rows: list[dict], path, parent_column: str, with_range: bool, manifest) -> None:
    """One export, with the parent column under its published name."""
    columns = [c for c in FINGERTIPS.column_names if with_range or c != "Time period range"]
    published = [parent_column if c == FINGERTIPS_PARENT_COLUMN else c for c in columns]
    table = pd.DataFrame(rows, columns=columns).set_axis(published, axis=1)
    manifest.add(path, "fingertips", write_csv(table, path, published))


def write_fingertips(out_dir, geo, end: str, seed: int, manifest) -> None:
    """fingertips/fingertips-counties-<date>.csv and fingertips/fingertips-districts-<date>.csv."""
    rng = np.random.default_rng([seed, 40])
    year, month = (int(part) for part in end.split("-"))
    exported = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01"
    folder = out_dir / "fingertips"
    _write(_counties(rng, end), folder / f"fingertips-counties-{exported}.csv",
           "Compared to West Midlands region value or percentiles", True, manifest)
    _write(_districts(rng, geo, end), folder / f"fingertips-districts-{exported}.csv",
           "Compared to Warwickshire value or percentiles", False, manifest)
