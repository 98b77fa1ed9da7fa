-- Recorded crime from two sources, the canonical `incidents_canonical` view over them, and
-- `incidents`: that view materialised with its calendar columns, refreshed by every ingest that
-- loads crime (warehouse/ingest.py refresh_incidents) so pages scan one table.
--
-- location_status: 'known' (LSOA in the reference lookup, district set),
-- 'unknown' (no LSOA / no coordinates), 'outside_reference' (an LSOA code outside the
-- reference area, e.g. elsewhere in Great Britain or an old district name; district NULL).
--
-- offence_group (see reference/offence_groups.csv, one row per police.uk crime type):
-- 'violence_and_sexual', 'robbery', 'possession_of_weapons' (together: serious violence),
-- 'drugs' (county-lines signal), 'anti_social_behaviour', 'other'.

create table if not exists police_uk_rows (
    force           varchar not null,   -- "Falls within"
    month           date not null,
    line_number     integer not null,   -- line in the source file (header = 1)
    crime_id        varchar,
    reported_by     varchar not null,
    lon             double,
    lat             double,
    location        varchar,
    lsoa_code       varchar,
    lsoa_name       varchar,
    crime_type      varchar not null,
    last_outcome    varchar,
    context         varchar,
    district_code   varchar,
    location_status varchar not null,
    offence_group   varchar not null,
    ingest_id       integer not null
);

create table if not exists force_extract_rows (
    force                  varchar not null,
    month                  date not null,
    line_number            integer not null,
    crime_reference        varchar not null,
    occurred_at            timestamp,
    ho_offence_code        varchar not null,
    ho_offence_description varchar not null,
    crime_type             varchar not null,
    offence_subgroup       varchar not null,  -- from reference/ho_offence_codes.csv: homicide, violence_with_injury, ...
    easting                double,
    northing               double,
    lon                    double,
    lat                    double,
    lsoa_code              varchar,
    district_code          varchar,
    location_status        varchar not null,
    offence_group          varchar not null,
    weapon                 varchar not null,
    domestic               boolean not null,
    victim_age             integer,
    victim_sex             varchar,
    suspect_age            integer,
    suspect_sex            varchar,
    suspect_home_district  varchar,
    night_time_economy     boolean not null,
    county_lines           boolean not null,
    hate_crime             boolean not null,
    ingest_id              integer not null
);

-- One row per recorded crime. Where a force extract is loaded for a force-month its rows are
-- the record of that force-month's crimes (the police.uk rows describe the same crimes with less
-- detail and are left out); police.uk anti-social behaviour is always kept because extracts hold
-- crimes only. Elsewhere police.uk rows stand.
create or replace view incidents_canonical as
with extract_months as (
    select distinct force, month from force_extract_rows
),
from_extract as (
    select
        'fx:' || force || ':' || crime_reference as incident_id,
        'force_extract' as source,
        force, month, occurred_at, crime_type, offence_group, offence_subgroup,
        offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons') as is_serious_violence,
        lsoa_code, district_code, location_status, lon, lat,
        weapon, domestic, victim_age, victim_sex, suspect_age, suspect_sex,
        suspect_home_district, night_time_economy, county_lines, hate_crime,
        ho_offence_code, null::varchar as last_outcome, ingest_id
    from force_extract_rows
),
from_police_uk as (
    select
        coalesce(p.crime_id, 'asb:' || p.force || ':' || strftime(p.month, '%Y-%m') || ':' || p.line_number) as incident_id,
        'police.uk' as source,
        p.force, p.month, null::timestamp as occurred_at, p.crime_type, p.offence_group,
        null::varchar as offence_subgroup,
        p.offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons') as is_serious_violence,
        p.lsoa_code, p.district_code, p.location_status, p.lon, p.lat,
        null::varchar as weapon, null::boolean as domestic, null::integer as victim_age,
        null::varchar as victim_sex, null::integer as suspect_age, null::varchar as suspect_sex,
        null::varchar as suspect_home_district, null::boolean as night_time_economy,
        null::boolean as county_lines, null::boolean as hate_crime,
        null::varchar as ho_offence_code, p.last_outcome, p.ingest_id
    from police_uk_rows as p
    where p.offence_group = 'anti_social_behaviour'
        or not exists (
            select 1 from extract_months as e where e.force = p.force and e.month = p.month
        )
)
select * from from_extract
union all
select * from from_police_uk;

-- What the pages read. The calendar columns are those of `calendar` (financial year April-March).
create table if not exists incidents as
select i.*, c.year, c.month_of_year, c.financial_year, c.fy_quarter, c.quarter_start
from incidents_canonical as i
left join calendar as c using (month)
limit 0;
