-- Stop and search by district, month and outcome, from the data.police.uk stop-and-search files:
-- searches and those whose outcome was linked to the object of the search (the object was found).
-- $object_scope 'weapons' counts the searches for weapons (reference/stop_search_objects.csv:
-- offensive weapons, firearms, anything to threaten or harm), 'all' every search. District from the
-- search's coordinates; searches with no location are in no district.
-- params: $start, $end, $districts, $object_scope
-- grain: one row per district x month x outcome that has searches
-- disclosure: none reason=counts of searches by place, month and outcome, which data.police.uk publishes search by search; no breakdown by who was searched
with chosen as (
    select district_code, month, coalesce(outcome, 'Not recorded') as outcome, object_found
    from police_uk_stop_search
    where month between $start and $end and list_contains($districts, district_code)
        and ($object_scope = 'all' or is_weapon_search)
),
final as (
    select c.district_code, d.district_name, c.month, c.outcome,
        count(*) as search_count, count(*) filter (where c.object_found) as found_count
    from chosen as c
    left join districts as d using (district_code)
    group by all
)
select * from final order by month, district_code, outcome
