-- The pathway from needs to interventions to outcomes: people by number of recorded needs ->
-- highest intervention level received -> outcome (proven reoffence within 12 months, none, or
-- follow-up not complete), for each financial year of entry and agency ('all' margins).
-- Two slices of one cube are published, each protected with the other: need band x level (all
-- outcomes) and level x outcome (all need bands). The second is also proven reoffending by level:
-- people followed up = proven + no proven reoffence.
-- params:
-- grain: one row per financial year (or all) x agency (or all) x need band x level x outcome, where need band or outcome is 'all'
-- access: cohort
-- disclosure: people counts=person_count dims=financial_year,agency,need_band,level,outcome
with need_counts as (
    select person_id, count(*) as needs from cohort_needs group by person_id
),
highest as (
    select person_id,
        max(case level when 'indicated' then 3 when 'selected' then 2 when 'universal' then 1 end) as rank
    from cohort_interventions_published group by person_id
),
people as (
    select
        c.financial_year,
        p.agency,
        case when coalesce(n.needs, 0) = 0 then 'No recorded needs'
            when n.needs <= 2 then '1-2 needs' else '3 or more needs' end as need_band,
        case coalesce(h.rank, 0) when 3 then 'indicated' when 2 then 'selected' when 1 then 'universal' else 'none' end as level,
        case when r.proven_reoffence then 'Proven reoffence' when r.proven_reoffence = false then 'No proven reoffence'
            else 'Follow-up not complete' end as outcome
    from cohort_people_published as p
    left join need_counts as n on n.person_id = p.person_id
    left join highest as h on h.person_id = p.person_id
    left join cohort_reoffending as r on r.person_id = p.person_id
    join calendar as c on c.month = date_trunc('month', p.entry_date)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        coalesce(need_band, 'all') as need_band, coalesce(level, 'all') as level, coalesce(outcome, 'all') as outcome,
        count(*) as person_count
    from people
    group by grouping sets (
        (financial_year, agency, need_band, level), (financial_year, need_band, level),
        (agency, need_band, level), (need_band, level),
        (financial_year, agency, level, outcome), (financial_year, level, outcome),
        (agency, level, outcome), (level, outcome),
        (financial_year, agency, outcome), (financial_year, outcome), (agency, outcome), (outcome),
        (financial_year, agency, need_band), (financial_year, need_band), (agency, need_band), (need_band),
        (financial_year, agency, level), (financial_year, level), (agency, level), (level),
        (financial_year, agency), (financial_year), (agency), ()
    )
),
cells as (
    select y.financial_year, a.agency, n.need_band, l.level, o.outcome
    from (select distinct financial_year from counts) as y
    cross join (values ('youth_justice'), ('probation'), ('all')) as a(agency)
    cross join (values ('No recorded needs'), ('1-2 needs'), ('3 or more needs'), ('all')) as n(need_band)
    cross join (values ('none'), ('universal'), ('selected'), ('indicated'), ('all')) as l(level)
    cross join (values ('Proven reoffence'), ('No proven reoffence'), ('Follow-up not complete'), ('all')) as o(outcome)
    where n.need_band = 'all' or o.outcome = 'all'
),
final as (
    select c.*, coalesce(x.person_count, 0)::bigint as person_count
    from cells as c left join counts as x using (financial_year, agency, need_band, level, outcome)
)
select * from final order by financial_year, agency, need_band, level, outcome
