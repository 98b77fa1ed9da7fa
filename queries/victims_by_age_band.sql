-- Victims of offences recorded in the Warwickshire Police crime extract, by victim age band, as
-- one protected table: per financial year for each district and the county, per financial
-- quarter for the county; by offence group (the three serious-violence groups add up to serious
-- violence) and age band (Census 2021 age groups add up to under 25 and 25 and over, which with
-- age unknown add up to all ages). Only whole quarters of the extract are published (all three
-- months loaded), and a year only when its four quarters are, so a count never changes by one
-- month between two views or two loads. All ages are counts of offences, published openly
-- elsewhere, so they are public here. Population (Census 2021) of each district and age band is
-- given for rates. Sexual offences count here (district level and above only).
-- params: none
-- grain: one row per period (year: x 5 districts + all; quarter: county only) x offence group (4 + serious violence) x age band (9 + all)
-- disclosure: people counts=victim_count dims=period,district_code,offence_group,age_band public=age_band:all
with county as (
    select district_code from districts where is_warwickshire
),
age_tree(age_band, age_band_parent, age_group) as (
    values ('Aged 15 years and under', 'Under 25', 'Aged 15 years and under'),
        ('Aged 16 to 24 years', 'Under 25', 'Aged 16 to 24 years'),
        ('Aged 25 to 34 years', '25 and over', 'Aged 25 to 34 years'),
        ('Aged 35 to 49 years', '25 and over', 'Aged 35 to 49 years'),
        ('Aged 50 to 64 years', '25 and over', 'Aged 50 to 64 years'),
        ('Aged 65 years and over', '25 and over', 'Aged 65 years and over'),
        ('Age unknown', 'all', null), ('Under 25', 'all', null), ('25 and over', 'all', null), ('all', null, null)
),
age_up(age_band, up) as (
    select age_band, age_band from age_tree
    union all select age_band, age_band_parent from age_tree where age_band_parent is not null
    union all select t.age_band, p.age_band_parent from age_tree as t join age_tree as p on p.age_band = t.age_band_parent
    where p.age_band_parent is not null
),
victims as (
    select c.quarter_label, c.financial_year, i.district_code, i.offence_group,
        case
            when i.victim_age is null then 'Age unknown'
            when i.victim_age <= 15 then 'Aged 15 years and under'
            when i.victim_age <= 24 then 'Aged 16 to 24 years'
            when i.victim_age <= 34 then 'Aged 25 to 34 years'
            when i.victim_age <= 49 then 'Aged 35 to 49 years'
            when i.victim_age <= 64 then 'Aged 50 to 64 years'
            else 'Aged 65 years and over'
        end as age_band
    from incidents as i
    join calendar as c on c.month = i.month
    join extract_quarters as q on q.quarter_label = c.quarter_label
    where i.source = 'force_extract'
        and i.district_code in (select district_code from county)
        and i.offence_group in (select offence_group from offence_selector_members)
),
expanded as (
    select v.financial_year as period, d.district_code, g.selector as offence_group, a.up as age_band
    from victims as v
    join extract_periods as y on y.period = v.financial_year
    cross join lateral (select v.district_code union all select 'all') as d(district_code)
    join offence_selector_members as g on g.offence_group = v.offence_group
    join age_up as a on a.age_band = v.age_band
    union all
    select v.quarter_label, 'all', g.selector, a.up
    from victims as v
    join offence_selector_members as g on g.offence_group = v.offence_group
    join age_up as a on a.age_band = v.age_band
),
counts as (
    select period, district_code, offence_group, age_band, count(*) as victim_count from expanded group by all
),
places as (
    select district_code from county union all select 'all'
),
population as (
    select coalesce(d.district_code, 'all') as district_code, a.up as age_band, sum(p.usual_residents)::bigint as population
    from population_district_age as p
    join county as d on d.district_code = p.district_code
    join age_tree as t on t.age_group = p.age_group
    join age_up as a on a.age_band = t.age_band
    group by grouping sets ((d.district_code, a.up), (a.up))
),
final as (
    select p.period, p.period_parent, p.period_kind, p.period_start, p.financial_year,
        l.district_code, g.offence_group, g.offence_group_parent, t.age_band, t.age_band_parent,
        coalesce(c.victim_count, 0)::bigint as victim_count, pop.population
    from extract_periods as p
    join places as l on p.period_kind = 'year' or l.district_code = 'all'
    cross join offence_group_tree as g
    cross join age_tree as t
    left join counts as c on c.period = p.period and c.district_code = l.district_code
        and c.offence_group = g.offence_group and c.age_band = t.age_band
    left join population as pop on pop.district_code = l.district_code and pop.age_band = t.age_band
)
select * from final order by period_start, period_kind desc, district_code, offence_group, age_band
