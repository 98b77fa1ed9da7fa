-- Months for which the county force's crime data is loaded (the periods users can choose).
-- A month with only a neighbouring force's few records inside the county is not a month loaded.
-- params: none
-- grain: one row per month
with county_force as (
    select month, source
    from incidents
    where force = 'Warwickshire Police'
),
final as (
    select
        month,
        count(*) as incident_count,
        string_agg(distinct source, ', ' order by source) as sources
    from county_force
    group by month
)
select * from final order by month
