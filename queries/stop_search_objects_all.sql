-- Which objects of search count as searches for weapons (reference/stop_search_objects.csv).
-- params: none
-- grain: one row per object of search
-- disclosure: none reason=reference list, no counts
with final as (
    select object_label, is_weapon_search, definition from stop_search_objects
)
select * from final order by not is_weapon_search, object_label
