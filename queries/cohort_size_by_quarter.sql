-- People entering the youth justice / probation cohort in each financial quarter and year, by
-- agency ('all' = both agencies). The whole series is returned (no parameters) and each quarter
-- adds up to its year, so the table is protected as one: no two views differ by a sliver that
-- could be subtracted. Only whole quarters that are over are published (cohort_people_published).
-- params:
-- grain: one row per financial quarter or year x agency (youth_justice, probation, all)
-- access: cohort
-- disclosure: people counts=person_count dims=period,agency
with people as (
    select c.quarter_label, c.quarter_start, c.financial_year, c.fy_start, p.agency
    from cohort_people_published as p
    join calendar as c on c.month = date_trunc('month', p.entry_date)
),
periods as (
    select distinct quarter_label as period, financial_year as period_parent, 'quarter' as period_kind,
        quarter_start as period_start from people
    union all
    select distinct financial_year, null, 'year', fy_start from people
),
agencies as (
    select * from (values ('youth_justice'), ('probation'), ('all')) a(agency)
),
counts as (
    select quarter_label as period, coalesce(agency, 'all') as agency, count(*) as person_count
    from people group by grouping sets ((quarter_label, agency), (quarter_label))
    union all
    select financial_year, coalesce(agency, 'all'), count(*)
    from people group by grouping sets ((financial_year, agency), (financial_year))
),
final as (
    select p.period, p.period_parent, p.period_kind, p.period_start, a.agency,
        coalesce(c.person_count, 0)::bigint as person_count
    from periods as p cross join agencies as a
    left join counts as c on c.period = p.period and c.agency = a.agency
)
select * from final order by agency, period_start, period_kind desc
