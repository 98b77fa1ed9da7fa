-- Every commentary ever written on one indicator, newest first.
-- params: $indicator_id
-- grain: one row per commentary written
with final as (
    select commentary_id, indicator_id, period_label, author, body, written_at
    from commentary
    where indicator_id = $indicator_id
)
select * from final order by written_at desc
