-- The indicator catalogue (reference/indicators.csv as loaded at build).
-- params: none
-- grain: one row per indicator, in display order
with final as (
    select * from indicator_definitions
)
select * from final order by display_order
