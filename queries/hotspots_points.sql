-- Offence locations of the chosen offences from the force extract (exact points; police.uk points
-- are snapped to anonymised map points and are not used for density). Sexual offences are left
-- out (never shown below district level).
-- params: $start, $end, $districts, $offence_group
-- grain: one row per force-extract offence with coordinates
-- access: lsoa
with final as (
    select lon, lat
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
        and source = 'force_extract'
        and lon is not null and lat is not null
)
select * from final
