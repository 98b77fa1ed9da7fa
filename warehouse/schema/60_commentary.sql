-- Analysts' commentary on an indicator for a period (ui/commentary.py writes it).
-- Append-only: a new text for the same indicator and period is a new row; pages show the latest
-- and keep the earlier ones as history. warehouse/build.py copies this table over on a rebuild
-- (PRESERVED_TABLES), so commentary survives every reload of data. The key is a UUID rather
-- than a sequence so that copied rows never collide with new ones.
create table if not exists commentary (
    commentary_id varchar primary key default (uuid()::varchar),
    indicator_id  varchar not null,   -- reference/indicators.csv
    period_label  varchar not null,   -- financial year, e.g. '2024/25'
    author        varchar not null,
    body          varchar not null,
    written_at    timestamp not null default (current_timestamp::timestamp)
);
