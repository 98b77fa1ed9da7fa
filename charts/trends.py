"""Charts of the Trends page: pure DataFrame -> plotly Figure functions.

Meaning is never carried by colour alone: every series has its own line dash and marker and is
named in the legend and the hover text; special-cause points are drawn with their own marker
and labelled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    DASHES,
    MARKERS,
    NEUTRAL_GREY,
    OKABE_ITO,
    SEQUENTIAL,
    TEXT_COLOUR,
    add_cell_labels,
    base_layout,
)

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _style(index: int) -> dict:
    return {
        "line": {"color": OKABE_ITO[index % len(OKABE_ITO)], "dash": DASHES[index % len(DASHES)], "width": 2},
        "marker": {"symbol": MARKERS[index % len(MARKERS)], "size": 6},
    }


def series_lines(frame: pd.DataFrame, value: str, value_label: str, title: str,
                 x_title: str = "Period starting") -> go.Figure:
    """One line per series over time. `frame`: period_start, series_label, `value`."""
    figure = go.Figure()
    for index, (label, rows) in enumerate(frame.groupby("series_label", sort=False)):
        figure.add_scatter(
            x=rows["period_start"], y=rows[value], name=str(label), mode="lines+markers", **_style(index),
            hovertemplate=f"{label}<br>%{{x|%d %b %Y}}: %{{y:,.2f}} {value_label}<extra></extra>",
        )
    base_layout(figure, title, height=420)
    figure.update_xaxes(title_text=x_title)
    figure.update_yaxes(title_text=value_label)
    return figure


def year_on_year_dumbbell(frame: pd.DataFrame, value_label: str, title: str,
                          category_title: str = "Series") -> go.Figure:
    """The period against the same months a year earlier, per series (two marker shapes)."""
    figure = go.Figure()
    for _, row in frame.iterrows():
        figure.add_scatter(
            x=[row["year_earlier"], row["this_period"]], y=[row["series_label"]] * 2, mode="lines",
            line={"color": NEUTRAL_GREY, "width": 3}, showlegend=False, hoverinfo="skip",
        )
    figure.add_scatter(
        x=frame["year_earlier"], y=frame["series_label"], mode="markers", name="Same months a year earlier",
        marker={"symbol": "circle-open", "size": 12, "color": OKABE_ITO[1], "line": {"width": 2}},
        hovertemplate="%{y}: %{x:,.2f} a year earlier<extra></extra>",
    )
    figure.add_scatter(
        x=frame["this_period"], y=frame["series_label"], mode="markers", name="This period",
        marker={"symbol": "diamond", "size": 12, "color": OKABE_ITO[0]},
        hovertemplate="%{y}: %{x:,.2f} this period<extra></extra>",
    )
    base_layout(figure, title, height=max(260, 70 + 40 * len(frame)))
    figure.update_xaxes(title_text=value_label, rangemode="tozero", showgrid=True, gridcolor="#E0E0E0")
    figure.update_yaxes(title_text=category_title, autorange="reversed", rangemode="normal")
    return figure


def seasonality_lines(frame: pd.DataFrame, title: str) -> go.Figure:
    """Month-of-year profile: one line per calendar year, the average as a thick black line.

    `frame`: month_of_year (1-12), year (int or 'Average'), offence_count.
    """
    figure = go.Figure()
    years = [year for year in frame["year"].unique() if year != "Average"]
    for index, year in enumerate(years):
        rows = frame[frame["year"] == year]
        figure.add_scatter(
            x=[MONTH_NAMES[m - 1] for m in rows["month_of_year"]], y=rows["offence_count"], name=str(year),
            mode="lines+markers", **_style(index + 1),
            hovertemplate=f"{year} %{{x}}: %{{y:,}}<extra></extra>",
        )
    average = frame[frame["year"] == "Average"]
    figure.add_scatter(
        x=[MONTH_NAMES[m - 1] for m in average["month_of_year"]], y=average["offence_count"],
        name="Average of complete years", mode="lines", line={"color": TEXT_COLOUR, "width": 4},
        hovertemplate="Average %{x}: %{y:,.1f}<extra></extra>",
    )
    base_layout(figure, title, height=400)
    figure.update_xaxes(title_text="Month of the year")
    figure.update_yaxes(title_text="Offences per month")
    return figure


def weekday_hour_heatmap(frame: pd.DataFrame, title: str) -> go.Figure:
    """Day of week x hour counts (cividis), each cell labelled with its count."""
    grid = frame.pivot(index="day_of_week", columns="hour_of_day", values="offence_count").sort_index()
    hours, days = [f"{hour:02d}" for hour in grid.columns], [DAY_NAMES[d - 1] for d in grid.index]
    values = grid.to_numpy(dtype=float)
    high = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    figure = go.Figure(
        go.Heatmap(
            z=values, x=hours, y=days, zmin=0, zmax=high, colorscale=SEQUENTIAL,
            colorbar={"title": {"text": "offences"}, "thickness": 14},
            hovertemplate="%{y} %{x}:00-%{x}:59: %{z:,} offences<extra></extra>",
        )
    )
    cells = [(hour, day, None if np.isnan(value) else value, "" if np.isnan(value) else f"{value:,.0f}")
             for day, row in zip(days, values, strict=True) for hour, value in zip(hours, row, strict=True)]
    add_cell_labels(figure, cells, SEQUENTIAL, 0, high)
    base_layout(figure, title, height=380)
    figure.update_xaxes(title_text="Hour of day (starting)", side="bottom")
    figure.update_yaxes(title_text="Day of week", autorange="reversed", rangemode="normal", gridcolor="white")
    return figure
