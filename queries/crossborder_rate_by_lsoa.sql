-- Offences in each Warwickshire LSOA with its population, for the border band view (the page
-- adds each LSOA's distance to the West Midlands boundary and shows bands, never single LSOAs).
-- Sexual offences are left out: they are never shown below district level.
-- params: $start, $end, $offence_group
-- grain: one row per Warwickshire LSOA with a population
-- access: lsoa
with counts as (
    select lsoa_code, count(*) as offence_count
    from incidents
    where month between $start and $end
        and location_status = 'known'
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
    group by lsoa_code
),
final as (
    select l.lsoa_code, l.district_code, p.pop_all_ages, coalesce(c.offence_count, 0) as offence_count
    from lsoas as l
    join population_lsoa as p on p.lsoa_code = l.lsoa_code
    left join counts as c on c.lsoa_code = l.lsoa_code
    where l.is_warwickshire
)
select * from final order by lsoa_code
