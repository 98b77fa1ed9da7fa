"""Shared pieces of page furniture: figures with the project's config, definitions one click
away, tables with a download of exactly what is shown, the attribution footer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from access import audit
from access.context import as_viewer, current_viewer
from access.policy import ROLE_NAMES
from geo.boundaries import ATTRIBUTION
from models.reference import measure

STYLES = Path(__file__).resolve().parent / "assets" / "accessibility.css"


def page_styles() -> None:
    """The project's accessibility fixes to Streamlit's styles (a local file; takes no space on the page)."""
    st.html(STYLES)


def definition(key: str, period: str, extra: str = "", extra_key: str = "") -> None:
    """A 'Definition' popover: what the number is, its source, period and suppression."""
    row = measure(key)
    with st.popover("Definition", icon=":material/info:", key=f"definition.{key}.{extra_key}"):
        st.markdown(f"**{row['label']}**\n\n{row['definition']}")
        lines = [
            ("Numerator", row["numerator"]),
            ("Denominator", row["denominator"]),
            ("Source", row["source"]),
            ("Period", period),
            ("Suppression", row["suppression"]),
        ]
        st.markdown("\n".join(f"- **{name}:** {value}" for name, value in lines if value))
        if extra:
            st.markdown(extra)


def chart_description(figure: go.Figure, alt: str) -> str:
    """The chart's text alternative: its title (what, where, when), then `alt` (the kind of chart, how
    to read it and where its figures are as a table)."""
    title = re.sub(r"<[^>]+>", " ", figure.layout.title.text or "").strip()
    title = re.sub(r"\s+", " ", title)
    if not title or title.lower() in alt.lower():
        return alt
    return f"{title}. {alt}"


def show_figure(figure: go.Figure, key: str, filename: str, alt: str, **kwargs):
    """Show a plotly figure with the project's config and a text alternative.

    Streamlit puts the description on the chart's container as role="figure" with aria-label, which
    screen readers announce. Streamlit's plotly theme is switched off (theme=None): the figure's own
    colours (charts/common.py TEMPLATE, checked for contrast) are drawn, as in the meeting pack.
    """
    # Fewer tab stops per chart: drag modes a keyboard cannot use (zoom box, select, lasso) and
    # autoscale (reset does the same) are left out; download, pan, zoom in/out and reset stay.
    removed = ["zoom2d", "autoScale2d"] + (["lasso2d", "select2d"] if "on_select" not in kwargs else [])
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": removed,
    }
    return st.plotly_chart(figure, key=key, config=config, width="stretch", theme=None,
                           alt=chart_description(figure, alt), **kwargs)


def table_with_download(frame: pd.DataFrame, key: str, filename: str, caption: str = "", **kwargs) -> None:
    """A table and a CSV download of exactly the rows and columns shown."""
    st.dataframe(frame, key=key, hide_index=True, width="stretch", **kwargs)
    download("Download CSV", lambda: frame.to_csv(index=False).encode("utf-8"), file_name=f"{filename}.csv",
             mime="text/csv", key=f"{key}.download")
    if caption:
        st.caption(caption)


def download(label: str, data, file_name: str, mime: str, key: str, action: str = "download",
             icon: str = ":material/download:", **kwargs) -> None:
    """A download button for a viewer who may do `action` ("download": tables; "pack": the meeting
    pack), else a note in words. `data` is bytes or a function making them. The bytes are made and
    the download written to the audit trail (with the page's URL parameters) when the file is
    fetched, so no download goes unaudited, whatever the browser does next, and no file is made
    for a page run in which nobody clicks."""
    viewer = current_viewer()
    if not viewer.may(action):
        who = ROLE_NAMES.get(viewer.role, "this") if viewer.role else "this"
        st.caption(f"Downloads are not available to the {who.lower()} role.", help="Ask a data manager for access.")
        return
    page, params = _page_of(st.context.url), dict(st.query_params)

    def fetched() -> bytes:
        # Streamlit runs this on a thread of its own when the button is clicked, outside any page
        # run (where the query layer would take the trusted SYSTEM viewer): the viewer who saw the
        # button is the one audited and the one anything made here acts as.
        with as_viewer(viewer):
            audit.record_download(viewer, file_name, key, action, page, params)
            return data() if callable(data) else data

    st.download_button(label, fetched, file_name=file_name, mime=mime, key=key, icon=icon, on_click="ignore",
                       **kwargs)


def author_field(key: str) -> str:
    """Who is writing: the signed-in person (not editable), else (open mode) a name typed in."""
    viewer = current_viewer()
    if viewer.email:
        st.caption(f"Written as {viewer.name} ({viewer.email}).")
        return f"{viewer.name} ({viewer.email})"
    return st.text_input("Your name", key=key)


def _page_of(url: str | None) -> str:
    """The page's URL path as the audit trail names pages ("overview" for the root)."""
    return urlparse(url or "").path.strip("/").rsplit("/", 1)[-1] or "overview"


class PageEnded(Exception):
    """Raised by `end_page`; the app's entry point (dashboard._run) catches it."""


def end_page() -> NoReturn:
    """End this page's script here, after it has said why it shows nothing more.

    Not st.stop(): that stops the whole run, so what the app draws after the page (the snapshot
    check that follows new data, the notes about the link) would never be drawn."""
    raise PageEnded


def empty_state(what: str) -> None:
    """Say what was asked and that nothing matched."""
    st.info(f"No data matched: {what}. Try a longer period, more districts or another offence group.")


def attribution() -> None:
    st.caption(ATTRIBUTION)


def snapshot_caption(snapshot: str) -> None:
    """Which warehouse snapshot this page shows, and when and how it was written."""
    from warehouse.snapshots import about

    meta = about(snapshot)
    if not meta:
        st.caption("Data: the warehouse file (not yet a snapshot).")
        return
    when = meta.get("created", "").replace("T", " ")
    what = meta.get("action", "")
    st.caption(f"Data as of {when} ({what}). Snapshot `{meta.get('snapshot_id', '')}`.",
               help="Every figure on this page comes from this one published copy of the warehouse. "
                    "When new data is loaded the page moves to the new copy within a few seconds.")
