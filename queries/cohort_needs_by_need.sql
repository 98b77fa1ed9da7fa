-- Prevalence of needs and risk factors: people with each need, and people in the cohort, for
-- each financial year of entry and agency ('all' margins). A person may have several needs.
-- params:
-- grain: one row per financial year (or all) x agency (or all) x need
-- access: cohort
-- disclosure: people counts=person_count,with_need_count dims=financial_year,agency,need parts=with_need_count:person_count
with labelled as (
    select p.person_id, p.agency, c.financial_year
    from cohort_people_published as p
    join calendar as c on c.month = date_trunc('month', p.entry_date)
),
needs as (
    select distinct need from cohort_needs
),
base as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        count(*) as person_count
    from labelled group by grouping sets ((financial_year, agency), (financial_year), (agency), ())
),
with_need as (
    select coalesce(l.financial_year, 'all') as financial_year, coalesce(l.agency, 'all') as agency, n.need,
        count(*) as with_need_count
    from labelled as l join cohort_needs as n on n.person_id = l.person_id
    group by grouping sets ((l.financial_year, l.agency, n.need), (l.financial_year, n.need), (l.agency, n.need), (n.need))
),
final as (
    select b.financial_year, b.agency, n.need, b.person_count::bigint as person_count,
        coalesce(w.with_need_count, 0)::bigint as with_need_count
    from base as b cross join needs as n
    left join with_need as w on w.financial_year = b.financial_year and w.agency = b.agency and w.need = n.need
)
select * from final order by financial_year, agency, need
