-- Actions of the delivery plan by pillar and level ('all' = every pillar or level), by current
-- status (delivery_action_current), and how many are late on $as_of (due before it, not complete).
-- params: $as_of
-- grain: one row per pillar (or all) x level (or all)
-- disclosure: none reason=counts of actions of the delivery plan, not of people
with actions as (
    select a.pillar, a.level, c.status, c.status <> 'complete' and a.due_date < $as_of as is_late
    from delivery_actions as a
    join delivery_action_current as c using (action_id)
),
counts as (
    select coalesce(pillar, 'all') as pillar, coalesce(level, 'all') as level, count(*) as action_count,
        count(*) filter (where status = 'not_started') as not_started_count,
        count(*) filter (where status = 'on_track') as on_track_count,
        count(*) filter (where status = 'at_risk') as at_risk_count,
        count(*) filter (where status = 'off_track') as off_track_count,
        count(*) filter (where status = 'complete') as complete_count,
        count(*) filter (where is_late) as late_count
    from actions
    group by grouping sets ((pillar, level), (pillar), (level), ())
),
labels as (
    select kind, code, label, display_order from delivery_labels
),
final as (
    select c.*, coalesce(p.label, 'All pillars') as pillar_label, coalesce(l.label, 'All levels') as level_label,
        coalesce(p.display_order, 9) as pillar_order, coalesce(l.display_order, 9) as level_order
    from counts as c
    left join labels as p on p.kind = 'pillar' and p.code = c.pillar
    left join labels as l on l.kind = 'level' and l.code = c.level
)
select * from final order by pillar_order, level_order
