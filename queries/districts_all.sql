-- The reference districts: the five Warwickshire districts and their neighbours, with region.
-- params: none
-- grain: one row per district
-- disclosure: none reason=reference geography, no counts
with final as (
    select d.district_code, d.district_name, d.is_warwickshire, d.region, p.pop_all_ages, p.pop_under_25
    from districts as d
    left join population_district as p using (district_code)
)
select * from final order by not is_warwickshire, district_name
