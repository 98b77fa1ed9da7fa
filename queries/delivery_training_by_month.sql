-- Training sessions and practitioners trained each month, and practitioners trained so far.
-- params: none
-- grain: one row per month from the first session to the last
-- disclosure: none reason=counts of training sessions and of staff trained, not of people at risk
with sessions as (
    select date_trunc('month', session_date)::date as month, count(*) as session_count,
        sum(practitioners_trained)::bigint as practitioners_trained
    from training_sessions
    group by 1
),
months as (
    select c.month from calendar as c
    where c.month between (select min(month) from sessions) and (select max(month) from sessions)
),
final as (
    select m.month, coalesce(s.session_count, 0) as session_count,
        coalesce(s.practitioners_trained, 0) as practitioners_trained,
        sum(coalesce(s.practitioners_trained, 0)) over (order by m.month)::bigint as practitioners_to_date
    from months as m
    left join sessions as s using (month)
)
select * from final order by month
