-- params: none
-- grain: one row per source x force x month
-- Rows loaded per source (police.uk, force extract) and month, with how many have no
-- usable location and how many are serious violence.
with police_uk as (
    select 'police.uk' as source, force, month, location_status, offence_group from police_uk_rows
),
force_extract as (
    select 'force_extract' as source, force, month, location_status, offence_group from force_extract_rows
),
all_rows as (
    select * from police_uk
    union all
    select * from force_extract
),
final as (
    select
        source,
        force,
        month,
        count(*) as row_count,
        count(*) filter (where location_status = 'unknown') as unknown_location_count,
        count(*) filter (where location_status = 'outside_reference') as outside_reference_count,
        count(*) filter (
            where offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')
        ) as serious_violence_count
    from all_rows
    group by source, force, month
)
select * from final
order by source, force, month
