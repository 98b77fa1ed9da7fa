-- Proven reoffending within 12 months of entry, by the highest intervention level a person
-- received (indicated > selected > universal > none), for each financial year of entry and
-- agency ('all' margins). Only people whose 12-month follow-up is complete are counted.
-- params:
-- grain: one row per financial year (or all) x agency (or all) x highest level (or all)
-- disclosure: people counts=person_count,reoffended_count dims=financial_year,agency,level parts=reoffended_count:person_count
with highest as (
    select person_id,
        max(case level when 'indicated' then 3 when 'selected' then 2 when 'universal' then 1 end) as rank
    from cohort_interventions group by person_id
),
people as (
    select
        c.financial_year,
        p.agency,
        case coalesce(h.rank, 0) when 3 then 'indicated' when 2 then 'selected' when 1 then 'universal' else 'none' end as level,
        r.proven_reoffence
    from cohort_people as p
    join cohort_reoffending as r on r.person_id = p.person_id
    left join highest as h on h.person_id = p.person_id
    join calendar as c on c.month = date_trunc('month', p.entry_date)
    where r.proven_reoffence is not null
),
labelled as (
    select financial_year, agency, level, proven_reoffence from people
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        coalesce(level, 'all') as level, count(*) as person_count,
        count(*) filter (where proven_reoffence) as reoffended_count
    from labelled group by cube (financial_year, agency, level)
),
cells as (
    select y.financial_year, a.agency, l.level
    from (select distinct financial_year from counts) as y
    cross join (select distinct agency from counts) as a
    cross join (values ('none'), ('universal'), ('selected'), ('indicated'), ('all')) as l(level)
),
final as (
    select c.financial_year, c.agency, c.level,
        coalesce(n.person_count, 0)::bigint as person_count,
        coalesce(n.reoffended_count, 0)::bigint as reoffended_count
    from cells as c left join counts as n using (financial_year, agency, level)
)
select * from final order by financial_year, agency, level
