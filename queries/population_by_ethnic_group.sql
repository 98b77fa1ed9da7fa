-- Census 2021 usual residents of the five Warwickshire districts by ethnic group (the five groups of
-- data.police.uk's self-defined ethnicity), from `ingest census-ethnicity` (ONS TS021); the
-- denominators of searches per 1,000 residents. districts_loaded: how many of the five districts
-- the file held (rates need all five).
-- params: none
-- grain: one row per ethnic group (none when no TS021 file is loaded)
-- disclosure: none reason=published Census 2021 population totals, no people-level counts
with county as (
    select p.ethnic_group, p.district_code, p.usual_residents
    from population_district_ethnicity as p
    where p.district_code in (select district_code from districts where is_warwickshire)
),
final as (
    select ethnic_group, sum(usual_residents)::bigint as usual_residents,
        (select count(distinct district_code) from county) as districts_loaded
    from county group by ethnic_group
)
select * from final order by ethnic_group
