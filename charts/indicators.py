"""Charts of the Indicators page and the meeting pack: benchmark charts (control charts: charts/spc.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import OKABE_ITO, base_layout


def benchmark_chart(rows: pd.DataFrame, title: str, x_title: str) -> go.Figure:
    """Value with its 95% interval for Warwickshire and each benchmark area, one row each.

    `rows` has columns area, value, lower, upper, outcome (words shown in the label, so the
    comparison is read, not inferred from colour). England's value is also a vertical line."""
    frame = rows.dropna(subset=["value"]).iloc[::-1]
    labels = [f"{area} ({outcome})" if outcome else area for area, outcome in zip(frame["area"], frame["outcome"],
                                                                                  strict=True)]
    colours = [OKABE_ITO[0] if area == "Warwickshire" else "#757575" for area in frame["area"]]
    symbols = ["diamond" if area == "Warwickshire" else "circle" for area in frame["area"]]
    figure = go.Figure()
    figure.add_scatter(
        x=frame["value"], y=labels, mode="markers", name="Value with 95% confidence interval",
        marker={"color": colours, "size": 12, "symbol": symbols},
        error_x={"type": "data", "symmetric": False, "array": frame["upper"] - frame["value"],
                 "arrayminus": frame["value"] - frame["lower"], "color": "#424242", "thickness": 1.5},
        hovertemplate="%{y}: %{x:,.2f}<extra></extra>",
    )
    england = frame.loc[frame["area"] == "England", "value"]
    if len(england):
        figure.add_vline(x=float(england.iloc[0]), line={"color": "#9E9E9E", "dash": "dot"})
    base_layout(figure, title, height=300)
    figure.update_xaxes(title_text=x_title, rangemode="tozero", showgrid=True, gridcolor="#EEEEEE")
    figure.update_yaxes(title_text="Area", automargin=True)
    figure.update_layout(showlegend=False, margin={"l": 10, "r": 20, "t": 50, "b": 40})
    return figure
