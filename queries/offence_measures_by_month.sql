-- Headline measures per month in the chosen Warwickshire districts (the Overview's trend and
-- the month-to-month variation used to judge change).
-- params: $start, $end, $districts, $offence_group
-- grain: one row per month from $start to $end (months with no rows appear with zeros)
with months as (
    select unnest(generate_series($start::date, $end::date, interval 1 month))::date as month
),
chosen as (
    select
        month, weapon, source, offence_group,
        offence_group in (select offence_group from offence_selector_members where selector = $offence_group) as is_chosen
    from incidents
    where month between $start and $end and list_contains($districts, district_code)
),
counts as (
    select
        month,
        count(*) filter (where is_chosen) as offence_count,
        count(*) filter (where is_chosen and weapon = 'knife_sharp') as knife_sharp_count,
        count(*) filter (where is_chosen and source = 'force_extract') as offence_count_with_detail,
        count(*) filter (where offence_group = 'robbery') as robbery_count,
        count(*) filter (where offence_group = 'possession_of_weapons') as weapons_count
    from chosen
    group by month
),
final as (
    select
        m.month,
        coalesce(c.offence_count, 0) as offence_count,
        coalesce(c.knife_sharp_count, 0) as knife_sharp_count,
        coalesce(c.offence_count_with_detail, 0) as offence_count_with_detail,
        coalesce(c.robbery_count, 0) as robbery_count,
        coalesce(c.weapons_count, 0) as weapons_count
    from months as m
    left join counts as c on c.month = m.month
)
select * from final order by month
