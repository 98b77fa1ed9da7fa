"""Charts of the Delivery page and the pack's Delivery section: pure DataFrame -> plotly Figure.

Meaning is never carried by colour alone: every status or series has its own fill pattern and a
legend entry, bars carry their numbers as text, and over-commitment is written on the chart.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import OKABE_ITO, TEXT_COLOUR, base_layout

# status -> (label, colour, pattern): the order runs from not started to complete.
STATUS_STYLE = {
    "not_started": ("Not started", "#E0E0E0", "."),
    "on_track": ("On track", OKABE_ITO[2], ""),
    "at_risk": ("At risk", OKABE_ITO[1], "/"),
    "off_track": ("Off track", OKABE_ITO[5], "x"),
    "complete": ("Complete", OKABE_ITO[0], "+"),
}
MONEY_STYLE = {
    "budget_gbp": ("Budget", "#BDBDBD", ""),
    "committed_gbp": ("Committed", OKABE_ITO[0], "/"),
    "spent_gbp": ("Spent", OKABE_ITO[2], "x"),
}


def _pattern(shape: str) -> dict:
    """A light pattern over the fill colour, so bars differ by pattern as well as colour."""
    return {"shape": shape, "fillmode": "overlay", "fgcolor": TEXT_COLOUR, "fgopacity": 0.35, "size": 8,
            "solidity": 0.15}


def _thousands(value: float) -> str:
    return "£0" if value == 0 else f"£{value / 1000:,.1f}k"


def progress_by_pillar(progress: pd.DataFrame, title: str) -> go.Figure:
    """Actions per pillar as horizontal bars stacked by status (`progress`: one row per pillar with
    pillar_label and <status>_count columns)."""
    rows = progress[progress["pillar"] != "all"].sort_values("pillar_order", ascending=False)
    figure = go.Figure()
    for status, (label, colour, pattern) in STATUS_STYLE.items():
        counts = rows[f"{status}_count"].astype(int)
        figure.add_bar(
            y=rows["pillar_label"], x=counts, name=label, orientation="h", text=counts.where(counts > 0, None),
            textposition="inside", insidetextanchor="middle",
            marker={"color": colour, "pattern": _pattern(pattern), "line": {"color": TEXT_COLOUR, "width": 0.5}},
            textfont={"color": TEXT_COLOUR, "size": 14},
            hovertemplate="%{y}: %{x} " + label.lower() + "<extra></extra>",
        )
    base_layout(figure, title, height=320)
    figure.update_layout(barmode="stack", legend={"traceorder": "normal", "y": -0.3}, margin={"b": 40})
    figure.update_xaxes(title_text="Actions", dtick=5)
    figure.update_yaxes(title_text="Pillar")
    return figure


def fund_by_year(years: pd.DataFrame, title: str) -> go.Figure:
    """Budget, committed and spent per financial year as grouped bars, over-committed years named."""
    rows = years[years["financial_year"] != "all"]
    figure = go.Figure()
    for column, (label, colour, pattern) in MONEY_STYLE.items():
        figure.add_bar(
            x=rows["financial_year"], y=rows[column], name=label,
            text=[_thousands(value) for value in rows[column]], textposition="outside",
            marker={"color": colour, "pattern": _pattern(pattern), "line": {"color": TEXT_COLOUR, "width": 0.5}},
            hovertemplate="%{x}: " + label.lower() + " £%{y:,.0f}<extra></extra>",
        )
    for _, row in rows[rows["is_over_committed"].astype(bool)].iterrows():
        figure.add_annotation(x=row["financial_year"], y=max(row["committed_gbp"], row["budget_gbp"]) * 1.16,
                              text=f"<b>Over-committed by £{row['committed_gbp'] - row['budget_gbp']:,.0f}</b>",
                              showarrow=False, font={"color": TEXT_COLOUR})
    base_layout(figure, title, height=380)
    figure.update_layout(barmode="group")
    figure.update_xaxes(title_text="Financial year")
    figure.update_yaxes(title_text="Pounds", tickprefix="£", range=[0, rows[list(MONEY_STYLE)].to_numpy().max() * 1.28
                                                                     if len(rows) else 1])
    return figure


def money_by_breakdown(frame: pd.DataFrame, title: str, axis_title: str) -> go.Figure:
    """Committed and spent by pillar, level or district as horizontal grouped bars."""
    rows = frame.iloc[::-1]
    figure = go.Figure()
    for column in ("committed_gbp", "spent_gbp"):
        label, colour, pattern = MONEY_STYLE[column]
        figure.add_bar(
            y=rows["label"], x=rows[column], name=label, orientation="h",
            text=[_thousands(value) for value in rows[column]], textposition="outside",
            marker={"color": colour, "pattern": _pattern(pattern), "line": {"color": TEXT_COLOUR, "width": 0.5}},
            hovertemplate="%{y}: " + label.lower() + " £%{x:,.0f}<extra></extra>",
        )
    base_layout(figure, title, height=max(280, 60 * len(rows) + 150))
    figure.update_layout(barmode="group", legend={"y": -0.25, "traceorder": "reversed"}, margin={"b": 40})
    figure.update_xaxes(title_text="Pounds", tickprefix="£",
                        range=[0, float(rows[["committed_gbp", "spent_gbp"]].to_numpy().max()) * 1.25 if len(rows) else 1])
    figure.update_yaxes(title_text=axis_title)
    return figure


def training_by_month(months: pd.DataFrame, title: str) -> go.Figure:
    """Practitioners trained each month (bars) and trained so far (line, right axis)."""
    figure = go.Figure()
    figure.add_bar(x=months["month"], y=months["practitioners_trained"], name="Trained in the month",
                   marker={"color": OKABE_ITO[4]}, hovertemplate="%{x|%b %Y}: %{y:,} trained<extra></extra>")
    figure.add_scatter(x=months["month"], y=months["practitioners_to_date"], name="Trained so far (right axis)",
                       mode="lines+markers", yaxis="y2", line={"color": TEXT_COLOUR, "width": 2, "dash": "dash"},
                       marker={"symbol": "diamond", "size": 5},
                       hovertemplate="%{x|%b %Y}: %{y:,} trained so far<extra></extra>")
    base_layout(figure, title, height=360)
    figure.update_layout(yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
                                 "tickformat": ",d", "tickmode": "auto", "nticks": 6,
                                 "title": {"text": "Trained so far"}})
    figure.update_yaxes(title_text="Practitioners trained", selector={"overlaying": None})
    figure.update_xaxes(title_text="Month")
    return figure
