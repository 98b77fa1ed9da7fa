-- When in the week the chosen offences happen: force-extract rows with an offence date and time
-- (police.uk publishes the month only, so its rows cannot be placed in the week).
-- params: $start, $end, $districts, $offence_group
-- grain: one row per ISO day of week (1 = Monday) x hour of day (168 rows, zeros included)
with chosen as (
    select isodow(occurred_at) as day_of_week, hour(occurred_at) as hour_of_day
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and occurred_at is not null
),
grid as (
    select d.day_of_week, h.hour_of_day
    from range(1, 8) as d(day_of_week) cross join range(0, 24) as h(hour_of_day)
),
counts as (
    select day_of_week, hour_of_day, count(*) as offence_count from chosen group by all
),
final as (
    select g.day_of_week::integer as day_of_week, g.hour_of_day::integer as hour_of_day,
        coalesce(c.offence_count, 0) as offence_count
    from grid as g
    left join counts as c using (day_of_week, hour_of_day)
)
select * from final order by day_of_week, hour_of_day
