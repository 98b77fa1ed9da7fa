-- Pseudonymised youth justice / probation cohort. Counts about people are suppressed in the
-- query layer (queries/disclosure.py) before anything is shown.

create table if not exists cohort_people (
    person_id     varchar primary key,
    agency        varchar not null,   -- youth_justice | probation
    entry_date    date not null,
    age_at_entry  integer not null,
    sex           varchar not null,
    ethnicity     varchar not null,
    home_district varchar not null,   -- ONS district code, may be outside the county
    ingest_id     integer not null
);

-- One row per need or risk factor present (see warehouse/formats.py NEEDS).
create table if not exists cohort_needs (
    person_id varchar not null,
    need      varchar not null,
    primary key (person_id, need)
);

create table if not exists cohort_interventions (
    person_id    varchar not null,
    intervention varchar not null,
    pillar       varchar not null,   -- prevent | respond | long_term_support
    level        varchar not null,   -- universal | selected | indicated
    start_date   date not null,
    end_date     date,
    completed    boolean,            -- NULL while ongoing
    ingest_id    integer not null
);

-- Proven reoffending within 12 months of entry; proven_reoffence NULL while follow-up runs.
create table if not exists cohort_reoffending (
    person_id          varchar primary key,
    followup_end       date not null,
    proven_reoffence   boolean,
    reoffence_district varchar
);

-- What the dashboard publishes: entries (and interventions started) in whole financial quarters
-- that are over, i.e. before the start of the quarter of the latest entry loaded. A quarter still
-- filling up would change between two loads, and the difference would be a small count.
create or replace view cohort_published_until as
select coalesce(min(c.quarter_start), date '1900-01-01') as first_unpublished_day
from calendar as c
where c.month = (select date_trunc('month', max(entry_date)) from cohort_people);

create or replace view cohort_people_published as
select p.* from cohort_people as p
where p.entry_date < (select first_unpublished_day from cohort_published_until);

create or replace view cohort_interventions_published as
select i.* from cohort_interventions as i
join cohort_people_published as p using (person_id)
where i.start_date < (select first_unpublished_day from cohort_published_until);
