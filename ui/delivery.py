"""Rendering of the Delivery model, the page's keyed widgets (kept in the URL) and the status-update
form (the write is warehouse/delivery.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access import audit
from access.context import current_viewer
from charts.delivery import fund_by_year, money_by_breakdown, progress_by_pillar, training_by_month
from models.delivery import BREAKDOWNS, DeliveryChoices, DeliveryModel, action_history, definitions, labels_of
from queries.connection import write_snapshot
from queries.disclosure import MARKER, for_display
from queries.runner import clear_cache
from settings import load_settings
from ui.components import author_field, show_figure, table_with_download
from ui.filters import choice, seed_from_url, write_to_url
from warehouse.delivery import MAX_UPDATE, ActionUpdateError, save_action_update
from warehouse.report import escape_markdown
from warehouse.snapshots import SnapshotError

KEYS = ["delivery.pillar", "delivery.fund_year", "delivery.breakdown", "delivery.training_year", "delivery.action"]
CHOICE_KEYS = {"pillar": "delivery.pillar", "fund_year": "delivery.fund_year", "breakdown": "delivery.breakdown",
               "training_year": "delivery.training_year"}
YEAR_WORDS = {"all": "All years"}


def seed_choices(options: dict[str, list[str]]) -> DeliveryChoices:
    """Seed the page's widgets from the URL (or their defaults) and return what they ask for."""
    for name, key in CHOICE_KEYS.items():
        seed_from_url(key, options[name][0], choice(options[name]))
    return DeliveryChoices(**{name: st.session_state[key] for name, key in CHOICE_KEYS.items()})


def save_to_url() -> None:
    write_to_url(KEYS)


def money(value) -> str:
    """Whole pounds, the sign before the pound sign (-£5,140)."""
    if value is None or pd.isna(value):
        return ""
    return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"


def suppression_note() -> str:
    threshold = load_settings().suppression_threshold
    return (f"{MARKER} = suppressed: 1 to {threshold} people, or hidden so that another suppressed number cannot be "
            "worked out by subtraction (docs/DISCLOSURE.md).")


def define(key: str, period: str, extra: str = "", where: str = "section") -> None:
    """A 'Definition' popover: what the number is, its source, period and the suppression applied."""
    row = definitions()[key]
    with st.popover("Definition", icon=":material/info:", key=f"delivery.def.{key}.{where}"):
        st.markdown(f"**{row['label']}**\n\n{row['definition']}")
        lines = [("Numerator", row["numerator"]), ("Denominator", row["denominator"]), ("Source", row["source"]),
                 ("Period", period), ("Suppression", row["suppression"])]
        st.markdown("\n".join(f"- **{name}:** {value}" for name, value in lines if value))
        if extra:
            st.markdown(extra)


def render_headlines(model: DeliveryModel) -> None:
    """The top row: one bordered tile per headline, each with its definition."""
    columns = st.columns(len(model.headlines))
    for column, headline in zip(columns, model.headlines, strict=True):
        with column.container(border=True, key=f"delivery.tile.{headline.key}"):
            st.metric(headline.label, headline.value)
            st.caption(headline.sentence)
            define(headline.key, f"As at {model.as_of:%d %B %Y}", where="tile")


# --- the delivery plan -------------------------------------------------------------------------

ACTION_COLUMNS = {
    "action_id": "Action", "action": "What", "pillar_label": "Pillar", "level_label": "Level",
    "strategic_priority": "Priority", "lead_agency": "Lead", "owner": "Owner", "due_date": "Due",
    "status_label": "Status", "late": "Late by", "milestones": "Milestones met", "update_text": "Latest update",
    "by": "Update by", "indicators": "Indicators it should move",
}
LATE_COLUMNS = ("action_id", "late", "status_label", "action", "lead_agency", "due_date", "update_text", "by")


def _action_table(actions: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    table = actions.assign(
        late=[f"{int(days)} days" if late else "No" for late, days in
              zip(actions["is_late"], actions["days_late"].fillna(0), strict=True)],
        milestones=[f"{met} of {total}" for met, total in zip(actions["milestones_met"], actions["milestones_total"],
                                                            strict=True)],
        by=[f"{author}, {pd.Timestamp(at):%d %b %Y}" for author, at in zip(actions["author"], actions["stated_at"],
                                                                          strict=True)],
        status_label=actions["status_label"],
        due_date=pd.to_datetime(actions["due_date"]).dt.strftime("%d %b %Y"),
    )
    return table[list(columns)].rename(columns=columns)


def render_progress(model: DeliveryModel, pillars: dict[str, str]) -> None:
    st.selectbox("Pillar", list(pillars), key="delivery.pillar", format_func=pillars.get,
                 help="Narrows the tables of actions; the chart always shows every pillar.")
    show_figure(progress_by_pillar(model.progress, "Actions by pillar and current status"), key="delivery.progress_chart",
                filename="delivery-progress", alt="Bars of actions per pillar split by status, each status with its "
                "own pattern and its count written on it; the figures are in the table below.")
    define("delivery_progress", f"As at {model.as_of:%d %B %Y}")
    columns = {"pillar_label": "Pillar", "level_label": "Level", "action_count": "Actions",
               "not_started_count": "Not started", "on_track_count": "On track", "at_risk_count": "At risk",
               "off_track_count": "Off track", "complete_count": "Complete", "late_count": "Late"}
    table_with_download(model.progress_levels[list(columns)].rename(columns=columns), key="delivery.progress_table",
                        filename="delivery-progress-by-pillar-and-level",
                        caption="'All levels' rows are the pillar's total; 'All pillars' the plan's.")


def render_late(model: DeliveryModel) -> None:
    if model.late.empty:
        st.success("No action of the chosen pillar is past its due date.", icon=":material/check_circle:")
    else:
        columns = {k: ACTION_COLUMNS[k] for k in LATE_COLUMNS}
        table_with_download(_action_table(model.late, columns), key="delivery.late_table", filename="delivery-late-actions",
                            caption=f"Due before {model.as_of:%d %B %Y} and not complete, whatever the status says; "
                                    "the most late first.")
    define("delivery_late", f"As at {model.as_of:%d %B %Y}")
    with st.expander(f"All actions of the plan ({len(model.actions)} shown)"):
        table_with_download(_action_table(model.actions, ACTION_COLUMNS), key="delivery.actions_table",
                            filename="delivery-plan-actions")
        overdue = model.milestones[model.milestones["milestone_state"] == "overdue"]
        st.markdown(f"**Overdue milestones: {len(overdue)}** (open and past their due date)")
        table_with_download(overdue.assign(due_date=pd.to_datetime(overdue["due_date"]).dt.strftime("%d %b %Y"))[
            ["action_id", "milestone", "lead_agency", "due_date"]].rename(columns={
                "action_id": "Action", "milestone": "Milestone", "lead_agency": "Lead", "due_date": "Due"}),
            key="delivery.milestones_table", filename="delivery-overdue-milestones")


def render_update(model: DeliveryModel, statuses: dict[str, str]) -> None:
    """Pick an action, see its history, and write a status update (kept with its author and time)."""
    if st.session_state.pop("delivery.update_saved", False):
        st.success("Update saved. It is kept when the data is reloaded and goes into the meeting pack.")
    actions = model.all_actions.set_index("action_id")
    ids = list(actions.index)
    seed_from_url("delivery.action", ids[0], choice(ids))
    action_id = st.selectbox("Action", ids, key="delivery.action",
                             format_func=lambda a: f"{a}: {actions.loc[a, 'action']}")
    row = actions.loc[action_id]
    # Text from the workbook and from page updates is shown literally.
    text = {name: escape_markdown(row[name]) for name in ("action", "lead_agency", "owner", "status_label", "author")}
    st.markdown(f"**{text['action']}** ({text['lead_agency']}; owner: {text['owner']}; due {row['due_date']:%d %B %Y})."
                f"\n\nNow **{text['status_label']}**: {escape_markdown(row['update_text'] or '(no update text)')} "
                f"— *{text['author']}, {stated(row['stated_at'], row['stated_in'])}*")
    history = action_history(action_id)
    count = f"{len(history)} statement{'s' if len(history) != 1 else ''}"
    with st.expander(f"History of this action ({count}, newest first)"):
        shown = history.assign(stated_at=[stated(at, where) for at, where in zip(history["stated_at"],
                                                                                 history["stated_in"], strict=True)],
                               stated_in=history["stated_in"].map({"page": "This page", "workbook": "Workbook"}))
        st.dataframe(shown[["stated_at", "status_label", "update_text", "author", "stated_in"]].rename(columns={
            "stated_at": "When", "status_label": "Status", "update_text": "Update", "author": "By",
            "stated_in": "Where"}), hide_index=True, key="delivery.history")
    _update_form(action_id, row["status"], statuses)
    define("action_update", "Every update since the plan was loaded")


def stated(at, where: str) -> str:
    """When a statement was made: the workbook's is a date, a page update has its time."""
    return f"{pd.Timestamp(at):%d %b %Y}" if where == "workbook" else f"{pd.Timestamp(at):%d %b %Y %H:%M}"


def _update_form(action_id: str, current: str, statuses: dict[str, str]) -> None:
    form = f"delivery.update.{action_id}"
    if not current_viewer().may("comment"):
        st.caption("Updates are written by analysts and data managers.")
        return
    with st.form(key=form, clear_on_submit=True):
        st.markdown(f"**Update {escape_markdown(action_id)}** (every update is kept, with who wrote it)")
        codes = list(statuses)
        status = st.selectbox("New status", codes, index=codes.index(current), format_func=statuses.get,
                              key=f"{form}.status")
        text = st.text_area("What has happened", key=f"{form}.text", max_chars=MAX_UPDATE,
                            help="A sentence or two for the board: progress, what is in the way, what happens next.")
        author = author_field(f"{form}.author")
        if st.form_submit_button("Save update", icon=":material/save:"):
            try:
                with write_snapshot("delivery update", action_id) as con:
                    save_action_update(con, action_id, status, text, author)
            except (ActionUpdateError, SnapshotError) as error:
                st.warning(str(error))
            else:
                audit.record("delivery_update", {"action_id": action_id, "status": status, "author": author})
                clear_cache()
                st.session_state["delivery.update_saved"] = True
                st.rerun()


# --- the commissioning fund ----------------------------------------------------------------------

FUND_COLUMNS = {"financial_year": "Financial year", "home_office_gbp": "Home Office", "pcc_match_gbp": "PCC match",
                "partner_gbp": "Partners", "budget_gbp": "Budget", "committed_gbp": "Committed", "spent_gbp": "Spent",
                "uncommitted_gbp": "Uncommitted", "remaining_gbp": "Remaining", "flag": "Over-committed?"}
OVER = "Yes: committed > budget"


def fund_table(years: pd.DataFrame) -> pd.DataFrame:
    """The fund by year in words and pounds (the same table goes to the CSV)."""
    table = years.assign(
        financial_year=years["financial_year"].replace(YEAR_WORDS),
        flag=[OVER if over else "No" for over in years["is_over_committed"]])
    for column in FUND_COLUMNS:
        if column.endswith("_gbp"):
            table[column] = table[column].map(money)
    return table[list(FUND_COLUMNS)].rename(columns=FUND_COLUMNS)


def render_fund(model: DeliveryModel, options: dict[str, list[str]]) -> None:
    if model.fund_years.empty:
        st.info("No commissioning fund workbook is loaded yet (`python -m warehouse ingest fund FILE.xlsx`).")
        return
    show_figure(fund_by_year(model.fund_years, "Commissioning fund: budget, committed and spent by financial year"),
                key="delivery.fund_chart", filename="delivery-fund", alt="Grouped bars of budget, committed and spent "
                "per financial year, each with its own pattern and amount; over-committed years are named on the "
                "chart; the figures are in the table below.")
    define("fund_position", "The fund's financial years")
    table_with_download(fund_table(model.fund_years), key="delivery.fund_table", filename="delivery-fund-by-year")
    left, right = st.columns(2)
    left.selectbox("Financial year", options["fund_year"], key="delivery.fund_year",
                   format_func=lambda y: YEAR_WORDS.get(y, y))
    right.radio("By", list(BREAKDOWNS), key="delivery.breakdown", format_func=BREAKDOWNS.get, horizontal=True)
    render_breakdown(model)
    render_projects(model)


def render_breakdown(model: DeliveryModel) -> None:
    year, by = model.choices.fund_year, BREAKDOWNS[model.choices.breakdown]
    frame = model.fund_breakdown
    show_figure(money_by_breakdown(frame, f"Committed and spent by {by.lower()}, {YEAR_WORDS.get(year, year)}", by),
                key="delivery.breakdown_chart", filename="delivery-fund-breakdown",
                alt=f"Bars of money committed and spent by {by.lower()}; the figures are in the table below.")
    define("fund_breakdown", YEAR_WORDS.get(year, year), where="breakdown")
    table = frame.assign(**{c: frame[c].map(money) for c in ("committed_gbp", "spent_gbp", "still_to_spend_gbp")})
    table_with_download(table[["label", "committed_gbp", "spent_gbp", "still_to_spend_gbp"]].rename(columns={
        "label": by, "committed_gbp": "Committed", "spent_gbp": "Spent", "still_to_spend_gbp": "Still to spend"}),
        key="delivery.breakdown_table", filename=f"delivery-fund-by-{model.choices.breakdown}")


def render_projects(model: DeliveryModel) -> None:
    projects = model.projects
    overspent = projects[projects["is_overspent"].astype(bool)]
    if len(overspent):
        st.warning(f"**Spent more than committed:** {', '.join(overspent['project_id'] + ' ' + overspent['project_name'])}.",
                   icon=":material/warning:")
    table = projects.assign(flag=["Yes: spent > committed" if over else "No" for over in projects["is_overspent"]],
                            committed_gbp=projects["committed_gbp"].map(money), spent_gbp=projects["spent_gbp"].map(money),
                            dates=[f"{s:%b %Y} to {e:%b %Y}" for s, e in zip(projects["start_date"], projects["end_date"],
                                                                            strict=True)])
    with st.expander(f"Projects ({len(projects)}) and people reached"):
        table_with_download(table[["project_id", "project_name", "provider", "pillar_label", "level_label",
                                   "district_name", "dates", "committed_gbp", "spent_gbp", "flag"]].rename(columns={
            "project_id": "Project", "project_name": "Name", "provider": "Provider", "pillar_label": "Pillar",
            "level_label": "Level", "district_name": "District", "dates": "Dates", "committed_gbp": "Committed",
            "spent_gbp": "Spent", "flag": "Overspent?"}), key="delivery.projects_table", filename="delivery-fund-projects")
        define("fund_projects", "All the fund's years", where="projects")
        render_reach(model)


def _grid(cube: pd.DataFrame, count: str, rows: str, columns: str, row_labels: dict, column_labels: dict) -> pd.DataFrame:
    """A protected cube's cells as a grid (rows x columns, 'all' last), [c] where suppressed."""
    shown = for_display(cube, {rows: rows, columns: columns, count: count})
    grid = shown.pivot(index=rows, columns=columns, values=count)
    grid = grid.reindex(index=[*row_labels, "all"], columns=[*column_labels, "all"])
    grid.index = [row_labels.get(code, "All") for code in grid.index]
    grid.columns = [column_labels.get(code, "All") for code in grid.columns]
    return grid.reset_index(names="")


def render_reach(model: DeliveryModel) -> None:
    year = model.reach["financial_year"].iloc[0] if len(model.reach) else "all"
    pillars, levels = labels_of(model.labels, "pillar"), labels_of(model.labels, "level")
    st.markdown(f"**People reached, {YEAR_WORDS.get(year, 'financial year ' + year)}** (years whose every quarter "
                "is returned; a person reached in two quarters counts twice)")
    grid = _grid(model.reach, "people_reached_count", "pillar", "level", pillars, levels).rename(columns={"": "Pillar"})
    table_with_download(grid, key="delivery.reach_table", filename="delivery-fund-people-reached",
                        caption=suppression_note())
    define("fund_reach", YEAR_WORDS.get(year, year), where="reach")


# --- Offensive Weapons Homicide Reviews ------------------------------------------------------------

REVIEW_COLUMNS = {"stage_label": "Stage", "case_count": "Cases", "overdue_count": "Overdue",
                  "linked_count": "Linked to a recorded homicide"}
STEPS = (("Decision on whether a review is required", "decided_count", "decided_on_time_count"),
         ("Home Office notified", "notified_count", "notified_on_time_count"),
         ("Review completed", "completed_count", "completed_on_time_count"))
PILOT_NOTE = ("Offensive Weapons Homicide Reviews (Police, Crime, Sentencing and Courts Act 2022, ss.24-36) were "
              "commenced first for pilot areas (London boroughs, Birmingham and Coventry, South Wales: SI 2023/227); "
              "the strategy commits Warwickshire's partners to support them. The tracker follows the Home Office "
              "statutory guidance (March 2023).")


def render_reviews(model: DeliveryModel) -> None:
    total = model.reviews[model.reviews["stage"] == "all"]
    if total.empty or total["case_count"].iloc[0] == 0:
        st.info("No homicide review workbook is loaded yet (`python -m warehouse ingest owhr FILE.xlsx`).")
        return
    st.caption(PILOT_NOTE)
    counted = pd.Timestamp(model.reviews["counted_on"].iloc[0])
    st.markdown(f"**{_shown(total['case_count'].iloc[0])} deaths considered for a review** since the tracker began; "
                f"overdue on {counted:%d %B %Y}: **{_shown(total['overdue_count'].iloc[0])}**. Cases are deaths, so "
                "every count follows the people rule: with a handful of cases most counts by stage or year are 1 to 4 "
                "and are hidden. No case is listed on its own; the review coordinator holds the case tracker.")
    left, right = st.columns(2)
    with left:
        table_with_download(for_display(model.reviews, REVIEW_COLUMNS), key="delivery.reviews_table",
                            filename="delivery-owhr-by-stage", caption=f"All years. {suppression_note()}")
    with right:
        table_with_download(steps_table(total.iloc[0]), key="delivery.review_steps_table",
                            filename="delivery-owhr-deadlines-met", caption="Steps taken, and of those taken by their "
                            "deadline (the settings table below), all years and stages.")
    years = model.reviews_by_year.assign(financial_year=model.reviews_by_year["financial_year"].replace(YEAR_WORDS))
    with st.expander("Cases by the financial year the partners became aware"):
        table_with_download(for_display(years, {"financial_year": "Financial year", "case_count": "Cases",
                                                "overdue_count": "Overdue", "completed_count": "Completed"}),
                            key="delivery.reviews_years_table", filename="delivery-owhr-by-year")
    define("owhr_reviews", f"Counted on {counted:%d %B %Y}", where="reviews")
    render_deadlines(model.deadlines)
    render_recommendations(model)


def _shown(value) -> str:
    return MARKER if pd.isna(value) else f"{int(value):,}"


def steps_table(row: pd.Series) -> pd.DataFrame:
    """Each deadline's step: taken, and taken on time ([c] where the protected table hides it)."""
    return pd.DataFrame([{"Step": step, "Taken": _shown(row[taken]), "By its deadline": _shown(row[on_time])}
                         for step, taken, on_time in STEPS])


def render_deadlines(deadlines: pd.DataFrame) -> None:
    unchecked = deadlines[deadlines["checked"] != "yes"]
    if len(unchecked):
        st.warning(f"{len(unchecked)} of the {len(deadlines)} deadlines below have not been confirmed against the text "
                   "of the statutory guidance (reference/delivery_review_deadlines.csv, column 'checked'); overdue "
                   "counts depend on them.", icon=":material/rule:")
    table = deadlines.assign(
        due=[f"{amount} {unit}{'s' if amount != 1 else ''} after the {'partners became aware' if start == 'aware_date' else 'decision'}"
             for amount, unit, start in zip(deadlines["amount"], deadlines["unit"], deadlines["starts_from"], strict=True)],
        checked=deadlines["checked"].map({"yes": "Yes", "no": "No: to be confirmed"}))
    with st.expander("The deadlines (a settings table) and their sources"):
        table_with_download(table[["label", "due", "source", "source_url", "checked", "basis"]].rename(columns={
            "label": "Step", "due": "Deadline", "source": "Source", "source_url": "Link", "checked": "Checked",
            "basis": "Basis"}), key="delivery.deadlines_table", filename="delivery-owhr-deadlines")


def render_recommendations(model: DeliveryModel) -> None:
    recommendations = model.recommendations
    late = int(recommendations["is_late"].astype(bool).sum()) if len(recommendations) else 0
    st.markdown(f"**Recommendations of the reviews: {len(recommendations)}**, of which **{late} late** "
                f"(due before {model.as_of:%d %B %Y} and not complete).")
    table = recommendations.assign(
        due_date=pd.to_datetime(recommendations["due_date"]).dt.strftime("%d %b %Y"),
        late=["Late" if flag else "No" for flag in recommendations["is_late"]])
    table_with_download(table[["due_date", "late", "status_label", "owner", "recommendation"]].rename(columns={
        "recommendation": "Recommendation", "owner": "Owner", "due_date": "Due", "status_label": "Status",
        "late": "Late?"}), key="delivery.recommendations_table", filename="delivery-owhr-recommendations")
    define("owhr_recommendations", f"As at {model.as_of:%d %B %Y}", where="recommendations")


# --- training ----------------------------------------------------------------------------------


def render_training(model: DeliveryModel, options: dict[str, list[str]]) -> None:
    if model.training_months.empty:
        st.info("No training workbook is loaded yet (`python -m warehouse ingest training FILE.xlsx`).")
        return
    show_figure(training_by_month(model.training_months, "Practitioners trained each month and so far"),
                key="delivery.training_chart", filename="delivery-training", alt="Bars of practitioners trained each "
                "month with a dashed line of the total so far; the figures are in the table below.")
    with st.expander("Monthly figures (table view of the chart)"):
        months = model.training_months.assign(month=pd.to_datetime(model.training_months["month"]).dt.strftime("%b %Y"))
        table_with_download(months.rename(columns={"month": "Month", "session_count": "Sessions",
                                                   "practitioners_trained": "Practitioners trained",
                                                   "practitioners_to_date": "Trained so far"}),
                            key="delivery.training_months_table", filename="delivery-training-by-month")
    st.selectbox("Financial year", options["training_year"], key="delivery.training_year",
                 format_func=lambda y: YEAR_WORDS.get(y, y))
    year = model.choices.training_year
    for frame, name, key in ((model.training_agencies, "agency", "agencies"),
                             (model.training_districts, "district_name", "districts")):
        table = frame.assign(agency=frame["agency"].replace({"all": "All agencies"}))
        table_with_download(for_display(table, {name: "Agency" if name == "agency" else "District of the session",
                                                "session_count": "Sessions", "practitioners_trained": "Practitioners trained",
                                                "referral_count": "Referrals by trained practitioners"}),
                            key=f"delivery.training_{key}_table", filename=f"delivery-training-by-{key}")
    published = bool(model.training_agencies["referrals_published"].any()) if len(model.training_agencies) else False
    covered = ", ".join(model.indicator["financial_year"]) or "none yet"
    if not published:
        words = f"Referrals for {year} are not published: the returns do not yet reach the end of the year. "
    else:
        words = f"Referrals count the financial years the returns have completed ({covered}). " if year == "all" else ""
    st.caption(words + suppression_note())
    define("training_practitioners", YEAR_WORDS.get(year, year), where="training")
    render_indicator(model)


def render_indicator(model: DeliveryModel) -> None:
    st.markdown("**The indicator 'Referrals by trained practitioners', computed from the returns**")
    frame = model.indicator
    table = pd.DataFrame({
        "Financial year": frame["financial_year"],
        "Referrals (county)": [MARKER if pd.isna(v) else f"{int(v):,}" for v in frame["referral_count"]],
        "Residents (Census 2021)": [f"{int(v):,}" for v in frame["population"]],
        "Per 100,000 residents": ["" if pd.isna(v) else f"{v:.1f}" for v in frame["value"]],
        "95% CI": ["" if pd.isna(lo) else f"{lo:.1f} to {hi:.1f}" for lo, hi in zip(frame["lower"], frame["upper"],
                                                                                   strict=True)],
        "Published value": ["not published" if pd.isna(v) else f"{v:.1f}" for v in frame["published_value"]],
    })
    table_with_download(table, key="delivery.indicator_table", filename="delivery-trained-practitioner-referrals",
                        caption="Computed here from the referral returns; the Outcome indicators page still shows "
                                "the values published in the indicator-values file (see the definition).")
    define("training_indicator", "Financial years the returns cover", where="indicator", extra=(
        "**Why the Outcome indicators page does not compute it yet.** Its model (models/indicators.py) computes an "
        "indicator only through the queries it knows by name; reading this one from the training returns needs a "
        "small change there and to the catalogue row (reference/indicators.csv: query "
        "`delivery_training_referrals_by_year`), left to that page's owner. Until then the value computed here and "
        "the published value sit side by side; for the years the returns cover they agree."))


def render_sources(model: DeliveryModel) -> None:
    if model.sources.empty:
        st.caption("No delivery workbook has been loaded.")
        return
    table = model.sources.assign(loaded_at=pd.to_datetime(model.sources["loaded_at"]).dt.strftime("%d %b %Y %H:%M"))
    st.dataframe(table.rename(columns={"format": "Format", "file": "Workbook and sheet (or file)",
                                       "loaded_at": "Loaded", "rows_loaded": "Rows"}),
                 hide_index=True, key="delivery.sources")
