"""Charts of the Cross-border page: pure DataFrame -> plotly Figure functions.

Suppressed cells ([c]) arrive as missing values: they are drawn as thin grey lines, gaps or
hatched bars, never as numbers. Maps use `choroplethmap`/`scattermap` on the blank white-bg
style (no tiles, no text on the map: map text needs glyph fonts from the network).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    MARKERS,
    NEUTRAL_GREY,
    OKABE_ITO,
    SEQUENTIAL,
    TEXT_COLOUR,
    add_cell_labels,
    base_layout,
    map_layout,
)

MAP_CENTRE = {"lat": 52.33, "lon": -1.62}
MATRIX_BACKGROUND = "#F5F5F5"  # suppressed cells and the margins


def flow_map(flows: pd.DataFrame, rates: pd.DataFrame, geojson: dict, centroids: pd.DataFrame, title: str) -> go.Figure:
    """Lines from each origin (neighbouring district or 'elsewhere') to each Warwickshire district.

    `flows`: origin_code, origin_name, destination_code, destination_name, offence_count (<NA> =
    suppressed); `rates`: district_code, district_name, is_warwickshire, rate_per_1000;
    `centroids`: code, lat, lon (incl. 'elsewhere'). Line width grows with the count.
    """
    figure = go.Figure()
    neighbours = rates[~rates["is_warwickshire"]]
    county = rates[rates["is_warwickshire"]]
    figure.add_choroplethmap(
        geojson=geojson, locations=neighbours["district_code"], z=neighbours["rate_per_1000"],
        colorscale=SEQUENTIAL, marker={"opacity": 0.55, "line": {"color": "white", "width": 1}},
        colorbar={"title": {"text": "Neighbour rate<br>per 1,000"}, "thickness": 12, "x": 1.0},
        text=neighbours["district_name"],
        hovertemplate="%{text}: %{z:.2f} serious violence offences per 1,000 (police.uk)<extra></extra>",
        name="Neighbouring districts",
    )
    figure.add_choroplethmap(
        geojson=geojson, locations=county["district_code"], z=[0] * len(county),
        colorscale=[[0, "#F5F5F5"], [1, "#F5F5F5"]], showscale=False,
        marker={"line": {"color": TEXT_COLOUR, "width": 2}}, text=county["district_name"],
        hovertemplate="%{text} (Warwickshire, destination)<extra></extra>", name="Warwickshire districts",
    )
    where = centroids.set_index("code")
    shown = flows.dropna(subset=["offence_count"])
    biggest = float(shown["offence_count"].max()) if len(shown) else 1.0
    for row in flows.itertuples():
        if row.origin_code not in where.index or row.destination_code not in where.index:
            continue
        start, end = where.loc[row.origin_code], where.loc[row.destination_code]
        hidden = pd.isna(row.offence_count)
        if not hidden and row.offence_count == 0:
            continue
        width = 1.0 if hidden else 1.5 + 10.0 * float(row.offence_count) / biggest
        label = "[c] (suppressed)" if hidden else f"{int(row.offence_count):,} offences"
        figure.add_scattermap(
            lat=[start["lat"], end["lat"]], lon=[start["lon"], end["lon"]], mode="lines",
            line={"width": width, "color": NEUTRAL_GREY if hidden else OKABE_ITO[5]}, opacity=0.85,
            hovertemplate=f"{row.origin_name} → {row.destination_name}: {label}<extra></extra>", showlegend=False,
        )
    origins = where.loc[[code for code in flows["origin_code"].unique() if code in where.index]]
    figure.add_scattermap(
        lat=origins["lat"], lon=origins["lon"], mode="markers", marker={"size": 9, "color": TEXT_COLOUR},
        text=origins["name"], hovertemplate="%{text} (origin)<extra></extra>", showlegend=False,
    )
    destinations = where.loc[[code for code in flows["destination_code"].unique() if code in where.index]]
    figure.add_scattermap(
        lat=destinations["lat"], lon=destinations["lon"], mode="markers",
        marker={"size": 14, "color": OKABE_ITO[5]}, text=destinations["name"],
        hovertemplate="%{text} (destination)<extra></extra>", showlegend=False,
    )
    return map_layout(figure, title, 520, MAP_CENTRE, 6.95, showlegend=False)


def flow_matrix(matrix: pd.DataFrame, title: str, share: bool = False) -> go.Figure:
    """Heatmap of origin (rows) x destination (columns) counts; [c] cells left blank and labelled."""
    values = matrix.apply(pd.to_numeric, errors="coerce").astype(float)
    labels = matrix.map(lambda v: "[c]" if pd.isna(v) else (f"{v:.1f}%" if share else f"{int(v):,}"))
    # Margins (last row and column) are labelled but not coloured, so they do not flatten the scale.
    values.iloc[-1, :] = np.nan
    values.iloc[:, -1] = np.nan
    grid = values.to_numpy()
    high = float(np.nanmax(grid)) if np.isfinite(grid).any() else 1.0
    figure = go.Figure(go.Heatmap(
        z=grid, x=list(matrix.columns), y=list(matrix.index), text=labels.to_numpy(), zmin=0, zmax=high,
        colorscale=SEQUENTIAL, colorbar={"title": {"text": "%" if share else "Offences"}, "thickness": 12},
        hovertemplate="%{y} → %{x}: %{text}<extra></extra>", xgap=1, ygap=1,
    ))
    cells = [(column, row, None if np.isnan(grid[i, j]) else grid[i, j], labels.iat[i, j])
             for i, row in enumerate(matrix.index) for j, column in enumerate(matrix.columns)]
    add_cell_labels(figure, cells, SEQUENTIAL, 0, high, empty=MATRIX_BACKGROUND, size=12)
    base_layout(figure, title, height=max(320, 26 * len(matrix) + 120))
    figure.update_yaxes(title_text="Suspect lives in", autorange="reversed", rangemode=None, gridcolor=None)
    figure.update_xaxes(title_text="Offence in (district)", side="bottom", automargin=True)  # names rotate when they would overlap
    figure.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 10}, plot_bgcolor=MATRIX_BACKGROUND)
    return figure


def share_by_district(shares: pd.DataFrame, title: str) -> go.Figure:
    """Bars of the out-of-county share by district with 95% Wilson intervals."""
    frame = shares.dropna(subset=["share_pct"])
    figure = go.Figure(go.Bar(
        x=frame["share_pct"], y=frame["district_name"], orientation="h", marker={"color": OKABE_ITO[0]},
        error_x={"type": "data", "symmetric": False, "array": frame["upper_pct"] - frame["share_pct"],
                 "arrayminus": frame["share_pct"] - frame["lower_pct"], "color": TEXT_COLOUR},
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>", name="Share",
    ))
    base_layout(figure, title, height=320)
    figure.update_xaxes(title_text="% of offences with a known suspect home", rangemode="tozero")
    figure.update_yaxes(title_text="District")
    return figure


def share_trend(points: pd.DataFrame, centre: float | None, lower: float | None, upper: float | None,
                title: str) -> go.Figure:
    """Share per financial quarter (`month` = the quarter's first day) with 95% Wilson band, XmR
    centre and limits; special-cause quarters marked with a different symbol (not colour alone)."""
    figure = go.Figure()
    figure.add_scatter(
        x=list(points["month"]) + list(points["month"])[::-1],
        y=list(points["upper_pct"]) + list(points["lower_pct"])[::-1], fill="toself",
        fillcolor="rgba(86,180,233,0.25)", line={"width": 0}, hoverinfo="skip", name="95% interval",
    )
    special = points.get("special_cause", pd.Series(False, index=points.index)).fillna(False).astype(bool)
    figure.add_scatter(
        x=points["month"], y=points["share_pct"], mode="lines+markers", name="Share per quarter",
        line={"color": OKABE_ITO[0], "width": 2}, marker={"symbol": MARKERS[0], "size": 6},
        hovertemplate="Quarter from %{x|%b %Y}: %{y:.1f}%<extra></extra>", connectgaps=False,
    )
    if special.any():
        flagged = points[special]
        figure.add_scatter(
            x=flagged["month"], y=flagged["share_pct"], mode="markers", name="Special cause",
            marker={"symbol": "diamond", "size": 12, "color": OKABE_ITO[1], "line": {"color": TEXT_COLOUR, "width": 1}},
            hovertemplate="Quarter from %{x|%b %Y}: %{y:.1f}% (special cause)<extra></extra>",
        )
    for value, name, dash in ((centre, "Mean", "solid"), (lower, "Lower process limit", "dash"),
                              (upper, "Upper process limit", "dash")):
        if value is not None and np.isfinite(value):
            figure.add_scatter(x=[points["month"].min(), points["month"].max()], y=[value, value], mode="lines",
                               line={"color": TEXT_COLOUR if name == "Mean" else "#757575", "dash": dash, "width": 1.5},
                               name=name, hoverinfo="skip")
    base_layout(figure, title, height=380)
    figure.update_xaxes(title_text="Financial quarter (first month)")
    figure.update_yaxes(title_text="% with suspect living outside the county")
    return figure


def signals_by_district(signals: pd.DataFrame, title: str) -> go.Figure:
    """Rates per 1,000 of drugs offences and county-lines-flagged offences; patterns as well as colours."""
    figure = go.Figure()
    for column, name, colour, pattern in (("drugs_rate_per_1000", "Drugs offences", OKABE_ITO[2], ""),
                                          ("county_lines_rate_per_1000", "County-lines flagged", OKABE_ITO[3], "/")):
        figure.add_bar(x=signals["district_name"], y=signals[column], name=name,
                       marker={"color": colour, "pattern": {"shape": pattern}},
                       hovertemplate="%{x}: %{y:.2f} per 1,000<extra>" + name + "</extra>")
    base_layout(figure, title, height=360)
    figure.update_layout(barmode="group")
    figure.update_xaxes(title_text="District")
    figure.update_yaxes(title_text="per 1,000 residents")
    return figure


def band_rates(bands: pd.DataFrame, title: str) -> go.Figure:
    """Rate per 1,000 inside and outside the border band with 95% intervals."""
    figure = go.Figure(go.Bar(
        x=bands["band"], y=bands["rate_per_1000"], marker={"color": [OKABE_ITO[5], OKABE_ITO[4]][: len(bands)],
                                                           "pattern": {"shape": ["x", ""][: len(bands)]}},
        error_y={"type": "data", "symmetric": False, "array": bands["upper"] - bands["rate_per_1000"],
                 "arrayminus": bands["rate_per_1000"] - bands["lower"], "color": TEXT_COLOUR},
        hovertemplate="%{x}: %{y:.2f} per 1,000<extra></extra>",
    ))
    base_layout(figure, title, height=340)
    figure.update_xaxes(title_text="Area")
    figure.update_yaxes(title_text="per 1,000 residents")
    return figure


def band_map(lsoa_bands: pd.DataFrame, geojson: dict, title: str) -> go.Figure:
    """Which Warwickshire LSOAs fall in the border band (two shades plus a legend)."""
    figure = go.Figure()
    for in_band, name, colour in ((True, "In the border band", OKABE_ITO[5]), (False, "Rest of Warwickshire", "#D9D9D9")):
        part = lsoa_bands[lsoa_bands["in_band"] == in_band]
        figure.add_choroplethmap(
            geojson=geojson, locations=part["lsoa_code"], z=[1] * len(part),
            colorscale=[[0, colour], [1, colour]], showscale=False, marker={"line": {"color": "white", "width": 0.3}},
            name=name, showlegend=True, hovertemplate=f"{name}<extra></extra>",
        )
    return map_layout(figure, title, 420, {"lat": 52.33, "lon": -1.55}, 7.6,
                      legend={"orientation": "h", "y": 0.02, "x": 0.02, "bgcolor": "rgba(255,255,255,0.8)"})
