"""The Cohort page: pure helpers that slice the protected cohort cubes (first), then the page's
keyed widgets (kept in the URL), definitions and render blocks.

Every cohort query returns a whole cube (financial year x agency x breakdown, with 'all'
margins) protected as one table by queries/disclosure.py; the widgets only pick a slice, so two
views can never be subtracted to reveal a hidden cell. Shares and intervals are computed from the
published counts and are missing whenever one of them is suppressed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from queries.disclosure import MARKER, for_display
from settings import load_settings
from stats.intervals import wilson_ci
from ui.components import show_figure, table_with_download
from ui.filters import seed_from_url, write_to_url

AGENCIES = {"all": "Both agencies", "youth_justice": "Youth Justice", "probation": "Probation"}
CHARACTERISTICS = {"age_band": "Age at entry", "sex": "Sex", "ethnicity": "Ethnicity", "home": "Home district"}
PILLARS = {"prevent": "Prevent", "respond": "Respond", "long_term_support": "Long-term support"}
LEVELS = {"none": "No intervention recorded", "universal": "Universal", "selected": "Selected", "indicated": "Indicated"}
KEYS = ["cohort.cohort_year", "cohort.cohort_agency", "cohort.profile_by"]


# ---- pure helpers -------------------------------------------------------------------------------
def latest_complete_year(month) -> str:
    """The last financial year (April-March) that has ended by `month` (inclusive)."""
    start = month.year - 1 if month.month >= 3 else month.year - 2
    return f"{start}/{str(start + 1)[-2:]}"


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
    total = part.loc[part["category"] == "all", "person_count"]
    total_value = total.iloc[0] if len(total) else pd.NA
    cells = part[part["category"] != "all"].reset_index(drop=True)
    return with_share(cells, "person_count", pd.Series([total_value] * len(cells), index=cells.index))


def needs_slice(needs: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    part = needs[(needs["financial_year"] == year) & (needs["agency"] == agency)].reset_index(drop=True)
    part = with_share(part, "with_need_count", "person_count")
    part["need_label"] = part["need"].str.replace("_", " ").str.capitalize()
    return part.sort_values("share_pct", ascending=False, na_position="last").reset_index(drop=True)


def interventions_slice(interventions: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    part = interventions[(interventions["financial_year"] == year) & (interventions["agency"] == agency)
                         & (interventions["pillar"] != "all") & (interventions["level"] != "all")]
    part = part.assign(pillar_label=part["pillar"].map(PILLARS)).reset_index(drop=True)
    return with_share(part, "completed_count", "started_count")


def reoffending_slice(reoffending: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    part = reoffending[(reoffending["financial_year"] == year) & (reoffending["agency"] == agency)]
    part = part.assign(level_label=part["level"].map({**LEVELS, "all": "All levels"}))
    order = {level: i for i, level in enumerate([*LEVELS, "all"])}
    part = part.sort_values("level", key=lambda s: s.map(order)).reset_index(drop=True)
    return with_share(part, "reoffended_count", "person_count")


def pathway_links(pathway: pd.DataFrame, year: str, agency: str) -> pd.DataFrame:
    """Sankey links: need band -> highest level (all outcomes) and level -> outcome (all need bands)."""
    part = pathway[(pathway["financial_year"] == year) & (pathway["agency"] == agency)]
    first = part[(part["outcome"] == "all") & (part["need_band"] != "all") & (part["level"] != "all")]
    second = part[(part["need_band"] == "all") & (part["level"] != "all") & (part["outcome"] != "all")]
    level_names = {level: f"{label} (highest level)" for level, label in LEVELS.items()}
    links = pd.concat([
        first.assign(source=first["need_band"], target=first["level"].map(level_names)),
        second.assign(source=second["level"].map(level_names), target=second["outcome"]),
    ])
    return links[["source", "target", "person_count", "person_count_suppressed"]].reset_index(drop=True)


# ---- widgets, definitions, render blocks -----------------------------------------------------------
def _choice(options):
    def parse(raw: list[str]) -> str:
        if raw[0] not in options:
            raise ValueError(raw[0])
        return raw[0]
    return parse


def controls(years: list[str], default_year: str) -> dict:
    """The page's keyed widgets, seeded from and written to the URL."""
    year_options = ["all", *years]
    seed_from_url("cohort.cohort_year", default_year if default_year in years else "all", _choice(year_options))
    seed_from_url("cohort.cohort_agency", "all", _choice(AGENCIES))
    seed_from_url("cohort.profile_by", "age_band", _choice(CHARACTERISTICS))
    left, right = st.columns(2)
    left.selectbox("Financial year of entry", year_options, key="cohort.cohort_year",
                   format_func=lambda y: "All years" if y == "all" else y,
                   help="The cohort is counted by whole financial years (April-March) so that no two views can be "
                        "subtracted to reveal a suppressed count.")
    right.radio("Agency", list(AGENCIES), key="cohort.cohort_agency", format_func=AGENCIES.get, horizontal=True)
    return {"year": st.session_state["cohort.cohort_year"], "agency": st.session_state["cohort.cohort_agency"]}


def save_to_url() -> None:
    write_to_url(KEYS)


def suppression_note() -> str:
    threshold = load_settings().suppression_threshold
    return (f"{MARKER} = suppressed: 1 to {threshold} people, or hidden so that another suppressed number cannot be "
            "worked out by subtraction (docs/DISCLOSURE.md). Percentages of suppressed numbers are suppressed too.")


def about(key: str, title: str, definition: str, period: str, extra: str = "") -> None:
    """A definition popover: definition, source, period, suppression applied."""
    with st.popover("Definition", icon=":material/info:", key=f"cohort.def.{key}"):
        st.markdown(f"**{title}**\n\n{definition}\n\n- **Source:** Warwickshire Youth Justice Service and the "
                    f"Probation Service, pseudonymised cohort extract\n- **Period:** {period}\n"
                    f"- **Suppression:** {suppression_note()}" + (f"\n\n{extra}" if extra else ""))


def shown_table(frame: pd.DataFrame, columns: dict[str, str], key: str, filename: str) -> pd.DataFrame:
    """Round shares, turn suppressed cells into the marker, show the table and offer it as CSV."""
    rounded = frame.copy()
    for column in ("share_pct", "lower_pct", "upper_pct"):
        if column in rounded:
            rounded[column] = rounded[column].round(1)
    for column in ("lower_pct", "upper_pct"):
        if column in rounded and "share_pct_suppressed" in rounded:
            rounded[f"{column}_suppressed"] = rounded["share_pct_suppressed"]
    table = for_display(rounded, columns)
    for column in table.columns:  # a share of zero people is not applicable: blank, not "None"
        if table[column].dtype == float and table[column].isna().any():
            table[column] = ["" if pd.isna(v) else f"{v:g}" for v in table[column]]
    table_with_download(table, key=key, filename=filename, caption=suppression_note())
    return table


def render_figure(figure, key: str, filename: str, alt: str) -> None:
    show_figure(figure, key=key, filename=filename, alt=alt)


NOT_CAUSAL = (
    "**This comparison is not causal.** People are given indicated interventions *because* they are at higher "
    "risk, so higher reoffending after indicated interventions does not mean they fail, and lower reoffending "
    "after universal ones does not mean they work. Differences reflect who receives each level. Judging effect "
    "needs a comparison group matched on risk (e.g. the Ministry of Justice Justice Data Lab)."
)
