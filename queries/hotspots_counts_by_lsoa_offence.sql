-- The chosen offences per LSOA and offence, keyed as the harm weights are: the Home Office
-- offence code for force-extract rows, the police.uk crime type otherwise. Sexual offences are
-- left out (never shown below district level).
-- params: $start, $end, $districts, $offence_group
-- grain: one row per LSOA x source x offence key with at least one offence (crime_type is the key's
-- police.uk category, for weights missing from the table)
with chosen as (
    select
        lsoa_code,
        source,
        crime_type,
        case when source = 'force_extract' then 'ho_offence_code' else 'crime_type' end as key_type,
        case when source = 'force_extract' then ho_offence_code else crime_type end as offence_key
    from incidents
    where month between $start and $end
        and list_contains($districts, district_code)
        and (($offence_group = 'serious_violence' and is_serious_violence) or offence_group = $offence_group)
        and coalesce(offence_subgroup, '') <> 'sexual_offences'
        and lsoa_code is not null
),
final as (
    select lsoa_code, source, key_type, offence_key, crime_type, count(*) as offence_count
    from chosen
    group by all
)
select * from final order by lsoa_code, source, offence_key
