-- params: none
-- grain: one row per source x force x missing month
-- Months with no rows for a force between its first and last loaded month.
with loaded as (
    select distinct 'police.uk' as source, force, month from police_uk_rows
    union all
    select distinct 'force_extract' as source, force, month from force_extract_rows
),
spans as (
    select source, force, min(month) as first_month, max(month) as last_month
    from loaded
    group by source, force
),
expected as (
    select s.source, s.force, cast(m.month as date) as month
    from spans as s,
        lateral (select unnest(generate_series(s.first_month, s.last_month, interval 1 month)) as month) as m
),
final as (
    select e.source, e.force, e.month as missing_month
    from expected as e
    left join loaded as l on l.source = e.source and l.force = e.force and l.month = e.month
    where l.month is null
)
select * from final
order by source, force, missing_month
