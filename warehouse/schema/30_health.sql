-- Health data: hospital admissions for assault (aggregated) and A&E ISTV attendances.
-- Stored unsuppressed; the query layer applies the HES rule before anything is shown.

create table if not exists hospital_admissions (
    month         date not null,
    icd10_cause   varchar not null,   -- X85-Y09; X99 = assault by sharp object
    age_band      varchar not null,
    sex           varchar not null,
    district_code varchar not null,   -- district of residence
    lsoa_code     varchar,
    admissions    integer not null,
    ingest_id     integer not null
);

create table if not exists ae_attendances (
    attendance_id          varchar primary key,
    hospital_site          varchar not null,
    attendance_at          timestamp not null,
    month                  date not null,     -- month of attendance
    incident_at            timestamp,
    incident_location      varchar,
    incident_location_type varchar not null,
    incident_district_code varchar,
    means_of_assault       varchar not null,
    patient_age_band       varchar not null,
    patient_sex            varchar not null,
    ingest_id              integer not null
);
