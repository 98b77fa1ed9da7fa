-- Recorded crimes located in the Warwickshire districts, of the chosen Home Office subgroups (and
-- with a knife or sharp object, when asked), whose victim was aged under 25, by financial year
-- and quarter, with one 'all' row per financial year, and the county's residents aged under 25.
-- A victim breakdown, so the people rule applies. Months are those of the force extract.
-- params: $subgroups, $knife_only
-- grain: one row per financial year x quarter (Q1 = Apr-Jun ... Q4 = Jan-Mar, or 'all')
-- disclosure: people counts=victim_count dims=financial_year,quarter
with county as (
    select district_code from districts where is_warwickshire
),
months as (
    select distinct month from force_extract_rows where force = 'Warwickshire Police'
),
chosen as (
    select month, count(*) as victim_count
    from incidents
    where source = 'force_extract'
        and district_code in (select district_code from county)
        and list_contains($subgroups, offence_subgroup)
        and (not $knife_only or weapon = 'knife_sharp')
        and victim_age < 25
    group by month
),
labelled as (
    select
        m.month,
        coalesce(c.victim_count, 0) as victim_count,
        k.financial_year,
        k.fy_quarter
    from months as m
    join calendar as k on k.month = m.month
    left join chosen as c on c.month = m.month
),
cube as (
    select
        financial_year,
        coalesce(fy_quarter, 'all') as quarter,
        min(month) as period_start,
        count(*) as month_count,
        sum(victim_count)::bigint as victim_count
    from labelled
    group by grouping sets ((financial_year, fy_quarter), (financial_year))
),
population as (
    select sum(pop_under_25)::bigint as denominator
    from population_district
    where district_code in (select district_code from county)
),
final as (
    select c.financial_year, c.quarter, c.period_start, c.month_count, c.victim_count, p.denominator
    from cube as c
    cross join population as p
)
select * from final order by financial_year, quarter
