"""Outcomes and stop and search (issue #17): what happened to the chosen offences, and searches for
weapons: how many, how often the object was found, what followed, where and of whom.

Outcome and district-month search counts are counts of offences and searches as data.police.uk
publishes them (no rule needed); searches by ethnic group come from one protected table
(queries/stop_search_by_ethnicity.sql, the people rule) of which the model only picks a year, and
shares of it are computed from published counts only (a suppressed count gives a suppressed share).
Searches per 1,000 residents of each group, and each group's rate as a ratio to the White group's
(the Home Office's disproportionality measure), need Census 2021 population by ethnic group (ONS
TS021, `ingest census-ethnicity`): they are computed, from published counts only, when that file
holds all five districts, and for one whole financial year at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from models.filters import Filters
from queries import run_query
from queries.disclosure import for_display, published_sum
from queries.runner import per_snapshot
from stats.intervals import rate_ci

OBJECT_SCOPES = {"weapons": "Searches for weapons", "all": "All searches"}
ALL = "all"


@dataclass(frozen=True)
class OutcomesModel:
    filters: Filters
    object_scope: str
    has_outcomes: bool
    has_searches: bool
    outcome_table: pd.DataFrame  # outcome group: crimes, share of crimes, from the outcomes files
    outcome_by_district: pd.DataFrame  # district x outcome group (crimes), wide
    linked_share_pct: float | None  # crimes whose outcome came from an outcomes file
    search_by_district: pd.DataFrame  # district: searches, found, found share
    search_by_month: pd.DataFrame  # month: searches, found, found share
    search_outcomes: pd.DataFrame  # outcome: searches, share of searches, found
    ethnicity_years: tuple[str, ...]
    ethnicity_year: str
    by_ethnicity: pd.DataFrame  # display frame: group, searches, share of searches, found, found share
    ethnicity_rates: pd.DataFrame | None  # display frame: group, residents, rate (CI), ratio to White (CI)
    rates_note: str  # why there are no rates (empty when there are)
    outcome_groups: pd.DataFrame  # definitions
    search_objects: pd.DataFrame
    sources: pd.DataFrame


def _share(part: pd.Series, whole) -> pd.Series:
    return (100.0 * part / whole).round(1) if whole else pd.Series([None] * len(part), index=part.index)


def outcome_summary(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, float | None]:
    """(crimes by outcome group with shares, district x outcome group, share linked by Crime ID)."""
    if frame.empty:
        return frame, frame, None
    groups = (frame.groupby(["display_order", "outcome_group_label"], as_index=False)[["crime_count", "linked_count"]]
              .sum().sort_values("display_order"))
    total = int(groups["crime_count"].sum())
    groups["share_pct"] = _share(groups["crime_count"], total)
    wide = frame.pivot_table(index="district_name", columns="outcome_group_label", values="crime_count",
                             aggfunc="sum", fill_value=0)
    order = groups["outcome_group_label"].tolist()
    wide = wide[[c for c in order if c in wide.columns]].reset_index()
    linked = round(100.0 * groups["linked_count"].sum() / total, 1) if total else None
    return groups.drop(columns="display_order"), wide, linked


def search_summaries(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Searches and finds by district, by month and by outcome."""
    def by(column: str) -> pd.DataFrame:
        out = frame.groupby(column, as_index=False)[["search_count", "found_count"]].sum()
        out["found_share_pct"] = (100.0 * out["found_count"] / out["search_count"]).round(1)
        return out

    if frame.empty:
        return frame, frame, frame
    months = by("month").assign(month=lambda d: pd.to_datetime(d["month"]).dt.strftime("%Y-%m"))
    outcomes = by("outcome").sort_values("search_count", ascending=False)
    outcomes["share_pct"] = _share(outcomes["search_count"], int(outcomes["search_count"].sum()))
    return by("district_name"), months, outcomes


def ethnicity_slice(table: pd.DataFrame, year: str) -> pd.DataFrame:
    """One year of the protected table, with each group's share of all searches from published counts."""
    rows = table[table["financial_year"] == year].sort_values("display_order").copy()
    total = published_sum(table, "search_count", financial_year=year, ethnic_group=ALL)
    shares, flags = [], []
    for row in rows.itertuples():
        hidden = bool(getattr(row, "search_count_suppressed", False)) or pd.isna(total)
        flags.append(hidden)
        shares.append(None if hidden or not total else round(100.0 * row.search_count / total, 1))
    rows["share_pct"], rows["share_pct_suppressed"] = shares, flags
    return for_display(rows, {"ethnic_group_label": "Ethnic group (self-defined)", "search_count": "Searches",
                              "share_pct": "Share of searches (%)", "found_count": "Object found",
                              "found_share_pct": "Found (% of searches)"})


RATE_GROUPS = ("asian", "black", "mixed", "white", "other")
Z95 = 1.959963984540054


def _ratio_ci(count: int, reference_count: int) -> tuple[float, float]:
    """95% limits of a ratio of two Poisson rates on fixed populations, by the log method:
    exp(ln RR -+ z sqrt(1/a + 1/b)) (Rothman and Greenland, Modern Epidemiology, ch. 14)."""
    half = Z95 * math.sqrt(1 / count + 1 / reference_count)
    return math.exp(-half), math.exp(half)


def ethnicity_rates(table: pd.DataFrame, year: str, population: pd.DataFrame) -> tuple[pd.DataFrame | None, str]:
    """Searches per 1,000 residents of each group in financial year `year`, with 95% limits (the
    Fingertips method: exact Poisson under 10, else Byar), and the ratio to the White group's rate.
    Only published counts are used: a suppressed count gives a suppressed rate and ratio."""
    if population.empty:
        return None, ("not computed: no Census 2021 population by ethnic group is loaded. Load the ONS TS021 "
                      "'Ethnic group' table for the districts on the Data page (`ingest census-ethnicity`).")
    if int(population["districts_loaded"].iloc[0]) < 5:
        return None, ("not computed: the Census 2021 ethnic group table loaded holds "
                      f"{int(population['districts_loaded'].iloc[0])} of the five districts.")
    if year == ALL:
        return None, "computed for one financial year at a time: choose a year above."
    residents = dict(zip(population["ethnic_group"], population["usual_residents"], strict=True))
    rows = table[(table["financial_year"] == year) & table["ethnic_group"].isin(RATE_GROUPS)]
    counts = {}
    for row in rows.itertuples():
        hidden = bool(getattr(row, "search_count_suppressed", False)) or pd.isna(row.search_count)
        counts[row.ethnic_group] = (row.ethnic_group_label, None if hidden else int(row.search_count))
    white = counts.get("white", ("", None))[1]
    white_rate = 1000.0 * white / residents["white"] if white and residents.get("white") else None
    out = []
    for group in RATE_GROUPS:
        label, count = counts.get(group, (group, None))
        people = int(residents.get(group, 0))
        rate = lower = upper = ratio = ratio_lower = ratio_upper = None
        if count is not None and people > 0:
            interval = rate_ci(count, people, per=1000)
            rate, lower, upper = round(interval.value, 2), round(interval.lower, 2), round(interval.upper, 2)
            if white_rate and count > 0 and group != "white":
                ratio = interval.value / white_rate
                low, high = _ratio_ci(count, white)
                ratio, ratio_lower, ratio_upper = round(ratio, 2), round(ratio * low, 2), round(ratio * high, 2)
            elif group == "white" and white_rate:
                ratio = 1.0
        hidden = count is None
        out.append({"ethnic_group_label": label, "usual_residents": people, "search_count": count,
                    "search_count_suppressed": hidden, "rate": rate, "rate_suppressed": hidden,
                    "rate_lower": lower, "rate_lower_suppressed": hidden,
                    "rate_upper": upper, "rate_upper_suppressed": hidden,
                    "ratio_to_white": ratio, "ratio_to_white_suppressed": hidden or white is None,
                    "ratio_lower": ratio_lower, "ratio_lower_suppressed": hidden or white is None,
                    "ratio_upper": ratio_upper, "ratio_upper_suppressed": hidden or white is None})
    frame = for_display(pd.DataFrame(out), {
        "ethnic_group_label": "Ethnic group (self-defined)", "usual_residents": "Residents (Census 2021)",
        "search_count": "Searches", "rate": "Searches per 1,000 residents", "rate_lower": "Lower 95% limit",
        "rate_upper": "Upper 95% limit", "ratio_to_white": "Ratio to White", "ratio_lower": "Ratio lower 95%",
        "ratio_upper": "Ratio upper 95%"})
    return frame, ""


@per_snapshot()
def outcomes_model(filters: Filters, object_scope: str, ethnicity_year: str | None = None) -> OutcomesModel:
    params = filters.params()
    outcomes = run_query("outcomes_by_district_month", **params)
    searches = run_query("stop_search_by_district_month", start=params["start"], end=params["end"],
                         districts=params["districts"], object_scope=object_scope)
    table, wide, linked = outcome_summary(outcomes)
    districts, months, search_outcomes = search_summaries(searches)
    ethnicity = run_query("stop_search_by_ethnicity")
    years = tuple(sorted(set(ethnicity["financial_year"]) - {ALL}, reverse=True))
    year = ethnicity_year if ethnicity_year in (*years, ALL) else (years[0] if years else ALL)
    rates, rates_note = ethnicity_rates(ethnicity, year, run_query("population_by_ethnic_group"))
    return OutcomesModel(
        filters=filters, object_scope=object_scope,
        has_outcomes=not outcomes.empty, has_searches=not searches.empty,
        outcome_table=table, outcome_by_district=wide, linked_share_pct=linked,
        search_by_district=districts, search_by_month=months, search_outcomes=search_outcomes,
        ethnicity_years=years, ethnicity_year=year, by_ethnicity=ethnicity_slice(ethnicity, year),
        ethnicity_rates=rates, rates_note=rates_note,
        outcome_groups=run_query("outcome_groups_all"), search_objects=run_query("stop_search_objects_all"),
        sources=run_query("stop_search_months_loaded"),
    )
