"""Charts of the Indicators page and the meeting pack: control charts and benchmark charts."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.common import NEUTRAL_GREY, OKABE_ITO, TEXT_COLOUR, base_layout
from stats.spc import SpcResult

CHART_NAMES = {"xmr": "XmR chart", "c": "c-chart", "g": "g-chart"}
IMPROVEMENT, CONCERN = OKABE_ITO[0], OKABE_ITO[5]


def _special_cause_kind(direction, polarity: str) -> str:
    if polarity == "neutral":
        return "special cause"
    good = "high" if polarity == "higher_is_better" else "low"
    return "improvement" if direction == good else "concern"


def spc_chart(points: pd.DataFrame, result: SpcResult, title: str, y_title: str, polarity: str,
              target: float | None = None) -> go.Figure:
    """A Making Data Count control chart.

    `points` has columns label and value (one row per point of `result`). Special-cause points are
    drawn with a distinct marker shape and named in the legend (improvement: blue circle, concern:
    orange square), so meaning does not rest on colour; the limits are dashed, the centre solid.
    """
    frame = points.reset_index(drop=True).copy()
    flags = result.points.reset_index(drop=True)
    frame["kind"] = [
        _special_cause_kind(direction, polarity) if special else "common"
        for special, direction in zip(flags["special_cause"], flags["direction"], strict=True)
    ]
    x = frame["label"]
    figure = go.Figure()
    figure.add_scatter(x=x, y=frame["value"], mode="lines+markers", name="Value",
                       line={"color": NEUTRAL_GREY, "width": 2}, marker={"color": "#616161", "size": 6},
                       hovertemplate="%{x}: %{y:,.2f}<extra></extra>")
    for kind, colour, symbol in (("improvement", IMPROVEMENT, "circle"), ("concern", CONCERN, "square"),
                                 ("special cause", OKABE_ITO[3], "diamond")):
        chosen = frame[frame["kind"] == kind]
        if len(chosen):
            figure.add_scatter(x=chosen["label"], y=chosen["value"], mode="markers",
                               name=f"Special cause: {kind}",
                               marker={"color": colour, "size": 11, "symbol": symbol,
                                       "line": {"color": "white", "width": 1}},
                               hovertemplate="%{x}: %{y:,.2f} (special cause)<extra></extra>")
    centre_name = "Median (geometric)" if result.chart == "g" else "Mean"
    _line(figure, x, result.centre, centre_name, TEXT_COLOUR, "solid")
    _line(figure, x, result.upper_limit, "Upper process limit", TEXT_COLOUR, "dash")
    _line(figure, x, result.lower_limit, "Lower process limit", TEXT_COLOUR, "dash")
    if target is not None and not math.isnan(target):
        _line(figure, x, target, "Target (this year)", OKABE_ITO[2], "dot")
    base_layout(figure, f"{title} ({CHART_NAMES[result.chart]})", height=380)
    figure.update_yaxes(title_text=y_title)
    figure.update_xaxes(type="category", nticks=8, tickangle=0)
    figure.update_layout(legend={"font": {"size": 11}, "y": -0.15}, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return figure


def _line(figure: go.Figure, x, value: float, name: str, colour: str, dash: str) -> None:
    figure.add_scatter(x=x, y=[value] * len(x), mode="lines", name=name,
                       line={"color": colour, "dash": dash, "width": 1.5},
                       hovertemplate=f"{name}: %{{y:,.2f}}<extra></extra>")


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
    figure.update_yaxes(automargin=True)
    figure.update_layout(showlegend=False, margin={"l": 10, "r": 20, "t": 50, "b": 40})
    return figure
