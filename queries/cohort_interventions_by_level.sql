-- Interventions received by cohort members, by pillar and level, for the financial year in which
-- they started and the agency of the person: interventions started, and of those, completed
-- as planned and still ongoing. 'all' margins on year and agency only: the page shows pillar x
-- level for a chosen year and agency, and a total over pillars or levels is worked out from the
-- published cells (and hidden when one of them is), which keeps the table two-dimensional.
-- params:
-- grain: one row per financial year (or all) x agency (or all) x pillar x level
-- access: cohort
-- disclosure: people counts=started_count,completed_count,ongoing_count dims=financial_year,agency,pillar,level parts=completed_count:started_count,ongoing_count:started_count
with labelled as (
    select c.financial_year, p.agency, i.pillar, i.level, i.completed
    from cohort_interventions_published as i
    join cohort_people_published as p on p.person_id = i.person_id
    join calendar as c on c.month = date_trunc('month', i.start_date)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency, pillar, level,
        count(*) as started_count,
        count(*) filter (where completed) as completed_count,
        count(*) filter (where completed is null) as ongoing_count
    from labelled
    group by grouping sets ((financial_year, agency, pillar, level), (financial_year, pillar, level),
                            (agency, pillar, level), (pillar, level))
),
cells as (
    select y.financial_year, a.agency, p.pillar, l.level
    from (select distinct financial_year from counts) as y
    cross join (values ('youth_justice'), ('probation'), ('all')) as a(agency)
    cross join (values ('prevent'), ('respond'), ('long_term_support')) as p(pillar)
    cross join (values ('universal'), ('selected'), ('indicated')) as l(level)
),
final as (
    select c.financial_year, c.agency, c.pillar, c.level,
        coalesce(n.started_count, 0)::bigint as started_count,
        coalesce(n.completed_count, 0)::bigint as completed_count,
        coalesce(n.ongoing_count, 0)::bigint as ongoing_count
    from cells as c left join counts as n using (financial_year, agency, pillar, level)
)
select * from final order by financial_year, agency, pillar, level
