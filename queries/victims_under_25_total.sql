-- Offences in the chosen group whose victim was aged under 25, for one period: a count about
-- people, so the people rule suppresses 1 to the threshold.
-- params: $start, $end, $districts, $offence_group
-- disclosure: people counts=under_25_victim_count
-- grain: one row
with chosen as (
    select victim_age
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
),
final as (
    select count(*) filter (where victim_age < 25) as under_25_victim_count
    from chosen
)
select * from final
