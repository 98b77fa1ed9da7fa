-- People the fund's projects reached, by financial year, pillar and level ('all' margins on each),
-- as providers return them each quarter. Only years whose every quarter row has its return are
-- published (a year still filling up would change between loads by a small count). The whole
-- table is returned (no parameters) and protected as one.
-- params: none
-- grain: one row per financial year (or all) x pillar (or all) x level (or all)
-- disclosure: people counts=people_reached_count dims=financial_year,pillar,level
with complete_years as (
    select financial_year from fund_quarters group by financial_year having count(*) = count(people_reached)
),
reached as (
    select q.financial_year, p.pillar, p.level, q.people_reached
    from fund_quarters as q
    join fund_projects as p using (project_id)
    where q.financial_year in (select financial_year from complete_years)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(pillar, 'all') as pillar,
        coalesce(level, 'all') as level, sum(people_reached) as people_reached_count
    from reached
    group by cube (financial_year, pillar, level)
),
cells as (
    select y.financial_year, p.pillar, l.level
    from (select financial_year from complete_years union all select 'all') as y
    cross join (values ('prevent'), ('respond'), ('long_term_support'), ('all')) as p(pillar)
    cross join (values ('universal'), ('selected'), ('indicated'), ('all')) as l(level)
),
final as (
    select c.financial_year, c.pillar, c.level, coalesce(n.people_reached_count, 0)::bigint as people_reached_count
    from cells as c
    left join counts as n using (financial_year, pillar, level)
)
select * from final order by financial_year, pillar, level
