-- Cohort members whose first proven reoffence crossed the county boundary: imports (living
-- outside Warwickshire, reoffending in it) and exports (living in it, reoffending outside), all
-- cohort entries published (cohort_people_published), and the two together ('all').
-- params:
-- grain: one row per direction (import, export, all)
-- access: cohort
-- disclosure: people counts=person_count dims=direction
with homes as (
    select district_code, is_warwickshire from districts
),
people as (
    select
        case
            when not coalesce(h.is_warwickshire, false) and coalesce(o.is_warwickshire, false) then 'import'
            when coalesce(h.is_warwickshire, false) and not coalesce(o.is_warwickshire, false) then 'export'
        end as direction
    from cohort_people_published as p
    join cohort_reoffending as r on r.person_id = p.person_id
    left join homes as h on h.district_code = p.home_district
    left join homes as o on o.district_code = r.reoffence_district
    where r.proven_reoffence and r.reoffence_district is not null
),
counts as (
    select coalesce(direction, 'all') as direction, count(*) as person_count
    from people where direction is not null group by grouping sets ((direction), ())
),
final as (
    select d.direction, coalesce(c.person_count, 0)::bigint as person_count
    from (values ('import'), ('export'), ('all')) as d(direction) left join counts as c using (direction)
)
select * from final order by direction
