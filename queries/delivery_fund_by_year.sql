-- The commissioning fund by financial year ('all' = every year): budget by source, committed and
-- spent (sums of the project quarters), uncommitted (budget - committed), remaining (budget -
-- spent), and whether the year is over-committed (committed more than its budget).
-- params: none
-- grain: one row per financial year, and one for all years
-- disclosure: none reason=sums of money, no count about people
with budget as (
    select financial_year, sum(amount_gbp) as budget_gbp,
        sum(amount_gbp) filter (where source = 'home_office') as home_office_gbp,
        sum(amount_gbp) filter (where source = 'pcc_match') as pcc_match_gbp,
        sum(amount_gbp) filter (where source = 'partner') as partner_gbp
    from fund_budget
    group by financial_year
),
money as (
    select financial_year, sum(committed_gbp) as committed_gbp, coalesce(sum(spent_gbp), 0) as spent_gbp
    from fund_quarters
    group by financial_year
),
years as (
    select coalesce(b.financial_year, m.financial_year) as financial_year,
        coalesce(b.budget_gbp, 0) as budget_gbp, coalesce(b.home_office_gbp, 0) as home_office_gbp,
        coalesce(b.pcc_match_gbp, 0) as pcc_match_gbp, coalesce(b.partner_gbp, 0) as partner_gbp,
        coalesce(m.committed_gbp, 0) as committed_gbp, coalesce(m.spent_gbp, 0) as spent_gbp
    from budget as b full join money as m using (financial_year)
),
with_total as (
    select * from years
    union all
    select 'all', sum(budget_gbp), sum(home_office_gbp), sum(pcc_match_gbp), sum(partner_gbp), sum(committed_gbp),
        sum(spent_gbp)
    from years having count(*) > 0
),
final as (
    select *, budget_gbp - committed_gbp as uncommitted_gbp, budget_gbp - spent_gbp as remaining_gbp,
        committed_gbp > budget_gbp as is_over_committed
    from with_total
)
select * from final order by financial_year = 'all', financial_year
