-- Harm-weighted totals of the chosen offences per LSOA: each offence weighted by the days in the
-- harm_weights table, looked up by Home Office offence code (force-extract rows) or police.uk
-- crime type; a code missing from the table takes its crime type's weight; offences with no
-- weight at all count 0 and are reported in unweighted_count. Sexual offences are left out
-- (never shown below district level).
-- params: $start, $end, $districts, $offence_group
-- grain: one row per LSOA with at least one offence
-- access: lsoa
-- disclosure: none reason=offence counts by place weighted by offence type; no breakdown by person
with chosen as (
    select lsoa_code, crime_type,
        case when source = 'force_extract' then 'ho_offence_code' else 'crime_type' end as key_type,
        case when source = 'force_extract' then ho_offence_code else crime_type end as offence_key
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
        and lsoa_code is not null
),
weighted as (
    select c.lsoa_code, coalesce(w.harm_weight_days, t.harm_weight_days) as weight_days
    from chosen as c
    left join harm_weights as w on w.key_type = c.key_type and w.offence_key = c.offence_key
    left join harm_weights as t on t.key_type = 'crime_type' and t.offence_key = c.crime_type
),
final as (
    select lsoa_code,
        coalesce(sum(weight_days), 0)::double as harm_total,
        count(*) filter (where weight_days is null) as unweighted_count
    from weighted
    group by lsoa_code
)
select * from final order by lsoa_code
