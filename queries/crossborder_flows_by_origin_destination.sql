-- Offences by where the suspect lives (origin) and where the offence happened (destination, a
-- Warwickshire district), for offences in the force extract with a suspect's home district
-- recorded. Origins: the five Warwickshire districts, the 16 neighbouring districts, and
-- 'elsewhere' (any other district); margins 'all' on both sides. The whole cube is returned
-- whatever districts are chosen, so one protected table serves every view (docs/DISCLOSURE.md).
-- params: $start, $end, $offence_group
-- grain: one row per origin (21 districts + elsewhere + all) x destination (5 districts + all)
-- disclosure: people counts=offence_count dims=origin_code,destination_code
with chosen as (
    select
        district_code as destination_code,
        case
            when suspect_home_district in (select district_code from districts) then suspect_home_district
            else 'elsewhere'
        end as origin_code
    from incidents
    where month between $start and $end
        and source = 'force_extract'
        and suspect_home_district is not null
        and district_code in (select district_code from districts where is_warwickshire)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
),
origins as (
    select district_code as origin_code, district_name as origin_name,
        case when is_warwickshire then 'warwickshire' else 'neighbour' end as origin_kind
    from districts
    union all select 'elsewhere', 'Elsewhere (not a neighbouring district)', 'elsewhere'
    union all select 'all', 'All known homes', 'all'
),
destinations as (
    select district_code as destination_code, district_name as destination_name from districts where is_warwickshire
    union all select 'all', 'Warwickshire (five districts)'
),
counts as (
    select
        coalesce(origin_code, 'all') as origin_code,
        coalesce(destination_code, 'all') as destination_code,
        count(*) as offence_count
    from chosen
    group by grouping sets ((origin_code, destination_code), (origin_code), (destination_code), ())
),
final as (
    select o.origin_code, o.origin_name, o.origin_kind, d.destination_code, d.destination_name,
        coalesce(c.offence_count, 0)::bigint as offence_count
    from origins as o
    cross join destinations as d
    left join counts as c on c.origin_code = o.origin_code and c.destination_code = d.destination_code
)
select * from final
order by origin_kind = 'all', origin_kind = 'elsewhere', origin_kind = 'neighbour', origin_name,
    destination_code = 'all', destination_name
