-- Every statement about one action's status, newest first: the workbook's (as at its status date)
-- and each update written on the Delivery page, with who made it and when.
-- params: $action_id
-- grain: one row per statement about the action
-- disclosure: none reason=status updates of a delivery-plan action; no count about people
with statements as (
    select * from delivery_action_statements where action_id = $action_id
),
final as (
    select s.stated_at, s.status, l.label as status_label, s.update_text, s.author, s.stated_in
    from statements as s
    left join delivery_labels as l on l.kind = 'status' and l.code = s.status
)
select * from final order by stated_at::date desc, stated_in = 'page' desc, stated_at desc
