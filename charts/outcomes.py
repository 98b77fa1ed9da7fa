"""Charts of the Outcomes and stop and search page: pure DataFrame -> plotly Figure functions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import OKABE_ITO, base_layout


def outcome_bars(table: pd.DataFrame, title: str) -> go.Figure:
    """Share of crimes by outcome group, horizontal bars in the groups' order."""
    figure = go.Figure(go.Bar(
        x=table["share_pct"], y=table["outcome_group_label"], orientation="h", marker_color=OKABE_ITO[0],
        customdata=table["crime_count"], hovertemplate="%{y}: %{x:.1f}% (%{customdata:,} crimes)<extra></extra>"))
    base_layout(figure, title)
    figure.update_yaxes(autorange="reversed", title_text="Outcome group")
    figure.update_xaxes(title_text="Share of crimes (%)")
    return figure


def searches_by_month(months: pd.DataFrame, title: str) -> go.Figure:
    """Searches per month (bars) and the share in which the object was found (line, right axis)."""
    figure = go.Figure()
    figure.add_bar(x=months["month"], y=months["search_count"], name="Searches", marker_color=OKABE_ITO[0],
                   hovertemplate="%{x}: %{y:,} searches<extra></extra>")
    figure.add_scatter(x=months["month"], y=months["found_share_pct"], name="Object found (%)", yaxis="y2",
                       mode="lines+markers", line={"color": OKABE_ITO[1], "dash": "dash"},
                       marker={"symbol": "square"}, hovertemplate="%{x}: %{y:.1f}% found<extra></extra>")
    base_layout(figure, title)
    figure.update_layout(yaxis={"title": {"text": "Searches per month"}},
                         yaxis2={"title": {"text": "Object found (% of searches)"}, "overlaying": "y",
                                 "side": "right", "rangemode": "tozero"})
    figure.update_xaxes(title_text="Month", type="category")
    return figure
