-- Financial years (April-March) in which people entered the cohort, for the year selector.
-- params:
-- grain: one row per financial year with at least one entry
-- access: cohort
-- disclosure: people counts=person_count dims=financial_year
with years as (
    select c.fy_start_year as start_year, c.financial_year, c.fy_start as year_start, count(*) as person_count
    from cohort_people_published as p
    join calendar as c on c.month = date_trunc('month', p.entry_date)
    group by all
),
final as (
    select start_year, financial_year, year_start,
        (year_start + interval 1 year - interval 1 day)::date as year_end,
        person_count
    from years
)
select * from final order by start_year
