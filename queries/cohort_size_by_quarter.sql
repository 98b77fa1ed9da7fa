-- People entering the youth justice / probation cohort in each quarter, by agency ('all' =
-- both agencies). The whole series is returned (no parameters), so no two views differ by a
-- sliver that could be subtracted.
-- params:
-- grain: one row per calendar quarter x agency (youth_justice, probation, all)
-- disclosure: people counts=person_count dims=quarter,agency
with people as (
    select date_trunc('quarter', entry_date)::date as quarter, agency from cohort_people
),
quarters as (
    select unnest(generate_series(min(quarter), max(quarter), interval 3 month))::date as quarter from people
),
agencies as (
    select * from (values ('youth_justice'), ('probation'), ('all')) a(agency)
),
counts as (
    select quarter, coalesce(agency, 'all') as agency, count(*) as person_count
    from people group by grouping sets ((quarter, agency), (quarter))
),
final as (
    select q.quarter, a.agency, coalesce(c.person_count, 0)::bigint as person_count
    from quarters as q cross join agencies as a
    left join counts as c on c.quarter = q.quarter and c.agency = a.agency
)
select * from final order by agency, quarter
