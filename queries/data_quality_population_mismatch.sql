-- params: none
-- grain: one row per LSOA code (2011 or 2021) in Warwickshire that does not join across 2011 and 2021
-- access: lsoa
-- 2011 LSOAs (police.uk) with no Census 2021 population under the same code, and 2021 LSOAs
-- with no 2011 LSOA of the same code: the codes split or merged in 2021. Rates per LSOA are not
-- shown for these rather than guessed.
with lsoa_2011 as (
    select l.lsoa_code, l.lsoa_name, l.district_code
    from lsoas as l
    join districts as d using (district_code)
    where d.is_warwickshire
),
lsoa_2021 as (
    select distinct p.lsoa21_code as lsoa_code, p.lsoa21_name as lsoa_name, p.district_code
    from population_lsoa21_age as p
    join districts as d using (district_code)
    where d.is_warwickshire
),
only_2011 as (
    select '2011 LSOA with no 2021 population' as mismatch, o.*
    from lsoa_2011 as o
    where o.lsoa_code not in (select lsoa_code from lsoa_2021)
),
only_2021 as (
    select '2021 LSOA with no 2011 code' as mismatch, n.*
    from lsoa_2021 as n
    where n.lsoa_code not in (select lsoa_code from lsoa_2011)
),
final as (
    select * from only_2011
    union all
    select * from only_2021
)
select * from final
order by mismatch, district_code, lsoa_code
