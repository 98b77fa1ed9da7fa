-- Offences in the Warwickshire Police crime extract with the suspect's home district recorded, by
-- where the suspect lives (origin) and where the offence was (destination), as one protected
-- table. Origins: the five Warwickshire districts (adding up to in the county), the sixteen
-- neighbouring districts and elsewhere (adding up to out of the county), both adding up to all
-- known homes. Destinations: the five districts (adding up to the county) and, apart, offences
-- the force recorded outside the county. By offence group: serious violence (which the three
-- serious-violence groups add up to) and drugs by every origin per financial year; the three
-- groups by all / in / out of the county; per financial quarter all / in / out only. Only whole quarters of the extract are published, and a
-- year only when its four quarters are. One offence counts once, by the first suspect recorded.
-- params: none
-- grain: one row per period x destination (5 + county + outside) x offence group (4 + serious violence) x origin (year, serious violence and drugs: 21 + elsewhere + 3 totals; otherwise the 3 totals)
-- disclosure: people counts=offence_count dims=period,destination_code,origin_code,offence_group
with origin_tree(origin_code, origin_name, origin_kind, origin_code_parent) as (
    select district_code, district_name, case when is_warwickshire then 'warwickshire' else 'neighbour' end,
        case when is_warwickshire then 'in_county' else 'out_of_county' end
    from districts
    union all select 'elsewhere', 'Elsewhere (not a neighbouring district)', 'elsewhere', 'out_of_county'
    union all select 'in_county', 'Warwickshire (five districts)', 'in_county', 'all'
    union all select 'out_of_county', 'Outside Warwickshire', 'out_of_county', 'all'
    union all select 'all', 'All known homes', 'all', null
),
origin_up(origin_code, up) as (
    select origin_code, origin_code from origin_tree
    union all select origin_code, origin_code_parent from origin_tree where origin_code_parent is not null
    union all select t.origin_code, p.origin_code_parent from origin_tree as t
        join origin_tree as p on p.origin_code = t.origin_code_parent where p.origin_code_parent is not null
),
destination_tree(destination_code, destination_name, destination_code_parent) as (
    select district_code, district_name, 'all' from districts where is_warwickshire
    union all select 'all', 'Warwickshire (five districts)', null
    union all select 'outside', 'Outside Warwickshire (recorded by Warwickshire Police)', null
),
offences as (
    select c.quarter_label, c.financial_year, i.offence_group,
        case when d.is_warwickshire then i.district_code else 'outside' end as destination_code,
        case when h.district_code is not null then h.district_code else 'elsewhere' end as origin_code
    from incidents as i
    join calendar as c on c.month = i.month
    join extract_quarters as q on q.quarter_label = c.quarter_label
    left join districts as d on d.district_code = i.district_code
    left join districts as h on h.district_code = i.suspect_home_district
    where i.source = 'force_extract' and i.force = 'Warwickshire Police'
        and i.suspect_home_district is not null
        and i.offence_group in (select offence_group from offence_selector_members)
),
with_destinations as (
    select *, destination_code as destination_up from offences
    union all select *, 'all' from offences where destination_code <> 'outside'
),
expanded as (
    select w.financial_year as period, w.destination_up as destination_code, o.up as origin_code, g.selector as offence_group
    from with_destinations as w
    join extract_periods as y on y.period = w.financial_year
    join origin_up as o on o.origin_code = w.origin_code
    join offence_selector_members as g on g.offence_group = w.offence_group
        and (g.selector in (select offence_group from offence_group_tree where offence_group_parent is null)
            or o.up in ('all', 'in_county', 'out_of_county'))
    union all
    select w.quarter_label, w.destination_up, o.up, g.selector
    from with_destinations as w
    join origin_up as o on o.origin_code = w.origin_code and o.up in ('all', 'in_county', 'out_of_county')
    join offence_selector_members as g on g.offence_group = w.offence_group
),
counts as (
    select period, destination_code, origin_code, offence_group, count(*) as offence_count from expanded group by all
),
final as (
    select p.period, p.period_parent, p.period_kind, p.period_start, p.financial_year,
        d.destination_code, d.destination_name, d.destination_code_parent,
        o.origin_code, o.origin_name, o.origin_kind, o.origin_code_parent,
        g.offence_group, g.offence_group_parent,
        coalesce(c.offence_count, 0)::bigint as offence_count
    from extract_periods as p
    cross join destination_tree as d
    cross join offence_group_tree as g
    join origin_tree as o on o.origin_code in ('all', 'in_county', 'out_of_county')
        or (p.period_kind = 'year' and g.offence_group_parent is null)
    left join counts as c on c.period = p.period and c.destination_code = d.destination_code
        and c.origin_code = o.origin_code and c.offence_group = g.offence_group
)
select * from final
order by period_start, period_kind desc, destination_code,
    list_position(['warwickshire', 'in_county', 'neighbour', 'elsewhere', 'out_of_county', 'all'], origin_kind),
    origin_name, offence_group
