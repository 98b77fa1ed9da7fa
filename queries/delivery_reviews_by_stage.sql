-- Offensive Weapons Homicide Review cases by the financial year the review partners became aware of
-- the death and by stage ('all' margins on both), with how many are overdue, linked to a homicide
-- of the force extract, and for each step (decision, Home Office notified, completion) how many were
-- taken and how many by their deadline (reference/delivery_review_deadlines.csv). Overdue = a
-- step not taken whose deadline passed before the first day of the current month (counted once a
-- month, so a count never changes by one day). Cases are deaths: the whole table is returned (no
-- parameters) and protected as one; no case is listed on its own.
-- params: none
-- grain: one row per financial year (or all) x stage (or all)
-- disclosure: people counts=case_count,overdue_count,linked_count,decided_count,decided_on_time_count,notified_count,notified_on_time_count,completed_count,completed_on_time_count dims=financial_year,stage parts=overdue_count:case_count,linked_count:case_count,decided_count:case_count,decided_on_time_count:decided_count,notified_count:case_count,notified_on_time_count:notified_count,completed_count:case_count,completed_on_time_count:completed_count
with deadlines as (
    select deadline, starts_from, amount, unit from delivery_review_deadlines
),
cases as (
    select r.*, c.financial_year, date_trunc('month', current_date)::date as counted_on
    from owhr_reviews as r
    join calendar as c on c.month = date_trunc('month', r.aware_date)
),
due as (
    select c.*,
        (select case when d.unit = 'month' then c.aware_date + to_months(d.amount) else c.aware_date + to_days(d.amount) end
         from deadlines as d where d.deadline = 'decision')::date as decision_due,
        (select case when d.unit = 'month' then c.aware_date + to_months(d.amount) else c.aware_date + to_days(d.amount) end
         from deadlines as d where d.deadline = 'home_office_notification')::date as notification_due,
        (select case when d.unit = 'month' then c.decision_date + to_months(d.amount)
                     else c.decision_date + to_days(d.amount) end
         from deadlines as d where d.deadline = 'completion')::date as completion_due
    from cases as c
),
flags as (
    select financial_year, stage,
        (review_required = 'pending' and decision_due < counted_on)
            or (home_office_notified_date is null and notification_due < counted_on)
            or (review_required = 'yes' and completed_date is null and completion_due < counted_on) as is_overdue,
        crime_reference in (select crime_reference from force_extract_rows where offence_subgroup = 'homicide')
            as is_linked,
        decision_date is not null as decided, decision_date <= decision_due as decided_on_time,
        home_office_notified_date is not null as notified, home_office_notified_date <= notification_due as notified_on_time,
        completed_date is not null as completed, completed_date <= completion_due as completed_on_time
    from due
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(stage, 'all') as stage, count(*) as case_count,
        count(*) filter (where is_overdue) as overdue_count, count(*) filter (where is_linked) as linked_count,
        count(*) filter (where decided) as decided_count, count(*) filter (where decided_on_time) as decided_on_time_count,
        count(*) filter (where notified) as notified_count,
        count(*) filter (where notified_on_time) as notified_on_time_count,
        count(*) filter (where completed) as completed_count,
        count(*) filter (where completed_on_time) as completed_on_time_count
    from flags
    group by cube (financial_year, stage)
),
cells as (
    select y.financial_year, s.code as stage, s.label as stage_label, s.display_order
    from (select distinct financial_year from cases union all select 'all') as y
    cross join (select code, label, display_order from delivery_labels where kind = 'review_stage'
                union all select 'all', 'All stages', 9) as s
),
final as (
    select c.financial_year, c.stage, c.stage_label,
        coalesce(n.case_count, 0)::bigint as case_count, coalesce(n.overdue_count, 0)::bigint as overdue_count,
        coalesce(n.linked_count, 0)::bigint as linked_count, coalesce(n.decided_count, 0)::bigint as decided_count,
        coalesce(n.decided_on_time_count, 0)::bigint as decided_on_time_count,
        coalesce(n.notified_count, 0)::bigint as notified_count,
        coalesce(n.notified_on_time_count, 0)::bigint as notified_on_time_count,
        coalesce(n.completed_count, 0)::bigint as completed_count,
        coalesce(n.completed_on_time_count, 0)::bigint as completed_on_time_count,
        (select min(counted_on) from cases) as counted_on, c.display_order
    from cells as c
    left join counts as n using (financial_year, stage)
)
select * from final order by financial_year = 'all', financial_year, display_order
