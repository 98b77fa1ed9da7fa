"""Palette and layout shared by every chart: colour-blind-safe, meaning never by colour alone, and
every text at least 4.5:1 against what it is drawn on (WCAG 2.2 AA; docs/ACCESSIBILITY.md).

Every chart sets its own text colours through `TEMPLATE`, so a figure reads the same in the
dashboard (shown with Streamlit's plotly theme switched off), in the meeting pack and in a download.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import get_colorscale, sample_colorscale, unlabel_rgb

# Okabe & Ito (2008) colour-blind-safe qualitative palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Perceptually uniform sequential scale readable with colour-vision deficiency.
SEQUENTIAL = "Cividis"
DIVERGING = [[0.0, "#2166AC"], [0.5, "#F7F7F7"], [1.0, "#B2182B"]]
NEUTRAL_GREY = "#BDBDBD"  # fills and lines only: 1.9:1 on white, never used for text
TEXT_COLOUR = "#0B0C0C"  # GOV.UK text colour, 19.6:1 on white
SECONDARY_TEXT = "#505A5F"  # GOV.UK secondary text colour, 7.0:1 on white
PAPER = "#FFFFFF"
FONT = "Source Sans Pro, Arial, sans-serif"
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]

_TEXT = {"family": FONT, "color": TEXT_COLOUR}
TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font={**_TEXT, "size": 13}, title={"font": _TEXT}, paper_bgcolor=PAPER, plot_bgcolor=PAPER,
    colorway=OKABE_ITO, legend={"font": _TEXT}, hoverlabel={"bgcolor": PAPER, "font": _TEXT},
    xaxis={"tickfont": _TEXT, "title": {"font": _TEXT}}, yaxis={"tickfont": _TEXT, "title": {"font": _TEXT}},
)


def base_layout(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Apply the house layout: readable title, plain background, legend under the plot."""
    figure.update_layout(
        template=TEMPLATE,
        title={"text": title, "x": 0, "font": {"size": 16, "color": TEXT_COLOUR}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT, "color": TEXT_COLOUR, "size": 13},
        plot_bgcolor=PAPER,
        paper_bgcolor=PAPER,
        # at the foot of the figure, under the x axis title (the margin grows to hold it)
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        hoverlabel={"font": {"family": FONT, "color": TEXT_COLOUR}, "bgcolor": PAPER},
    )
    figure.update_xaxes(showgrid=False, linecolor="#757575")
    figure.update_yaxes(gridcolor="#E0E0E0", zerolinecolor="#757575", rangemode="tozero")
    return figure


def map_layout(figure: go.Figure, title: str, height: int, centre: dict, zoom: float, **layout) -> go.Figure:
    """The house layout for a map: blank 'white-bg' style (no tiles), the house text colours."""
    figure.update_layout(
        template=TEMPLATE, map={"style": "white-bg", "center": centre, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=height,
        title={"text": title, "x": 0, "font": {"size": 16, "color": TEXT_COLOUR}},
        font={"family": FONT, "color": TEXT_COLOUR}, paper_bgcolor=PAPER, **layout,
    )
    return figure


def _luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of '#RRGGBB' or 'rgb(r, g, b)'."""
    if colour.startswith("#"):
        channels = [int(colour[index:index + 2], 16) for index in (1, 3, 5)]
    else:
        channels = unlabel_rgb(colour)
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_on(background: str) -> str:
    """Black or white, whichever contrasts more with `background`: at least 4.58:1 on any colour,
    since black and white bracket every luminance (the house black, #0B0C0C, only 4.42:1)."""
    light = _luminance(background)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else PAPER


def scale_colours(values, colorscale: str, low: float, high: float) -> list[str]:
    """The colour each value gets on `colorscale` running from `low` to `high` (as plotly draws it)."""
    span = (high - low) or 1.0
    positions = [min(max((float(value) - low) / span, 0.0), 1.0) for value in values]
    return sample_colorscale(get_colorscale(colorscale), positions)


def add_cell_labels(figure: go.Figure, cells: list[tuple], colorscale: str, low: float, high: float,
                    empty: str = PAPER, size: int = 10) -> go.Figure:
    """Label heatmap cells with text in black or white, whichever reads better on the cell's colour.

    `cells`: (x, y, value or None, text); a cell with no value shows `empty` (the plot background).
    Plotly's own heatmap labels pick #444 or white, which reads at under 3:1 on mid-cividis.
    """
    values = [value for _, _, value, _ in cells]
    filled = scale_colours([0 if value is None else value for value in values], colorscale, low, high)
    colours = [readable_on(empty if value is None else colour) for value, colour in zip(values, filled, strict=True)]
    figure.add_scatter(
        x=[cell[0] for cell in cells], y=[cell[1] for cell in cells], text=[cell[3] for cell in cells],
        mode="text", textfont={"family": FONT, "size": size, "color": colours}, hoverinfo="skip", showlegend=False,
        name="Cell values",
    )
    return figure
