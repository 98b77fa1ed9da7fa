-- Every loaded indicator value (published or computed): Warwickshire, its districts, the region,
-- England and the neighbour group, by financial year.
-- params: none
-- grain: one row per indicator x area x period
with final as (
    select
        indicator_id, area_code, area_name, area_type, period_label, period_start, period_end,
        numerator, denominator, value, lower_ci, upper_ci, source
    from indicator_values
)
select * from final order by indicator_id, area_type, area_code, period_start
