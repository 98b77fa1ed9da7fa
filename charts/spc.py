"""The one control-chart figure (Making Data Count style), for the Trends and Indicators pages and
the meeting pack: values, centre line and process limits per rebase group, an optional target,
and each special-cause point marked by its point type with its own shape and legend name, so the
meaning never rests on colour."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.common import NEUTRAL_GREY, OKABE_ITO, TEXT_COLOUR, base_layout
from stats.spc import SpcResult

CHART_NAMES = {"xmr": "XmR chart", "c": "c-chart", "g": "g-chart"}
# point type -> legend name, colour, marker shape
POINT_STYLES = {
    "special_cause_improvement": ("Special cause: improvement", OKABE_ITO[0], "circle"),
    "special_cause_concern": ("Special cause: concern", OKABE_ITO[5], "square"),
    "special_cause_neutral_high": ("Special cause: high (neither better nor worse)", OKABE_ITO[3], "triangle-up"),
    "special_cause_neutral_low": ("Special cause: low (neither better nor worse)", OKABE_ITO[3], "triangle-down"),
}


def control_chart(x, result: SpcResult, title: str, y_title: str, target: float | None = None,
                  categorical: bool = True, x_title: str = "Period") -> go.Figure:
    """A control chart of `result` with `x` (labels or dates, one per point)."""
    points = result.points.reset_index(drop=True).assign(x=list(x))
    figure = go.Figure()
    figure.add_scatter(x=points["x"], y=points["value"], mode="lines+markers", name="Value",
                       line={"color": NEUTRAL_GREY, "width": 2}, marker={"color": "#616161", "size": 6},
                       hovertemplate="%{x}: %{y:,.2f}<extra></extra>")
    for point_type, (name, colour, symbol) in POINT_STYLES.items():
        chosen = points[points["point_type"] == point_type]
        if len(chosen):
            figure.add_scatter(x=chosen["x"], y=chosen["value"], mode="markers", name=name,
                               marker={"color": colour, "size": 11, "symbol": symbol,
                                       "line": {"color": "white", "width": 1}},
                               customdata=chosen[["rules"]],
                               hovertemplate="%{x}: %{y:,.2f}<br>rules: %{customdata[0]}<extra>" + name + "</extra>")
    centre_name = "Median (geometric)" if result.chart == "g" else "Mean"
    for column, name, dash in (("centre", centre_name, "solid"), ("upper_limit", "Upper process limit", "dash"),
                               ("lower_limit", "Lower process limit", "dash")):
        _steps(figure, points, column, name, dash)
    if target is not None and not math.isnan(target):
        figure.add_scatter(x=points["x"], y=[target] * len(points), mode="lines", name="Target (this year)",
                           line={"color": OKABE_ITO[2], "dash": "dot", "width": 1.5},
                           hovertemplate=f"Target: {target:,.2f}<extra></extra>")
    base_layout(figure, f"{title} ({CHART_NAMES[result.chart]})", height=400)
    figure.update_yaxes(title_text=y_title)
    figure.update_xaxes(title_text=x_title)
    if categorical:
        labels = list(points["x"])
        step = max(1, math.ceil(len(labels) / 7))  # about seven labels, so that they never overlap
        figure.update_xaxes(type="category", tickangle=0, tickmode="array", tickvals=labels[::-step][::-1],
                            ticktext=labels[::-step][::-1])
    figure.update_layout(legend={"font": {"size": 11}}, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return figure


def _steps(figure: go.Figure, points: pd.DataFrame, column: str, name: str, dash: str) -> None:
    """One line per rebase group, so limits recalculated after a rebase are drawn as a step."""
    for index, (_, group) in enumerate(points.groupby("rebase_group", sort=False)):
        figure.add_scatter(x=group["x"], y=group[column], mode="lines", name=name, legendgroup=name,
                           showlegend=index == 0, line={"color": TEXT_COLOUR, "dash": dash, "width": 1.5},
                           hovertemplate=f"{name}: %{{y:,.2f}}<extra></extra>")
