-- Emergency department attendances for assault (ISTV data), by financial year and quarter of
-- attendance, with one 'all' row per financial year, and Warwickshire's population (the rate's
-- denominator; attendances include patients from outside the county).
-- params: none
-- grain: one row per financial year x quarter (Q1 = Apr-Jun ... Q4 = Jan-Mar, or 'all')
-- disclosure: health counts=attendances dims=financial_year,quarter
with monthly as (
    select month, count(*) as attendances
    from ae_attendances
    group by month
),
labelled as (
    select m.month, m.attendances, k.financial_year, k.fy_quarter
    from monthly as m
    join calendar as k on k.month = m.month
),
cube as (
    select
        financial_year,
        coalesce(fy_quarter, 'all') as quarter,
        min(month) as period_start,
        count(*) as month_count,
        sum(attendances)::bigint as attendances
    from labelled
    group by grouping sets ((financial_year, fy_quarter), (financial_year))
),
population as (
    select sum(pop_all_ages)::bigint as denominator
    from population_district
    where district_code in (select district_code from districts where is_warwickshire)
),
final as (
    select c.financial_year, c.quarter, c.period_start, c.month_count, c.attendances, p.denominator
    from cube as c
    cross join population as p
)
select * from final order by financial_year, quarter
