-- Monthly offences with a suspect's home district recorded, and those whose suspect lives
-- outside Warwickshire, for each Warwickshire district and the county ('all'). Every district is
-- returned whatever is chosen, so one protected table serves every view.
-- params: $start, $end, $offence_group
-- grain: one row per month x destination (5 districts + all)
-- disclosure: people counts=known_home_count,out_of_county_count dims=month,destination_code parts=out_of_county_count:known_home_count
with months as (
    select unnest(generate_series($start::date, $end::date, interval 1 month))::date as month
),
destinations as (
    select district_code as destination_code from districts where is_warwickshire
    union all select 'all'
),
chosen as (
    select i.month, i.district_code as destination_code,
        not coalesce(h.is_warwickshire, false) as out_of_county
    from incidents as i
    left join districts as h on h.district_code = i.suspect_home_district
    where i.month between $start and $end
        and i.source = 'force_extract'
        and i.suspect_home_district is not null
        and i.district_code in (select district_code from districts where is_warwickshire)
        and i.offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
),
counts as (
    select month, coalesce(destination_code, 'all') as destination_code,
        count(*) as known_home_count,
        count(*) filter (where out_of_county) as out_of_county_count
    from chosen
    group by grouping sets ((month, destination_code), (month))
),
final as (
    select m.month, d.destination_code,
        coalesce(c.known_home_count, 0)::bigint as known_home_count,
        coalesce(c.out_of_county_count, 0)::bigint as out_of_county_count
    from months as m
    cross join destinations as d
    left join counts as c on c.month = m.month and c.destination_code = d.destination_code
)
select * from final order by destination_code, month
