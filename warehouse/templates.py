"""Column dictionaries (docs/formats/<format>.md) and template CSVs (templates/<format>.csv).

Both are written from warehouse/formats.py by `python -m warehouse formats`; the example rows
below are realistic, load without error (tests/warehouse/test_templates.py) and use real
Warwickshire LSOAs. A column not named in a row takes its `example` from formats.py.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from settings import PROJECT_ROOT
from warehouse.formats import FORMATS, INGEST_FORMATS, MAX_AGE_YEARS, FileFormat
from warehouse.workbooks import sheets_of_command, write_sheets

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
    # A Fingertips export as downloaded (only its parent column's name varies); Warwickshire, then England.
    "fingertips": [
        {},
        {
            "Parent Code": "", "Parent Name": "", "Area Code": "E92000001", "Area Name": "England",
            "Area Type": "England", "Value": "398.7", "Lower CI 95.0 limit": "397.5", "Upper CI 95.0 limit": "399.9",
            "Lower CI 99.8 limit": "396.8", "Upper CI 99.8 limit": "400.6", "Count": "449913",
            "Denominator": "112847251", "Compared to England value or percentiles": "Not compared",
            "Compared to parent value or percentiles": "Not compared",
        },
    ],
    # Illustrative numbers, not the Census figures: download TS021 from the ONS for the real ones.
    "census-ethnicity": [
        {"Ethnic group Code": "3", "Ethnic group": "Asian, Asian British or Asian Welsh: Indian", "Observation": "7500"},
        {},
        {"Ethnic group Code": "14", "Ethnic group": "White: Irish", "Observation": "1200"},
    ],
    # The strategy's own machinery (issue #14): one workbook per command, its sheets also as CSV.
    "delivery-actions": [
        {},
        {
            "action_id": "R2.01", "action": "Custody navigators for young people arrested for violence or "
            "drug supply", "pillar": "respond", "strategic_priority": "Tackle county lines and exploitation",
            "level": "indicated", "lead_agency": "Warwickshire Youth Justice Service",
            "owner": "Head of Youth Justice", "start_date": "2024-10-01", "due_date": "2025-09-30",
            "status": "off_track", "latest_update": "Custody navigator post vacant since June; recruitment under way.",
            "status_date": "2025-09-12", "indicator_ids": "cohort_reoffending",
        },
        {
            "action_id": "L3.02", "action": "Commission a support service for families bereaved by homicide",
            "pillar": "long_term_support", "strategic_priority": "Support victims and families",
            "level": "universal", "lead_agency": "Warwickshire County Council", "owner": "Community Safety Manager",
            "start_date": "2027-04-01", "due_date": "2029-03-31", "status": "not_started", "latest_update": "",
            "status_date": "2025-09-12", "indicator_ids": "",
        },
    ],
    "delivery-milestones": [
        {},
        {"milestone": "Evaluation report to the Strategic Group", "due_date": "2026-03-31", "completed_date": ""},
        {"action_id": "R2.01", "milestone": "Custody navigator in post", "due_date": "2025-01-31",
         "completed_date": "2025-02-14"},
    ],
    "fund-budget": [
        {},
        {"source": "pcc_match", "funder": "Office of the Police and Crime Commissioner for Warwickshire",
         "amount_gbp": "60000", "note": "Match funding agreed"},
        {"source": "partner", "funder": "Warwickshire County Council Public Health", "amount_gbp": "12500.00",
         "note": ""},
    ],
    "fund-projects": [
        {},
        {"project_id": "CF-02", "project_name": "Knife crime education in secondary schools",
         "provider": "Warwickshire Education Services", "pillar": "prevent", "level": "universal",
         "district_code": "E10000031", "start_date": "2025-09-01", "end_date": "2026-07-31"},
    ],
    "fund-quarters": [
        {},
        {"quarter": "Q3", "committed_gbp": "9500", "spent_gbp": "", "people_reached": ""},
    ],
    "owhr-reviews": [
        {},
        {"review_id": "OWHR-2025-03", "crime_reference": "", "aware_date": "2025-10-20",
         "review_required": "pending", "decision_date": "", "home_office_notified_date": "",
         "stage": "awaiting_decision", "review_partners": "", "completed_date": ""},
        {"review_id": "OWHR-2024-01", "crime_reference": "24WK0009120", "aware_date": "2024-08-02",
         "review_required": "no", "decision_date": "2024-08-20",
         "not_required_reason": "Domestic homicide review held instead (s.26)",
         "home_office_notified_date": "2024-08-22", "stage": "not_required"},
    ],
    "owhr-recommendations": [
        {},
        {"recommendation_id": "OWHR-2025-02-R2", "recommendation": "Review the information-sharing agreement "
         "between the police and the youth justice service", "owner": "Warwickshire Police",
         "due_date": "2026-01-31", "status": "complete", "completed_date": "2026-01-20"},
    ],
    "training-sessions": [
        {},
        {"session_id": "TR-0043", "session_date": "2025-02-19", "agency": "GP practices (North Warwickshire)",
         "district_code": "E07000218", "topic": "serious_violence_duty", "delivery_mode": "online",
         "practitioners_trained": "31"},
    ],
    "police-uk-outcomes": [
        {
            "Crime ID": "37a2ae1f4b2bb9c9f696fc9d6c2059132abbc7b97bfdf538b56c0192bbab8d02",
            "Month": "2022-03", "Longitude": "-1.292668", "Latitude": "52.370443",
            "Location": "On or near Keyes Drive", "LSOA code": "E01031125", "LSOA name": "Rugby 007A",
            "Outcome type": "Suspect charged",
        },
        {
            "Crime ID": "5f0c9d1e2b7a4c3d8e9f00112233445566778899aabbccddeeff001122334455",
            "Month": "2022-03", "Longitude": "", "Latitude": "", "Location": "No Location", "LSOA code": "",
            "LSOA name": "", "Outcome type": "Investigation complete; no suspect identified",
        },
    ],
    "police-uk-stop-search": [
        {},
        {
            "Type": "Person and Vehicle search", "Date": "2022-01-15T01:05:00+00:00",
            "Part of a policing operation": "", "Latitude": "", "Longitude": "", "Gender": "Female",
            "Age range": "25-34", "Self-defined ethnicity": "Asian/Asian British - Indian",
            "Officer-defined ethnicity": "Asian", "Legislation": "Misuse of Drugs Act 1971 (section 23)",
            "Object of search": "Controlled drugs", "Outcome": "Community resolution",
            "Outcome linked to object of search": "True", "Removal of more than just outer clothing": "False",
        },
    ],
    "training-referrals": [
        {},
        {"month": "2025-03", "agency": "South Warwickshire University NHS Foundation Trust",
         "district_code": "E07000222", "referrals": "0"},
    ],
}


def template_rows(fmt: FileFormat) -> list[list[str]]:
    """The example rows of a format in column order."""
    examples = {column.name: column.example for column in fmt.columns}
    return [[{**examples, **row}[name] for name in fmt.column_names] for row in TEMPLATE_ROWS[fmt.name]]


def template_path(fmt: FileFormat, directory: Path = TEMPLATE_DIR) -> Path:
    """templates/<format>.csv, or the name the format requires (stop and search: force and month)."""
    return directory / fmt.extra.get("template_name", f"{fmt.name}.csv")


def write_template(fmt: FileFormat, directory: Path = TEMPLATE_DIR) -> Path:
    """templates/<format>.csv: the header and the example rows."""
    directory.mkdir(parents=True, exist_ok=True)
    path = template_path(fmt, directory)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fmt.column_names)
        writer.writerows(template_rows(fmt))
    return path


def _command_format(fmt: FileFormat) -> str:
    return next(name for name, parts in INGEST_FORMATS.items() if fmt.name in parts)


def _reload_lines(fmt: FileFormat) -> list[str]:
    """How a reload replaces, and for a workbook's sheet how the workbook is read."""
    sheet = fmt.extra.get("sheet")
    if fmt.extra.get("name_pattern"):
        return [f"- The file name must be `YYYY-MM-<force>-{fmt.extra['suffix'].lstrip('-')}`: the force and month",
                "  are read from it. A reload replaces rows with the same force and month."]
    if not sheet:
        return [f"- A reload replaces rows with the same {fmt.replace_key}."]
    command = _command_format(fmt)
    return [
        "- A reload replaces the whole table: the file (or sheet) is the complete record.",
        (f"- Also read as sheet `{sheet}` of an .xlsx workbook (template: "
         f"[`templates/{command}.xlsx`](../../templates/{command}.xlsx)); row 1 is the header and a"),
        "  message names the workbook, sheet, row and column. Dates may be Excel dates; formulas are read as",
        "  their last calculated value; a line break inside a cell is read as a space.",
    ]


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
        "plan_date": "date `YYYY-MM-DD`, may be ahead (to 10 years after today)",
        "number": "number (`12`, `-3.75`, `1.5E-05`)", "area": "ONS area code (a letter + 8 digits)",
        "isodatetime": "date-time `YYYY-MM-DDTHH:MM[:SS]` with optional offset (`+00:00`, `Z`)",
    }  # fmt: skip
    lines = [
        f"# {fmt.title} (`{fmt.name}`)",
        "",
        "<!-- Written by `python -m warehouse formats` from warehouse/formats.py; edit that file. -->",
        "",
        fmt.description,
        "",
        f"- Template: [`templates/{template_path(fmt).name}`](../../templates/{template_path(fmt).name})",
        f"- Load: `python -m warehouse ingest {_command_format(fmt)} FILE_OR_FOLDER... [--db PATH]`",
        *_reload_lines(fmt),
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
        required = "yes" if c.required else ("no (the column may be absent)" if c.absent_ok else "no")
        lines.append(
            f"| `{c.name}` | {kinds[c.kind]} | {required} | {allowed} | "
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
    for command in WORKBOOK_COMMANDS:
        written.append(write_workbook_template(command, template_dir))
    return written


def _typed(value: str, kind: str):
    """A template value as Excel holds it: real dates and numbers, blank cells for blanks."""
    if value == "":
        return None
    if kind in ("date", "plan_date"):
        return dt.date.fromisoformat(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


WORKBOOK_COMMANDS = tuple(command for command in INGEST_FORMATS if sheets_of_command(command))


def write_workbook_template(command: str, directory: Path = TEMPLATE_DIR) -> Path:
    """templates/<command>.xlsx: a sheet per format with the example rows and drop-down lists of
    allowed values, and an 'about' sheet (ignored by the ingest) saying how it is read."""
    sheets, choices = {}, {}
    for sheet, name in sheets_of_command(command).items():
        fmt = FORMATS[name]
        kinds = [column.kind for column in fmt.columns]
        rows = [[_typed(value, kind) for value, kind in zip(row, kinds, strict=True)] for row in template_rows(fmt)]
        sheets[sheet] = (fmt.column_names, rows)
        choices[sheet] = {c.name: c.allowed for c in fmt.columns if c.allowed}
    notes = [
        f"Template of the '{command}' workbook: python -m warehouse ingest {command} FILE.xlsx",
        ("Each sheet is one format; its column dictionary is docs/formats/<format>.md. Sheets not named "
         "here (like this one) are ignored."),
        *(f"Sheet '{sheet}': format {name} ({FORMATS[name].title})." for sheet, name in sheets_of_command(command).items()),
        ("Row 1 is the header. Dates as dates or YYYY-MM-DD text; codes as in the drop-down lists. "
         "Every load of a sheet replaces what was loaded from it before."),
        "A workbook with any problem is refused with the sheet, row and column named; nothing is loaded.",
    ]
    return write_sheets(directory / f"{command}.xlsx", sheets, notes, choices)
