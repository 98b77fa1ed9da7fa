-- What happened to the chosen offences: crimes of the data.police.uk street files by district, month
-- of the crime and outcome group. A crime's outcome is its latest in the outcomes files loaded,
-- linked by Crime ID (crime_latest_outcome); a crime with no outcome row there keeps the street
-- file's "Last outcome category" (linked_count says how many came from the outcomes files).
-- Outcome categories are grouped by reference/outcome_groups.csv.
-- params: $start, $end, $districts, $offence_group
-- grain: one row per district x month x outcome group that has crimes
-- disclosure: none reason=counts of offences by place, month and outcome as data.police.uk publishes them; no breakdown by victim or suspect
with crimes as (
    select r.crime_id, r.district_code, r.month, r.last_outcome
    from police_uk_rows as r
    where r.crime_id is not null and r.month between $start and $end and list_contains($districts, r.district_code)
        and r.offence_group in (select offence_group from offence_selector_members where selector = $offence_group)
),
labels as (
    select distinct outcome_group, outcome_group_label, display_order from outcome_groups
    union all select 'other', 'Other outcome', 90
    union all select 'none', 'No outcome published', 99
),
outcomes as (
    select c.district_code, c.month, l.crime_id is not null as linked,
        coalesce(l.outcome_group, s.outcome_group,
                 case when c.last_outcome is null then 'none' else 'other' end) as outcome_group
    from crimes as c
    left join crime_latest_outcome as l on l.crime_id = c.crime_id
    left join outcome_groups as s on s.outcome_type = c.last_outcome
),
final as (
    select o.district_code, d.district_name, o.month, o.outcome_group, b.outcome_group_label, b.display_order,
        count(*) as crime_count, count(*) filter (where o.linked) as linked_count
    from outcomes as o
    join labels as b using (outcome_group)
    left join districts as d using (district_code)
    group by all
)
select * from final order by month, district_code, display_order
