-- How each data.police.uk outcome category is grouped (reference/outcome_groups.csv), for definitions.
-- params: none
-- grain: one row per outcome category
-- disclosure: none reason=reference list, no counts
with final as (
    select outcome_group_label, outcome_type, definition, display_order from outcome_groups
)
select * from final order by display_order, outcome_type
