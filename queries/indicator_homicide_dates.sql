-- The date of each recorded homicide located in the Warwickshire districts (the g-chart counts
-- the days between them); the first day of the month when no offence date is recorded.
-- params: none
-- grain: one row per recorded homicide
-- access: district
-- disclosure: none reason=offence dates only; no victim or suspect attribute is returned
with county as (
    select district_code from districts where is_warwickshire
),
final as (
    select coalesce(occurred_at::date, month) as occurred_on, occurred_at is not null as has_date
    from incidents
    where source = 'force_extract'
        and offence_subgroup = 'homicide'
        and district_code in (select district_code from county)
)
select * from final order by occurred_on
