-- The fund's projects: provider, pillar, level, district, dates, committed over all their quarters
-- and spent so far, flagged when the spend is more than was committed for the quarters claimed
-- (the quarters with a spend figure). People reached are not here: they are counts about people,
-- published only by delivery_fund_reach_by_level.
-- params: none
-- grain: one row per project
-- disclosure: none reason=projects and sums of money; people reached are left out
with money as (
    select project_id, sum(committed_gbp) as committed_gbp, coalesce(sum(spent_gbp), 0) as spent_gbp,
        coalesce(sum(committed_gbp) filter (where spent_gbp is not null), 0) as committed_claimed_gbp,
        count(spent_gbp) as quarters_claimed, count(*) as quarters
    from fund_quarters
    group by project_id
),
final as (
    select p.project_id, p.project_name, p.provider, p.pillar, pl.label as pillar_label, p.level,
        ll.label as level_label, p.district_code,
        coalesce(d.district_name, 'Warwickshire (county-wide)') as district_name, p.start_date, p.end_date,
        coalesce(m.committed_gbp, 0) as committed_gbp, coalesce(m.spent_gbp, 0) as spent_gbp,
        coalesce(m.committed_claimed_gbp, 0) as committed_claimed_gbp,
        coalesce(m.spent_gbp, 0) > coalesce(m.committed_claimed_gbp, 0) as is_overspent,
        coalesce(m.quarters_claimed, 0) as quarters_claimed, coalesce(m.quarters, 0) as quarters
    from fund_projects as p
    left join money as m using (project_id)
    left join districts as d using (district_code)
    left join delivery_labels as pl on pl.kind = 'pillar' and pl.code = p.pillar
    left join delivery_labels as ll on ll.kind = 'level' and ll.code = p.level
)
select * from final order by project_id
