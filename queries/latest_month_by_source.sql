-- The latest month loaded for each source and force.
-- params: none
-- grain: one row per source x force
with final as (
    select source, force, max(month) as latest_month, min(month) as first_month, count(*) as row_count
    from incidents
    group by source, force
)
select * from final order by source, force
