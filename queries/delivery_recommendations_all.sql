-- Recommendations of the Offensive Weapons Homicide Reviews with owner, due date and status; late on
-- $as_of when due before it and not complete. Shown without the review they came from (a list by
-- review would count the reviews, which are deaths).
-- params: $as_of
-- grain: one row per recommendation
-- disclosure: none reason=recommendations are actions of agencies, listed without their review; no count about people
with recommendations as (
    select * from owhr_recommendations
),
final as (
    select r.recommendation, r.owner, r.due_date, r.status, l.label as status_label, r.completed_date,
        r.status <> 'complete' and r.due_date < $as_of as is_late
    from recommendations as r
    left join delivery_labels as l on l.kind = 'status' and l.code = r.status
)
select * from final order by is_late desc, due_date, owner, recommendation
