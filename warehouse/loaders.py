"""How each format goes from a staged, validated table into the warehouse tables.

A loader names its replace key (staged expression -> target column), extra validation rules,
and the SQL that inserts the kept rows. In the SQL, `{kept}` is the staged rows that survive
(the last file of the command wins a key) with an `ingest_id`, and `{stage}` all staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.checks import DECIMAL_PATTERN, Check
from warehouse.formats import NEEDS


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

LOADERS: dict[str, Loader] = {
    loader.format_name: loader
    for loader in (POLICE_UK, FORCE_EXTRACT, ADMISSIONS, AE, COHORT_PEOPLE, COHORT_INTERVENTIONS, INDICATORS)
}
