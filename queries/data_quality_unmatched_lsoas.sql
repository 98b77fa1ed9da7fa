-- params: none
-- grain: one row per LSOA code not in the reference lookup
-- access: lsoa
-- LSOA codes in loaded crime rows that are not in the reference LSOAs (elsewhere in Great
-- Britain, or codes retired in 2021): kept with no district, outside every district figure.
with police_uk as (
    select lsoa_code, lsoa_name, force, month from police_uk_rows where location_status = 'outside_reference'
),
force_extract as (
    select lsoa_code, null::varchar as lsoa_name, force, month
    from force_extract_rows
    where location_status = 'outside_reference'
),
unmatched as (
    select * from police_uk
    union all
    select * from force_extract
),
final as (
    select
        lsoa_code,
        max(lsoa_name) as lsoa_name,
        count(*) as row_count,
        count(distinct force) as force_count,
        min(month) as first_month,
        max(month) as last_month
    from unmatched
    group by lsoa_code
)
select * from final
order by row_count desc, lsoa_code
