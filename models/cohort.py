"""The youth justice / probation cohort: who is in it, what they need, what they receive and what
follows.

Every cohort query returns a whole cube (financial year x agency x breakdown, with 'all'
margins) protected as one table by queries/disclosure.py; the model only picks a slice, so two
views can never be subtracted to reveal a hidden cell. Shares and intervals are computed from the
published counts and are missing whenever one of them is suppressed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.periods import follow_up_complete
from queries import run_query
from queries.disclosure import MARKER, published_sum
from queries.runner import per_snapshot
from stats.intervals import wilson_ci

ALL = "all"
AGENCIES = {"all": "Both agencies", "youth_justice": "Youth Justice", "probation": "Probation"}
CHARACTERISTICS = {"age_band": "Age at entry", "sex": "Sex", "ethnicity": "Ethnicity", "home": "Home district"}
PILLARS = {"prevent": "Prevent", "respond": "Respond", "long_term_support": "Long-term support"}
INTERVENTION_LEVELS = ("universal", "selected", "indicated")
LEVELS = {"none": "No intervention recorded", "universal": "Universal", "selected": "Selected", "indicated": "Indicated"}


@dataclass(frozen=True)
class CohortModel:
    years: tuple[str, ...]  # financial years of entry loaded
    year: str  # chosen year or 'all'
    agency: str
    characteristic: str
    label: str  # "Both agencies, entered in 2024/25"
    size: pd.DataFrame  # people entering per quarter by agency
    profile: pd.DataFrame  # the chosen characteristic: category, person_count, share
    needs: pd.DataFrame
    interventions: pd.DataFrame
    reoffending: pd.DataFrame
    pathway: pd.DataFrame  # Sankey links: source, target, person_count


def cohort_years() -> tuple[str, ...]:
    """The financial years in which people entered the cohort (empty when none is loaded)."""
    return tuple(run_query("cohort_years_available")["financial_year"])


@per_snapshot()
def cohort_model(year: str, agency: str, characteristic: str) -> CohortModel:
    """The slices of every protected cohort cube for one year of entry (or 'all') and agency."""
    label = f"{AGENCIES[agency]}, {'all years' if year == ALL else 'entered in ' + year}"
    return CohortModel(
        years=cohort_years(), year=year, agency=agency, characteristic=characteristic, label=label,
        size=size_by_quarter(run_query("cohort_size_by_quarter")),
        profile=profile_slice(run_query("cohort_profile_by_characteristic"), year, agency, characteristic),
        needs=needs_slice(run_query("cohort_needs_by_need"), year, agency),
        interventions=interventions_slice(run_query("cohort_interventions_by_level"), year, agency),
        reoffending=reoffending_slice(reoffending_table(), year, agency),
        pathway=pathway_links(run_query("cohort_pathway_by_stage"), year, agency),
    )


def size_by_quarter(size: pd.DataFrame) -> pd.DataFrame:
    """The quarterly rows of the size table (quarter = its first day, quarter_label '2024/25 Q1')."""
    quarters = size[size["period_kind"] == "quarter"]
    return quarters.rename(columns={"period_start": "quarter", "period": "quarter_label"}).reset_index(drop=True)


def with_share(frame: pd.DataFrame, part: str, whole: pd.Series | str) -> pd.DataFrame:
    """Add share_pct, lower_pct, upper_pct (Wilson) of `part` in `whole`; missing if either is."""
    out = frame.copy()
    wholes = out[whole] if isinstance(whole, str) else whole
    rows = [_share(p, w) for p, w in zip(out[part], wholes, strict=True)]
    out[["share_pct", "lower_pct", "upper_pct"]] = pd.DataFrame(
        rows, index=out.index, columns=["share_pct", "lower_pct", "upper_pct"], dtype=float)
    out["share_pct_suppressed"] = out["share_pct"].isna() & (pd.isna(out[part]) | pd.isna(wholes))
    return out


def _share(part, whole) -> tuple[float, float, float]:
    if pd.isna(part) or pd.isna(whole) or int(whole) == 0:
        return (np.nan, np.nan, np.nan)
    interval = wilson_ci(int(part), int(whole))
    return (100 * interval.value, 100 * interval.lower, 100 * interval.upper)


def profile_slice(profile: pd.DataFrame, year: str, agency: str, characteristic: str) -> pd.DataFrame:
    """One characteristic for one year and agency, with the share of the cohort in each category."""
    part = profile[(profile["financial_year"] == year) & (profile["agency"] == agency)
                   & (profile["characteristic"] == characteristic)]
    total = part.loc[part["category"] == ALL, "person_count"]
    total_value = total.iloc[0] if len(total) else pd.NA
    cells = part[part["category"] != ALL].reset_index(drop=True)
    return with_share(cells, "person_count", pd.Series([total_value] * len(cells), index=cells.index))


def needs_slice(needs: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    part = needs[(needs["financial_year"] == year) & (needs["agency"] == agency)].reset_index(drop=True)
    part = with_share(part, "with_need_count", "person_count")
    part["need_label"] = part["need"].str.replace("_", " ").str.capitalize()
    return part.sort_values("share_pct", ascending=False, na_position="last").reset_index(drop=True)


def interventions_slice(interventions: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    part = interventions[(interventions["financial_year"] == year) & (interventions["agency"] == agency)
                         & (interventions["pillar"] != ALL) & (interventions["level"] != ALL)]
    part = part.assign(pillar_label=part["pillar"].map(PILLARS)).reset_index(drop=True)
    return with_share(part, "completed_count", "started_count")


def reoffending_slice(reoffending: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    part = reoffending[(reoffending["financial_year"] == year) & (reoffending["agency"] == agency)]
    part = part.assign(level_label=part["level"].map({**LEVELS, ALL: "All levels"}))
    order = {level: i for i, level in enumerate([*LEVELS, ALL])}
    part = part.sort_values("level", key=lambda s: s.map(order)).reset_index(drop=True)
    return with_share(part, "reoffended_count", "person_count")


def pathway_links(pathway: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    """Sankey links: need band -> highest level (all outcomes) and level -> outcome (all need bands)."""
    part = pathway[(pathway["financial_year"] == year) & (pathway["agency"] == agency)]
    first = part[(part["outcome"] == ALL) & (part["need_band"] != ALL) & (part["level"] != ALL)]
    second = part[(part["need_band"] == ALL) & (part["level"] != ALL) & (part["outcome"] != ALL)]
    level_names = {level: f"{label} (highest level)" for level, label in LEVELS.items()}
    links = pd.concat([
        first.assign(source=first["need_band"], target=first["level"].map(level_names)),
        second.assign(source=second["level"].map(level_names), target=second["outcome"]),
    ])
    return links[["source", "target", "person_count", "person_count_suppressed"]].reset_index(drop=True)


def reoffending_table() -> pd.DataFrame:
    """Proven reoffending within 12 months by financial year of entry, agency and highest level,
    from the published pathway cells (people followed up = proven + no proven reoffence; hidden
    when either is): one protected table serves the pathway, this table and the indicator."""
    pathway = run_query("cohort_pathway_by_stage")
    cells = pathway[pathway["need_band"] == ALL]
    keys = ["financial_year", "agency", "level"]
    wide = cells.pivot_table(index=keys, columns="outcome", values="person_count", aggfunc="first", dropna=False)
    hidden = cells.pivot_table(index=keys, columns="outcome", values="person_count_suppressed", aggfunc="first")
    proven, not_proven = wide["Proven reoffence"], wide["No proven reoffence"]
    either_hidden = hidden["Proven reoffence"].astype(bool) | hidden["No proven reoffence"].astype(bool)
    table = pd.DataFrame({
        "person_count": (proven + not_proven).astype("Int64").mask(either_hidden),
        "reoffended_count": proven.astype("Int64").mask(hidden["Proven reoffence"].astype(bool)),
    }).reset_index()
    table["person_count_suppressed"] = table["person_count"].isna()
    table["reoffended_count_suppressed"] = table["reoffended_count"].isna() | table["person_count_suppressed"]
    table["reoffended_count"] = table["reoffended_count"].mask(table["reoffended_count_suppressed"])
    return table


def cohort_summary(year: str, latest_month: dt.date) -> dict:
    """Interventions started by level in a financial year, and proven reoffending for the latest
    year of entry up to it whose follow-up is complete (for the meeting pack)."""
    reoffending = reoffending_table()
    rows = reoffending[(reoffending["agency"] == ALL) & (reoffending["level"] == ALL)
                       & (reoffending["financial_year"] != ALL)
                       & ~reoffending["person_count_suppressed"] & ~reoffending["reoffended_count_suppressed"]]
    rows = rows[[follow_up_complete(fy, latest_month) for fy in rows["financial_year"]]]
    latest = None
    if len(rows):
        chosen = rows[rows["financial_year"] <= year].tail(1)
        last = (chosen if len(chosen) else rows.tail(1)).iloc[0]
        interval = wilson_ci(int(last["reoffended_count"]), int(last["person_count"]))
        latest = {"year": last["financial_year"], "people": int(last["person_count"]),
                  "reoffended": int(last["reoffended_count"]), "pct": 100 * interval.value,
                  "lower": 100 * interval.lower, "upper": 100 * interval.upper}
    levels = run_query("cohort_interventions_by_level")
    levels = levels[(levels["financial_year"] == year) & (levels["agency"] == ALL)]
    totals = {level: published_sum(levels, "started_count", level=level) for level in INTERVENTION_LEVELS}
    started = {level: MARKER if pd.isna(total) else f"{int(total):,}" for level, total in totals.items()}
    return {"reoffending": latest, "started": started, "year": year}
