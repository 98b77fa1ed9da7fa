"""Shared pieces of page furniture: figures with the project's config, definitions one click
away, tables with a download of exactly what is shown, the attribution footer."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from geo.boundaries import ATTRIBUTION
from models.reference import measure


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


def show_figure(figure: go.Figure, key: str, filename: str, alt: str, **kwargs):
    """Show a plotly figure with the project's config and a text alternative (`alt`)."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d"] if "on_select" not in kwargs else [],
    }
    return st.plotly_chart(figure, key=key, config=config, width="stretch", alt=alt, **kwargs)


def table_with_download(frame: pd.DataFrame, key: str, filename: str, caption: str = "", **kwargs) -> None:
    """A table and a CSV download of exactly the rows and columns shown."""
    st.dataframe(frame, key=key, hide_index=True, width="stretch", **kwargs)
    st.download_button(
        "Download CSV",
        frame.to_csv(index=False).encode("utf-8"),
        file_name=f"{filename}.csv",
        mime="text/csv",
        key=f"{key}.download",
        icon=":material/download:",
    )
    if caption:
        st.caption(caption)


def empty_state(what: str) -> None:
    """Say what was asked and that nothing matched."""
    st.info(f"No data matched: {what}. Try a longer period, more districts or another offence group.")


def attribution() -> None:
    st.caption(ATTRIBUTION)
