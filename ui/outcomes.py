"""Rendering of the Outcomes and stop and search model, and the page's keyed widgets (in the URL)."""

from __future__ import annotations

import streamlit as st

from charts.outcomes import outcome_bars, searches_by_month
from models.outcomes import ALL, OBJECT_SCOPES, OutcomesModel
from queries.disclosure import MARKER
from settings import load_settings
from ui.components import show_figure, table_with_download
from ui.filters import choice, link_note, seed_from_url, write_to_url

KEYS = ["outcomes.object_scope", "outcomes.ethnicity_year"]
POLICE_UK = "data.police.uk street, outcomes and stop-and-search files (Open Government Licence v3.0)"


def controls() -> dict:
    seed_from_url("outcomes.object_scope", "weapons", choice(OBJECT_SCOPES))
    seed_from_url("outcomes.ethnicity_year", None)  # checked against the years loaded by render_ethnicity
    st.radio("Searches", list(OBJECT_SCOPES), key="outcomes.object_scope", format_func=OBJECT_SCOPES.get,
             horizontal=True, help="Searches for weapons: offensive weapons, firearms, anything to threaten or harm "
                                   "(reference/stop_search_objects.csv).")
    return {"object_scope": st.session_state["outcomes.object_scope"],
            "ethnicity_year": st.session_state.get("outcomes.ethnicity_year")}


def save_to_url() -> None:
    write_to_url(KEYS)


def about(key: str, title: str, lines: dict[str, str]) -> None:
    """A definition popover: what the number is, source, period, suppression."""
    with st.popover("Definition", icon=":material/info:", key=f"outcomes.def.{key}"):
        st.markdown(f"**{title}**\n\n" + "\n".join(f"- **{name}:** {text}" for name, text in lines.items()))


def render_outcomes(model: OutcomesModel, period: str) -> None:
    about("outcomes", "Outcomes of the chosen offences", {
        "Definition": "Crimes of the chosen offence group recorded in the period (month of the crime), by the "
                      "latest outcome: the one of the latest month in the outcomes files loaded, linked by Crime ID; "
                      "a crime with no outcome row keeps the street file's 'Last outcome category'. Categories are "
                      "grouped by reference/outcome_groups.csv (table below).",
        "Numerator / denominator": "crimes with the outcome / all the chosen crimes in the chosen districts",
        "Source": POLICE_UK, "Period": period,
        "Suppression": "none: counts of offences as data.police.uk publishes them (no person's details)."})
    if not model.has_outcomes:
        st.info("No crimes of the chosen offence group in the chosen districts and period.")
        return
    st.markdown(f"**{model.linked_share_pct}%** of these crimes have their outcome from the outcomes files "
                "(linked by Crime ID); the rest keep the street file's last outcome.")
    show_figure(outcome_bars(model.outcome_table, f"Latest outcome, {period}"), key="outcomes.chart.outcomes",
                filename="outcomes", alt="Horizontal bar chart of the share of crimes by outcome group; the table "
                                         "below gives the figures.")
    table_with_download(model.outcome_table.rename(columns={
        "outcome_group_label": "Outcome", "crime_count": "Crimes", "linked_count": "Linked by Crime ID",
        "share_pct": "Share (%)"}), key="outcomes.table.outcomes", filename="outcomes-by-group")
    table_with_download(model.outcome_by_district.rename(columns={"district_name": "District"}),
                        key="outcomes.table.districts", filename="outcomes-by-district", caption="Crimes by district.")


def render_searches(model: OutcomesModel, period: str) -> None:
    scope = OBJECT_SCOPES[model.object_scope].lower()
    about("searches", "Stop and search", {
        "Definition": f"{OBJECT_SCOPES[model.object_scope]} by the month of the file and the district holding the "
                      "search's map point (searches with no location are in no district). 'Object found': the "
                      "outcome was linked to the object of the search.",
        "Source": POLICE_UK, "Period": period,
        "Suppression": "none: data.police.uk publishes every search with its point and outcome."})
    if not model.has_searches:
        st.info(f"No {scope} in the chosen districts and period (are stop-and-search files loaded?).")
        return
    show_figure(searches_by_month(model.search_by_month, f"{OBJECT_SCOPES[model.object_scope]}, {period}"),
                key="outcomes.chart.searches", filename="searches-by-month",
                alt="Bars of searches per month with a dashed line of the share in which the object was found; "
                    "the tables below give the figures.")
    names = {"district_name": "District", "month": "Month", "outcome": "Outcome", "search_count": "Searches",
             "found_count": "Object found", "found_share_pct": "Found (%)", "share_pct": "Share of searches (%)"}
    table_with_download(model.search_by_district.rename(columns=names), key="outcomes.table.search_districts",
                        filename="searches-by-district")
    table_with_download(model.search_outcomes.rename(columns=names), key="outcomes.table.search_outcomes",
                        filename="searches-by-outcome", caption="What followed the searches.")
    with st.expander("Searches by month (table)"):
        table_with_download(model.search_by_month.rename(columns=names), key="outcomes.table.search_months",
                            filename="searches-by-month")


def render_ethnicity(model: OutcomesModel) -> None:
    options = [*model.ethnicity_years, ALL]
    asked = st.session_state.get("outcomes.ethnicity_year")
    if asked not in options:
        if asked is not None:
            link_note(f"Financial year {str(asked)[:20]!r} has no whole year of searches loaded; "
                      f"{model.ethnicity_year} is shown.")
        st.session_state["outcomes.ethnicity_year"] = model.ethnicity_year
    st.selectbox("Financial year", options, key="outcomes.ethnicity_year",
                 format_func=lambda y: "All whole years loaded" if y == ALL else y)
    threshold = load_settings().suppression_threshold
    about("ethnicity", "Searches for weapons by ethnic group", {
        "Definition": "Searches for weapons located in the five districts, by the searched person's self-defined "
                      "ethnic group (Census 2021 groups), per whole financial year (all twelve months loaded).",
        "Rates": (model.rates_note + " A share of searches is not a rate and does not say whether a group is "
                  "searched more than its population.") if model.ethnicity_rates is None else (
                 "searches in the year per 1,000 usual residents of the group (Census 2021, ONS TS021, the five "
                 "districts), with 95% limits (exact Poisson under 10 searches, else Byar); ratio to White: the "
                 "group's rate divided by the White group's, the Home Office's disproportionality measure, with "
                 "95% limits by the log method. A ratio whose limits both lie above 1 means more searches per "
                 "resident than the White group, beyond chance."),
        "Limits": "self-defined ethnicity is often not stated (those searches are in no group's rate, so every "
                  "rate is a lower bound); a person searched twice counts twice; the population is where people "
                  "live in March 2021, while searches count wherever in the districts they happen, of residents "
                  "and visitors alike; rates come from published counts only.",
        "Source": POLICE_UK,
        "Suppression": f"{MARKER}: 1 to {threshold} searches, or hidden so that another cannot be worked out "
                       "(people rule, docs/DISCLOSURE.md); shares of a hidden count are hidden."})
    table_with_download(model.by_ethnicity, key="outcomes.table.ethnicity", filename="searches-by-ethnicity")
    if model.ethnicity_rates is not None:
        st.markdown(f"**Searches per 1,000 residents, financial year {model.ethnicity_year}**")
        table_with_download(model.ethnicity_rates, key="outcomes.table.ethnicity_rates",
                            filename="search-rates-by-ethnicity",
                            caption="Ratio to White above 1: more searches per resident than the White group; "
                                    "read it with its 95% limits (both above 1: beyond chance).")


def render_definitions(model: OutcomesModel) -> None:
    with st.expander("Outcome groups and weapon searches (definitions)"):
        st.dataframe(model.outcome_groups.drop(columns="display_order").rename(columns={
            "outcome_group_label": "Group", "outcome_type": "data.police.uk outcome", "definition": "Definition"}),
            hide_index=True, key="outcomes.table.groups", width="stretch")
        st.dataframe(model.search_objects.rename(columns={"object_label": "Object of search",
                                                          "is_weapon_search": "Weapon search",
                                                          "definition": "Definition"}),
                     hide_index=True, key="outcomes.table.objects", width="stretch")
    with st.expander("Files loaded"):
        st.dataframe(model.sources, hide_index=True, key="outcomes.table.sources", width="stretch")
