-- The outcome-indicator catalogue, loaded from reference/indicators.csv on every build by
-- warehouse/catalogue.py (the CSV is the source; edit it, not this table).
create table if not exists indicator_definitions (
    indicator_id      varchar primary key,
    display_order     integer not null,
    pillar            varchar not null,   -- national | vru | prevent | respond | long_term_support
    name              varchar not null,
    short_name        varchar not null,
    description       varchar not null,   -- plain language, for board members
    definition        varchar not null,
    numerator         varchar not null,
    denominator       varchar not null,
    source            varchar not null,
    polarity          varchar not null,   -- lower_is_better | higher_is_better | neutral
    unit              varchar not null,   -- rate | percent | count
    multiplier        double not null,    -- per 1,000 / 100,000 / 1,000,000; 100 for percent
    unit_label        varchar not null,
    baseline_period   varchar,            -- financial year
    baseline_value    double,             -- blank: the value computed for baseline_period
    target_value      double,             -- absolute target, or
    target_change_pct double,             -- change on the baseline to reach by target_date
    target_date       date,
    chart_type        varchar not null,   -- xmr | c_chart | g_chart
    spc_grain         varchar not null,   -- month | quarter | financial_year | event
    query             varchar not null,   -- queries/<name>.sql, or 'indicator_values'
    query_params      varchar not null    -- JSON object of the query's parameters
);
