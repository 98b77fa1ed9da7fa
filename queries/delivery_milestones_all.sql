-- Every milestone of the delivery plan with its action and state on $as_of: met, open, or overdue
-- (open and due before $as_of).
-- params: $as_of
-- grain: one row per milestone
-- disclosure: none reason=milestones of delivery-plan actions; no count about people
with milestones as (
    select m.*, a.action, a.lead_agency
    from delivery_milestones as m
    join delivery_actions as a using (action_id)
),
final as (
    select action_id, action, lead_agency, milestone, due_date, completed_date,
        case when completed_date is not null then 'met' when due_date < $as_of then 'overdue' else 'open' end
            as milestone_state
    from milestones
)
select * from final order by action_id, due_date
