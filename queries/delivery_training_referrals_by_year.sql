-- Referrals of people at risk made by practitioners trained under the programme, by financial
-- year, agency and district ('all' margins on each), from the monthly returns. A year is published
-- once the returns reach its last month (March), so a count never changes between two loads by a
-- month's referrals. The whole table is returned (no parameters) and protected as one; the
-- county total per year is the numerator of the trained_practitioner_referrals indicator.
-- params: none
-- grain: one row per financial year (or all) x agency (or all) x district (or all)
-- disclosure: people counts=referral_count dims=financial_year,agency,district_code
with returns as (
    select c.financial_year, c.fy_start, r.agency, r.district_code, r.referrals
    from training_referrals as r
    join calendar as c on c.month = r.month
),
complete_years as (
    select distinct financial_year, fy_start from returns
    where fy_start + interval 11 month <= (select max(month) from training_referrals)
),
counts as (
    select coalesce(financial_year, 'all') as financial_year, coalesce(agency, 'all') as agency,
        coalesce(district_code, 'all') as district_code, sum(referrals) as referral_count
    from returns
    where financial_year in (select financial_year from complete_years)
    group by cube (financial_year, agency, district_code)
),
cells as (
    select y.financial_year, a.agency, d.district_code
    from (select financial_year from complete_years union all select 'all') as y
    cross join (select distinct agency from returns union all select 'all') as a
    cross join (select distinct district_code from returns union all select 'all') as d
),
final as (
    select c.financial_year, c.agency, c.district_code, coalesce(n.referral_count, 0)::bigint as referral_count,
        case c.district_code when 'all' then 'All areas' when 'E10000031' then 'County-wide or online'
                             else di.district_name end as district_name
    from cells as c
    left join counts as n using (financial_year, agency, district_code)
    left join districts as di on di.district_code = c.district_code
)
select * from final order by financial_year, agency, district_code
