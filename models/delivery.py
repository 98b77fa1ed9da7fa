"""Delivery of the strategy (issue #14): the delivery plan's progress and what is late, the
commissioning fund's position, the Offensive Weapons Homicide Reviews and the training programme,
for the board's Delivery page and the meeting pack.

Every number comes from a named query (queries/delivery_*.sql). Counts about people (deaths
reviewed, people reached by projects, people referred by trained practitioners) come from protected
tables (docs/DISCLOSURE.md) and are combined here only with `published_sum`, so a choice on the page
never shows what the tables hide. "Today" is `SVD_TODAY` (settings.today) for actions and
recommendations; overdue reviews are counted on the first day of the month in the query itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from queries import run_query
from queries.disclosure import MARKER, published_sum
from settings import load_settings
from stats.intervals import rate_ci

PILLARS = ("prevent", "respond", "long_term_support")
BREAKDOWNS = {"pillar": "Pillar", "level": "Level", "district": "District"}
COUNTY = "E10000031"
INDICATOR_ID = "trained_practitioner_referrals"
STATUS_ORDER = ("not_started", "on_track", "at_risk", "off_track", "complete")


@dataclass(frozen=True)
class Headline:
    """One number of the page's top row, in words as well: `key` names its definition."""

    key: str
    label: str
    value: str
    sentence: str


@dataclass(frozen=True)
class DeliveryChoices:
    """What the page (or the pack) asks for; 'all' means no narrowing."""

    pillar: str = "all"
    fund_year: str = "all"
    breakdown: str = "pillar"
    training_year: str = "all"


@dataclass(frozen=True)
class DeliveryModel:
    as_of: dt.date
    choices: DeliveryChoices
    headlines: tuple[Headline, ...]
    all_actions: pd.DataFrame  # every action with its current status
    actions: pd.DataFrame  # the actions of the chosen pillar
    progress: pd.DataFrame  # one row per pillar, counts by status (the chart), and 'all'
    progress_levels: pd.DataFrame  # pillar x level rows for the chosen pillar (the table)
    late: pd.DataFrame  # actions past their due date and not complete, most late first
    milestones: pd.DataFrame
    fund_years: pd.DataFrame  # one row per financial year and one for all years
    fund_breakdown: pd.DataFrame  # the chosen breakdown for the chosen year
    projects: pd.DataFrame
    reach: pd.DataFrame  # protected: people reached by pillar x level for the chosen (complete) year
    reviews: pd.DataFrame  # protected: cases by stage, all years
    reviews_by_year: pd.DataFrame  # protected: cases by financial year, all stages
    deadlines: pd.DataFrame
    recommendations: pd.DataFrame
    training_months: pd.DataFrame
    training_agencies: pd.DataFrame  # sessions, practitioners and referrals (protected) by agency
    training_districts: pd.DataFrame  # the same by district of the session
    indicator: pd.DataFrame  # trained_practitioner_referrals computed from the returns vs published
    labels: pd.DataFrame
    sources: pd.DataFrame

    @property
    def has_plan(self) -> bool:
        return not self.progress.empty and int(self.progress["action_count"].sum()) > 0


def today() -> dt.date:
    return load_settings().today


def delivery_options() -> dict[str, list[str]]:
    """The choices the page offers: financial years of the fund and of the training returns."""
    fund = run_query("delivery_fund_by_year")["financial_year"].tolist()
    training = run_query("delivery_training_by_year")
    years = sorted(set(training["financial_year"]) - {"all"})
    return {"pillar": ["all", *PILLARS], "fund_year": ["all", *[y for y in fund if y != "all"]],
            "breakdown": list(BREAKDOWNS), "training_year": ["all", *years]}


def delivery_model(choices: DeliveryChoices | None = None, as_of: dt.date | None = None) -> DeliveryModel:
    """Everything the Delivery page and the pack's Delivery section show."""
    choices, as_of = choices or DeliveryChoices(), as_of or today()
    actions = run_query("delivery_actions_all", as_of=as_of)
    progress = run_query("delivery_progress_by_pillar", as_of=as_of)
    fund_years = run_query("delivery_fund_by_year")
    reviews = run_query("delivery_reviews_by_stage")
    referrals = run_query("delivery_training_referrals_by_year")
    chosen = actions if choices.pillar == "all" else actions[actions["pillar"] == choices.pillar]
    return DeliveryModel(
        as_of=as_of, choices=choices,
        headlines=headlines(actions, fund_years, reviews, run_query("delivery_training_by_year")),
        all_actions=actions, actions=chosen.reset_index(drop=True), progress=progress[progress["level"] == "all"].reset_index(drop=True),
        progress_levels=_levels(progress, choices.pillar), late=late_actions(chosen),
        milestones=run_query("delivery_milestones_all", as_of=as_of), fund_years=fund_years,
        fund_breakdown=fund_breakdown(choices.breakdown, choices.fund_year), projects=run_query("delivery_fund_projects_all"),
        reach=reach_table(choices.fund_year), reviews=reviews[reviews["financial_year"] == "all"].reset_index(drop=True),
        reviews_by_year=reviews[reviews["stage"] == "all"].reset_index(drop=True),
        deadlines=run_query("delivery_review_deadlines_all"),
        recommendations=run_query("delivery_recommendations_all", as_of=as_of),
        training_months=run_query("delivery_training_by_month"),
        training_agencies=training_table("agency", choices.training_year, referrals),
        training_districts=training_table("district_code", choices.training_year, referrals),
        indicator=indicator_table(referrals), labels=run_query("delivery_labels_all"),
        sources=run_query("delivery_sources_loaded"),
    )


def _levels(progress: pd.DataFrame, pillar: str) -> pd.DataFrame:
    rows = progress if pillar == "all" else progress[progress["pillar"] == pillar]
    return rows.reset_index(drop=True)


def late_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions past their due date and not complete, the most late first."""
    late = actions[actions["is_late"].astype(bool)]
    return late.sort_values(["days_late", "action_id"], ascending=[False, True]).reset_index(drop=True)


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def headlines(actions: pd.DataFrame, fund_years: pd.DataFrame, reviews: pd.DataFrame,
              training: pd.DataFrame) -> tuple[Headline, ...]:
    """The top row: plan progress, late actions, the fund's current year, reviews, training."""
    total = len(actions)
    on_track = int(actions["status"].isin(["on_track", "complete"]).sum())
    late = int(actions["is_late"].astype(bool).sum())
    return (
        Headline("delivery_progress", "On track or complete", f"{on_track} of {total}",
                 f"{int((actions['status'] == 'complete').sum())} complete; "
                 f"{int(actions['status'].isin(['at_risk', 'off_track']).sum())} at risk or off track."),
        Headline("delivery_late", "Late actions", f"{late}",
                 "Past their due date and not complete." if late else "No action is past its due date."),
        fund_headline(fund_years),
        reviews_headline(reviews),
        training_headline(training),
    )


def current_fund_year(fund_years: pd.DataFrame, as_of: dt.date | None = None) -> str | None:
    """The financial year `as_of` falls in, if the fund has it, else its latest year."""
    as_of = as_of or today()
    label = f"{as_of.year - (as_of.month < 4)}/{(as_of.year - (as_of.month < 4) + 1) % 100:02d}"
    years = [year for year in fund_years["financial_year"] if year != "all"]
    return label if label in years else (years[-1] if years else None)


def fund_headline(fund_years: pd.DataFrame) -> Headline:
    year = current_fund_year(fund_years)
    if year is None:
        return Headline("fund_position", "Commissioning fund", "Not loaded", "No fund workbook is loaded.")
    row = fund_years.set_index("financial_year").loc[year]
    if row["is_over_committed"]:
        words = f"over-committed by {_money(row['committed_gbp'] - row['budget_gbp'])}."
    else:
        words = f"{_money(row['uncommitted_gbp'])} not yet committed."
    share = 100 * row["committed_gbp"] / row["budget_gbp"] if row["budget_gbp"] else float("nan")
    return Headline("fund_position", f"Fund {year}", f"{share:.0f}%",
                    f"Committed: {_money(row['committed_gbp'])} of a {_money(row['budget_gbp'])} budget, {words} "
                    f"Spent so far {_money(row['spent_gbp'])}.")


def _count_text(value) -> str:
    return MARKER if pd.isna(value) else f"{int(value):,}"


def reviews_headline(reviews: pd.DataFrame) -> Headline:
    """All years and stages: cases, and overdue (both protected: [c] when small)."""
    total = reviews[(reviews["financial_year"] == "all") & (reviews["stage"] == "all")]
    if total.empty or total["case_count"].iloc[0] == 0:
        return Headline("owhr_reviews", "Homicide review cases", "0", "No case has been considered.")
    cases, overdue = total["case_count"].iloc[0], total["overdue_count"].iloc[0]
    overdue_words = f"{_count_text(overdue)} (a small number, hidden)" if pd.isna(overdue) else _count_text(overdue)
    return Headline("owhr_reviews", "Homicide review cases", _count_text(cases),
                    f"Overdue on {pd.Timestamp(total['counted_on'].iloc[0]):%d %B %Y}: {overdue_words}.")


def training_headline(training: pd.DataFrame) -> Headline:
    total = training[(training["financial_year"] == "all") & (training["agency"] == "all")
                     & (training["district_code"] == "all")]
    trained = int(total["practitioners_trained"].iloc[0]) if len(total) else 0
    sessions = int(total["session_count"].iloc[0]) if len(total) else 0
    return Headline("training_practitioners", "Practitioners trained", f"{trained:,}",
                    f"In {sessions:,} sessions of the training programme.")


def fund_breakdown(breakdown: str, year: str) -> pd.DataFrame:
    """Committed, spent and still to spend by the chosen breakdown for the chosen year (or all)."""
    frame = run_query("delivery_fund_by_breakdown")
    rows = frame[(frame["breakdown"] == breakdown) & (frame["financial_year"] == year)]
    return rows.sort_values(["display_order", "label"]).reset_index(drop=True)


def reach_table(year: str) -> pd.DataFrame:
    """People reached by pillar (rows) and level (columns) for a complete year, or all complete years."""
    cube = run_query("delivery_fund_reach_by_level")
    if year not in set(cube["financial_year"]):
        year = "all"
    return cube[cube["financial_year"] == year].reset_index(drop=True)


def training_table(dimension: str, year: str, referrals: pd.DataFrame) -> pd.DataFrame:
    """Sessions, practitioners trained and referrals (protected) by agency or district for a year."""
    frame = run_query("delivery_training_by_year")
    other = "district_code" if dimension == "agency" else "agency"
    rows = frame[(frame["financial_year"] == year) & (frame[other] == "all")].copy()
    years = set(referrals["financial_year"])
    rows["referral_count"] = [
        published_sum(referrals, "referral_count", financial_year=year, **{other: "all", dimension: value})
        if year in years else pd.NA for value in rows[dimension]]
    rows["referrals_published"] = year in years
    order = rows.assign(_total=rows[dimension] == "all").sort_values(["_total", dimension])
    return order.drop(columns="_total").reset_index(drop=True)


def county_population() -> int:
    districts = run_query("districts_all")
    return int(districts.loc[districts["is_warwickshire"], "pop_all_ages"].sum())


def indicator_table(referrals: pd.DataFrame) -> pd.DataFrame:
    """trained_practitioner_referrals per financial year computed from the referral returns (county
    count from the protected table, Census 2021 residents, 95% CI as the Indicators page computes
    it), beside the value published in the indicator-values file."""
    population = county_population()
    values = run_query("indicator_values_all")
    published = values[(values["indicator_id"] == INDICATOR_ID) & (values["area_code"] == COUNTY)]
    published = published.set_index("period_label")
    rows = []
    for year in sorted(set(referrals["financial_year"]) - {"all"}):
        count = published_sum(referrals, "referral_count", financial_year=year, agency="all", district_code="all")
        interval = None if pd.isna(count) or not population else rate_ci(int(count), population, per=100_000)
        rows.append({
            "financial_year": year, "referral_count": count, "population": population,
            "value": interval.value if interval else None, "lower": interval.lower if interval else None,
            "upper": interval.upper if interval else None,
            "published_value": published["value"].get(year), "published_numerator": published["numerator"].get(year),
        })
    return pd.DataFrame(rows, columns=["financial_year", "referral_count", "population", "value", "lower", "upper",
                                       "published_value", "published_numerator"])


def action_history(action_id: str) -> pd.DataFrame:
    """Every statement about one action's status, newest first (workbook and page updates)."""
    return run_query("delivery_action_history", action_id=action_id)


def labels_of(labels: pd.DataFrame, kind: str) -> dict[str, str]:
    """code -> label of one kind, in display order."""
    rows = labels[labels["kind"] == kind].sort_values("display_order")
    return dict(zip(rows["code"], rows["label"], strict=True))


def definitions() -> dict[str, dict]:
    """measure -> its definition row (reference/delivery_definitions.csv)."""
    frame = run_query("delivery_definitions_all")
    return {row["measure"]: row for row in frame.to_dict("records")}
