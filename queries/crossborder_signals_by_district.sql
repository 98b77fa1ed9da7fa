-- County-lines and drugs signals in each Warwickshire district: drugs offences (police.uk or
-- force extract) and offences the force extract flags as linked to county lines. Offence
-- counts by place, not about people.
-- params: $start, $end
-- grain: one row per Warwickshire district (5)
with counts as (
    select
        district_code,
        count(*) filter (where offence_group = 'drugs') as drugs_count,
        count(*) filter (where county_lines) as county_lines_count,
        count(*) filter (where county_lines and is_serious_violence) as county_lines_sv_count,
        count(*) filter (where source = 'force_extract') as rows_with_flags
    from incidents
    where month between $start and $end
    group by district_code
),
final as (
    select d.district_code, d.district_name, p.pop_all_ages,
        coalesce(c.drugs_count, 0) as drugs_count,
        coalesce(c.county_lines_count, 0) as county_lines_count,
        coalesce(c.county_lines_sv_count, 0) as county_lines_sv_count,
        coalesce(c.rows_with_flags, 0) as rows_with_flags,
        1000.0 * coalesce(c.drugs_count, 0) / p.pop_all_ages as drugs_rate_per_1000,
        1000.0 * coalesce(c.county_lines_count, 0) / p.pop_all_ages as county_lines_rate_per_1000
    from districts as d
    join population_district as p on p.district_code = d.district_code
    left join counts as c on c.district_code = d.district_code
    where d.is_warwickshire
)
select * from final order by district_name
