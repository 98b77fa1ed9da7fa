-- The chosen offences in every Warwickshire LSOA of the chosen districts, with the residents
-- (Census 2021) and deprivation (IoD 2019) that rates and the deprivation view need.
-- Sexual offences (force-extract subgroup 'sexual_offences') are never counted below district
-- level, so they are left out here; police.uk's combined category stands (published by street).
-- params: $start, $end, $districts, $offence_group
-- grain: one row per Warwickshire LSOA in the chosen districts (zeros included)
-- access: lsoa
with chosen as (
    select lsoa_code, source
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
        and lsoa_code is not null
),
counts as (
    select
        lsoa_code,
        count(*) as offence_count,
        count(*) filter (where source = 'force_extract') as force_extract_count
    from chosen
    group by lsoa_code
),
final as (
    select
        l.lsoa_code,
        l.lsoa_name,
        l.district_code,
        d.district_name,
        coalesce(c.offence_count, 0) as offence_count,
        coalesce(c.force_extract_count, 0) as force_extract_count,
        p.pop_all_ages,
        p.pop_under_25,
        1000.0 * coalesce(c.offence_count, 0) / nullif(p.pop_all_ages, 0) as rate_per_1000,
        1000.0 * coalesce(c.offence_count, 0) / nullif(p.pop_under_25, 0) as rate_per_1000_under_25,
        l.imd_rank,
        l.imd_decile
    from lsoas as l
    join districts as d on d.district_code = l.district_code
    left join counts as c on c.lsoa_code = l.lsoa_code
    left join population_lsoa as p on p.lsoa_code = l.lsoa_code
    where l.is_warwickshire and l.has_boundary and list_contains($districts, l.district_code)
)
select * from final order by lsoa_code
