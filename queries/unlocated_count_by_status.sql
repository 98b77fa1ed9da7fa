-- Warwickshire Police records in the period that cannot be placed in a Warwickshire district:
-- no location, or an LSOA outside the reference area. They are not in any district's figures.
-- params: $start, $end, $offence_group
-- grain: one row per location_status other than 'known'
with force_rows as (
    select location_status
    from incidents
    where force = 'Warwickshire Police'
        and month between $start and $end
        and location_status <> 'known'
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
),
final as (
    select location_status, count(*) as row_count
    from force_rows
    group by location_status
)
select * from final order by location_status
