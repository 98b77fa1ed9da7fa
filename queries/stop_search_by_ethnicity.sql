-- Searches for weapons in the five Warwickshire districts by the searched person's self-defined
-- ethnic group (the five Census 2021 groups and not stated) and financial year, as one protected
-- table: years whose twelve months of stop-and-search files are all loaded, and all those years
-- together ('all' margins on both). found_count: searches whose outcome was linked to the object
-- searched for. All ethnic groups together are counts of searches published openly by district and
-- month (stop_search_by_district_month), so they are public here.
-- params: none
-- grain: one row per financial year (or all) x ethnic group (6 + all)
-- disclosure: people counts=search_count,found_count dims=financial_year,ethnic_group parts=found_count:search_count derived=found_share_pct:found_count/search_count public=ethnic_group:all
with searches as (
    select c.financial_year, s.month, s.ethnic_group, s.object_found
    from police_uk_stop_search as s
    join calendar as c on c.month = s.month
    where s.is_weapon_search and s.district_code in (select district_code from districts where is_warwickshire)
),
complete_years as (
    select c.financial_year from calendar as c
    where c.month in (select distinct month from police_uk_stop_search)
    group by c.financial_year having count(*) = 12
),
groups(ethnic_group, ethnic_group_label, display_order) as (
    values ('asian', 'Asian or Asian British', 1), ('black', 'Black, Black British, Caribbean or African', 2),
        ('mixed', 'Mixed or multiple ethnic groups', 3), ('white', 'White', 4), ('other', 'Other ethnic group', 5),
        ('not_stated', 'Not stated', 6), ('all', 'All searches', 7)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(ethnic_group, 'all') as ethnic_group,
        count(*) as search_count, count(*) filter (where object_found) as found_count
    from searches
    where financial_year in (select financial_year from complete_years)
    group by cube (financial_year, ethnic_group)
),
cells as (
    select y.financial_year, g.ethnic_group, g.ethnic_group_label, g.display_order
    from (select financial_year from complete_years union all select 'all') as y
    cross join groups as g
),
final as (
    select c.financial_year, c.ethnic_group, c.ethnic_group_label, c.display_order,
        coalesce(n.search_count, 0)::bigint as search_count, coalesce(n.found_count, 0)::bigint as found_count,
        round(100.0 * coalesce(n.found_count, 0) / nullif(n.search_count, 0), 1) as found_share_pct
    from cells as c
    left join counts as n using (financial_year, ethnic_group)
)
select * from final order by financial_year, display_order
