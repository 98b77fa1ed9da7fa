-- The months of stop-and-search and outcomes files loaded, with rows, per force (for the page's
-- sources and the empty state).
-- params: none
-- grain: one row per kind x force
-- disclosure: none reason=row counts per file kind and force, no breakdown
with kinds as (
    select 'Stop and search' as kind, force, month from police_uk_stop_search
    union all select 'Outcomes', force, month from police_uk_outcomes
),
final as (
    select kind, force, min(month) as first_month, max(month) as last_month, count(distinct month) as months,
        count(*) as row_count
    from kinds group by kind, force
)
select * from final order by kind, force
