"""The Delivery queries and model on the sample warehouse, recomputed independently from the sample
workbooks with pandas (openpyxl): fund totals and flags, late actions and progress, training and the
trained_practitioner_referrals indicator, and the protected counts of reviews, referrals and people
reached (people rule declared, returned whole, no shown count of 1 to 4)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from queries import run_query
from queries.disclosure import parse_header
from queries.runner import QUERY_DIR, declared_params, list_queries

AS_OF = dt.date(2026, 10, 15)
THRESHOLD = 4
PEOPLE_TABLES = re.compile(r"\b(owhr_reviews|training_referrals|people_reached)\b")


@pytest.fixture(scope="module")
def books(sample_files) -> dict[str, dict[str, pd.DataFrame]]:
    """Every sheet of the four sample workbooks, read with pandas (openpyxl), dates as dates."""
    paths = {"plan": "delivery/delivery-plan.xlsx", "fund": "fund/commissioning-fund.xlsx",
             "owhr": "owhr/owhr-reviews.xlsx", "training": "training/training.xlsx"}
    return {name: pd.read_excel(sample_files / path, sheet_name=None) for name, path in paths.items()}


def test_sample_workbooks_have_the_sizes_asked_for(books):
    plan, fund, owhr, training = books["plan"], books["fund"], books["owhr"], books["training"]
    assert 30 <= len(plan["actions"]) <= 60 and plan["actions"]["action_id"].is_unique
    assert 10 <= len(fund["projects"]) <= 20
    assert 4 <= len(owhr["reviews"]) <= 6 and len(owhr["recommendations"]) >= 3
    days = training["sessions"]["session_date"]
    assert (days.max() - days.min()).days >= 365 and len(training["sessions"]) >= 100
    assert set(fund["budget"]["financial_year"]) == {"2025/26", "2026/27", "2027/28"}
    yearly = fund["budget"].groupby("financial_year")["amount_gbp"].sum()
    assert yearly.between(100_000, 150_000).all()


def test_fund_position_by_year_recomputed_from_the_workbook(app_env, books):
    fund = books["fund"]
    budget = fund["budget"].groupby("financial_year")["amount_gbp"].sum()
    committed = fund["quarters"].groupby("financial_year")["committed_gbp"].sum()
    spent = fund["quarters"].groupby("financial_year")["spent_gbp"].sum()  # blank (not yet claimed) skipped
    shown = run_query("delivery_fund_by_year").set_index("financial_year")
    for year in budget.index:
        row = shown.loc[year]
        assert row["budget_gbp"] == pytest.approx(budget[year], abs=1e-6)
        assert row["committed_gbp"] == pytest.approx(committed[year], abs=1e-6)
        assert row["spent_gbp"] == pytest.approx(spent[year], abs=1e-6)
        assert row["remaining_gbp"] == pytest.approx(budget[year] - spent[year], abs=1e-6)
        assert bool(row["is_over_committed"]) == (committed[year] > budget[year])
    assert shown.loc["all", "budget_gbp"] == pytest.approx(budget.sum(), abs=1e-6)
    assert shown.loc["all", "spent_gbp"] == pytest.approx(spent.sum(), abs=1e-6)
    assert list(shown.index[shown["is_over_committed"]]) == ["2026/27"]  # the sample's over-committed year
    for source in ("home_office", "pcc_match"):
        by_source = fund["budget"][fund["budget"]["source"] == source].groupby("financial_year")["amount_gbp"].sum()
        assert shown.loc[by_source.index, f"{source}_gbp"].tolist() == pytest.approx(by_source.tolist())


def test_projects_and_breakdowns_recomputed_from_the_workbook(app_env, books):
    quarters = books["fund"]["quarters"].merge(books["fund"]["projects"], on="project_id")
    totals = quarters.groupby("project_id")[["committed_gbp", "spent_gbp"]].sum()
    claimed = quarters[quarters["spent_gbp"].notna()].groupby("project_id")["committed_gbp"].sum()
    overspent = sorted(claimed.index[totals.loc[claimed.index, "spent_gbp"] > claimed])
    projects = run_query("delivery_fund_projects_all").set_index("project_id")
    assert sorted(projects.index[projects["is_overspent"]]) == overspent == ["CF-06"]
    assert projects["spent_gbp"].tolist() == pytest.approx(totals.loc[projects.index, "spent_gbp"].tolist())
    breakdown = run_query("delivery_fund_by_breakdown")
    for dimension, column in (("pillar", "pillar"), ("level", "level"), ("district", "district_code")):
        expected = quarters.groupby(column)["committed_gbp"].sum()
        rows = breakdown[(breakdown["breakdown"] == dimension) & (breakdown["financial_year"] == "all")]
        assert rows.set_index("code")["committed_gbp"].sort_index().tolist() == pytest.approx(
            expected.sort_index().tolist())
        assert rows["committed_gbp"].sum() == pytest.approx(quarters["committed_gbp"].sum())


def test_late_actions_and_progress_recomputed_from_the_workbook(app_env, books):
    actions = books["plan"]["actions"]
    late = actions[(actions["due_date"].dt.date < AS_OF) & (actions["status"] != "complete")]
    shown = run_query("delivery_actions_all", as_of=AS_OF)
    assert sorted(shown.loc[shown["is_late"], "action_id"]) == sorted(late["action_id"])
    assert (shown["stated_in"] == "workbook").all()  # no update has been written on the page
    progress = run_query("delivery_progress_by_pillar", as_of=AS_OF).set_index(["pillar", "level"])
    for pillar, group in actions.groupby("pillar"):
        counts = group["status"].value_counts()
        for status in ("not_started", "on_track", "at_risk", "off_track", "complete"):
            assert progress.loc[(pillar, "all"), f"{status}_count"] == counts.get(status, 0)
    assert progress.loc[("all", "all"), "action_count"] == len(actions)
    assert progress.loc[("all", "all"), "late_count"] == len(late)
    milestones = books["plan"]["milestones"]
    assert (shown["milestones_total"].sum(), shown["milestones_met"].sum()) == (
        len(milestones), milestones["completed_date"].notna().sum())


def test_training_totals_and_the_indicator_recomputed(app_env, books, sample_files):
    from models.delivery import indicator_table
    from stats.intervals import rate_ci

    sessions, referrals = books["training"]["sessions"], books["training"]["referrals"]
    year = [f"{d.year - (d.month < 4)}/{(d.year - (d.month < 4) + 1) % 100:02d}" for d in sessions["session_date"]]
    expected = sessions.assign(financial_year=year).groupby("financial_year")["practitioners_trained"].sum()
    shown = run_query("delivery_training_by_year")
    totals = shown[(shown["agency"] == "all") & (shown["district_code"] == "all")].set_index("financial_year")
    assert totals.loc[expected.index, "practitioners_trained"].tolist() == expected.tolist()
    assert totals.loc["all", "practitioners_trained"] == sessions["practitioners_trained"].sum()
    months = pd.to_datetime(referrals["month"])
    referrals = referrals.assign(fy=[m.year - (m.month < 4) for m in months])
    published = pd.read_csv(sample_files / "indicators" / "indicator-values.csv")
    published = published[(published["indicator_id"] == "trained_practitioner_referrals")
                          & (published["area_code"] == "E10000031")].set_index("period_label")
    table = indicator_table(run_query("delivery_training_referrals_by_year")).set_index("financial_year")
    assert list(table.index) == ["2024/25", "2025/26"]  # years the returns reach the end of (March)
    for label, row in table.iterrows():
        count = referrals.loc[referrals["fy"] == int(label[:4]), "referrals"].sum()
        assert row["referral_count"] == count == published.loc[label, "numerator"]
        assert row["value"] == pytest.approx(rate_ci(count, row["population"], per=100_000).value)
        assert row["value"] == pytest.approx(published.loc[label, "value"], abs=5e-4)


def _shown_cells(frame: pd.DataFrame, count: str) -> list[int]:
    return [int(v) for v in frame[count] if not pd.isna(v)]


def test_review_counts_are_protected_and_match_the_workbook(app_env, books):
    reviews = books["owhr"]["reviews"]
    aware = reviews["aware_date"]
    reviews = reviews.assign(financial_year=[f"{d.year - (d.month < 4)}/{(d.year - (d.month < 4) + 1) % 100:02d}"
                                             for d in aware])
    table = run_query("delivery_reviews_by_stage")
    raw = {(fy, stage): n for (fy, stage), n in reviews.groupby(["financial_year", "stage"]).size().items()}
    for _, row in table.iterrows():
        selected = reviews[((reviews["financial_year"] == row["financial_year"]) | (row["financial_year"] == "all"))
                           & ((reviews["stage"] == row["stage"]) | (row["stage"] == "all"))]
        if not pd.isna(row["case_count"]):
            assert row["case_count"] == len(selected)
        else:
            assert row["case_count_suppressed"]
    assert raw  # the sample has cases
    total = table[(table["financial_year"] == "all") & (table["stage"] == "all")].iloc[0]
    assert total["case_count"] == len(reviews)  # 5 or 6: above the threshold, shown
    counts = [c for c in table.columns if c.endswith("_count")]
    assert all(not 1 <= value <= THRESHOLD for column in counts for value in _shown_cells(table, column))
    assert pd.Timestamp(total["counted_on"]).date() == dt.date.today().replace(day=1)


def test_people_reached_and_referrals_are_protected(app_env, books):
    quarters = books["fund"]["quarters"].merge(books["fund"]["projects"], on="project_id")
    complete = quarters.groupby("financial_year")["people_reached"].apply(lambda s: s.notna().all())
    reach = run_query("delivery_fund_reach_by_level")
    assert set(reach["financial_year"]) == {*complete.index[complete], "all"}
    year = complete.index[complete][0]
    raw = quarters[quarters["financial_year"] == year].groupby(["pillar", "level"])["people_reached"].sum()
    for (pillar, level), value in raw.items():
        cell = reach[(reach["financial_year"] == year) & (reach["pillar"] == pillar) & (reach["level"] == level)]
        assert cell["people_reached_count"].isna().iloc[0] or cell["people_reached_count"].iloc[0] == value
    referrals = run_query("delivery_training_referrals_by_year")
    for frame, column in ((reach, "people_reached_count"), (referrals, "referral_count")):
        assert all(not 1 <= value <= THRESHOLD for value in _shown_cells(frame, column))
    assert referrals["referral_count_suppressed"].any()  # small cells exist, and are hidden


def test_every_delivery_query_counting_people_declares_the_people_rule():
    names = [name for name in list_queries() if name.startswith("delivery_")]
    assert len(names) >= 15
    protected = []
    for name in names:
        text = (QUERY_DIR / f"{name}.sql").read_text()
        rule = parse_header(text)
        assert rule is not None, name  # every delivery query says what it protects, or why nothing
        if PEOPLE_TABLES.search(re.sub(r"--.*$", "", text, flags=re.MULTILINE)):
            assert rule.kind == "people" and rule.counts and rule.dims, name
            assert declared_params(name) == frozenset(), name  # protected tables are returned whole
            protected.append(name)
    assert sorted(protected) == ["delivery_fund_reach_by_level", "delivery_reviews_by_stage",
                                 "delivery_training_referrals_by_year"]


def test_every_delivery_query_runs_with_its_parameters(app_env):
    for name in (name for name in list_queries() if name.startswith("delivery_")):
        params = {param: AS_OF if param == "as_of" else "P01" for param in declared_params(name)}
        assert len(run_query(name, **params).columns) >= 3, name
