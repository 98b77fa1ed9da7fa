-- Financial years (April-March) in which people entered the cohort, for the year selector.
-- params:
-- grain: one row per financial year with at least one entry
-- disclosure: people counts=person_count dims=financial_year
with years as (
    select case when month(entry_date) >= 4 then year(entry_date) else year(entry_date) - 1 end as start_year,
        count(*) as person_count
    from cohort_people
    group by start_year
),
final as (
    select start_year,
        start_year::varchar || '/' || right((start_year + 1)::varchar, 2) as financial_year,
        make_date(start_year, 4, 1) as year_start,
        make_date(start_year + 1, 3, 31) as year_end,
        person_count
    from years
)
select * from final order by start_year
