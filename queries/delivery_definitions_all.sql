-- Definitions of the Delivery page's numbers (reference/delivery_definitions.csv).
-- params: none
-- grain: one row per measure
-- disclosure: none reason=definitions, no counts
with final as (
    select measure, label, definition, numerator, denominator, source, suppression from delivery_definitions
)
select * from final order by measure
