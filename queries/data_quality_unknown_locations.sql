-- params: none
-- grain: one row per source x force x month with rows of unknown location
-- access: lsoa
-- Rows kept without a location (no coordinates and no LSOA): counted in force totals but in
-- no district's figures.
with all_rows as (
    select 'police.uk' as source, force, month, location_status, offence_group from police_uk_rows
    union all
    select 'force_extract' as source, force, month, location_status, offence_group from force_extract_rows
),
totals as (
    select source, force, month, count(*) as row_count from all_rows group by source, force, month
),
unknown as (
    select
        source,
        force,
        month,
        count(*) as unknown_location_count,
        count(*) filter (
            where offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')
        ) as unknown_serious_violence_count
    from all_rows
    where location_status = 'unknown'
    group by source, force, month
),
final as (
    select
        u.source,
        u.force,
        u.month,
        u.unknown_location_count,
        u.unknown_serious_violence_count,
        t.row_count,
        round(100.0 * u.unknown_location_count / t.row_count, 2) as unknown_share_pct
    from unknown as u
    join totals as t using (source, force, month)
)
select * from final
order by source, force, month
