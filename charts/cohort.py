"""Charts of the Cohort page: pure DataFrame -> plotly Figure functions.

Suppressed counts ([c]) arrive as missing values and are drawn as gaps or left out, never as 0.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import DASHES, MARKERS, OKABE_ITO, SECONDARY_TEXT, TEXT_COLOUR, base_layout

AGENCY_LABELS = {"all": "Both agencies", "youth_justice": "Youth Justice", "probation": "Probation"}
LEVEL_ORDER = ["none", "universal", "selected", "indicated"]
PATTERNS = ["", "/", "x", ".", "\\", "+"]


def size_over_time(size: pd.DataFrame, title: str) -> go.Figure:
    """People entering the cohort per quarter, one line per agency (dash and marker differ)."""
    figure = go.Figure()
    for index, agency in enumerate(["all", "youth_justice", "probation"]):
        part = size[size["agency"] == agency].sort_values("quarter")
        figure.add_scatter(
            x=part["quarter"], y=part["person_count"].astype("Float64").astype(float), name=AGENCY_LABELS[agency],
            mode="lines+markers", connectgaps=False,
            line={"color": OKABE_ITO[index], "dash": DASHES[index], "width": 2},
            marker={"symbol": MARKERS[index], "size": 6},
            hovertemplate="%{x|%b %Y} quarter: %{y:,} people<extra>" + AGENCY_LABELS[agency] + "</extra>",
        )
    base_layout(figure, title)
    figure.update_xaxes(title_text="Financial quarter of entry")
    figure.update_yaxes(title_text="People entering per quarter")
    return figure


def category_bars(frame: pd.DataFrame, label: str, value: str, title: str, axis: str,
                  lower: str | None = None, upper: str | None = None, category_title: str = "") -> go.Figure:
    """Horizontal bars of `value` by `label`, with optional interval whiskers; missing = not drawn."""
    shown = frame.dropna(subset=[value])
    error = None
    if lower and upper:
        error = {"type": "data", "symmetric": False, "array": shown[upper] - shown[value],
                 "arrayminus": shown[value] - shown[lower], "color": TEXT_COLOUR}
    figure = go.Figure(go.Bar(x=shown[value], y=shown[label], orientation="h", marker={"color": OKABE_ITO[0]},
                              error_x=error, hovertemplate="%{y}: %{x:,.1f}<extra></extra>"))
    base_layout(figure, title, height=max(260, 34 * len(frame) + 110))
    figure.update_yaxes(title_text=category_title, autorange="reversed")
    figure.update_xaxes(title_text=axis, rangemode="tozero")
    return figure


def interventions_bars(frame: pd.DataFrame, title: str) -> go.Figure:
    """Interventions started and completed by pillar (x) and level (bars with patterns)."""
    figure = go.Figure()
    levels = [level for level in ["universal", "selected", "indicated"] if level in set(frame["level"])]
    for index, level in enumerate(levels):
        part = frame[frame["level"] == level]
        figure.add_bar(
            x=part["pillar_label"], y=part["started_count"].astype("Float64").astype(float), name=f"{level}: started",
            marker={"color": OKABE_ITO[index], "pattern": {"shape": PATTERNS[index]}},
            offsetgroup=level, hovertemplate="%{x}: %{y:,} started<extra>" + level + "</extra>",
        )
        figure.add_bar(
            x=part["pillar_label"], y=part["completed_count"].astype("Float64").astype(float),
            name=f"{level}: completed", offsetgroup=level, base=0,
            marker={"color": "rgba(0,0,0,0)", "line": {"color": TEXT_COLOUR, "width": 2}},
            hovertemplate="%{x}: %{y:,} completed<extra>" + level + "</extra>",
        )
    base_layout(figure, title, height=400)
    figure.update_layout(barmode="group")
    figure.update_xaxes(title_text="Strategy pillar")
    figure.update_yaxes(title_text="Interventions (outline = completed)")
    return figure


def pathway_sankey(links: pd.DataFrame, title: str) -> go.Figure:
    """Needs -> highest intervention level -> outcome. `links`: source, target, person_count."""
    shown = links.dropna(subset=["person_count"])
    shown = shown[shown["person_count"] > 0]
    nodes = list(dict.fromkeys(list(shown["source"]) + list(shown["target"])))
    index = {name: i for i, name in enumerate(nodes)}
    figure = go.Figure(go.Sankey(
        node={"label": nodes, "pad": 18, "thickness": 16, "color": [OKABE_ITO[i % 7] for i in range(len(nodes))],
              "line": {"color": TEXT_COLOUR, "width": 0.5}},
        link={"source": [index[s] for s in shown["source"]], "target": [index[t] for t in shown["target"]],
              "value": shown["person_count"].astype(int).tolist(), "color": "rgba(189,189,189,0.5)",
              "hovertemplate": "%{source.label} → %{target.label}: %{value:,} people<extra></extra>"},
    ))
    base_layout(figure, title, height=460)
    return figure


def empty_figure(title: str, message: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, font={"color": SECONDARY_TEXT, "size": 14})
    base_layout(figure, title, height=200)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure
