-- The series the watch list scans: recorded offences per month for every offence choice
-- (offence_selectors) in each Warwickshire district and the county, over the months from $start
-- to $end. Offence counts by place and month, as the Overview and Trends pages show them.
-- params: $start, $end
-- grain: one row per offence selector x area (5 districts + county 'all') x month
-- disclosure: none reason=offence counts by district and month, no breakdown by victim or suspect
with months as (
    select unnest(generate_series($start::date, $end::date, interval 1 month))::date as month
),
areas as (
    select district_code as area_code, district_name as area_name from districts where is_warwickshire
    union all select 'all', 'Warwickshire'
),
chosen as (
    select m.selector, i.district_code, i.month
    from incidents as i
    join offence_selector_members as m on m.offence_group = i.offence_group
    where i.month between $start and $end
        and i.district_code in (select district_code from districts where is_warwickshire)
),
counts as (
    select selector, coalesce(district_code, 'all') as area_code, month, count(*) as offence_count
    from chosen group by grouping sets ((selector, district_code, month), (selector, month))
),
final as (
    select s.selector, s.label as selector_label, a.area_code, a.area_name, m.month,
        coalesce(c.offence_count, 0)::bigint as offence_count
    from offence_selectors as s cross join areas as a cross join months as m
    left join counts as c on c.selector = s.selector and c.area_code = a.area_code and c.month = m.month
)
select * from final order by selector, area_code, month
