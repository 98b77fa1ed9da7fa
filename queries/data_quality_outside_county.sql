-- params: none
-- grain: one row per source x force x where (Warwickshire, neighbour district, outside reference, unknown)
-- access: lsoa
-- Where each force's rows fall: county figures count Warwickshire districts by LSOA, never by force.
with all_rows as (
    select 'police.uk' as source, force, district_code, location_status from police_uk_rows
    union all
    select 'force_extract' as source, force, district_code, location_status from force_extract_rows
),
districts as (
    select district_code, is_warwickshire from districts
),
placed as (
    select
        a.source,
        a.force,
        case
            when a.location_status = 'unknown' then 'unknown location'
            when a.location_status = 'outside_reference' then 'outside reference area'
            when d.is_warwickshire then 'Warwickshire'
            else 'neighbouring district'
        end as placement
    from all_rows as a
    left join districts as d using (district_code)
),
final as (
    select
        source,
        force,
        placement,
        count(*) as row_count,
        round(100.0 * count(*) / sum(count(*)) over (partition by source, force), 2) as share_pct
    from placed
    group by source, force, placement
)
select * from final
order by source, force, placement
