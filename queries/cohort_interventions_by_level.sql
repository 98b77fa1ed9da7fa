-- Interventions received by cohort members, by pillar and level, for the financial year in which
-- they started and the agency of the person: interventions started, and of those, completed
-- as planned and still ongoing. 'all' margins on year, agency, pillar and level.
-- params:
-- grain: one row per financial year (or all) x agency (or all) x pillar (or all) x level (or all)
-- disclosure: people counts=started_count,completed_count,ongoing_count dims=financial_year,agency,pillar,level parts=completed_count:started_count,ongoing_count:started_count
with labelled as (
    select c.financial_year, p.agency, i.pillar, i.level, i.completed
    from cohort_interventions as i
    join cohort_people as p on p.person_id = i.person_id
    join calendar as c on c.month = date_trunc('month', i.start_date)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        coalesce(pillar, 'all') as pillar, coalesce(level, 'all') as level,
        count(*) as started_count,
        count(*) filter (where completed) as completed_count,
        count(*) filter (where completed is null) as ongoing_count
    from labelled
    group by cube (financial_year, agency, pillar, level)
),
cells as (
    select y.financial_year, a.agency, p.pillar, l.level
    from (select distinct financial_year from counts) as y
    cross join (select distinct agency from counts) as a
    cross join (select distinct pillar from counts) as p
    cross join (select distinct level from counts) as l
),
final as (
    select c.financial_year, c.agency, c.pillar, c.level,
        coalesce(n.started_count, 0)::bigint as started_count,
        coalesce(n.completed_count, 0)::bigint as completed_count,
        coalesce(n.ongoing_count, 0)::bigint as ongoing_count
    from cells as c left join counts as n using (financial_year, agency, pillar, level)
)
select * from final order by financial_year, agency, pillar, level
