"""How each format goes from a staged, validated table into the warehouse tables.

A loader names its replace key (staged expression -> target column), extra validation rules,
and the SQL that inserts the kept rows. In the SQL, `{kept}` is the staged rows that survive
(the last file of the command wins a key) with an `ingest_id`, and `{stage}` all staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.checks import DECIMAL_PATTERN, NUMBER_PATTERN, Check, iso_datetime_sql, quote_ident
from warehouse.formats import FINGERTIPS as FINGERTIPS_FORMAT
from warehouse.formats import FINGERTIPS_PARENT_COLUMN, NEEDS


@dataclass(frozen=True)
class Loader:
    format_name: str
    table: str
    key: tuple[tuple[str, str], ...]
    insert: tuple[str, ...]
    checks: tuple[Check, ...] = ()
    # Tables holding rows of the same key that a reload also clears (e.g. a person's needs).
    also_clear: tuple[str, ...] = ()
    by_key: str = ""
    by_district: str = ""
    # (reason, predicate over the staged row): valid rows that are counted as skipped, not loaded.
    skip: tuple[tuple[str, str], ...] = ()


def _number(col: str) -> str:
    """A decimal column as double, NULL unless well formed (its own rule reports that)."""
    return f"(case when regexp_full_match({col}, '{DECIMAL_PATTERN}') then {col}::double end)"


def _repeats(column: str, key: tuple[str, ...], same: str) -> Check:
    """An exact repeat of a key within one file, named with the line it repeats."""
    first = f"min(_line) over (partition by _file, {', '.join(key)})"
    return Check(column, f"_line > {first}", "'{value}' repeats line {other} (" + same + ")", other=first)


# Indicator areas: a district the reference knows, England, a region, the county, the neighbour group.
_KNOWN_AREA = """(area_code in (select district_code from districts)
    or area_code in (select district_code from district_names)
    or area_code in ('E92000001', 'E10000031', 'NEIGHBOURS') or regexp_full_match(area_code, 'E12[0-9]{6}'))"""
_AREAS = "a district, E92000001 England, an E12 region, E10000031 Warwickshire or NEIGHBOURS"
_AREA_TYPE_OF_CODE = """case when area_code = 'E92000001' then 'england' when area_code = 'E10000031' then 'county'
    when area_code = 'NEIGHBOURS' then 'neighbour_group' when area_code like 'E12%' then 'region'
    else 'district' end"""


def _month(col: str) -> str:
    return f"strptime({col}, '%Y-%m')::date"


def _yn(col: str) -> str:
    return f"({col} = 'Y')"


LOCATION_STATUS = """case when {lsoa} is null then 'unknown'
             when l.lsoa_code is null then 'outside_reference' else 'known' end"""

POLICE_UK = Loader(
    format_name="police-uk",
    table="police_uk_rows",
    key=(('"Falls within"', "force"), (_month('"Month"'), "month")),
    insert=(
        f"""
        insert into police_uk_rows
        select k."Falls within", {_month('k."Month"')}, k._line, k."Crime ID", k."Reported by",
            k."Longitude"::double, k."Latitude"::double, k."Location", k."LSOA code", k."LSOA name",
            k."Crime type", k."Last outcome category", k."Context", l.district_code,
            {LOCATION_STATUS.format(lsoa='k."LSOA code"')},
            coalesce(g.offence_group, 'other'), k.ingest_id
        from {{kept}} as k
        left join lsoas as l on l.lsoa_code = k."LSOA code"
        left join ref_offence_groups as g on g.crime_type = k."Crime type"
        """,
    ),
    by_key="select force || ' ' || strftime(month, '%Y-%m'), count(*) from police_uk_rows where {mine} group by 1 order by 1",
    by_district="""select coalesce(d.district_name || ' (' || r.district_code || ')', '(' || r.location_status || ')'),
        count(*) from police_uk_rows as r left join district_names as d using (district_code)
        where {mine} group by 1 order by 2 desc, 1""",
)

POLICE_UK_OUTCOMES = Loader(
    format_name="police-uk-outcomes",
    table="police_uk_outcomes",
    key=(('"Falls within"', "force"), (_month('"Month"'), "month")),
    insert=(
        f"""
        insert into police_uk_outcomes
        select k."Falls within", {_month('k."Month"')}, k._line, k."Crime ID", k."Reported by",
            k."Longitude"::double, k."Latitude"::double, k."Location", k."LSOA code", k."LSOA name",
            k."Outcome type", coalesce(g.outcome_group, 'other'), l.district_code,
            {LOCATION_STATUS.format(lsoa='k."LSOA code"')}, k.ingest_id
        from {{kept}} as k
        left join lsoas as l on l.lsoa_code = k."LSOA code"
        left join ref_outcome_groups as g on g.outcome_type = k."Outcome type"
        """,
    ),
    by_key="select force || ' ' || strftime(month, '%Y-%m'), count(*) from police_uk_outcomes where {mine} group by 1 order by 1",
    by_district="""select coalesce(d.district_name || ' (' || r.district_code || ')', '(' || r.location_status || ')'),
        count(*) from police_uk_outcomes as r left join district_names as d using (district_code)
        where {mine} group by 1 order by 2 desc, 1""",
)


def _true(col: str) -> str:
    return f"case {col} when 'True' then true when 'False' then false end"


# Self-defined ethnicity ('<group> - <category>', the Census 2021 categories) -> the five groups.
ETHNIC_GROUP_SQL = """case when {v} is null or {v} ilike '%not stated%' then 'not_stated'
    when {v} like 'White%' then 'white' when {v} like 'Mixed%' then 'mixed'
    when {v} like 'Asian%' then 'asian' when {v} like 'Black%' then 'black'
    when {v} like 'Other%' then 'other' else 'not_stated' end"""

POLICE_UK_STOP_SEARCH = Loader(
    format_name="police-uk-stop-search",
    table="police_uk_stop_search",
    # The file has no force or month column: both come from its name (warehouse/ingest.py).
    key=(("_name_force", "force"), (_month("_name_month"), "month")),
    checks=(
        Check("Longitude", '"Latitude" is not null and "Longitude" is null', "value missing: Latitude is given"),
        Check("Latitude", '"Longitude" is not null and "Latitude" is null', "value missing: Longitude is given"),
        # A search belongs to the month its file is named for; a day either side is allowed (dates are
        # UTC, a search just after midnight in summer time is on the last day of the month before).
        Check("Date", f"{iso_datetime_sql(chr(34) + 'Date' + chr(34))}::date not between "
                      f"{_month('_name_month')} - 1 and last_day({_month('_name_month')}) + 1",
              "'{value}' is not in the month the file's name gives, {other}", other="_name_month"),
    ),
    insert=(
        f"""
        insert into police_uk_stop_search
        select k._name_force, {_month("k._name_month")}, k._line, k."Type", {iso_datetime_sql('k."Date"')},
            {_true('k."Part of a policing operation"')}, k."Policing operation",
            k."Latitude"::double, k."Longitude"::double, k."Gender", k."Age range",
            k."Self-defined ethnicity", {ETHNIC_GROUP_SQL.format(v='k."Self-defined ethnicity"')},
            k."Officer-defined ethnicity", k."Legislation", k."Object of search", coalesce(o.is_weapon_search = 'true', false),
            k."Outcome", {_true('k."Outcome linked to object of search"')},
            {_true('k."Removal of more than just outer clothing"')},
            p.lsoa_code, p.district_code,
            case when k."Latitude" is null then 'unknown' when p.district_code is null then 'outside_reference'
                 else 'known' end,
            k.ingest_id
        from {{kept}} as k
        left join ss_places as p on p._file = k._file and p._rec = k._rec
        left join ref_stop_search_objects as o on o.object_of_search = k."Object of search"
        """,
    ),
    by_key="select force || ' ' || strftime(month, '%Y-%m'), count(*) from police_uk_stop_search where {mine} "
           "group by 1 order by 1",
    by_district="""select coalesce(d.district_name || ' (' || r.district_code || ')', '(' || r.location_status || ')'),
        count(*) from police_uk_stop_search as r left join district_names as d using (district_code)
        where {mine} group by 1 order by 2 desc, 1""",
)

FORCE_EXTRACT = Loader(
    format_name="force-extract",
    table="force_extract_rows",
    key=(("force", "force"), (_month("month"), "month")),
    checks=(
        Check(
            "crime_type",
            "crime_type not in (select crime_type from ref_offence_groups)",
            "'{value}' is not a data.police.uk crime type (see reference/offence_groups.csv)",
        ),
        Check(
            "ho_offence_code",
            "ho_offence_code not in (select ho_offence_code from ref_ho_codes)",
            "'{value}' is not a known Home Office offence code (see reference/ho_offence_codes.csv)",
        ),
        Check(
            "crime_type",
            "crime_type <> coalesce((select h.crime_type from ref_ho_codes as h "
            "where h.ho_offence_code = s.ho_offence_code), crime_type)",
            "'{value}' is not the crime type its ho_offence_code is published under",
        ),
        Check("northing", "easting is not null and northing is null", "value missing: easting is given"),
        Check("easting", "northing is not null and easting is null", "value missing: northing is given"),
        Check(
            "crime_reference",
            "count(*) over (partition by force, crime_reference) > 1",
            "'{value}' appears more than once for the force in this command",
        ),
    ),
    insert=(
        f"""
        insert into force_extract_rows
        select k.force, {_month("k.month")}, k._line, k.crime_reference,
            try_strptime(k.offence_datetime, ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']),
            k.ho_offence_code, k.ho_offence_description, k.crime_type, h.offence_subgroup,
            k.easting::double, k.northing::double, c.lon, c.lat, k.lsoa_code, l.district_code,
            {LOCATION_STATUS.format(lsoa="k.lsoa_code")}, g.offence_group,
            k.weapon, {_yn("k.domestic")}, k.victim_age::integer, k.victim_sex,
            k.suspect_age::integer, k.suspect_sex, k.suspect_home_district,
            {_yn("k.night_time_economy")}, {_yn("k.county_lines")}, {_yn("k.hate_crime")}, k.ingest_id
        from {{kept}} as k
        left join fx_coords as c on c._file = k._file and c._rec = k._rec
        left join lsoas as l on l.lsoa_code = k.lsoa_code
        join ref_offence_groups as g on g.crime_type = k.crime_type
        join ref_ho_codes as h on h.ho_offence_code = k.ho_offence_code
        """,
    ),
    by_key="select force || ' ' || strftime(month, '%Y-%m'), count(*) from force_extract_rows where {mine} group by 1 order by 1",
    by_district="""select coalesce(d.district_name || ' (' || r.district_code || ')', '(' || r.location_status || ')'),
        count(*) from force_extract_rows as r left join district_names as d using (district_code)
        where {mine} group by 1 order by 2 desc, 1""",
)

ADMISSIONS = Loader(
    format_name="admissions",
    table="hospital_admissions",
    key=((_month("month"), "month"),),
    checks=(
        Check(
            "icd10_cause",
            "not regexp_full_match(icd10_cause, '(X8[5-9]|X9[0-9]|Y0[0-9])')",
            "'{value}' is not an ICD-10 assault cause (X85-Y09)",
        ),
        _repeats(
            "month",
            ("month", "icd10_cause", "age_band", "sex", "district_code", "lsoa_code"),
            "same month, icd10_cause, age_band, sex, district_code and lsoa_code: the admissions would be "
            "counted twice",
        ),
    ),
    insert=(
        f"""
        insert into hospital_admissions
        select {_month("k.month")}, k.icd10_cause, k.age_band, k.sex, k.district_code, k.lsoa_code,
            k.admissions::integer, k.ingest_id
        from {{kept}} as k
        """,
    ),
    by_key="select strftime(month, '%Y-%m'), sum(admissions) from hospital_admissions where {mine} group by 1 order by 1",
    by_district="""select coalesce(d.district_name, r.district_code), sum(admissions) from hospital_admissions as r
        left join district_names as d using (district_code) where {mine} group by 1 order by 2 desc, 1""",
)

AE = Loader(
    format_name="ae",
    table="ae_attendances",
    key=(("attendance_id", "attendance_id"),),
    checks=(_repeats("attendance_id", ("attendance_id",), "the same attendance_id"),),
    insert=(
        """
        insert into ae_attendances
        select k.attendance_id, k.hospital_site,
            try_strptime(k.attendance_datetime, ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']),
            date_trunc('month', try_strptime(k.attendance_datetime, ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']))::date,
            try_strptime(k.incident_datetime, ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']),
            k.incident_location, k.incident_location_type, k.incident_district_code, k.means_of_assault,
            k.patient_age_band, k.patient_sex, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select strftime(month, '%Y-%m'), count(*) from ae_attendances where {mine} group by 1 order by 1",
    by_district="""select coalesce(d.district_name, r.incident_district_code, '(not coded)'), count(*)
        from ae_attendances as r left join district_names as d on d.district_code = r.incident_district_code
        where {mine} group by 1 order by 2 desc, 1""",
)

_NEEDS_UNPIVOT = " union all ".join(
    f"select person_id, '{need}' as need from {{kept}} where need_{need} = 'Y'" for need in NEEDS
)

COHORT_PEOPLE = Loader(
    format_name="cohort-people",
    table="cohort_people",
    key=(("person_id", "person_id"),),
    also_clear=("cohort_needs", "cohort_reoffending"),
    checks=(
        _repeats("person_id", ("person_id",), "the same person_id"),
        Check(
            "reoffence_district",
            "reoffence_district is not null and coalesce(proven_reoffence_12m, 'N') <> 'Y'",
            "'{value}' given but proven_reoffence_12m is not Y",
        ),
    ),
    insert=(
        """
        insert into cohort_people
        select k.person_id, k.agency, k.entry_date::date, k.age_at_entry::integer, k.sex, k.ethnicity,
            k.home_district, k.ingest_id
        from {kept} as k
        """,
        f"insert into cohort_needs {_NEEDS_UNPIVOT}",
        """
        insert into cohort_reoffending
        select k.person_id, (k.entry_date::date + interval 12 month)::date,
            case k.proven_reoffence_12m when 'Y' then true when 'N' then false end, k.reoffence_district
        from {kept} as k
        """,
    ),
    by_key="select agency, count(*) from cohort_people where {mine} group by 1 order by 1",
    by_district="""select coalesce(d.district_name, r.home_district), count(*) from cohort_people as r
        left join district_names as d on d.district_code = r.home_district where {mine} group by 1 order by 2 desc, 1""",
)

COHORT_INTERVENTIONS = Loader(
    format_name="cohort-interventions",
    table="cohort_interventions",
    key=(("person_id", "person_id"),),
    checks=(
        Check(
            "person_id",
            "person_id not in (select person_id from cohort_people) and person_id not in (select person_id from {people})",
            "'{value}' is not a person in the cohort people file or already loaded",
        ),
        Check(
            "end_date",
            "end_date is not null and try_cast(end_date as date) < try_cast(start_date as date)",
            "'{value}' is before start_date",
        ),
    ),
    insert=(
        """
        insert into cohort_interventions
        select k.person_id, k.intervention, k.pillar, k.level, k.start_date::date, k.end_date::date,
            case k.completed when 'Y' then true when 'N' then false end, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select level, count(*) from cohort_interventions where {mine} group by 1 order by 1",
    by_district="",
)

INDICATORS = Loader(
    format_name="indicators",
    table="indicator_values",
    key=(
        ("indicator_id", "indicator_id"),
        ("area_code", "area_code"),
        ("period_start::date", "period_start"),
        ("period_end::date", "period_end"),
    ),
    checks=(
        Check(
            "indicator_id",
            "indicator_id not in (select indicator_id from ref_indicators)",
            "'{value}' is not an indicator id of reference/indicators.csv",
        ),
        Check("area_code", f"not ({_KNOWN_AREA})", "'{value}' is not a known area code (" + _AREAS + ")"),
        Check(
            "area_type",
            f"({_KNOWN_AREA}) and area_type <> {_AREA_TYPE_OF_CODE}",
            "'{value}' is not the area type of area code {other}",
            other="area_code",
        ),
        _repeats(
            "indicator_id",
            ("indicator_id", "area_code", "period_start", "period_end"),
            "the same indicator, area and period",
        ),
        Check(
            "period_end",
            "try_cast(period_end as date) < try_cast(period_start as date)",
            "'{value}' is before period_start",
        ),
        *(
            Check(name, f"{_number(name)} < 0", "'{value}' is negative: a " + name + " is 0 or more")
            for name in ("numerator", "denominator")
        ),
        Check(
            "lower_ci",
            f"{_number('lower_ci')} > {_number('value')}",
            "'{value}' is above the value {other}",
            other="value",
        ),
        Check(
            "upper_ci",
            f"{_number('upper_ci')} < {_number('value')}",
            "'{value}' is below the value {other}",
            other="value",
        ),
        Check(
            "upper_ci",
            f"{_number('upper_ci')} < {_number('lower_ci')}",
            "'{value}' is below lower_ci {other}",
            other="lower_ci",
        ),
    ),
    insert=(
        """
        insert into indicator_values
        select k.indicator_id, k.area_code, k.area_name, k.area_type, k.period_label,
            k.period_start::date, k.period_end::date, k.numerator::double, k.denominator::double,
            k.value::double, k.lower_ci::double, k.upper_ci::double, k.source, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select indicator_id, count(*) from indicator_values where {mine} group by 1 order by 1",
    by_district="",
)

# --- OHID Fingertips exports (issue #17): every value as published. A row is one indicator x area x
# sex x age x category x time period; the key joins its parts (blank category = '') into row_key.

_FT_KEY_COLUMNS = ("Indicator ID", "Area Code", "Sex", "Age", "Category Type", "Category", "Time period")
_FT_NUMBERS = ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit",
               "Count", "Denominator")


def _ft_row_key(prefix: str = "") -> str:
    return "concat_ws('|', " + ", ".join(f"coalesce({prefix}{quote_ident(c)}, '')" for c in _FT_KEY_COLUMNS) + ")"


_FT_WHOLE_ROW = "hash(" + ", ".join(quote_ident(c) for c in FINGERTIPS_FORMAT.column_names) + ")"
_FT_IN_KEY = "partition by _file, " + ", ".join(quote_ident(c) for c in _FT_KEY_COLUMNS)


def _ft(column: str, prefix: str = "") -> str:
    """A Fingertips number column as double, NULL unless well formed (its own rule reports that)."""
    col = prefix + quote_ident(column)
    return f"(case when regexp_full_match({col}, '{NUMBER_PATTERN}') then try_cast({col} as double) end)"


def _literal_braces(sql: str) -> str:
    """SQL put into a loader's insert statement, which str.format fills: its braces doubled."""
    return sql.replace("{", "{{").replace("}", "}}")


def _ft_limit_checks(level: str) -> tuple[Check, ...]:
    """Lower limit not above the upper, the value inside both (95% and 99.8%)."""
    lower, upper = f"Lower CI {level} limit", f"Upper CI {level} limit"
    return (
        Check(lower, f"{_ft(lower)} > {_ft(upper)}", "'{value}' is above the " + upper + " {other}",
              other=quote_ident(upper)),
        Check("Value", f"{_ft('Value')} < {_ft(lower)}", "'{value}' is below the " + lower + " {other}",
              other=quote_ident(lower)),
        Check("Value", f"{_ft('Value')} > {_ft(upper)}", "'{value}' is above the " + upper + " {other}",
              other=quote_ident(upper)),
    )


def _ft_period_bounds(label: str) -> tuple[str, str]:
    """(first day, last day) of a Fingertips period label as SQL, NULL for a form not recognised:
    '2022/23' (financial year), '2020/21 - 22/23' (pooled financial years), '2022', '2019 - 21'."""
    y = f"try_cast(left({label}, 4) as integer)"
    last_yy = f"try_cast(regexp_extract({label}, '- ([0-9]{{2}})', 1) as integer)"
    last = f"({y} // 100 * 100 + {last_yy} + case when {last_yy} < {y} % 100 then 100 else 0 end)"
    start = f"""case
        when regexp_full_match({label}, '[0-9]{{4}}/[0-9]{{2}}( - [0-9]{{2}}/[0-9]{{2}})?') then make_date({y}, 4, 1)
        when regexp_full_match({label}, '[0-9]{{4}}( - [0-9]{{2}})?') then make_date({y}, 1, 1) end"""
    end = f"""case
        when regexp_full_match({label}, '[0-9]{{4}}/[0-9]{{2}}') then make_date({y} + 1, 3, 31)
        when regexp_full_match({label}, '[0-9]{{4}}/[0-9]{{2}} - [0-9]{{2}}/[0-9]{{2}}') then make_date({last} + 1, 3, 31)
        when regexp_full_match({label}, '[0-9]{{4}}') then make_date({y}, 12, 31)
        when regexp_full_match({label}, '[0-9]{{4}} - [0-9]{{2}}') then make_date({last}, 12, 31) end"""
    return start, end


_FT_START, _FT_END = _ft_period_bounds('k."Time period"')
_FT_EXPORT_DATE = r"""coalesce(
    try_strptime(regexp_extract(f.file, '(20[0-9]{2}-[01][0-9]-[0-3][0-9])', 1), '%Y-%m-%d')::date,
    try_strptime(regexp_extract(f.file, '(20[0-9]{2}[01][0-9][0-3][0-9])', 1), '%Y%m%d')::date, f.modified)"""

FINGERTIPS = Loader(
    format_name="fingertips",
    table="fingertips_values",
    key=((_ft_row_key(), "row_key"),),
    checks=(
        *(Check(c, f"{_ft(c)} < 0", "'{value}' is negative: a " + c.lower() + " is 0 or more")
          for c in ("Count", "Denominator")),
        *_ft_limit_checks("95.0"),
        *_ft_limit_checks("99.8"),
        Check(
            "Time period",
            # a later row of the same key whose values differ from the first one's (an exact copy is skipped)
            f"{_FT_WHOLE_ROW} <> first_value({_FT_WHOLE_ROW}) over ({_FT_IN_KEY} order by _line)",
            "'{value}' repeats line {other} (the same Indicator ID, Area Code, Sex, Age, Category Type, Category "
            "and Time period) with different values",
            other=f"min(_line) over ({_FT_IN_KEY})",
        ),
    ),
    skip=(
        ("indicator not in reference/fingertips_indicators.csv",
         '"Indicator ID" not in (select fingertips_indicator_id from ref_fingertips)'),
        ("exact repeat of an earlier row", f"_line > min(_line) over (partition by _file, {_FT_WHOLE_ROW})"),
    ),
    insert=(
        f"""
        insert into fingertips_values
        select {_literal_braces(_ft_row_key("k."))}, k."Indicator ID"::integer, k."Indicator Name",
            k."Parent Code", k."Parent Name", k."Area Code", k."Area Name", k."Area Type", k."Sex", k."Age",
            k."Category Type", k."Category", k."Time period", k."Time period Sortable"::bigint,
            k."Time period range", {_literal_braces(_FT_START)}, {_literal_braces(_FT_END)},
            {_literal_braces(", ".join(_ft(c, "k.") for c in _FT_NUMBERS))},
            k."Value note", k."Recent Trend", k."Compared to England value or percentiles",
            k."{FINGERTIPS_PARENT_COLUMN}", k."Compared to goal", k."New data", k._line, k.ingest_id
        from {{kept}} as k
        """,
        f"""
        insert or replace into fingertips_exports
        select f.ingest_id, f.file, {_literal_braces(_FT_EXPORT_DATE)},
            case when {_literal_braces(_FT_EXPORT_DATE.replace("f.modified", "null"))} is not null then 'file name'
                 when f.modified is not null then 'file modified' end,
            coalesce(json_extract_string(f.renamed, '$."{FINGERTIPS_PARENT_COLUMN}"'), '{FINGERTIPS_PARENT_COLUMN}')
        from {{files}} as f where f.ingest_id in (select ingest_id from {{kept}})
        """,
        # The mapping onto the catalogue as of this load, for the queries that join to it.
        "delete from fingertips_indicator_map",
        """
        insert into fingertips_indicator_map
        select fingertips_indicator_id::integer, indicator_id, relation, note from ref_fingertips
        """,
    ),
    by_key="""select fingertips_indicator_id || ' ' || indicator_name, count(*) from fingertips_values
        where {mine} group by 1 order by 1""",
)

# --- Census 2021 ethnic group by district (ONS TS021): the denominators of searches by ethnic group.
_ETHNIC_CODE = '"Ethnic group Code"'
_ETHNIC_NAME = '"Ethnic group"'
# The category's name -> the five groups of data.police.uk's self-defined ethnicity.
_ETHNIC_GROUP_OF_NAME = f"""case
    when {_ETHNIC_NAME} like 'Asian, Asian British or Asian Welsh%' then 'asian'
    when {_ETHNIC_NAME} like 'Black, Black British, Black Welsh, Caribbean or African%' then 'black'
    when {_ETHNIC_NAME} like 'Mixed or Multiple ethnic groups%' then 'mixed'
    when {_ETHNIC_NAME} = 'White' or {_ETHNIC_NAME} like 'White: %' then 'white'
    when {_ETHNIC_NAME} like 'Other ethnic group%' then 'other' end"""
_DOES_NOT_APPLY = f"{_ETHNIC_CODE} = '-8'"

CENSUS_ETHNICITY = Loader(
    format_name="census-ethnicity",
    table="population_district_ethnicity",
    key=(('"Lower tier local authorities Code"', "district_code"),),
    checks=(
        Check("Ethnic group Code", f"not regexp_full_match({_ETHNIC_CODE}, '-8|[1-9]|1[0-9]')",
              "'{value}' is not an ONS ethnic group code (-8, or 1 to 19)"),
        Check("Ethnic group", f"not {_DOES_NOT_APPLY} and ({_ETHNIC_GROUP_OF_NAME}) is null",
              "'{value}' is not a Census 2021 ethnic group (it begins with none of Asian, Black, Mixed, White "
              "or Other ethnic group)"),
        Check("Observation", f"{_DOES_NOT_APPLY} and try_cast(\"Observation\" as bigint) > 0",
              "'{value}' residents under 'Does not apply': the district's usual residents all have a group"),
        _repeats("Ethnic group Code", ('"Lower tier local authorities Code"', _ETHNIC_CODE),
                 "the same district and ethnic group: its residents would be counted twice"),
    ),
    skip=(("'Does not apply' (code -8)", _DOES_NOT_APPLY),),
    insert=(
        f"""
        insert into population_district_ethnicity
        select k."Lower tier local authorities Code", k."Lower tier local authorities",
            k.{_ETHNIC_CODE}::integer, k.{_ETHNIC_NAME}, {_literal_braces(_ETHNIC_GROUP_OF_NAME.replace('"Ethnic', 'k."Ethnic'))},
            k."Observation"::bigint, k._line, k.ingest_id
        from {{kept}} as k
        """,
    ),
    by_key="""select district_name || ' (' || district_code || ')', sum(usual_residents)
        from population_district_ethnicity where {mine} group by 1 order by 1""",
)

# --- The strategy's own machinery (issue #14): workbooks of the delivery plan, the commissioning
# fund, Offensive Weapons Homicide Reviews and the training programme. Each sheet is a snapshot:
# the key is the format's name, held in every row's `snapshot` column, so a load replaces the
# whole table. Rules that look across sheets read `{stage:<format>.<column>}` (warehouse/ingest.py).


def _snapshot(name: str) -> tuple[tuple[str, str], ...]:
    return ((f"'{name}'", "snapshot"),)


def _not_negative(column: str, what: str = "an amount") -> Check:
    return Check(column, f"{_number(column)} < 0", "'{value}' is negative: " + what + " is 0 or more")


def _financial_year(column: str) -> Check:
    """'YYYY/YY' with consecutive years, from 2010 to the last year a plan may reach."""
    start = f"try_cast(left({column}, 4) as integer)"
    bad = (f"not regexp_full_match({column}, '20[0-9]{{2}}/[0-9]{{2}}') or "
           f"try_cast(right({column}, 2) as integer) <> ({start} + 1) % 100 or "
           f"{start} not between 2010 and year($latest_plan_date)")
    return Check(column, bad, "'{value}' is not a financial year written 'YYYY/YY' (e.g. 2025/26)")


def _not_before(column: str, earlier: str) -> Check:
    bad = f"{column} is not null and try_cast({column} as date) < try_cast({earlier} as date)"
    return Check(column, bad, "'{value}' is before " + earlier + " {other}", other=earlier)


def _known(column: str, table: str, fmt: str, what: str) -> Check:
    """The value must be in the sheet of `fmt` loaded by this command or, when the command has no
    such sheet, already in `table`."""
    staged = "{stage:" + fmt + "." + column + "}"
    bad = (f"{column} not in {staged} and (exists (select 1 from {staged}) or "
           f"{column} not in (select {column} from {table}))")
    return Check(column, bad, "'{value}' is not " + what)


def _required_when(column: str, condition: str, because: str, other: str) -> Check:
    return Check(column, f"{column} is null and ({condition})", "value missing: " + because, other=other)


_UNKNOWN_INDICATOR = ("from unnest(string_split(indicator_ids, ';')) as t(x) where trim(x) <> '' "
                      "and trim(x) not in (select indicator_id from ref_indicators)")

DELIVERY_ACTIONS = Loader(
    format_name="delivery-actions",
    table="delivery_actions",
    key=_snapshot("delivery-actions"),
    also_clear=("delivery_action_indicators",),
    checks=(
        _repeats("action_id", ("action_id",), "the same action_id"),
        _not_before("due_date", "start_date"),
        Check("indicator_ids", f"exists (select 1 {_UNKNOWN_INDICATOR})",
              "'{value}' names '{other}', which is not an indicator id of reference/indicators.csv",
              other=f"(select first(trim(x)) {_UNKNOWN_INDICATOR})"),
    ),
    insert=(
        """
        insert into delivery_actions
        select 'delivery-actions', k.action_id, k.action, k.pillar, k.strategic_priority, k.level, k.lead_agency, k.owner,
            k.start_date::date, k.due_date::date, k.status, k.latest_update, k.status_date::date, k._line, k.ingest_id
        from {kept} as k
        """,
        """
        insert into delivery_action_indicators
        select distinct 'delivery-actions', k.action_id, trim(t.x)
        from {kept} as k, unnest(string_split(k.indicator_ids, ';')) as t(x)
        where trim(t.x) <> ''
        """,
    ),
    by_key="select status, count(*) from delivery_actions where {mine} group by 1 order by 1",
)

DELIVERY_MILESTONES = Loader(
    format_name="delivery-milestones",
    table="delivery_milestones",
    key=_snapshot("delivery-milestones"),
    checks=(
        _known("action_id", "delivery_actions", "delivery-actions", "an action of the actions sheet"),
        _repeats("milestone", ("action_id", "milestone"), "the same action_id and milestone"),
    ),
    insert=(
        """
        insert into delivery_milestones
        select 'delivery-milestones', k.action_id, k.milestone, k.due_date::date, k.completed_date::date, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select case when completed_date is null then 'open' else 'met' end, count(*) from delivery_milestones "
           "where {mine} group by 1 order by 1",
)

FUND_BUDGET = Loader(
    format_name="fund-budget",
    table="fund_budget",
    key=_snapshot("fund-budget"),
    checks=(
        _financial_year("financial_year"),
        _not_negative("amount_gbp"),
        _repeats("funder", ("financial_year", "source", "funder"), "the same financial_year, source and funder"),
    ),
    insert=(
        """
        insert into fund_budget
        select 'fund-budget', k.financial_year, k.source, k.funder, k.amount_gbp::double, k.note, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select financial_year, count(*) from fund_budget where {mine} group by 1 order by 1",
)

FUND_PROJECTS = Loader(
    format_name="fund-projects",
    table="fund_projects",
    key=_snapshot("fund-projects"),
    checks=(
        _repeats("project_id", ("project_id",), "the same project_id"),
        _not_before("end_date", "start_date"),
    ),
    insert=(
        """
        insert into fund_projects
        select 'fund-projects', k.project_id, k.project_name, k.provider, k.pillar, k.level, k.district_code,
            k.start_date::date, k.end_date::date, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select pillar, count(*) from fund_projects where {mine} group by 1 order by 1",
)

FUND_QUARTERS = Loader(
    format_name="fund-quarters",
    table="fund_quarters",
    key=_snapshot("fund-quarters"),
    checks=(
        _known("project_id", "fund_projects", "fund-projects", "a project of the projects sheet"),
        _financial_year("financial_year"),
        _not_negative("committed_gbp"),
        _not_negative("spent_gbp"),
        _repeats("quarter", ("project_id", "financial_year", "quarter"), "the same project, financial_year and quarter"),
    ),
    insert=(
        """
        insert into fund_quarters
        select 'fund-quarters', k.project_id, k.financial_year, k.quarter, k.committed_gbp::double,
            k.spent_gbp::double, k.people_reached::integer, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select financial_year, count(*) from fund_quarters where {mine} group by 1 order by 1",
)

_STAGE_FITS = """case review_required when 'pending' then stage = 'awaiting_decision' when 'no' then stage = 'not_required'
    else stage in ('in_progress', 'draft_report', 'completed') end"""

OWHR_REVIEWS = Loader(
    format_name="owhr-reviews",
    table="owhr_reviews",
    key=_snapshot("owhr-reviews"),
    checks=(
        _repeats("review_id", ("review_id",), "the same review_id"),
        _required_when("decision_date", "review_required in ('yes', 'no')", "review_required is {other}",
                       "review_required"),
        Check("decision_date", "decision_date is not null and review_required = 'pending'",
              "'{value}' given but review_required is pending"),
        Check("stage", f"review_required is not null and not ({_STAGE_FITS})",
              "'{value}' does not fit review_required '{other}' (pending: awaiting_decision; no: not_required; "
              "yes: in_progress, draft_report or completed)", other="review_required"),
        _required_when("completed_date", "stage = 'completed'", "stage is completed", "stage"),
        Check("completed_date", "completed_date is not null and stage <> 'completed'",
              "'{value}' given but stage is {other}", other="stage"),
        _not_before("decision_date", "aware_date"),
        _not_before("home_office_notified_date", "aware_date"),
        _not_before("completed_date", "decision_date"),
    ),
    insert=(
        """
        insert into owhr_reviews
        select 'owhr-reviews', k.review_id, k.crime_reference, k.aware_date::date, k.review_required,
            k.decision_date::date, k.not_required_reason, k.home_office_notified_date::date, k.stage,
            k.review_partners, k.completed_date::date, k.ingest_id
        from {kept} as k
        """,
    ),
    # Counts per stage would be small counts about people (deaths): the report gives the total only.
    by_key="select 'cases', count(*) from owhr_reviews where {mine}",
)

OWHR_RECOMMENDATIONS = Loader(
    format_name="owhr-recommendations",
    table="owhr_recommendations",
    key=_snapshot("owhr-recommendations"),
    checks=(
        _known("review_id", "owhr_reviews", "owhr-reviews", "a review of the reviews sheet"),
        _repeats("recommendation_id", ("recommendation_id",), "the same recommendation_id"),
        _required_when("completed_date", "status = 'complete'", "status is complete", "status"),
        Check("completed_date", "completed_date is not null and status <> 'complete'",
              "'{value}' given but status is {other}", other="status"),
    ),
    insert=(
        """
        insert into owhr_recommendations
        select 'owhr-recommendations', k.review_id, k.recommendation_id, k.recommendation, k.owner,
            k.due_date::date, k.status, k.completed_date::date, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select status, count(*) from owhr_recommendations where {mine} group by 1 order by 1",
)

TRAINING_SESSIONS = Loader(
    format_name="training-sessions",
    table="training_sessions",
    key=_snapshot("training-sessions"),
    checks=(_repeats("session_id", ("session_id",), "the same session_id"),),
    insert=(
        """
        insert into training_sessions
        select 'training-sessions', k.session_id, k.session_date::date, k.agency, k.district_code, k.topic,
            k.delivery_mode, k.practitioners_trained::integer, k.ingest_id
        from {kept} as k
        """,
    ),
    by_key="select strftime(session_date, '%Y'), count(*) from training_sessions where {mine} group by 1 order by 1",
)

TRAINING_REFERRALS = Loader(
    format_name="training-referrals",
    table="training_referrals",
    key=_snapshot("training-referrals"),
    checks=(
        _repeats("month", ("month", "agency", "district_code"),
                 "the same month, agency and district_code: the referrals would be counted twice"),
    ),
    insert=(
        f"""
        insert into training_referrals
        select 'training-referrals', {_month("k.month")}, k.agency, k.district_code, k.referrals::integer, k.ingest_id
        from {{kept}} as k
        """,
    ),
    by_key="select strftime(month, '%Y'), count(*) from training_referrals where {mine} group by 1 order by 1",
)

LOADERS: dict[str, Loader] = {
    loader.format_name: loader
    for loader in (POLICE_UK, POLICE_UK_OUTCOMES, POLICE_UK_STOP_SEARCH, FORCE_EXTRACT, ADMISSIONS, AE, COHORT_PEOPLE,
                   COHORT_INTERVENTIONS, INDICATORS, FINGERTIPS, CENSUS_ETHNICITY, DELIVERY_ACTIONS, DELIVERY_MILESTONES, FUND_BUDGET,
                   FUND_PROJECTS, FUND_QUARTERS,
                   OWHR_REVIEWS, OWHR_RECOMMENDATIONS, TRAINING_SESSIONS, TRAINING_REFERRALS)
}
