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
- isodatetime: YYYY-MM-DDTHH:MM[:SS] with an optional UTC offset (+00:00, Z), as data.police.uk
  writes stop-and-search dates, in the range of dates;
- enum: one of `allowed`; lon / lat / easting / northing: coordinates inside Great Britain;
- plan_date: a date YYYY-MM-DD that may lie ahead (due dates), from SVD_EARLIEST_MONTH to ten years
  after today; number: a decimal that may carry an exponent (1.5E-05), as published exports write them;
- area: an ONS (GSS) area code, a letter and 8 digits (E92000001, E12000005, E10000031, E07000222).
`required` means the value may not be blank; `absent_ok` that the column may be missing from the header
(newer and older versions of a published export). A format with `extra["header_patterns"]`
({canonical name: regex}) accepts a column whose published name varies (Fingertips names its parent
comparison after the parent) under its canonical name; the name as published is kept with the file. A format with `extra["sheet"]` may also arrive as that
sheet of an .xlsx workbook (warehouse/workbooks.py turns the sheet into the canonical CSV first).
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
    absent_ok: bool = False


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
    extra={"suffix": "-street.csv"},
)

# The other two files of a data.police.uk download, taken from the same folders and archives as
# the street files (`extra["suffix"]` names each file's ending; a file is matched by it, then by
# its header). Value sets as data.police.uk documents them (https://data.police.uk/about/).
SEARCH_TYPES = ("Person search", "Person and Vehicle search", "Vehicle search")
SEARCH_GENDERS = ("Male", "Female", "Other")
SEARCH_AGE_RANGES = ("under 10", "10-17", "18-24", "25-34", "over 34")
OFFICER_ETHNICITIES = ("Asian", "Black", "Mixed", "Other", "White")
TRUE_FALSE = ("True", "False")

POLICE_UK_OUTCOMES = FileFormat(
    name="police-uk-outcomes",
    title="data.police.uk outcomes",
    description=(
        "Monthly outcomes file exactly as data.police.uk publishes it (`YYYY-MM-<force>-outcomes.csv`), "
        "one row per outcome recorded in the month for a crime of that or an earlier month, linked to "
        "the street file by Crime ID. Loose, in a folder or in the zip archive as downloaded, next to "
        "the street files (`ingest police-uk` takes all three kinds). A file is a complete snapshot of "
        "one force-month of outcomes: loading it again replaces that force-month. A crime's latest "
        "outcome is the one of its latest month (the last line of that month's file on a tie)."
    ),
    replace_key="force (Falls within) and month",
    columns=(
        Column("Crime ID", "text", True, "Hashed crime identifier, as in the street file.", example="e0e75c1f..."),
        Column("Month", "month", True, "Month the outcome was recorded.", example="2022-03"),
        Column("Reported by", "text", True, "Force that provided the record.", example="Warwickshire Police"),
        Column("Falls within", "text", True, "Force whose area the record falls within.", example="Warwickshire Police"),
        Column("Longitude", "lon", False, "Anonymised map point (WGS84) of the crime.", example="-1.52"),
        Column("Latitude", "lat", False, "Anonymised map point (WGS84) of the crime.", example="52.28"),
        Column("Location", "text", False, "Description of the anonymised point.", example="On or near Parade"),
        Column("LSOA code", "lsoa", False, "LSOA (2011) of the point; blank when no location.", example="E01031234"),
        Column("LSOA name", "text", False, "LSOA name as published.", example="Warwick 010A"),
        Column("Outcome type", "text", True, "data.police.uk outcome category (see reference/outcome_groups.csv; "
               "an unknown category loads as 'other' and is named in the report).", example="Suspect charged"),
    ),
    extra={"suffix": "-outcomes.csv"},
)

POLICE_UK_STOP_SEARCH = FileFormat(
    name="police-uk-stop-search",
    title="data.police.uk stop and search",
    description=(
        "Monthly stop-and-search file exactly as data.police.uk publishes it "
        "(`YYYY-MM-<force>-stop-and-search.csv`), one row per search. The file has no force or month "
        "column: both are read from the file name, which must keep that form, and the month is the "
        "month the search counts in. Searches are placed in an LSOA and district from their coordinates "
        "(point in the reference polygons). A file is a complete snapshot of one force-month: loading it "
        "again replaces that force-month."
    ),
    replace_key="force and month of the file name",
    columns=(
        Column("Type", "enum", True, "What was searched.", SEARCH_TYPES, example="Person search"),
        Column("Date", "isodatetime", True, "Date and time of the search (UTC).", example="2022-01-14T21:30:00+00:00"),
        Column("Part of a policing operation", "enum", False, "True or False; often blank.", TRUE_FALSE, example="False"),
        Column("Policing operation", "text", False, "Name of the operation.", example=""),
        Column("Latitude", "lat", False, "Anonymised map point (WGS84); blank when no location.", example="52.28"),
        Column("Longitude", "lon", False, "Anonymised map point (WGS84); blank when no location.", example="-1.52"),
        Column("Gender", "enum", False, "Gender of the person searched.", SEARCH_GENDERS, example="Male"),
        Column("Age range", "enum", False, "Age range of the person searched.", SEARCH_AGE_RANGES, example="18-24"),
        Column("Self-defined ethnicity", "text", False, "Ethnicity the person gave (the 18+1 Census categories, "
               "'<group> - <category>').", example="White - English/Welsh/Scottish/Northern Irish/British"),
        Column("Officer-defined ethnicity", "enum", False, "Ethnicity the officer recorded.", OFFICER_ETHNICITIES,
               example="White"),
        Column("Legislation", "text", False, "Power used.", example="Police and Criminal Evidence Act 1984 (section 1)"),
        Column("Object of search", "text", False, "What the officer was looking for (see "
               "reference/stop_search_objects.csv for the weapon searches).", example="Offensive weapons"),
        Column("Outcome", "text", False, "What happened after the search.", example="A no further action disposal"),
        Column("Outcome linked to object of search", "enum", False, "True when the outcome was linked to the object "
               "searched for (the object was found).", TRUE_FALSE, example="False"),
        Column("Removal of more than just outer clothing", "enum", False, "True or False.", TRUE_FALSE, example="False"),
    ),
    extra={"suffix": "-stop-and-search.csv", "template_name": "2022-01-warwickshire-stop-and-search.csv",
           "name_pattern": r"(?P<month>[0-9]{4}-[0-9]{2})-(?P<force>[a-z0-9-]+?)-stop-and-search\.csv"},
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

# OHID Fingertips "Export data" CSV, loaded as downloaded (issue #17). The parent comparison column is
# named after the parent ("Compared to West Midlands region value or percentiles"); newer exports add
# "Time period range".
FINGERTIPS_PARENT_COLUMN = "Compared to parent value or percentiles"
FINGERTIPS = FileFormat(
    name="fingertips",
    title="OHID Fingertips data export (CSV, as downloaded)",
    description=(
        "The CSV that OHID Fingertips exports (the Download button of a profile, or the API's "
        "`all_data/csv`), loaded as downloaded: every value, confidence limit, count, denominator and "
        "comparison is kept as Fingertips published it, and pooled periods ('2020/21 - 22/23') are kept as "
        "published with their sortable key, never turned into one year. The parent comparison column is "
        "named after the parent ('Compared to West Midlands region value or percentiles', 'Compared to "
        "CIPFA nearest neighbours value or percentiles'); its name as published is kept with the file. "
        "Older exports have no 'Time period range'. Rows of the Fingertips indicators that "
        "reference/fingertips_indicators.csv maps onto the catalogue are loaded for every area in the file "
        "(Warwickshire, its districts, England, the region and any other area, kept as benchmarks); rows of "
        "other indicators, and exact repeats of a row, are counted as skipped. The export date shown as the "
        "source is a date in the file name (YYYY-MM-DD or YYYYMMDD), else the file's modification date. "
        "Loading a row for the same indicator, area, sex, age, category and time period again replaces it."
    ),
    replace_key="Indicator ID, Area Code, Sex, Age, Category Type, Category and Time period",
    extra={"header_patterns": {
        FINGERTIPS_PARENT_COLUMN: r"Compared to (?!England value or percentiles$).+ value or percentiles",
    }},
    columns=(
        Column("Indicator ID", "int", True, "Fingertips indicator id (11201, 11202, 10401, ...).", example="11201"),
        Column("Indicator Name", "text", True, "Indicator name as published.",
               example="Violent crime - hospital admissions for violence (including sexual violence)"),
        Column("Parent Code", "text", False, "Code of the area's parent (blank for England).", example="E12000005"),
        Column("Parent Name", "text", False, "Name of the parent.", example="West Midlands region"),
        Column("Area Code", "area", True, "ONS code of the area.", example="E10000031"),
        Column("Area Name", "text", True, "Area name.", example="Warwickshire"),
        Column("Area Type", "text", True, "Fingertips area type.", example="Counties & UAs (from Apr 2023)"),
        Column("Sex", "text", True, "Persons, Male or Female.", example="Persons"),
        Column("Age", "text", True, "Age group as published.", example="All ages"),
        Column("Category Type", "text", False, "Inequality breakdown (blank for the area's own value).", example=""),
        Column("Category", "text", False, "Category of the breakdown.", example=""),
        Column("Time period", "text", True, "Period as published; pooled periods as '2020/21 - 22/23'.",
               example="2020/21 - 22/23"),
        Column("Value", "number", False, "Value in the indicator's unit (blank when suppressed or missing).",
               example="412.3"),
        Column("Lower CI 95.0 limit", "number", False, "Lower 95% confidence limit; not above Value.", example="398.6"),
        Column("Upper CI 95.0 limit", "number", False, "Upper 95% confidence limit; not below Value.", example="426.3"),
        Column("Lower CI 99.8 limit", "number", False, "Lower 99.8% confidence limit; not above Value.",
               example="390.9"),
        Column("Upper CI 99.8 limit", "number", False, "Upper 99.8% confidence limit; not below Value.",
               example="434.2"),
        Column("Count", "number", False, "Numerator, 0 or more.", example="3520"),
        Column("Denominator", "number", False, "Denominator, 0 or more.", example="1789503"),
        Column("Value note", "text", False, "Fingertips' note on the value (e.g. suppression).", example=""),
        Column("Recent Trend", "text", False, "Fingertips' recent trend, as published.",
               example="No significant change"),
        Column("Compared to England value or percentiles", "text", False,
               "Fingertips' comparison with England, as published.", example="Better 95%"),
        Column(FINGERTIPS_PARENT_COLUMN, "text", False,
               "Fingertips' comparison with the parent, as published; the column's name varies: "
               "'Compared to <parent> value or percentiles'.", example="Similar"),
        Column("Time period Sortable", "int", True, "Fingertips' sortable key of the period (start year first).",
               example="20200000"),
        Column("New data", "text", False, "Fingertips' new-data marker.", example=""),
        Column("Compared to goal", "text", False, "Fingertips' comparison with the goal, as published.", example=""),
        Column("Time period range", "text", False, "Length of the period (e.g. 3y); newer exports only.",
               example="3y", absent_ok=True),
    ),
)

# ONS Census 2021 TS021 "Ethnic group" by lower tier local authority, as downloaded from the ONS
# "Create a custom dataset" tool (issue #17: the denominators of stop-and-search rates by ethnic
# group). The tool capitalises the geography columns either way; the 6-category table is accepted too.
CENSUS_ETHNICITY = FileFormat(
    name="census-ethnicity",
    title="Census 2021 usual residents by ethnic group and district (ONS TS021, as downloaded)",
    description=(
        "The CSV that the ONS custom-dataset tool (or the TS021 bulk download) gives for 'Ethnic group' by "
        "'Lower tier local authorities', loaded as downloaded: one row per district and category with its "
        "Observation (usual residents). Either the 20 or the 6 categories; each category is counted in one "
        "of the five groups that data.police.uk's self-defined ethnicity uses (Asian, Black, Mixed, White, "
        "Other) by its name. 'Does not apply' rows (code -8) are counted as skipped. Loading a district "
        "again replaces all of its rows."
    ),
    replace_key="Lower tier local authorities Code",
    extra={"header_patterns": {
        "Lower tier local authorities Code": r"(?i)lower tier local authorities code",
        "Lower tier local authorities": r"(?i)lower tier local authorities",
        "Ethnic group Code": r"Ethnic group \((?:20|6) categories\) Code",
        "Ethnic group": r"Ethnic group \((?:20|6) categories\)",
    }},
    columns=(
        Column("Lower tier local authorities Code", "district", True, "ONS code of the district.",
               example="E07000222"),
        Column("Lower tier local authorities", "text", True, "District name.", example="Warwick"),
        Column("Ethnic group Code", "text", True, "ONS category code: -8 (does not apply) or 1 to 19; published "
               "as 'Ethnic group (20 categories) Code' (or 6 categories).", example="13"),
        Column("Ethnic group", "text", True, "Category name as published, e.g. 'White: Irish'; it must begin "
               "with one of the five groups.", example="White: English, Welsh, Scottish, Northern Irish or British"),
        Column("Observation", "int", True, "Usual residents, 0 or more.", example="112815"),
    ),
)

# --- The strategy's own machinery (issue #14): delivery plan, commissioning fund, Offensive
# Weapons Homicide Reviews, training. Each command is one workbook (one sheet per format) or its
# sheets saved as CSV; each load of a sheet is a complete snapshot and replaces the whole table.

ACTION_STATUSES = ("not_started", "on_track", "at_risk", "off_track", "complete")
FUNDING_SOURCES = ("home_office", "pcc_match", "partner")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
# The five districts and the county (E10000031) for what is county-wide or online.
DELIVERY_AREAS = ("E07000218", "E07000219", "E07000220", "E07000221", "E07000222", "E10000031")
REVIEW_DECISIONS = ("pending", "yes", "no")
REVIEW_STAGES = ("awaiting_decision", "not_required", "in_progress", "draft_report", "completed")
TRAINING_TOPICS = ("serious_violence_duty", "identify_and_refer", "trauma_informed_practice")
DELIVERY_MODES = ("in_person", "online")
SNAPSHOT = "whole table"  # every load of the sheet is the complete record and replaces what it loaded before
_AREA_TEXT = "ONS district code of one of the five Warwickshire districts, or E10000031 for county-wide"
_FY_TEXT = "Financial year as 'YYYY/YY' (April to March), e.g. 2025/26."


def _sheet_format(name: str, title: str, sheet: str, description: str, columns: tuple[Column, ...]) -> FileFormat:
    return FileFormat(name=name, title=title, description=description, columns=columns, replace_key=SNAPSHOT,
                      extra={"sheet": sheet})


DELIVERY_ACTIONS = _sheet_format(
    "delivery-actions", "Delivery plan: actions", "actions",
    "One row per action of the multi-agency delivery plan the Serious Violence Strategic Group agrees: "
    "pillar, priority, level, lead, dates, status as last reviewed and the outcome indicators it is meant "
    "to move. Sheet `actions` of the delivery-plan workbook. Status updates made on the dashboard's "
    "Delivery page are kept separately and survive reloads; the newer statement wins.",
    (
        Column("action_id", "text", True, "Identifier of the action, unique in the plan.", example="P1.03"),
        Column("action", "text", True, "What will be done.",
               example="Knife crime education sessions in every secondary school"),
        Column("pillar", "enum", True, "Strategy pillar.", PILLARS, example="prevent"),
        Column("strategic_priority", "text", True, "The strategy's priority the action serves.",
               example="Reduce knife crime among young people"),
        Column("level", "enum", True, "Universal, selected or indicated.", LEVELS, example="selected"),
        Column("lead_agency", "text", True, "Agency leading the action.", example="Warwickshire Police"),
        Column("owner", "text", True, "Who answers for the action (a role is enough).",
               example="Chief Inspector, Prevention"),
        Column("start_date", "plan_date", True, "When the action started (or is planned to start).",
               example="2024-09-01"),
        Column("due_date", "plan_date", True, "When it is due to be complete (not before start_date).",
               example="2026-03-31"),
        Column("status", "enum", True, "Status as last reviewed.", ACTION_STATUSES, example="on_track"),
        Column("latest_update", "text", False, "The latest update, in a sentence or two.",
               example="Sessions delivered in 12 of 14 secondary schools."),
        Column("status_date", "date", True, "The date status and update were last reviewed.", example="2026-09-15"),
        Column("indicator_ids", "text", False, "Outcome indicators the action is meant to move: ids of "
               "reference/indicators.csv separated by ';'.", example="sv_knife_crime_u25;fte_youth_justice"),
    ),
)

DELIVERY_MILESTONES = _sheet_format(
    "delivery-milestones", "Delivery plan: milestones", "milestones",
    "One row per milestone of an action of the delivery plan (sheet `milestones` of the workbook). "
    "The action must be in the same command or already loaded.",
    (
        Column("action_id", "text", True, "The action (delivery-actions action_id).", example="P1.03"),
        Column("milestone", "text", True, "What is to be done by the date.", example="Programme offered to all schools"),
        Column("due_date", "plan_date", True, "When the milestone is due.", example="2025-07-31"),
        Column("completed_date", "date", False, "When it was met (blank while open).", example="2025-07-18"),
    ),
)

FUND_BUDGET = _sheet_format(
    "fund-budget", "Commissioning fund: budget by source and year", "budget",
    "The partnership commissioning fund's money by financial year and source: the Home Office grant, "
    "the Police and Crime Commissioner's match and partners' contributions. Sheet `budget` of the fund "
    "workbook.",
    (
        Column("financial_year", "text", True, _FY_TEXT, example="2025/26"),
        Column("source", "enum", True, "Kind of source.", FUNDING_SOURCES, example="home_office"),
        Column("funder", "text", True, "Who provides it.", example="Home Office (Serious Violence Duty grant)"),
        Column("amount_gbp", "float", True, "Amount in pounds, 0 or more (pence allowed).", example="60000"),
        Column("note", "text", False, "Conditions or status of the money.", example="Confirmed in grant letter"),
    ),
)

FUND_PROJECTS = _sheet_format(
    "fund-projects", "Commissioning fund: projects", "projects",
    "One row per project the fund commissions: provider, pillar, level, district and dates. Sheet "
    "`projects` of the fund workbook.",
    (
        Column("project_id", "text", True, "Identifier of the project, unique.", example="CF-07"),
        Column("project_name", "text", True, "Project name.", example="Hospital youth worker, George Eliot A&E"),
        Column("provider", "text", True, "Organisation delivering it.", example="Redthread"),
        Column("pillar", "enum", True, "Strategy pillar.", PILLARS, example="respond"),
        Column("level", "enum", True, "Universal, selected or indicated.", LEVELS, example="indicated"),
        Column("district_code", "enum", True, _AREA_TEXT, DELIVERY_AREAS, example="E07000219"),
        Column("start_date", "plan_date", True, "Start of delivery.", example="2025-06-01"),
        Column("end_date", "plan_date", True, "End of delivery (not before start_date).", example="2027-03-31"),
    ),
)

FUND_QUARTERS = _sheet_format(
    "fund-quarters", "Commissioning fund: committed and spent by quarter", "quarters",
    "One row per project and financial quarter: money committed, money spent (claimed and paid) and people "
    "the project reached. Sheet `quarters` of the fund workbook; the project must be in the same command "
    "or already loaded. People reached are shown only through the people disclosure rule.",
    (
        Column("project_id", "text", True, "The project (fund-projects project_id).", example="CF-07"),
        Column("financial_year", "text", True, _FY_TEXT, example="2025/26"),
        Column("quarter", "enum", True, "Financial quarter (Q1 = April to June).", QUARTERS, example="Q2"),
        Column("committed_gbp", "float", True, "Money committed to the project for the quarter, 0 or more.",
               example="9500"),
        Column("spent_gbp", "float", False, "Money spent in the quarter, 0 or more (blank until claimed).",
               example="9120.50"),
        Column("people_reached", "int", False, "People the project worked with in the quarter.", example="46"),
    ),
)

OWHR_REVIEWS = _sheet_format(
    "owhr-reviews", "Offensive Weapons Homicide Reviews: qualifying homicides and reviews", "reviews",
    "One row per death the review partners considered for an Offensive Weapons Homicide Review (Police, "
    "Crime, Sentencing and Courts Act 2022, ss.24-36): pseudonymised, no names or personal details. Dates "
    "are checked against the deadlines of reference/delivery_review_deadlines.csv. Sheet `reviews` of the "
    "OWHR workbook. Counts are shown only through the people disclosure rule.",
    (
        Column("review_id", "text", True, "Pseudonymised identifier of the case, unique.", example="OWHR-2025-02"),
        Column("crime_reference", "text", False, "Force crime reference of the homicide where known (links to the "
               "force extract).", example="25WK0004411"),
        Column("aware_date", "date", True, "When the review partners became aware of the death (the deadlines "
               "count from here).", example="2025-06-03"),
        Column("review_required", "enum", True, "Whether a review is required (pending until decided).",
               REVIEW_DECISIONS, example="yes"),
        Column("decision_date", "date", False, "When the decision was made (needed once not pending).",
               example="2025-06-24"),
        Column("not_required_reason", "text", False, "Why no review is required (e.g. a domestic homicide review "
               "is held instead, s.26).", example=""),
        Column("home_office_notified_date", "date", False, "When the Home Office was notified.", example="2025-06-26"),
        Column("stage", "enum", True, "Where the case is.", REVIEW_STAGES, example="in_progress"),
        Column("review_partners", "text", False, "The relevant review partners, separated by ';'.",
               example="Warwickshire Police;Warwickshire County Council;NHS Coventry and Warwickshire ICB"),
        Column("completed_date", "date", False, "When the final report was sent to the Home Office (stage "
               "completed).", example=""),
    ),
)

OWHR_RECOMMENDATIONS = _sheet_format(
    "owhr-recommendations", "Offensive Weapons Homicide Reviews: recommendations", "recommendations",
    "One row per recommendation of a review, with its owner, due date and status. Sheet `recommendations` "
    "of the OWHR workbook; the review must be in the same command or already loaded.",
    (
        Column("review_id", "text", True, "The review (owhr-reviews review_id).", example="OWHR-2025-02"),
        Column("recommendation_id", "text", True, "Identifier of the recommendation, unique.", example="OWHR-2025-02-R1"),
        Column("recommendation", "text", True, "What is recommended.",
               example="Share A&E attendance alerts for young adults with the youth justice service"),
        Column("owner", "text", True, "Agency (or role) that owns it.", example="NHS Coventry and Warwickshire ICB"),
        Column("due_date", "plan_date", True, "When it is due.", example="2026-06-30"),
        Column("status", "enum", True, "Status as last reviewed.", ACTION_STATUSES, example="on_track"),
        Column("completed_date", "date", False, "When it was completed.", example=""),
    ),
)

TRAINING_SESSIONS = _sheet_format(
    "training-sessions", "Training programme: sessions", "sessions",
    "One row per training or awareness session for front-line practitioners on the Serious Violence Duty "
    "and on identifying and referring people at risk. Sheet `sessions` of the training workbook.",
    (
        Column("session_id", "text", True, "Identifier of the session, unique.", example="TR-0042"),
        Column("session_date", "date", True, "Date of the session.", example="2025-02-11"),
        Column("agency", "text", True, "Agency of the practitioners trained.",
               example="George Eliot Hospital NHS Trust"),
        Column("district_code", "enum", True, _AREA_TEXT + " (online sessions).", DELIVERY_AREAS, example="E07000219"),
        Column("topic", "enum", True, "What the session covered.", TRAINING_TOPICS, example="identify_and_refer"),
        Column("delivery_mode", "enum", True, "In person or online.", DELIVERY_MODES, example="in_person"),
        Column("practitioners_trained", "int", True, "Practitioners who completed the session.", example="18"),
    ),
)

TRAINING_REFERRALS = _sheet_format(
    "training-referrals", "Training programme: referrals by trained practitioners", "referrals",
    "Monthly returns: referrals of people at risk of violence to support services made by practitioners "
    "trained under the programme, by agency and district. Sheet `referrals` of the training workbook. "
    "Counts of people referred are shown only through the people disclosure rule.",
    (
        Column("month", "month", True, "Month of the referrals.", example="2025-03"),
        Column("agency", "text", True, "Agency of the referring practitioners.",
               example="George Eliot Hospital NHS Trust"),
        Column("district_code", "enum", True, _AREA_TEXT + ".", DELIVERY_AREAS, example="E07000219"),
        Column("referrals", "int", True, "Referrals made in the month (0 or more).", example="7"),
    ),
)

DELIVERY_FORMATS = (DELIVERY_ACTIONS, DELIVERY_MILESTONES, FUND_BUDGET, FUND_PROJECTS, FUND_QUARTERS,
                    OWHR_REVIEWS, OWHR_RECOMMENDATIONS, TRAINING_SESSIONS, TRAINING_REFERRALS)

FORMATS: dict[str, FileFormat] = {
    f.name: f
    for f in (POLICE_UK, POLICE_UK_OUTCOMES, POLICE_UK_STOP_SEARCH, FORCE_EXTRACT, ADMISSIONS, AE, COHORT_PEOPLE,
              COHORT_INTERVENTIONS, INDICATORS, FINGERTIPS, CENSUS_ETHNICITY, *DELIVERY_FORMATS)
}

# The `cohort` command-line format takes both cohort files; each file is recognised by its header.
INGEST_FORMATS: dict[str, tuple[str, ...]] = {
    # A data.police.uk download: street, outcomes and stop-and-search files (by name, then header).
    "police-uk": ("police-uk", "police-uk-outcomes", "police-uk-stop-search"),
    "force-extract": ("force-extract",),
    "admissions": ("admissions",),
    "ae": ("ae",),
    "cohort": ("cohort-people", "cohort-interventions"),
    "indicators": ("indicators",),
    "fingertips": ("fingertips",),
    "census-ethnicity": ("census-ethnicity",),
    # Workbooks (or their sheets as CSV): the sheets of a command in the order they are checked.
    "delivery-plan": ("delivery-actions", "delivery-milestones"),
    "fund": ("fund-budget", "fund-projects", "fund-quarters"),
    "owhr": ("owhr-reviews", "owhr-recommendations"),
    "training": ("training-sessions", "training-referrals"),
}
