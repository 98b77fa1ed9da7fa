-- Emergency admissions for assault of residents of the Warwickshire districts, by financial year
-- and quarter of admission, with one 'all' row per financial year (the year's total), and the
-- population the rate is taken over. Months with no admissions count 0; month_count says how
-- many months of admissions data the cell covers (a complete year has 12).
-- params: $causes, $population
-- grain: one row per financial year x quarter (Q1 = Apr-Jun ... Q4 = Jan-Mar, or 'all')
-- disclosure: health counts=admissions dims=financial_year,quarter
with county as (
    select district_code from districts where is_warwickshire
),
months as (
    select distinct month from hospital_admissions
),
admitted as (
    select month, sum(admissions) as admissions
    from hospital_admissions
    where district_code in (select district_code from county)
        and ($causes is null or list_contains($causes, icd10_cause))
        and ($population = 'all' or age_band in ('0-15', '16-24'))
    group by month
),
labelled as (
    select
        m.month,
        coalesce(a.admissions, 0) as admissions,
        k.financial_year,
        k.fy_quarter
    from months as m
    join calendar as k on k.month = m.month
    left join admitted as a on a.month = m.month
),
cube as (
    select
        financial_year,
        coalesce(fy_quarter, 'all') as quarter,
        min(month) as period_start,
        count(*) as month_count,
        sum(admissions)::bigint as admissions
    from labelled
    group by grouping sets ((financial_year, fy_quarter), (financial_year))
),
population as (
    select sum(case when $population = 'under_25' then pop_under_25 else pop_all_ages end)::bigint as denominator
    from population_district
    where district_code in (select district_code from county)
),
final as (
    select c.financial_year, c.quarter, c.period_start, c.month_count, c.admissions, p.denominator
    from cube as c
    cross join population as p
)
select * from final order by financial_year, quarter
