-- Months for which crime data is loaded for the Warwickshire districts, with the sources used.
-- params: none
-- grain: one row per month
with county_incidents as (
    select i.month, i.source
    from incidents as i
    join districts as d on d.district_code = i.district_code
    where d.is_warwickshire
),
final as (
    select
        month,
        count(*) as incident_count,
        string_agg(distinct source, ', ' order by source) as sources
    from county_incidents
    group by month
)
select * from final order by month
