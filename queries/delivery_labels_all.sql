-- Labels and order of the codes the Delivery page shows (reference/delivery_labels.csv).
-- params: none
-- grain: one row per kind x code
-- disclosure: none reason=reference labels, no counts
with final as (
    select kind, code, label, display_order, description from delivery_labels
)
select * from final order by kind, display_order
