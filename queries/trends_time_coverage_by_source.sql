-- How many of the chosen offences carry an offence date and time (force extract) and how many
-- only a month (police.uk), and in how many months each source stands.
-- params: $start, $end, $districts, $offence_group
-- grain: one row per source present in the period
with chosen as (
    select source, month, occurred_at
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
),
final as (
    select
        source,
        count(*) as offence_count,
        count(occurred_at) as with_time_count,
        count(distinct month) as month_count
    from chosen
    group by source
)
select * from final order by source
