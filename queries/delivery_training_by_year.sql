-- Training sessions and practitioners trained by financial year, agency and district of the
-- session ('all' margins on each; E10000031 = county-wide or online).
-- params: none
-- grain: one row per financial year (or all) x agency (or all) x district (or all)
-- disclosure: none reason=counts of training sessions and of staff trained, not of people at risk
with sessions as (
    select c.financial_year, s.agency, s.district_code, s.practitioners_trained
    from training_sessions as s
    join calendar as c on c.month = date_trunc('month', s.session_date)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        coalesce(district_code, 'all') as district_code, count(*) as session_count,
        coalesce(sum(practitioners_trained), 0)::bigint as practitioners_trained
    from sessions
    group by cube (financial_year, agency, district_code)
),
final as (
    select c.*, case c.district_code when 'all' then 'All areas' when 'E10000031' then 'County-wide or online'
                     else d.district_name end as district_name
    from counts as c
    left join districts as d using (district_code)
)
select * from final order by financial_year, agency, district_code
