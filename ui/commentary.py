"""The commentary form and its display on the Indicators page (the write is warehouse/commentary.py)."""

from __future__ import annotations

import streamlit as st

from access import audit
from access.context import current_viewer
from models.commentary import byline, commentary_history, latest_commentary
from queries.connection import write_snapshot
from queries.runner import clear_cache
from ui.components import author_field
from warehouse.commentary import MAX_LENGTH, CommentaryError, save_commentary
from warehouse.report import escape_markdown
from warehouse.snapshots import SnapshotError


def render_commentary(indicator_id: str, period_label: str, key: str) -> None:
    """Show the latest commentary for the indicator and period, its history and a form to write one."""
    if st.session_state.pop(f"{key}.saved", False):
        st.success("Commentary saved. It is kept when the data is reloaded.")
    latest = latest_commentary(period_label).get(indicator_id)
    if latest:
        # Written by users: shown literally (a markdown image or link would be fetched or followed).
        paragraphs = [escape_markdown(line) for line in str(latest["body"]).splitlines() if line.strip()]
        st.markdown("> " + "\n>\n> ".join(paragraphs) + f"\n>\n> — *{escape_markdown(byline(latest))}*")
    else:
        st.caption(f"No commentary yet for {period_label}.")
    history = commentary_history(indicator_id)
    if len(history) > 1 or (len(history) and not latest):
        with st.expander(f"Earlier commentary ({len(history)} written)"):
            shown = history.rename(columns={"period_label": "Period", "author": "Author", "body": "Commentary",
                                            "written_at": "Written"})
            st.dataframe(shown[["Period", "Written", "Author", "Commentary"]], hide_index=True, key=f"{key}.history")
    if not current_viewer().may("comment"):
        return
    with st.form(key=f"{key}.form", clear_on_submit=True):
        st.markdown(f"**Write the commentary for {period_label}** (the latest one is shown and goes into the pack)")
        author = author_field(f"{key}.author")
        body = st.text_area("Commentary", key=f"{key}.text", max_chars=MAX_LENGTH,
                            help="A few sentences for board members: what changed, why, what is being done.")
        if st.form_submit_button("Save commentary", icon=":material/save:"):
            try:
                with write_snapshot("commentary", f"{indicator_id} {period_label}") as con:
                    save_commentary(con, indicator_id, period_label, author, body)
            except (CommentaryError, SnapshotError) as error:
                st.warning(str(error))
            else:
                audit.record("commentary", {"indicator_id": indicator_id, "period_label": period_label,
                                            "author": author, "length": len(body)})
                clear_cache()
                st.session_state[f"{key}.saved"] = True
                st.rerun()
