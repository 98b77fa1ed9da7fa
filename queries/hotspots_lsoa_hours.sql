-- One LSOA's chosen offences by hour of day, from force-extract rows with an offence time.
-- Sexual offences are left out (never shown below district level).
-- params: $lsoa_code, $start, $end, $offence_group
-- grain: one row per hour of day (24 rows, zeros included)
-- access: lsoa
with counts as (
    select hour(occurred_at) as hour_of_day, count(*) as offence_count
    from incidents
    where lsoa_code = $lsoa_code
        and month between $start and $end
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
        and occurred_at is not null
    group by all
),
final as (
    select h.hour_of_day::integer as hour_of_day, coalesce(c.offence_count, 0) as offence_count
    from range(0, 24) as h(hour_of_day) left join counts as c using (hour_of_day)
)
select * from final order by hour_of_day
