-- One LSOA's monthly count of the chosen offences (its profile's trend). Sexual offences are
-- left out (never shown below district level).
-- params: $lsoa_code, $start, $end, $offence_group
-- grain: one row per month from $start to $end (zeros included)
-- access: lsoa
with months as (
    select unnest(generate_series($start::date, $end::date, interval 1 month))::date as month
),
counts as (
    select month, count(*) as offence_count
    from incidents
    where lsoa_code = $lsoa_code
        and month between $start and $end
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
    group by month
),
final as (
    select m.month, coalesce(c.offence_count, 0) as offence_count
    from months as m left join counts as c using (month)
)
select * from final order by month
