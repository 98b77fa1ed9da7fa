-- Indicator values for benchmarking (published or computed), keyed by indicator, area, period.
create table if not exists indicator_values (
    indicator_id varchar not null,
    area_code    varchar not null,
    area_name    varchar not null,
    area_type    varchar not null,
    period_label varchar not null,
    period_start date not null,
    period_end   date not null,
    numerator    double,
    denominator  double,
    value        double,
    lower_ci     double,
    upper_ci     double,
    source       varchar not null,
    ingest_id    integer not null,
    primary key (indicator_id, area_code, period_start, period_end)
);
