"""The file formats the warehouse accepts: one declaration used everywhere.

The ingest validates against these columns, the sample-data generator writes them in this
order, and `python -m warehouse formats` writes the column dictionaries
(`docs/formats/<format>.md`) and template CSVs (`templates/<format>.csv`) from them.

Column kinds:
- text: any text; month: YYYY-MM; date: YYYY-MM-DD; datetime: YYYY-MM-DD HH:MM[:SS] (months,
  dates and times from SVD_EARLIEST_MONTH, default 2010-01, to today);
- int: a whole number >= 0 written in digits only (no sign, point, exponent, hex, '_' or space);
- age: an int from 0 to MAX_AGE_YEARS; float: a plain decimal (-3.75, 12; no exponent, inf, nan);
- yn: Y or N; lsoa: an ONS LSOA code (E01/W01 + 6 digits);
- district: an ONS local authority district code (E06/E07/E08/E09/W06 + 6 digits);
- enum: one of `allowed`; lon / lat / easting / northing: coordinates inside Great Britain.
`required` means the value may not be blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class FileFormat:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    # How a reload is recognised and replaced rather than added to.
    replace_key: str
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


MAX_AGE_YEARS = 120

WEAPONS = ("knife_sharp", "firearm", "corrosive", "other", "none")
SEXES = ("F", "M", "U")
PILLARS = ("prevent", "respond", "long_term_support")
LEVELS = ("universal", "selected", "indicated")
AGENCIES = ("youth_justice", "probation")
NEEDS = (
    "school_exclusion",
    "neet",
    "care_experienced",
    "substance_misuse",
    "mental_health",
    "exploitation_county_lines",
    "weapon_carrying",
    "victim_of_violence",
)
AGE_BANDS = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")
MEANS_OF_ASSAULT = ("knife_sharp", "blunt_object", "body_part", "firearm", "glass_bottle", "other", "unknown")
LOCATION_TYPES = ("street", "licensed_premises", "home", "public_transport", "school", "other")
AREA_TYPES = ("district", "county", "region", "england", "neighbour_group")

POLICE_UK = FileFormat(
    name="police-uk",
    title="data.police.uk street-level crime",
    description=(
        "Monthly street-level crime file exactly as data.police.uk publishes it, one file per "
        "force per month (`YYYY-MM-<force>-street.csv`), loose, in a folder, or in the zip "
        "archive as downloaded (one folder per month). A file is a complete snapshot of one "
        "force-month: loading it again replaces that force-month."
    ),
    replace_key="force (Falls within) and month",
    columns=(
        Column("Crime ID", "text", False, "Hashed crime identifier; blank for anti-social behaviour.", example="e0e75c1f..."),
        Column("Month", "month", True, "Month the crime was recorded.", example="2022-01"),
        Column("Reported by", "text", True, "Force that provided the record.", example="Warwickshire Police"),
        Column("Falls within", "text", True, "Force whose area the record falls within.", example="Warwickshire Police"),
        Column("Longitude", "lon", False, "Anonymised map point (WGS84); blank when no location.", example="-1.52"),
        Column("Latitude", "lat", False, "Anonymised map point (WGS84); blank when no location.", example="52.28"),
        Column("Location", "text", False, "Description of the anonymised point, e.g. 'On or near Parade'.", example="On or near Parade"),
        Column("LSOA code", "lsoa", False, "LSOA (2011) of the point; blank when no location.", example="E01031234"),
        Column("LSOA name", "text", False, "LSOA name as published (old district names may appear).", example="Warwick 010A"),
        Column("Crime type", "text", True, "data.police.uk category, e.g. 'Violence and sexual offences'.", example="Robbery"),
        Column("Last outcome category", "text", False, "Latest outcome; blank for anti-social behaviour.", example="Under investigation"),
        Column("Context", "text", False, "Free text, usually blank.", example=""),
    ),
)

FORCE_EXTRACT = FileFormat(
    name="force-extract",
    title="Force crime extract (Warwickshire Police, local, richer)",
    description=(
        "One row per recorded crime from the force's crime system, with time, Home Office "
        "offence code, location in British National Grid, weapon, victim and suspect details and "
        "the suspect's home district. One file per force per month; loading a force-month again "
        "replaces it."
    ),
    replace_key="force and month",
    columns=(
        Column("crime_reference", "text", True, "Force crime reference, unique within the force.", example="23WK0012345"),
        Column("force", "text", True, "Recording force.", example="Warwickshire Police"),
        Column("month", "month", True, "Month the crime was recorded.", example="2023-06"),
        Column("offence_datetime", "datetime", False, "Date and time the offence was committed (blank if unknown).", example="2023-06-17 23:40"),
        Column("ho_offence_code", "text", True, "Home Office offence classification code (see reference/ho_offence_codes.csv).", example="008/01"),
        Column("ho_offence_description", "text", True, "Home Office offence description.", example="Assault with injury"),
        Column("crime_type", "text", True, "The data.police.uk category the offence is published under.", example="Violence and sexual offences"),
        Column("easting", "easting", False, "British National Grid easting in metres (EPSG:27700).", example="431250"),
        Column("northing", "northing", False, "British National Grid northing in metres (EPSG:27700).", example="265430"),
        Column("lsoa_code", "lsoa", False, "LSOA (2011) of the offence location; blank when unknown.", example="E01031234"),
        Column("weapon", "enum", True, "Weapon used or threatened.", WEAPONS, example="knife_sharp"),
        Column("domestic", "yn", True, "Domestic abuse flag.", example="N"),
        Column("victim_age", "age", False, "Victim's age in years at the offence (blank if none or unknown).", example="19"),
        Column("victim_sex", "enum", False, "Victim's sex (F, M, U unknown).", SEXES, example="M"),
        Column("suspect_age", "age", False, "Suspect's age in years (blank if no suspect identified).", example="22"),
        Column("suspect_sex", "enum", False, "Suspect's sex (F, M, U unknown).", SEXES, example="M"),
        Column("suspect_home_district", "district", False, "ONS district code of the suspect's home address; may be outside the county; blank if unknown.", example="E08000026"),
        Column("night_time_economy", "yn", True, "Offence linked to the night-time economy.", example="Y"),
        Column("county_lines", "yn", True, "Offence linked to county lines drug supply.", example="N"),
        Column("hate_crime", "yn", True, "Hate-crime flag.", example="N"),
    ),
)

ADMISSIONS = FileFormat(
    name="admissions",
    title="Hospital admissions for assault (HES-like, aggregated)",
    description=(
        "Emergency hospital admissions caused by assault (ICD-10 X85-Y09; X99 is assault by a "
        "sharp object), aggregated by month, cause, age band, sex and district (and LSOA where "
        "known) of residence, one row per combination: a repeated row is refused. Counts are "
        "unsuppressed on the way in; the dashboard applies the HES rule. Loading a month again "
        "replaces that month."
    ),
    replace_key="month",
    columns=(
        Column("month", "month", True, "Month of admission.", example="2023-06"),
        Column("icd10_cause", "text", True, "ICD-10 external cause code, 3 characters (X85-Y09).", example="X99"),
        Column("age_band", "enum", True, "Patient's age band.", AGE_BANDS, example="16-24"),
        Column("sex", "enum", True, "Patient's sex (F, M, U unknown).", SEXES, example="M"),
        Column("district_code", "district", True, "ONS district of residence.", example="E07000222"),
        Column("lsoa_code", "lsoa", False, "LSOA of residence where supplied.", example="E01031234"),
        Column("admissions", "int", True, "Number of admissions (0 or more).", example="3"),
    ),
)

AE = FileFormat(
    name="ae",
    title="A&E assault attendances (ISTV minimum dataset, ISB 1594)",
    description=(
        "One row per emergency department attendance for assault, as shared under Information "
        "Sharing to Tackle Violence: attendance and incident times, incident location, means of "
        "assault. Rows are keyed by attendance_id: loading an attendance again replaces it."
    ),
    replace_key="attendance_id",
    columns=(
        Column("attendance_id", "text", True, "Pseudonymised attendance identifier.", example="A-000123"),
        Column("hospital_site", "text", True, "Emergency department.", example="Warwick Hospital"),
        Column("attendance_datetime", "datetime", True, "Arrival at the emergency department.", example="2023-06-18 00:55"),
        Column("incident_datetime", "datetime", False, "When the assault happened (blank if not recorded).", example="2023-06-17 23:40"),
        Column("incident_location", "text", False, "Where the assault happened, as described (venue, street, town).", example="High Street, Nuneaton"),
        Column("incident_location_type", "enum", True, "Kind of place.", LOCATION_TYPES, example="licensed_premises"),
        Column("incident_district_code", "district", False, "ONS district of the incident location where it could be coded.", example="E07000219"),
        Column("means_of_assault", "enum", True, "Primary means of assault.", MEANS_OF_ASSAULT, example="body_part"),
        Column("patient_age_band", "enum", True, "Patient's age band.", AGE_BANDS, example="16-24"),
        Column("patient_sex", "enum", True, "Patient's sex.", SEXES, example="M"),
    ),
)

COHORT_PEOPLE = FileFormat(
    name="cohort-people",
    title="Youth justice / probation cohort: people",
    description=(
        "One row per pseudonymised person in the cohort, with needs and risk factors as Y/N and "
        "proven reoffending within 12 months of entry (blank while the 12 months have not passed). "
        "Part of the `cohort` format; a person loaded again replaces their earlier rows."
    ),
    replace_key="person_id",
    columns=(
        Column("person_id", "text", True, "Pseudonymised person identifier.", example="P000123"),
        Column("agency", "enum", True, "Youth Justice or Probation.", AGENCIES, example="youth_justice"),
        Column("entry_date", "date", True, "Date the person entered the cohort (start of supervision).", example="2023-04-12"),
        Column("age_at_entry", "age", True, "Age in years at entry.", example="16"),
        Column("sex", "enum", True, "Sex (F, M, U unknown).", SEXES, example="M"),
        Column("ethnicity", "text", True, "Ethnic group (ONS 5 groups or 'Not stated').", example="White"),
        Column("home_district", "district", True, "ONS district of home address; may be outside the county.", example="E07000219"),
        *(Column(f"need_{need}", "yn", True, f"Need or risk factor: {need.replace('_', ' ')}.", example="N") for need in NEEDS),
        Column("proven_reoffence_12m", "yn", False, "Proven reoffence within 12 months of entry; blank if follow-up incomplete.", example="N"),
        Column("reoffence_district", "district", False, "District of the first proven reoffence, if any.", example="E08000026"),
    ),
)

COHORT_INTERVENTIONS = FileFormat(
    name="cohort-interventions",
    title="Youth justice / probation cohort: interventions",
    description=(
        "One row per intervention received by a cohort member. Part of the `cohort` format; "
        "loading a person's interventions again replaces them."
    ),
    replace_key="person_id",
    columns=(
        Column("person_id", "text", True, "Pseudonymised person identifier (must be in the people file or already loaded).", example="P000123"),
        Column("intervention", "text", True, "Programme name.", example="Mentoring"),
        Column("pillar", "enum", True, "Strategy pillar.", PILLARS, example="respond"),
        Column("level", "enum", True, "Universal, selected or indicated.", LEVELS, example="indicated"),
        Column("start_date", "date", True, "Start date.", example="2023-05-01"),
        Column("end_date", "date", False, "End date (blank if ongoing).", example="2023-09-30"),
        Column("completed", "yn", False, "Completed as planned (blank if ongoing).", example="Y"),
    ),
)

INDICATORS = FileFormat(
    name="indicators",
    title="Indicator values for benchmarking",
    description=(
        "Published or computed values of outcome indicators for Warwickshire, its districts, the "
        "region, England and neighbours. Loading a value for the same indicator, area and period "
        "again replaces it."
    ),
    replace_key="indicator_id, area_code, period_start, period_end",
    columns=(
        Column("indicator_id", "text", True, "Indicator identifier from the catalogue (reference/indicators.csv).", example="sv_knife_admissions"),
        Column("area_code", "text", True, "A district's ONS code, E92000001 England, an E12 region (E12000005 West Midlands), E10000031 Warwickshire, or NEIGHBOURS (the neighbour group); must agree with area_type.", example="E10000031"),
        Column("area_name", "text", True, "Area name.", example="Warwickshire"),
        Column("area_type", "enum", True, "Kind of area.", AREA_TYPES, example="county"),
        Column("period_label", "text", True, "Period as published, e.g. '2023/24'.", example="2023/24"),
        Column("period_start", "date", True, "First day of the period.", example="2023-04-01"),
        Column("period_end", "date", True, "Last day of the period (not before period_start).", example="2024-03-31"),
        Column("numerator", "float", False, "Count, 0 or more (blank if suppressed at source).", example="41"),
        Column("denominator", "float", False, "Population or base, 0 or more.", example="596773"),
        Column("value", "float", False, "Indicator value in the catalogue's unit.", example="6.9"),
        Column("lower_ci", "float", False, "Lower 95% confidence limit; not above value.", example="4.9"),
        Column("upper_ci", "float", False, "Upper 95% confidence limit; not below value or lower_ci.", example="9.3"),
        Column("source", "text", True, "Publisher and table.", example="OHID Fingertips"),
    ),
)

FORMATS: dict[str, FileFormat] = {
    f.name: f for f in (POLICE_UK, FORCE_EXTRACT, ADMISSIONS, AE, COHORT_PEOPLE, COHORT_INTERVENTIONS, INDICATORS)
}

# The `cohort` command-line format takes both cohort files; each file is recognised by its header.
INGEST_FORMATS: dict[str, tuple[str, ...]] = {
    "police-uk": ("police-uk",),
    "force-extract": ("force-extract",),
    "admissions": ("admissions",),
    "ae": ("ae",),
    "cohort": ("cohort-people", "cohort-interventions"),
    "indicators": ("indicators",),
}
