"""Outcomes and stop and search (issue #17): what happened to the chosen offences, and searches for
weapons: how many, how often the object was found, what followed, where and of whom.

Outcome and district-month search counts are counts of offences and searches as data.police.uk
publishes them (no rule needed); searches by ethnic group come from one protected table
(queries/stop_search_by_ethnicity.sql, the people rule) of which the model only picks a year, and
shares of it are computed from published counts only (a suppressed count gives a suppressed share).
No population by ethnic group is held in the reference data, so no rates or disproportionality
ratios are computed: counts and shares only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.filters import Filters
from queries import run_query
from queries.disclosure import for_display, published_sum
from queries.runner import per_snapshot

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
    return OutcomesModel(
        filters=filters, object_scope=object_scope,
        has_outcomes=not outcomes.empty, has_searches=not searches.empty,
        outcome_table=table, outcome_by_district=wide, linked_share_pct=linked,
        search_by_district=districts, search_by_month=months, search_outcomes=search_outcomes,
        ethnicity_years=years, ethnicity_year=year, by_ethnicity=ethnicity_slice(ethnicity, year),
        outcome_groups=run_query("outcome_groups_all"), search_objects=run_query("stop_search_objects_all"),
        sources=run_query("stop_search_months_loaded"),
    )
