-- Counts and rates of the chosen offences per month (or ISO week) for the series of one
-- dimension: offence type, district, weapon, source, or the total. (Victim age bands are counts
-- about people: they come from the protected victims_by_age_band table.)
-- Weeks need an offence date, so the weekly grain counts force-extract rows only.
-- Rates: per 1,000 usual residents (Census 2021) of the chosen districts; for districts, of that
-- district.
-- params: $start, $end, $districts, $offence_group, $dimension, $grain
-- grain: one row per period (month or week) x series; periods with no rows appear with zeros
with chosen as (
    select
        case when $grain = 'week' then date_trunc('week', occurred_at)::date else month end as period_start,
        occurred_at,
        case $dimension
            when 'offence' then crime_type
            when 'district' then district_code
            when 'weapon' then coalesce(weapon, 'not recorded (police.uk)')
            when 'source' then source
            else 'total'
        end as series
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and ($grain = 'month' or occurred_at is not null)
),
dated as (
    -- whole weeks only, over the span with offence dates (months with a force extract)
    select
        date_trunc('week', min(occurred_at) + interval 6 day)::date as first_week,
        date_trunc('week', max(occurred_at) - interval 6 day)::date as last_week
    from chosen
),
periods as (
    select unnest(generate_series(
        case when $grain = 'week'
            then greatest(date_trunc('week', $start::date + interval 6 day), (select first_week from dated))
            else $start::date end,
        case when $grain = 'week'
            then least($end::date + interval 1 month - interval 7 day, (select last_week from dated))
            else $end::date end,
        case when $grain = 'week' then interval 7 day else interval 1 month end
    ))::date as period_start
),
all_series as (
    select distinct series from chosen
),
counts as (
    select period_start, series, count(*) as offence_count from chosen group by all
),
district_population as (
    select district_code as series, pop_all_ages as population from population_district
    where list_contains($districts, district_code)
),
total_population as (
    select sum(pop_all_ages)::bigint as population from population_district where list_contains($districts, district_code)
),
final as (
    select
        p.period_start,
        s.series,
        coalesce(c.offence_count, 0) as offence_count,
        case
            when $dimension = 'district' then dp.population
            else (select population from total_population)
        end as population
    from periods as p
    cross join all_series as s
    left join counts as c on c.period_start = p.period_start and c.series = s.series
    left join district_population as dp on dp.series = s.series
)
select
    period_start, series, offence_count, population,
    1000.0 * offence_count / nullif(population, 0) as rate_per_1000
from final
order by series, period_start
