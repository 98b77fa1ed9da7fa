-- The calendar every query joins for periods: one row per month from 2000 to 2049 with its
-- financial year (April to March) and financial quarter (Q1 = Apr-Jun ... Q4 = Jan-Mar), so no
-- query computes a financial year or a label of its own.
create table if not exists calendar as
with months as (
    select unnest(generate_series(date '2000-01-01', date '2049-12-01', interval 1 month))::date as month
),
years as (
    select month, year(month) as year, month(month) as month_of_year,
        year(month - interval 3 month) as fy_start_year
    from months
)
select
    month,
    year,
    month_of_year,
    strftime(month, '%Y-%m') as month_key,
    strftime(month, '%b %Y') as month_label,
    fy_start_year,
    fy_start_year::varchar || '/' || right((fy_start_year + 1)::varchar, 2) as financial_year,
    make_date(fy_start_year, 4, 1) as fy_start,
    'Q' || ((month_of_year + 8) % 12 // 3 + 1)::varchar as fy_quarter,
    fy_start_year::varchar || '/' || right((fy_start_year + 1)::varchar, 2)
        || ' Q' || ((month_of_year + 8) % 12 // 3 + 1)::varchar as quarter_label,
    (date_trunc('quarter', month - interval 3 month) + interval 3 month)::date as quarter_start
from years
order by month;
