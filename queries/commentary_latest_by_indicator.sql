-- The latest commentary on each indicator for one period, with how many versions were written.
-- params: $period_label
-- grain: one row per indicator with commentary for the period
with written as (
    select *, row_number() over (partition by indicator_id order by written_at desc) as version_rank,
        count(*) over (partition by indicator_id) as versions
    from commentary
    where period_label = $period_label
),
final as (
    select indicator_id, period_label, author, body, written_at, versions
    from written
    where version_rank = 1
)
select * from final order by indicator_id
