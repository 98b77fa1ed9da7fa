"""Charts of the Overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import NEUTRAL_GREY, OKABE_ITO, SEQUENTIAL, TEXT_COLOUR, base_layout, map_layout


def monthly_trend(monthly: pd.DataFrame, title: str, highlight_start=None) -> go.Figure:
    """Monthly counts as bars with the rolling 12-month average as a line.

    `monthly` has columns month, offence_count (consecutive months). The rolling line starts at
    the twelfth month.
    """
    frame = monthly.sort_values("month").copy()
    frame["rolling_12m_mean"] = frame["offence_count"].rolling(12, min_periods=12).mean()
    figure = go.Figure()
    figure.add_bar(
        x=frame["month"],
        y=frame["offence_count"],
        name="Monthly count",
        marker={"color": OKABE_ITO[4]},
        hovertemplate="%{x|%b %Y}: %{y:,} offences<extra></extra>",
    )
    figure.add_scatter(
        x=frame["month"],
        y=frame["rolling_12m_mean"],
        name="Rolling 12-month average",
        mode="lines",
        line={"color": TEXT_COLOUR, "width": 3, "dash": "solid"},
        hovertemplate="%{x|%b %Y}: 12-month average %{y:,.1f}<extra></extra>",
    )
    if highlight_start is not None:
        figure.add_vrect(
            x0=pd.Timestamp(highlight_start) - pd.Timedelta(days=15),
            x1=frame["month"].max() + pd.Timedelta(days=15),
            fillcolor="#E0E0E0",
            opacity=0.35,
            line_width=0,
            annotation_text="Period under review",
            annotation_position="top left",
        )
    base_layout(figure, title)
    figure.update_xaxes(title_text="Month")
    figure.update_yaxes(title_text="Offences per month")
    return figure


def district_rate_map(rates: pd.DataFrame, geojson: dict, title: str) -> go.Figure:
    """Choropleth of rate per 1,000 for Warwickshire districts; neighbours in grey for context.

    Drawn with `choroplethmap` on a blank ('white-bg') style: no tiles or fonts from the network.
    Text labels are not drawn on the map (map text needs glyph fonts from the network); the page
    shows the same rates in a table beside it, so nothing is carried by colour alone.
    """
    county = rates[rates["is_warwickshire"]]
    neighbours = rates[~rates["is_warwickshire"]]
    figure = go.Figure()
    figure.add_choroplethmap(
        geojson=geojson,
        locations=neighbours["district_code"],
        z=[0] * len(neighbours),
        colorscale=[[0, NEUTRAL_GREY], [1, NEUTRAL_GREY]],
        showscale=False,
        marker={"opacity": 0.45},
        text=neighbours["district_name"],
        hovertemplate="%{text} (neighbour, context only)<extra></extra>",
        name="Neighbouring districts",
    )
    figure.add_choroplethmap(
        geojson=geojson,
        locations=county["district_code"],
        z=county["rate_per_1000"],
        colorscale=SEQUENTIAL,
        marker={"line": {"color": "white", "width": 1.5}},
        colorbar={"title": {"text": "per 1,000"}, "thickness": 14},
        text=county["district_name"],
        customdata=county[["offence_count"]],
        hovertemplate="%{text}: %{z:.2f} per 1,000 (%{customdata[0]:,} offences)<extra></extra>",
        name="Warwickshire districts",
    )
    return map_layout(figure, title, 480, {"lat": 52.33, "lon": -1.55}, 7.6, showlegend=False)
