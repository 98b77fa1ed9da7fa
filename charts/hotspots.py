"""Charts of the Hotspots page: pure DataFrame -> plotly Figure functions.

Maps are `choroplethmap` traces on the blank "white-bg" style (no tiles, no text on the map:
map text needs glyph fonts from the network). Every map has a table on the page, hot and cold
spots are named in the legend and the hover, and the density is drawn in British National Grid
metres as a plain heatmap, so nothing needs the network and nothing is said by colour alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import NEUTRAL_GREY, OKABE_ITO, SEQUENTIAL, TEXT_COLOUR, base_layout, map_layout

MAP_CENTRE = {"lat": 52.33, "lon": -1.55}
# Gi* class key -> fill colour, hottest first (diverging red-blue, light grey when not significant);
# the words for each class come from the model (models/hotspots.py GI_LABELS).
GI_COLOURS = {
    "hot_0.99": "#B2182B", "hot_0.95": "#EF8A62", "hot_0.9": "#FDDBC7", "not_significant": "#F0F0F0",
    "cold_0.9": "#D1E5F0", "cold_0.95": "#67A9CF", "cold_0.99": "#2166AC",
}


def _map_layout(figure: go.Figure, title: str, height: int = 560) -> go.Figure:
    return map_layout(figure, title, height, MAP_CENTRE, 8.3, clickmode="event+select",
                      legend={"orientation": "v", "x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"})


def _selected_outline(figure: go.Figure, geojson: dict, selected: str | None) -> None:
    if selected:
        figure.add_choroplethmap(
            geojson=geojson, locations=[selected], z=[0], colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            showscale=False, marker={"line": {"color": TEXT_COLOUR, "width": 4}}, name="Selected LSOA",
            showlegend=True, hoverinfo="skip",
        )


def lsoa_value_map(frame: pd.DataFrame, geojson: dict, value: str, value_label: str, title: str,
                   selected: str | None = None) -> go.Figure:
    """LSOA choropleth of one measure (cividis); LSOAs with no value in grey, named in the hover."""
    known = frame[frame[value].notna()]
    missing = frame[frame[value].isna()]
    figure = go.Figure()
    if len(missing):
        figure.add_choroplethmap(
            geojson=geojson, locations=missing["lsoa_code"], z=[0] * len(missing),
            colorscale=[[0, NEUTRAL_GREY], [1, NEUTRAL_GREY]], showscale=False, name="No value (no population)",
            text=missing["lsoa_name"], hovertemplate="%{text}: no value (no Census 2021 population)<extra></extra>",
            showlegend=True,
        )
    figure.add_choroplethmap(
        geojson=geojson, locations=known["lsoa_code"], z=known[value], colorscale=SEQUENTIAL,
        marker={"line": {"color": "white", "width": 0.5}}, colorbar={"title": {"text": value_label}, "thickness": 14},
        text=known["lsoa_name"], customdata=known[["offence_count"]],
        hovertemplate="%{text}<br>" + value_label + ": %{z:,.2f}<br>%{customdata[0]:,} offences<extra></extra>",
        name=value_label,
    )
    _selected_outline(figure, geojson, selected)
    return _map_layout(figure, title)


MORAN_COLOURS = {"high-high": "#B2182B", "high-low": "#EF8A62", "not_significant": "#F0F0F0",
                 "low-high": "#67A9CF", "low-low": "#2166AC"}


def gi_map(frame: pd.DataFrame, geojson: dict, title: str, labels: dict[str, str],
           selected: str | None = None) -> go.Figure:
    """Gi* hot and cold spots: one trace per class, each named (`labels`) in the legend and the hover."""
    return class_map(frame, geojson, title, "gi_class", GI_COLOURS, labels, selected)


def class_map(frame: pd.DataFrame, geojson: dict, title: str, column: str, colours: dict[str, str],
              labels: dict[str, str], selected: str | None = None) -> go.Figure:
    """LSOAs coloured by a class (Gi* or local Moran's I): one trace per class, each named in the
    legend (with its count) and the hover, so the class is read, not inferred from colour."""
    figure = go.Figure()
    for key, colour in colours.items():
        label = labels[key]
        rows = frame[frame[column] == key]
        if rows.empty:
            continue
        figure.add_choroplethmap(
            geojson=geojson, locations=rows["lsoa_code"], z=[0] * len(rows), colorscale=[[0, colour], [1, colour]],
            showscale=False, marker={"line": {"color": "#9E9E9E", "width": 0.5}}, name=f"{label} ({len(rows)})",
            showlegend=True, text=rows["lsoa_name"], customdata=rows[["statistic", "p"]],
            hovertemplate="%{text}<br>" + label + "<br>statistic %{customdata[0]:.2f}, p = %{customdata[1]:.3f}"
            "<extra></extra>",
        )
    _selected_outline(figure, geojson, selected)
    return _map_layout(figure, title)


def imd_map(frame: pd.DataFrame, geojson: dict, title: str, selected: str | None = None) -> go.Figure:
    """IMD 2019 decile of each LSOA (1 = most deprived 10% in England), with the rate in the hover."""
    figure = go.Figure()
    figure.add_choroplethmap(
        geojson=geojson, locations=frame["lsoa_code"], z=frame["imd_decile"], zmin=1, zmax=10,
        colorscale=SEQUENTIAL, reversescale=True, marker={"line": {"color": "white", "width": 0.5}},
        colorbar={"title": {"text": "IMD decile<br>1 = most<br>deprived"}, "thickness": 14, "tickvals": list(range(1, 11))},
        text=frame["lsoa_name"], customdata=frame[["offence_count", "rate_per_1000"]],
        hovertemplate="%{text}<br>IMD decile %{z}<br>%{customdata[0]:,} offences, %{customdata[1]:.2f} per 1,000"
        "<extra></extra>", name="IMD decile",
    )
    _selected_outline(figure, geojson, selected)
    return _map_layout(figure, title)


def density_heatmap(grid: dict, outlines: list[tuple[np.ndarray, np.ndarray]], title: str) -> go.Figure:
    """Kernel density on a British National Grid raster (metres), district outlines on top.

    `grid`: x (eastings of cell centres), y (northings), density (offences per km2, rows = y).
    """
    # cells below 0.01 per km² are left blank; the colour scale stops at the 99.5th percentile so
    # that town centres do not flatten everything else (the hover and the table give true values)
    density = np.where(grid["density"] >= 0.01, np.round(grid["density"], 2), np.nan)
    top = float(np.nanpercentile(density, 99.5)) if np.isfinite(density).any() else 1.0
    figure = go.Figure(
        go.Heatmap(
            x=grid["x"], y=grid["y"], z=density, colorscale=SEQUENTIAL, reversescale=False, zmin=0, zmax=top,
            colorbar={"title": {"text": "offences<br>per km²<br>(capped)"}, "thickness": 14},
            hovertemplate="E %{x:.0f} m, N %{y:.0f} m: %{z:.1f} per km²<extra></extra>", name="Density",
        )
    )
    for index, (xs, ys) in enumerate(outlines):
        figure.add_scatter(x=xs, y=ys, mode="lines", line={"color": TEXT_COLOUR, "width": 1}, hoverinfo="skip",
                           showlegend=index == 0, name="District boundaries")
    base_layout(figure, title, height=620)
    figure.update_xaxes(title_text="Easting (metres, British National Grid)", showgrid=False, constrain="domain")
    figure.update_yaxes(title_text="Northing (metres)", scaleanchor="x", scaleratio=1, showgrid=False,
                        rangemode="normal")
    figure.update_layout(plot_bgcolor="white")
    return figure


def lorenz_chart(curve: pd.DataFrame, title: str, place_label: str = "LSOAs") -> go.Figure:
    """Lorenz curve with the line of perfect equality and (when sparse) of maximal equality."""
    figure = go.Figure()
    figure.add_scatter(x=[0, 100], y=[0, 100], mode="lines", name="Perfect equality",
                       line={"color": NEUTRAL_GREY, "dash": "dot", "width": 2}, hoverinfo="skip")
    if not np.allclose(curve["share_max_equality"], curve["share_of_places"]):
        figure.add_scatter(x=100 * curve["share_of_places"], y=100 * curve["share_max_equality"], mode="lines",
                           name="Maximal equality (fewer crimes than places)",
                           line={"color": OKABE_ITO[1], "dash": "dash", "width": 2}, hoverinfo="skip")
    figure.add_scatter(
        x=100 * curve["share_of_places"], y=100 * curve["share_of_crimes"], mode="lines", name="Lorenz curve",
        line={"color": OKABE_ITO[0], "width": 3},
        hovertemplate=f"%{{x:.1f}}% of {place_label} with the fewest hold %{{y:.1f}}%<extra></extra>",
    )
    base_layout(figure, title, height=420)
    figure.update_xaxes(title_text=f"% of {place_label} (fewest first)", range=[0, 100])
    figure.update_yaxes(title_text="% of offences held", range=[0, 100])
    return figure


def decile_bars(table: pd.DataFrame, value_label: str, title: str) -> go.Figure:
    """Rate by IMD decile, bars labelled with their value (1 = most deprived)."""
    figure = go.Figure(
        go.Bar(
            x=[f"{int(d)}" for d in table["imd_decile"]], y=table["rate_per_1000"], marker={"color": OKABE_ITO[0]},
            text=[f"{value:.2f}" for value in table["rate_per_1000"]], textposition="outside",
            customdata=table[["offence_count", "pop_all_ages"]],
            hovertemplate="Decile %{x}: %{y:.2f} per 1,000 (%{customdata[0]:,} offences, %{customdata[1]:,} residents)"
            "<extra></extra>", name=value_label,
        )
    )
    base_layout(figure, title, height=380)
    figure.update_xaxes(title_text="IMD 2019 decile (1 = most deprived 10% of England)", type="category")
    figure.update_yaxes(title_text=value_label)
    return figure


def profile_months(frame: pd.DataFrame, title: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=frame["month"], y=frame["offence_count"], marker={"color": OKABE_ITO[4]},
                              hovertemplate="%{x|%b %Y}: %{y} offences<extra></extra>", name="Offences"))
    base_layout(figure, title, height=280)
    figure.update_xaxes(title_text="Month")
    figure.update_yaxes(title_text="Offences")
    return figure


def profile_mix(frame: pd.DataFrame, title: str) -> go.Figure:
    figure = go.Figure(go.Bar(y=frame["offence"], x=frame["offence_count"], orientation="h", text=frame["offence_count"],
                              textposition="outside", marker={"color": OKABE_ITO[2]}, name="Offences",
                              hovertemplate="%{y}: %{x}<extra></extra>"))
    base_layout(figure, title, height=max(220, 60 + 30 * len(frame)))
    figure.update_xaxes(title_text="Offences")
    figure.update_yaxes(title_text="Offence type", autorange="reversed", rangemode="normal")
    return figure


def profile_hours(frame: pd.DataFrame, title: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=[f"{h:02d}" for h in frame["hour_of_day"]], y=frame["offence_count"],
                              marker={"color": OKABE_ITO[3]}, name="Offences",
                              hovertemplate="%{x}:00-%{x}:59: %{y}<extra></extra>"))
    base_layout(figure, title, height=280)
    figure.update_xaxes(title_text="Hour of day", type="category")
    figure.update_yaxes(title_text="Offences")
    return figure
