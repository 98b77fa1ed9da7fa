-- The periods counts about people are published for (docs/DISCLOSURE.md): whole financial quarters
-- whose three months of the Warwickshire Police crime extract are all loaded, and financial years
-- whose four quarters are. One definition for every protected table built on the extract.
create or replace view extract_quarters as
with extract_months as (
    select distinct month from force_extract_rows where force = 'Warwickshire Police'
)
select c.quarter_label, c.financial_year, min(c.quarter_start) as quarter_start
from calendar as c join extract_months as m on m.month = c.month
group by all having count(*) = 3;

create or replace view extract_periods as
with years as (
    select financial_year, min(quarter_start) as year_start from extract_quarters group by all having count(*) = 4
)
select financial_year as period, null::varchar as period_parent, 'year' as period_kind, year_start as period_start,
    financial_year
from years
union all
select q.quarter_label, y.financial_year, 'quarter', q.quarter_start, q.financial_year
from extract_quarters as q left join years as y on y.financial_year = q.financial_year;

-- Offence choices as a hierarchy: a group's parent is the choice of several groups it belongs to
-- ('robbery' -> 'serious_violence'); offence_selector_members maps each group to every choice it counts in.
create or replace view offence_group_tree as
with sizes as (
    select selector, count(*) as members from offence_selector_members group by selector
)
select s.selector as offence_group,
    (select min(m.selector) from offence_selector_members as m join sizes as z using (selector)
     where z.members > 1 and m.offence_group = s.selector) as offence_group_parent
from offence_selectors as s;
