-- Money committed and spent by the pillar, level and district of the project, per financial year
-- and for all years; still to spend = committed - spent. (The budget is not divided this way.)
-- params: none
-- grain: one row per breakdown (pillar, level, district) x value x financial year (or all)
-- disclosure: none reason=sums of money, no count about people
with money as (
    select q.financial_year, p.pillar, p.level, p.district_code, q.committed_gbp, coalesce(q.spent_gbp, 0) as spent_gbp
    from fund_quarters as q
    join fund_projects as p using (project_id)
),
long as (
    select financial_year, 'pillar' as breakdown, pillar as code, committed_gbp, spent_gbp from money
    union all
    select financial_year, 'level', level, committed_gbp, spent_gbp from money
    union all
    select financial_year, 'district', district_code, committed_gbp, spent_gbp from money
),
sums as (
    select breakdown, code, coalesce(financial_year, 'all') as financial_year, sum(committed_gbp) as committed_gbp,
        sum(spent_gbp) as spent_gbp
    from long
    group by grouping sets ((breakdown, code, financial_year), (breakdown, code))
),
names as (
    select 'pillar' as breakdown, code, label, display_order from delivery_labels where kind = 'pillar'
    union all
    select 'level', code, label, display_order from delivery_labels where kind = 'level'
    union all
    select 'district', district_code, district_name, 1 from districts where is_warwickshire
    union all
    select 'district', 'E10000031', 'Warwickshire (county-wide)', 2
),
final as (
    select s.breakdown, s.code, coalesce(n.label, s.code) as label, s.financial_year, s.committed_gbp, s.spent_gbp,
        s.committed_gbp - s.spent_gbp as still_to_spend_gbp, coalesce(n.display_order, 9) as display_order
    from sums as s
    left join names as n using (breakdown, code)
)
select * from final order by breakdown, financial_year, display_order, label
