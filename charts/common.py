"""Palette and layout shared by every chart: colour-blind-safe, meaning never by colour alone."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe & Ito (2008) colour-blind-safe qualitative palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Perceptually uniform sequential scale readable with colour-vision deficiency.
SEQUENTIAL = "Cividis"
DIVERGING = [[0.0, "#2166AC"], [0.5, "#F7F7F7"], [1.0, "#B2182B"]]
NEUTRAL_GREY = "#BDBDBD"
TEXT_COLOUR = "#1A1A1A"
FONT = "Source Sans Pro, Arial, sans-serif"
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]


def base_layout(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Apply the house layout: readable title, plain background, legend under the plot."""
    figure.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT, "color": TEXT_COLOUR, "size": 13},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    figure.update_xaxes(showgrid=False, linecolor="#757575")
    figure.update_yaxes(gridcolor="#E0E0E0", zerolinecolor="#757575", rangemode="tozero")
    return figure
