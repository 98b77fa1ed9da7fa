"""Column dictionaries (docs/formats/<format>.md) and template CSVs (templates/<format>.csv).

Both are written from warehouse/formats.py by `python -m warehouse formats`; the example rows
below are realistic, load without error (tests/warehouse/test_templates.py) and use real
Warwickshire LSOAs. A column not named in a row takes its `example` from formats.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

from settings import PROJECT_ROOT
from warehouse.formats import FORMATS, INGEST_FORMATS, MAX_AGE_YEARS, FileFormat

TEMPLATE_DIR = PROJECT_ROOT / "templates"
DOCS_DIR = PROJECT_ROOT / "docs" / "formats"

_NO_NEEDS = {f"need_{n}": "N" for n in (
    "school_exclusion", "neet", "care_experienced", "substance_misuse", "mental_health",
    "exploitation_county_lines", "weapon_carrying", "victim_of_violence",
)}  # fmt: skip

TEMPLATE_ROWS: dict[str, list[dict[str, str]]] = {
    "police-uk": [
        {
            "Crime ID": "37a2ae1f4b2bb9c9f696fc9d6c2059132abbc7b97bfdf538b56c0192bbab8d02",
            "Month": "2022-01",
            "Longitude": "-1.292668",
            "Latitude": "52.370443",
            "Location": "On or near Keyes Drive",
            "LSOA code": "E01031125",
            "LSOA name": "Rugby 007A",
            "Crime type": "Violence and sexual offences",
            "Last outcome category": "Unable to prosecute suspect",
        },
        {
            "Crime ID": "",
            "Month": "2022-01",
            "Longitude": "-1.706676",
            "Latitude": "52.192101",
            "Location": "On or near High Street",
            "LSOA code": "E01031234",
            "LSOA name": "Stratford-on-Avon 011C",
            "Crime type": "Anti-social behaviour",
            "Last outcome category": "",
        },
        {
            "Crime ID": "5f0c9d1e2b7a4c3d8e9f00112233445566778899aabbccddeeff001122334455",
            "Month": "2022-01",
            "Longitude": "",
            "Latitude": "",
            "Location": "No Location",
            "LSOA code": "",
            "LSOA name": "",
            "Crime type": "Possession of weapons",
            "Last outcome category": "Awaiting court outcome",
        },
    ],
    "force-extract": [
        {
            "crime_reference": "23WK0012345",
            "easting": "438910",
            "northing": "286677",
            "lsoa_code": "E01031067",
        },
        {
            "crime_reference": "23WK0012346",
            "offence_datetime": "2023-06-18 01:15",
            "ho_offence_code": "034/01",
            "ho_offence_description": "Robbery of personal property",
            "crime_type": "Robbery",
            "easting": "420148",
            "northing": "254914",
            "lsoa_code": "E01031234",
            "weapon": "knife_sharp",
            "victim_age": "17",
            "victim_sex": "F",
            "suspect_age": "19",
            "suspect_sex": "M",
            "suspect_home_district": "E08000026",
            "night_time_economy": "Y",
            "county_lines": "N",
        },
        {
            "crime_reference": "23WK0012399",
            "offence_datetime": "",
            "ho_offence_code": "092/01",
            "ho_offence_description": "Trafficking in controlled drugs",
            "crime_type": "Drugs",
            "easting": "",
            "northing": "",
            "lsoa_code": "",
            "weapon": "none",
            "victim_age": "",
            "victim_sex": "",
            "suspect_age": "16",
            "suspect_sex": "M",
            "suspect_home_district": "E08000025",
            "night_time_economy": "N",
            "county_lines": "Y",
        },
    ],
    "admissions": [
        {},
        {
            "icd10_cause": "Y04",
            "age_band": "25-34",
            "sex": "F",
            "district_code": "E07000219",
            "lsoa_code": "",
            "admissions": "5",
        },
        {
            "icd10_cause": "X99",
            "age_band": "0-15",
            "sex": "M",
            "district_code": "E07000220",
            "lsoa_code": "E01031125",
            "admissions": "1",
        },
    ],
    "ae": [
        {},
        {
            "attendance_id": "A-000124",
            "hospital_site": "George Eliot Hospital",
            "attendance_datetime": "2023-06-20 14:05",
            "incident_datetime": "",
            "incident_location": "Home address",
            "incident_location_type": "home",
            "incident_district_code": "",
            "means_of_assault": "blunt_object",
            "patient_age_band": "35-49",
            "patient_sex": "F",
        },
    ],
    "cohort-people": [
        {**_NO_NEEDS, "need_school_exclusion": "Y", "need_weapon_carrying": "Y", "proven_reoffence_12m": "Y"},
        {
            **_NO_NEEDS,
            "person_id": "P000124",
            "agency": "probation",
            "entry_date": "2025-11-03",
            "age_at_entry": "22",
            "ethnicity": "Mixed",
            "home_district": "E08000026",
            "need_substance_misuse": "Y",
            "proven_reoffence_12m": "",
            "reoffence_district": "",
        },
    ],
    "cohort-interventions": [
        {},
        {
            "intervention": "Knife crime awareness",
            "pillar": "prevent",
            "level": "selected",
            "start_date": "2023-04-20",
            "end_date": "2023-04-20",
            "completed": "Y",
        },
        {
            "person_id": "P000124",
            "intervention": "Substance misuse support",
            "pillar": "long_term_support",
            "level": "indicated",
            "start_date": "2025-11-10",
            "end_date": "",
            "completed": "",
        },
    ],
    "indicators": [
        {},
        {
            "area_code": "E92000001",
            "area_name": "England",
            "area_type": "england",
            "numerator": "3990",
            "denominator": "56490048",
            "value": "7.1",
            "lower_ci": "6.9",
            "upper_ci": "7.3",
        },
    ],
}


def template_rows(fmt: FileFormat) -> list[list[str]]:
    """The example rows of a format in column order."""
    examples = {column.name: column.example for column in fmt.columns}
    return [[{**examples, **row}[name] for name in fmt.column_names] for row in TEMPLATE_ROWS[fmt.name]]


def write_template(fmt: FileFormat, directory: Path = TEMPLATE_DIR) -> Path:
    """templates/<format>.csv: the header and the example rows."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{fmt.name}.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fmt.column_names)
        writer.writerows(template_rows(fmt))
    return path


def _command_format(fmt: FileFormat) -> str:
    return next(name for name, parts in INGEST_FORMATS.items() if fmt.name in parts)


def column_dictionary(fmt: FileFormat) -> str:
    """The markdown column dictionary of a format."""
    kinds = {
        "text": "text", "month": "month `YYYY-MM`", "date": "date `YYYY-MM-DD`",
        "datetime": "date-time `YYYY-MM-DD HH:MM[:SS]`", "int": "whole number >= 0, digits only",
        "age": f"age in whole years, 0 to {MAX_AGE_YEARS}", "float": "plain decimal (`12`, `-3.75`)",
        "yn": "`Y` or `N`", "lsoa": "ONS LSOA code (E01/W01 + 6 digits)",
        "district": "ONS district code (E06/E07/E08/E09/W06 + 6 digits)", "enum": "one of the allowed values",
        "lon": "longitude, -8.7 to 1.8", "lat": "latitude, 49.8 to 60.9", "easting": "easting (m), 0 to 700000",
        "northing": "northing (m), 0 to 1300000",
    }  # fmt: skip
    lines = [
        f"# {fmt.title} (`{fmt.name}`)",
        "",
        "<!-- Written by `python -m warehouse formats` from warehouse/formats.py; edit that file. -->",
        "",
        fmt.description,
        "",
        f"- Template: [`templates/{fmt.name}.csv`](../../templates/{fmt.name}.csv)",
        f"- Load: `python -m warehouse ingest {_command_format(fmt)} FILE_OR_FOLDER... [--db PATH]`",
        f"- A reload replaces rows with the same {fmt.replace_key}.",
        "- UTF-8 CSV (a BOM is fine), comma-separated, `\"` quotes (doubled inside a quoted value), line",
        "  ends LF, CRLF or CR (old Mac), mixed or not; a quoted value may span lines. Header row with",
        "  exactly these columns (any order), then at least one data row: an empty or header-only file is",
        "  refused. Blank lines are skipped; line numbers in messages are the file's physical lines.",
        "- Months, dates and times from `SVD_EARLIEST_MONTH` (default 2010-01) to today; whole numbers in",
        "  digits only (no sign, decimal point, exponent, `0x`, `_` or spaces); decimals plain (no",
        "  exponent, `inf` or `nan`).",
        "- A file with any problem is refused with file, line and column named, and nothing from the",
        "  command is loaded.",
        "",
        "| column | kind | required | allowed values | description | example |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in fmt.columns:
        allowed = ", ".join(f"`{a}`" for a in c.allowed)
        lines.append(
            f"| `{c.name}` | {kinds[c.kind]} | {'yes' if c.required else 'no'} | {allowed} | "
            f"{c.description.replace('|', '/')} | {c.example} |"
        )
    return "\n".join(lines) + "\n"


def write_all(template_dir: Path = TEMPLATE_DIR, docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Write every format's template and column dictionary."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS.values():
        written.append(write_template(fmt, template_dir))
        path = docs_dir / f"{fmt.name}.md"
        path.write_text(column_dictionary(fmt), encoding="utf-8")
        written.append(path)
    return written
