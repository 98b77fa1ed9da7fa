-- OHID Fingertips exports (format `fingertips`, issue #17), every value as published: one row per
-- Fingertips indicator x area x sex x age x category x time period (row_key joins them; a blank
-- category is ''). Pooled periods keep their label ('2020/21 - 22/23') and Fingertips' sortable key;
-- period_start/period_end are read from the label where its form is known (financial or calendar
-- years, single or pooled), else NULL. Comparisons and the recent trend are Fingertips' own words.
create table if not exists fingertips_values (
    row_key                 varchar primary key,
    fingertips_indicator_id integer not null,
    indicator_name          varchar not null,
    parent_code             varchar,
    parent_name             varchar,
    area_code               varchar not null,
    area_name               varchar not null,
    area_type               varchar not null,
    sex                     varchar not null,
    age                     varchar not null,
    category_type           varchar,
    category                varchar,
    period_label            varchar not null,   -- 'Time period' as published
    period_sortable         bigint not null,    -- 'Time period Sortable'
    period_range            varchar,            -- 'Time period range' (newer exports), e.g. '3y'
    period_start            date,
    period_end              date,
    value                   double,
    lower_ci_95             double,
    upper_ci_95             double,
    lower_ci_99_8           double,
    upper_ci_99_8           double,
    count                   double,
    denominator             double,
    value_note              varchar,
    recent_trend            varchar,
    compared_to_england     varchar,
    compared_to_parent      varchar,            -- the parent is named by fingertips_exports.parent_column
    compared_to_goal        varchar,
    new_data                varchar,
    source_line             bigint not null,
    ingest_id               integer not null
);

-- One row per Fingertips file loaded: when it was exported (a date in the file name, else the file's
-- modification date) and the name its parent comparison column had.
create table if not exists fingertips_exports (
    ingest_id      integer primary key,
    file           varchar not null,
    exported_on    date,
    exported_basis varchar,            -- 'file name' | 'file modified'
    parent_column  varchar not null    -- e.g. 'Compared to West Midlands region value or percentiles'
);

-- reference/fingertips_indicators.csv as of the latest Fingertips load: which Fingertips indicator
-- stands for which catalogue indicator. relation: 'same' (the same measure, Fingertips' method) or
-- 'broader' (a wider measure shown beside the dashboard's own, never as its value).
create table if not exists fingertips_indicator_map (
    fingertips_indicator_id integer not null,
    indicator_id            varchar not null,
    relation                varchar not null,
    note                    varchar not null
);
