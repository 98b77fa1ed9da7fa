-- The offence choices users are offered (reference/offence_selectors.csv) and the groups each counts.
-- params: none
-- grain: one row per selector
-- disclosure: none reason=reference list, no counts
with final as (
    select s.selector, s.label, s.display_order,
        list(m.offence_group order by m.offence_group) as offence_groups
    from offence_selectors as s
    join offence_selector_members as m using (selector)
    group by all
)
select * from final order by display_order
