-- How each data.police.uk crime type is grouped (reference/offence_groups.csv), for the Data page.
-- params: none
-- grain: one row per police.uk crime type
-- disclosure: none reason=reference list, no counts
with final as (
    select crime_type, offence_group, offence_group_label, is_serious_violence, definition
    from offence_groups
)
select * from final order by not is_serious_violence, offence_group, crime_type
