-- The review deadlines settings table (reference/delivery_review_deadlines.csv) with its sources.
-- params: none
-- grain: one row per deadline
-- disclosure: none reason=settings, no counts
with final as (
    select deadline, label, starts_from, amount, unit, source, source_url, basis, checked, display_order
    from delivery_review_deadlines
)
select * from final order by display_order
