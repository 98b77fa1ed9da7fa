-- Rate per 1,000 residents of the chosen offences for every reference district (the five
-- Warwickshire districts and the 16 neighbours, for context). A neighbour's rate is NULL unless
-- data from a force other than Warwickshire Police is loaded for it in the period: the few
-- Warwickshire Police records just over the border would otherwise pass for its whole rate.
-- params: $start, $end, $offence_group
-- grain: one row per reference district (21)
with counts as (
    select
        district_code,
        count(*) filter (
            where offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        ) as offence_count,
        count(*) filter (where force <> 'Warwickshire Police') as other_force_count
    from incidents
    where month between $start and $end and district_code is not null
    group by district_code
),
final as (
    select
        d.district_code,
        d.district_name,
        d.is_warwickshire,
        d.region,
        p.pop_all_ages,
        case when d.is_warwickshire or c.other_force_count > 0 then coalesce(c.offence_count, 0) end as offence_count,
        case
            when d.is_warwickshire or c.other_force_count > 0
                then 1000.0 * coalesce(c.offence_count, 0) / p.pop_all_ages
        end as rate_per_1000
    from districts as d
    join population_district as p on p.district_code = d.district_code
    left join counts as c on c.district_code = d.district_code
)
select * from final order by is_warwickshire desc, district_name
