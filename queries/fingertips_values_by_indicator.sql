-- OHID Fingertips values as published (format `fingertips`) for the catalogue indicators they are mapped
-- onto (reference/fingertips_indicators.csv): Warwickshire, its districts, the West Midlands region and
-- England, the areas' own values (no inequality category), with the export each row came from.
-- params: none
-- grain: one row per catalogue indicator x Fingertips indicator x area x sex x age x time period
-- disclosure: none reason=statistics OHID has already published under its own disclosure control
with mapped as (
    select fingertips_indicator_id, indicator_id, relation, note from fingertips_indicator_map
),

published as (
    select * from fingertips_values
    where category_type is null
      and (area_code in ('E92000001', 'E12000005', 'E10000031')
           or area_code in (select district_code from districts where is_warwickshire))
),

final as (
    select
        m.indicator_id, m.relation, m.note, v.fingertips_indicator_id, v.indicator_name,
        v.area_code, v.area_name, v.area_type, v.sex, v.age,
        v.period_label, v.period_sortable, v.period_range, v.period_start, v.period_end,
        v.value, v.lower_ci_95, v.upper_ci_95, v.lower_ci_99_8, v.upper_ci_99_8, v.count, v.denominator,
        v.value_note, v.recent_trend, v.compared_to_england, v.compared_to_parent, v.compared_to_goal,
        e.parent_column, e.exported_on, e.exported_basis, e.file
    from published as v
    join mapped as m using (fingertips_indicator_id)
    join fingertips_exports as e using (ingest_id)
)

select * from final
order by indicator_id, fingertips_indicator_id, area_code, sex, age, period_sortable
