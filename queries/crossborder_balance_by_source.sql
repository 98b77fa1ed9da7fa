-- Imports and exports of serious violence across the county boundary, from two sources.
-- force_extract: import = offences in a Warwickshire district whose suspect lives outside the
--   county; export = offences Warwickshire Police recorded outside the county (located in a
--   neighbouring district or beyond) whose suspect lives in Warwickshire. Only Warwickshire
--   Police's own extract is loaded, so exports recorded by other forces are missing.
-- cohort: import = cohort members living outside the county whose first proven reoffence was in
--   Warwickshire; export = members living in Warwickshire whose first proven reoffence was
--   outside it (all cohort entries loaded, whatever the period).
-- params: $start, $end
-- grain: one row per source (force_extract, cohort) x direction (import, export, all)
-- disclosure: people counts=offence_count dims=source,direction
with homes as (
    select district_code, is_warwickshire from districts
),
extract_rows as (
    select
        case
            when coalesce(h.is_warwickshire, false) = false and coalesce(o.is_warwickshire, false) then 'import'
            when coalesce(h.is_warwickshire, false) and coalesce(o.is_warwickshire, false) = false then 'export'
        end as direction
    from incidents as i
    left join homes as h on h.district_code = i.suspect_home_district
    left join homes as o on o.district_code = i.district_code
    where i.source = 'force_extract' and i.is_serious_violence
        and i.month between $start and $end and i.suspect_home_district is not null
),
cohort_rows as (
    select
        case
            when coalesce(h.is_warwickshire, false) = false and coalesce(o.is_warwickshire, false) then 'import'
            when coalesce(h.is_warwickshire, false) and coalesce(o.is_warwickshire, false) = false then 'export'
        end as direction
    from cohort_people as p
    join cohort_reoffending as r on r.person_id = p.person_id
    left join homes as h on h.district_code = p.home_district
    left join homes as o on o.district_code = r.reoffence_district
    where r.proven_reoffence and r.reoffence_district is not null
),
counted as (
    select 'force_extract' as source, direction from extract_rows where direction is not null
    union all
    select 'cohort', direction from cohort_rows where direction is not null
),
grid as (
    select * from (values ('force_extract'), ('cohort')) s(source)
    cross join (values ('import'), ('export'), ('all')) d(direction)
),
counts as (
    select source, coalesce(direction, 'all') as direction, count(*) as offence_count
    from counted group by grouping sets ((source, direction), (source))
),
final as (
    select g.source, g.direction, coalesce(c.offence_count, 0)::bigint as offence_count
    from grid as g left join counts as c using (source, direction)
)
select * from final order by source desc, direction
