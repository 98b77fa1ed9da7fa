-- Headline measures for one period, per Warwickshire district (county = sum of the rows).
-- params: $start, $end, $districts, $offence_group
--   $start, $end: first days of the first and last month (inclusive); $districts: list of
--   ONS codes; $offence_group: an offence selector (offence_selectors table), e.g. 'serious_violence'.
-- grain: one row per chosen Warwickshire district
with chosen_districts as (
    select d.district_code, d.district_name, p.pop_all_ages, p.pop_under_25
    from districts as d
    join population_district as p on p.district_code = d.district_code
    where d.is_warwickshire and list_contains($districts, d.district_code)
),
period_incidents as (
    select i.district_code, i.offence_group, i.weapon, i.source,
        i.offence_group in (select offence_group from offence_selector_members where selector = $offence_group) as is_chosen
    from incidents as i
    where i.month between $start and $end
        and list_contains($districts, i.district_code)
),
per_district as (
    select
        district_code,
        count(*) filter (where is_chosen) as offence_count,
        count(*) filter (where is_chosen and weapon = 'knife_sharp') as knife_sharp_count,
        count(*) filter (where is_chosen and source = 'force_extract') as offence_count_with_detail,
        count(*) filter (where offence_group = 'robbery') as robbery_count,
        count(*) filter (where offence_group = 'possession_of_weapons') as weapons_count
    from period_incidents
    group by district_code
),
final as (
    select
        c.district_code,
        c.district_name,
        coalesce(p.offence_count, 0) as offence_count,
        coalesce(p.knife_sharp_count, 0) as knife_sharp_count,
        coalesce(p.offence_count_with_detail, 0) as offence_count_with_detail,
        coalesce(p.robbery_count, 0) as robbery_count,
        coalesce(p.weapons_count, 0) as weapons_count,
        c.pop_all_ages,
        c.pop_under_25,
        1000.0 * coalesce(p.offence_count, 0) / c.pop_all_ages as rate_per_1000
    from chosen_districts as c
    left join per_district as p on p.district_code = c.district_code
)
select * from final order by district_code
