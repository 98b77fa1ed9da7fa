"""Rendering of the Cohort model, and the page's keyed widgets (kept in the URL)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.cohort import category_bars, empty_figure, interventions_bars, pathway_sankey, size_over_time
from models.cohort import AGENCIES, CHARACTERISTICS, CohortModel
from models.periods import latest_complete_fy
from queries.disclosure import MARKER, for_display
from settings import load_settings
from ui.components import show_figure, table_with_download
from ui.filters import choice, seed_from_url, write_to_url

KEYS = ["cohort.cohort_year", "cohort.cohort_agency", "cohort.profile_by"]


def controls(years: list[str], filters) -> dict:
    """The page's keyed widgets, seeded from and written to the URL. The default year is the last
    whole financial year the sidebar's period reaches."""
    year_options = ["all", *years]
    default_year = latest_complete_fy(filters.period.end) if filters else "all"
    seed_from_url("cohort.cohort_year", default_year if default_year in years else "all", choice(year_options))
    seed_from_url("cohort.cohort_agency", "all", choice(AGENCIES))
    seed_from_url("cohort.profile_by", "age_band", choice(CHARACTERISTICS))
    left, right = st.columns(2)
    left.selectbox("Financial year of entry", year_options, key="cohort.cohort_year",
                   format_func=lambda y: "All years" if y == "all" else y,
                   help="The cohort is counted by whole financial years (April-March) so that no two views can be "
                        "subtracted to reveal a suppressed count.")
    right.radio("Agency", list(AGENCIES), key="cohort.cohort_agency", format_func=AGENCIES.get, horizontal=True)
    return {"year": st.session_state["cohort.cohort_year"], "agency": st.session_state["cohort.cohort_agency"],
            "characteristic": st.session_state["cohort.profile_by"]}


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


def render_size(model: CohortModel) -> None:
    render_figure(size_over_time(model.size, "People entering the cohort per quarter"), "cohort.size_chart",
                  "cohort-size", "Lines of people entering per quarter by agency; figures in the table below.")
    about("size", "Cohort size", "People entering supervision by Youth Justice or Probation, by the quarter of entry.",
          "All quarters loaded")
    with st.expander("Quarterly figures (table view)"):
        shown_table(model.size.assign(agency=model.size["agency"].map(AGENCIES)),
                    {"quarter_label": "Financial quarter", "agency": "Agency", "person_count": "People"},
                    "cohort.size_table", "cohort-size-by-quarter")


def render_profile(model: CohortModel) -> None:
    by = st.radio("Breakdown", list(CHARACTERISTICS), key="cohort.profile_by", format_func=CHARACTERISTICS.get,
                  horizontal=True)
    name = CHARACTERISTICS[by]
    render_figure(category_bars(model.profile, "category", "share_pct", f"{name}: % of the cohort", "% of people",
                                category_title=name),
                  "cohort.profile_chart", "cohort-profile", "Bars of the share of the cohort by category; table below.")
    about("profile", "Cohort profile", "People in the cohort by age at entry, sex, ethnicity (ONS 5 groups) and home "
          "district. Out-of-county homes are named when in a neighbouring district.", model.label)
    shown_table(model.profile, {"category": name, "person_count": "People", "share_pct": "% of cohort"},
                "cohort.profile_table", f"cohort-{by}")


def render_needs(model: CohortModel) -> None:
    render_figure(category_bars(model.needs, "need_label", "share_pct", f"Prevalence of needs, {model.label}",
                                "% of people", "lower_pct", "upper_pct", "Need"), "cohort.needs_chart", "cohort-needs",
                  "Bars of the % of people with each need with 95% intervals; table below.")
    about("needs", "Prevalence of needs", "Percentage of people in the cohort with each need or risk factor recorded "
          "at entry; a person may have several. 95% Wilson score intervals.", model.label)
    shown_table(model.needs, {"need_label": "Need", "with_need_count": "People with need", "person_count": "People",
                              "share_pct": "%", "lower_pct": "95% CI lower", "upper_pct": "95% CI upper"},
                "cohort.needs_table", "cohort-needs")


def render_interventions(model: CohortModel) -> None:
    render_figure(interventions_bars(model.interventions, f"Interventions started and completed, {model.label}"),
                  "cohort.interventions_chart", "cohort-interventions",
                  "Bars of interventions started (filled) and completed (outline) by pillar and level; table below.")
    about("interventions", "Interventions", "Interventions started in the year by cohort members, by strategy pillar "
          "(prevent, respond, long-term support) and level (universal, selected, indicated); completed = completed "
          "as planned; ongoing = no end yet.", model.label)
    shown_table(model.interventions, {"pillar_label": "Pillar", "level": "Level", "started_count": "Started",
                                      "completed_count": "Completed", "ongoing_count": "Ongoing",
                                      "share_pct": "% completed"},
                "cohort.interventions_table", "cohort-interventions")


def render_reoffending(model: CohortModel) -> None:
    st.warning(NOT_CAUSAL, icon=":material/warning:")
    outcomes = model.reoffending
    if outcomes["share_pct"].notna().any():
        figure = category_bars(outcomes, "level_label", "share_pct", f"Proven reoffending by highest level received, "
                               f"{model.label}", "% reoffending within 12 months", "lower_pct", "upper_pct",
                               "Highest intervention level")
    else:
        figure = empty_figure("Proven reoffending", "No published figures: follow-up not complete or numbers suppressed")
    render_figure(figure, "cohort.reoffending_chart", "cohort-reoffending",
                  "Bars of the % reoffending by highest intervention level with 95% intervals; table below.")
    about("reoffending", "Proven reoffending within 12 months", "People with a proven reoffence within 12 months of "
          "entry, of those whose 12-month follow-up is complete, by the highest intervention level they received. "
          "95% Wilson score intervals.", model.label, NOT_CAUSAL)
    shown_table(outcomes, {"level_label": "Highest level", "person_count": "People followed up",
                           "reoffended_count": "Reoffended", "share_pct": "%", "lower_pct": "95% CI lower",
                           "upper_pct": "95% CI upper"}, "cohort.reoffending_table", "cohort-reoffending")


def render_pathway(model: CohortModel) -> None:
    render_figure(pathway_sankey(model.pathway, f"People by number of needs, highest level and outcome, {model.label}"),
                  "cohort.pathway_chart", "cohort-pathway", "Sankey of people from need band to highest intervention "
                  "level to outcome; links are in the table below (suppressed links are not drawn).")
    about("pathway", "Pathway", "Each person once: number of recorded needs → the highest intervention level "
          "received → proven reoffence within 12 months (or follow-up not complete). Suppressed links are not drawn.",
          model.label)
    with st.expander("Pathway links (table view)"):
        shown_table(model.pathway, {"source": "From", "target": "To", "person_count": "People"},
                    "cohort.pathway_table", "cohort-pathway")
