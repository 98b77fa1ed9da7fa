-- Who is in the cohort: people by age band, sex, ethnicity and home district (out-of-county
-- homes named when a neighbouring district, otherwise 'Elsewhere'), for each financial year of
-- entry and agency, with 'all' margins for year, agency and category.
-- params:
-- grain: one row per financial year (or all) x agency (or all) x characteristic x category (or all)
-- access: cohort
-- disclosure: people counts=person_count dims=financial_year,agency,characteristic,category
with people as (
    select
        c.financial_year,
        p.agency,
        case
            when p.age_at_entry < 15 then '10-14'
            when p.age_at_entry < 18 then '15-17'
            when p.age_at_entry < 25 then '18-24'
            when p.age_at_entry < 35 then '25-34'
            else '35 and over'
        end as age_band,
        case p.sex when 'F' then 'Female' when 'M' then 'Male' else 'Unknown' end as sex,
        p.ethnicity,
        case
            when d.is_warwickshire then d.district_name
            when d.district_code is not null then d.district_name || ' (out of county)'
            else 'Elsewhere (out of county)'
        end as home
    from cohort_people_published as p
    left join districts as d on d.district_code = p.home_district
    join calendar as c on c.month = date_trunc('month', p.entry_date)
),
labelled as (
    select financial_year, agency, age_band, sex, ethnicity, home from people
),
long as (
    select financial_year, agency, 'age_band' as characteristic, age_band as category from labelled
    union all select financial_year, agency, 'sex', sex from labelled
    union all select financial_year, agency, 'ethnicity', ethnicity from labelled
    union all select financial_year, agency, 'home', home from labelled
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        characteristic, coalesce(category, 'all') as category, count(*) as person_count
    from long
    group by grouping sets (
        (financial_year, agency, characteristic, category), (financial_year, characteristic, category),
        (agency, characteristic, category), (characteristic, category),
        (financial_year, agency, characteristic), (financial_year, characteristic),
        (agency, characteristic), (characteristic)
    )
),
cells as (
    select distinct y.financial_year, a.agency, c.characteristic, c.category
    from (select distinct financial_year from counts) as y
    cross join (select distinct agency from counts) as a
    cross join (select distinct characteristic, category from counts) as c
),
final as (
    select c.financial_year, c.agency, c.characteristic, c.category, coalesce(n.person_count, 0)::bigint as person_count
    from cells as c
    left join counts as n using (financial_year, agency, characteristic, category)
)
select * from final order by financial_year, agency, characteristic, category = 'all', category
