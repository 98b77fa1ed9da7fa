-- Recorded crimes located in the Warwickshire districts, of the chosen Home Office subgroups
-- (and with a knife or sharp object, when asked), by month, with the county's population.
-- Only force-extract rows carry subgroups and the weapon flag, so the months are those the
-- Warwickshire Police extract covers.
-- params: $subgroups, $knife_only
-- grain: one row per month covered by the force extract (months with no such crime count 0)
-- disclosure: none reason=offence counts for the whole county by month; no breakdown by person
with county as (
    select district_code from districts where is_warwickshire
),
months as (
    select distinct month from force_extract_rows where force = 'Warwickshire Police'
),
chosen as (
    select month, count(*) as offence_count
    from incidents
    where source = 'force_extract'
        and district_code in (select district_code from county)
        and list_contains($subgroups, offence_subgroup)
        and (not $knife_only or weapon = 'knife_sharp')
    group by month
),
population as (
    select sum(pop_all_ages)::bigint as denominator
    from population_district
    where district_code in (select district_code from county)
),
final as (
    select
        m.month,
        k.financial_year,
        coalesce(c.offence_count, 0)::bigint as offence_count,
        p.denominator
    from months as m
    join calendar as k on k.month = m.month
    left join chosen as c on c.month = m.month
    cross join population as p
)
select * from final order by month
