-- The delivery plan's actions with their current status: the newest statement about each (the
-- workbook's status at its status date, or a later update written on the Delivery page; see the
-- view delivery_action_current), whether it is late on $as_of (due before it and not complete),
-- its milestones (met, all, overdue, the next open one) and the indicators it is meant to move.
-- params: $as_of
-- grain: one row per action of the plan
-- disclosure: none reason=actions of the delivery plan and their status; no count about people
with actions as (
    select * from delivery_actions
),
current_status as (
    select * from delivery_action_current
),
milestones as (
    select action_id, count(*) as milestones_total,
        count(*) filter (where completed_date is not null) as milestones_met,
        count(*) filter (where completed_date is null and due_date < $as_of) as milestones_overdue,
        min(due_date) filter (where completed_date is null) as next_milestone_due,
        arg_min(milestone, due_date) filter (where completed_date is null) as next_milestone
    from delivery_milestones
    group by action_id
),
indicators as (
    select i.action_id, string_agg(coalesce(d.short_name, i.indicator_id), '; ' order by d.display_order) as indicators
    from delivery_action_indicators as i
    left join indicator_definitions as d using (indicator_id)
    group by i.action_id
),
labels as (
    select kind, code, label, display_order from delivery_labels
),
final as (
    select a.action_id, a.action, a.pillar, p.label as pillar_label, a.strategic_priority, a.level,
        l.label as level_label, a.lead_agency, a.owner, a.start_date, a.due_date,
        c.status, s.label as status_label, s.display_order as status_order, c.update_text, c.stated_at,
        c.author, c.stated_in, a.status as workbook_status, a.status_date,
        c.status <> 'complete' and a.due_date < $as_of as is_late,
        case when c.status <> 'complete' and a.due_date < $as_of then datediff('day', a.due_date, $as_of) end
            as days_late,
        coalesce(m.milestones_met, 0) as milestones_met, coalesce(m.milestones_total, 0) as milestones_total,
        coalesce(m.milestones_overdue, 0) as milestones_overdue, m.next_milestone, m.next_milestone_due,
        coalesce(i.indicators, '') as indicators, p.display_order as pillar_order, l.display_order as level_order,
        a.line_number
    from actions as a
    join current_status as c using (action_id)
    left join milestones as m using (action_id)
    left join indicators as i using (action_id)
    left join labels as p on p.kind = 'pillar' and p.code = a.pillar
    left join labels as l on l.kind = 'level' and l.code = a.level
    left join labels as s on s.kind = 'status' and s.code = c.status
)
select * from final order by pillar_order, line_number
