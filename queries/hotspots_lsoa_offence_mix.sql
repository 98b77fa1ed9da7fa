-- One LSOA's chosen offences by offence (Home Office subgroup where the force extract gives it,
-- else the police.uk crime type). Sexual offences are left out (never shown below district level).
-- params: $lsoa_code, $start, $end, $offence_group
-- grain: one row per offence with at least one offence
-- access: lsoa
with chosen as (
    select coalesce(replace(offence_subgroup, '_', ' '), crime_type || ' (police.uk)') as offence
    from incidents
    where lsoa_code = $lsoa_code
        and month between $start and $end
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
),
final as (
    select offence, count(*) as offence_count from chosen group by offence
)
select * from final order by offence_count desc, offence
