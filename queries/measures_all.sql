-- The definitions of the headline measures (reference/measures.csv), one click from each number.
-- params: none
-- grain: one row per measure
-- disclosure: none reason=definitions, no counts
with final as (
    select measure, label, definition, numerator, denominator, source, suppression from measures
)
select * from final order by measure
