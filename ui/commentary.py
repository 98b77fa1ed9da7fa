"""Analysts' commentary on an indicator for a period: written to the warehouse table `commentary`
(author and time kept; append-only, the latest is shown, earlier versions stay as history) and
shown on the Indicators page and in the meeting pack. A rebuild of the warehouse copies the table
over (warehouse/build.py PRESERVED_TABLES), so reloading data never loses it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from queries import run_query
from queries.connection import write_session
from queries.runner import clear_cache

MAX_LENGTH = 2000


class CommentaryError(ValueError):
    """The commentary cannot be saved as given."""


def save_commentary(indicator_id: str, period_label: str, author: str, body: str) -> None:
    """Append a commentary (values bound); the read-only connection is released meanwhile."""
    author, body = author.strip(), body.strip()
    if not author or not body:
        raise CommentaryError("Both your name and the commentary are needed.")
    if len(body) > MAX_LENGTH:
        raise CommentaryError(f"Keep the commentary under {MAX_LENGTH:,} characters (it has {len(body):,}).")
    with write_session() as con:
        known = con.execute("select count(*) from indicator_definitions where indicator_id = $id",
                            {"id": indicator_id}).fetchall()[0][0]
        if not known:
            raise CommentaryError(f"Unknown indicator {indicator_id!r}.")
        con.execute(
            "insert into commentary (indicator_id, period_label, author, body) values ($indicator, $period, $author, $body)",
            {"indicator": indicator_id, "period": period_label, "author": author, "body": body},
        )
        con.execute("checkpoint")
    clear_cache()


def latest_commentary(period_label: str) -> dict[str, dict]:
    """The latest commentary per indicator for a period: {indicator_id: row}."""
    frame = run_query("commentary_latest_by_indicator", period_label=period_label)
    return {row["indicator_id"]: row for row in frame.to_dict("records")}


def byline(row: dict) -> str:
    return f"{row['author']}, {pd.Timestamp(row['written_at']):%d %b %Y %H:%M}"


def render_commentary(indicator_id: str, period_label: str, key: str) -> None:
    """Show the latest commentary for the indicator and period, its history and a form to write one."""
    if st.session_state.pop(f"{key}.saved", False):
        st.success("Commentary saved. It is kept when the data is reloaded.")
    latest = latest_commentary(period_label).get(indicator_id)
    if latest:
        st.markdown(f"> {latest['body']}\n>\n> — *{byline(latest)}*")
    else:
        st.caption(f"No commentary yet for {period_label}.")
    history = run_query("commentary_history_by_indicator", indicator_id=indicator_id)
    if len(history) > 1 or (len(history) and not latest):
        with st.expander(f"Earlier commentary ({len(history)} written)"):
            shown = history.rename(columns={"period_label": "Period", "author": "Author", "body": "Commentary",
                                            "written_at": "Written"})
            st.dataframe(shown[["Period", "Written", "Author", "Commentary"]], hide_index=True,
                         key=f"{key}.history")
    with st.form(key=f"{key}.form", clear_on_submit=True):
        st.markdown(f"**Write the commentary for {period_label}** (the latest one is shown and goes into the pack)")
        author = st.text_input("Your name", key=f"{key}.author")
        body = st.text_area("Commentary", key=f"{key}.text", max_chars=MAX_LENGTH,
                            help="A few sentences for board members: what changed, why, what is being done.")
        if st.form_submit_button("Save commentary", icon=":material/save:"):
            try:
                save_commentary(indicator_id, period_label, author, body)
            except CommentaryError as error:
                st.warning(str(error))
            else:
                st.session_state[f"{key}.saved"] = True
                st.rerun()
