-- The other two files of a data.police.uk download (issue #17): outcomes and stop and search.
--
-- police_uk_outcomes: one row per outcome row of a `YYYY-MM-<force>-outcomes.csv` file; `month` is the
-- month the outcome was recorded. outcome_group from reference/outcome_groups.csv ('other' when the
-- category is not listed). A crime's latest outcome: `crime_latest_outcome`.
create table if not exists police_uk_outcomes (
    force           varchar not null,   -- "Falls within"
    month           date not null,      -- month the outcome was recorded
    line_number     integer not null,
    crime_id        varchar not null,
    reported_by     varchar not null,
    lon             double,
    lat             double,
    location        varchar,
    lsoa_code       varchar,
    lsoa_name       varchar,
    outcome_type    varchar not null,
    outcome_group   varchar not null,
    district_code   varchar,
    location_status varchar not null,
    ingest_id       integer not null
);

-- police_uk_stop_search: one row per search of a `YYYY-MM-<force>-stop-and-search.csv` file. The file
-- has no force or month column: `force` is the name's force part (e.g. 'warwickshire') and `month`
-- its month. lsoa_code and district_code come from the coordinates: the Warwickshire LSOA polygon
-- holding the point, else the reference district polygon (neighbours: district only, no LSOA).
-- location_status as for crimes: 'known', 'unknown' (no coordinates), 'outside_reference'.
create table if not exists police_uk_stop_search (
    force                    varchar not null,
    month                    date not null,
    line_number              integer not null,
    search_type              varchar not null,
    searched_at              timestamp not null,   -- as written (UTC), offset dropped
    part_of_operation        boolean,
    policing_operation       varchar,
    lat                      double,
    lon                      double,
    gender                   varchar,
    age_range                varchar,
    self_defined_ethnicity   varchar,
    ethnic_group             varchar not null,     -- white, mixed, asian, black, other, not_stated (from self-defined)
    officer_defined_ethnicity varchar,
    legislation              varchar,
    object_of_search         varchar,
    is_weapon_search         boolean not null,     -- reference/stop_search_objects.csv
    outcome                  varchar,
    object_found             boolean,              -- "Outcome linked to object of search"
    more_than_outer_clothing boolean,
    lsoa_code                varchar,
    district_code            varchar,
    location_status          varchar not null,
    ingest_id                integer not null
);

-- The latest outcome of each crime in the outcomes files loaded: its latest month, and on a tie the
-- last line of that month's file (files list a crime's outcomes in the order they were recorded).
create or replace view crime_latest_outcome as
select crime_id, force, month as outcome_month, outcome_type, outcome_group
from police_uk_outcomes
qualify row_number() over (partition by crime_id order by month desc, ingest_id desc, line_number desc) = 1;

-- reference/outcome_groups.csv and reference/stop_search_objects.csv, loaded with the project's
-- reference tables (warehouse/catalogue.py) for the page's labels and definitions.
create table if not exists outcome_groups (
    outcome_type        varchar primary key,
    outcome_group       varchar not null,
    outcome_group_label varchar not null,
    display_order       integer not null,
    definition          varchar not null
);

create table if not exists stop_search_objects (
    object_of_search varchar primary key,
    is_weapon_search boolean not null,
    object_label     varchar not null,
    definition       varchar not null
);

-- ONS Census 2021 TS021 usual residents by district and ethnic category (`ingest census-ethnicity`),
-- the denominators of searches by ethnic group. ethnic_group: the five groups of data.police.uk's
-- self-defined ethnicity (asian, black, mixed, white, other), from the category's name.
create table if not exists population_district_ethnicity (
    district_code   varchar not null,
    district_name   varchar not null,
    category_code   integer not null,
    category        varchar not null,
    ethnic_group    varchar not null,
    usual_residents bigint not null,
    source_line     bigint not null,
    ingest_id       integer not null
);
