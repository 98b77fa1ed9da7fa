-- Reference tables: districts, LSOAs with deprivation, Census 2021 population.
-- Loaded from SVD_REFERENCE_DIR by warehouse/reference.py on every build.

create table if not exists districts (
    district_code   varchar primary key,  -- ONS LAD code
    district_name   varchar not null,
    is_warwickshire boolean not null,     -- one of the five county districts
    region          varchar not null      -- 'Warwickshire', 'West Midlands', 'Leicestershire', ...
);

-- Every district in England and Wales, only to name out-of-area suspect and cohort homes.
create table if not exists district_names (
    district_code varchar primary key,
    district_name varchar not null
);

create table if not exists lsoas (
    lsoa_code        varchar primary key,  -- 2011 LSOA code (police.uk uses 2011 codes)
    lsoa_name        varchar,
    district_code    varchar not null,     -- current district (Daventry/South Northants -> West Northamptonshire)
    is_warwickshire  boolean not null,
    has_boundary     boolean not null,     -- polygon in the reference boundaries (Warwickshire only)
    imd_rank         integer,              -- IoD 2019, 1 = most deprived of 32,844
    imd_decile       integer,              -- 1 = most deprived 10%
    crime_rank       integer,
    crime_decile     integer,
    income_decile    integer,
    employment_decile integer
);

-- Census 2021 usual residents by district and the six published age groups.
create table if not exists population_district_age (
    district_code   varchar not null,
    age_group       varchar not null,
    usual_residents integer not null,
    primary key (district_code, age_group)
);

-- Census 2021 usual residents by 2021 LSOA and age group (Warwickshire and neighbours).
create table if not exists population_lsoa21_age (
    lsoa21_code     varchar not null,
    lsoa21_name     varchar,
    district_code   varchar not null,
    age_group       varchar not null,
    usual_residents integer not null,
    primary key (lsoa21_code, age_group)
);

-- One row per district: all ages and under 25 (= "15 and under" + "16 to 24").
create or replace view population_district as
select
    district_code,
    sum(usual_residents)::bigint as pop_all_ages,
    sum(usual_residents) filter (
        where age_group in ('Aged 15 years and under', 'Aged 16 to 24 years')
    )::bigint as pop_under_25
from population_district_age
group by district_code;

-- One row per 2011 LSOA whose code also exists in 2021 (most do). LSOAs split or merged in
-- 2021 have no population here; data_quality_population_mismatch lists them.
create or replace view population_lsoa as
select
    l.lsoa_code,
    l.district_code,
    sum(p.usual_residents)::bigint as pop_all_ages,
    sum(p.usual_residents) filter (
        where p.age_group in ('Aged 15 years and under', 'Aged 16 to 24 years')
    )::bigint as pop_under_25
from lsoas as l
join population_lsoa21_age as p on p.lsoa21_code = l.lsoa_code
group by l.lsoa_code, l.district_code;
