"""The indicator table as HTML with badges, for the Indicators page and the meeting pack.

Every badge is a shape with a letter and words (never colour alone); every text is at least 4.5:1
on what it is drawn on (the letter is black or white, whichever reads better on its shape). The
table is grouped by pillar in one <tbody> each, under a row-group header, with each indicator's
name as its row header, so a screen reader announces the pillar, indicator and column of a cell.
Every text that comes from data (the catalogue's names and units, words of the assessment) is
HTML-escaped here.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from charts.common import SECONDARY_TEXT, TEXT_COLOUR, readable_on
from models.indicators import (
    ASSURANCE_TEXT,
    PILLARS,
    RAG_TEXT,
    VARIATION_TEXT,
    comparison_words,
    format_value,
)

RAG_SHORT = {"green": ("●", "On track"), "amber": ("◆", "Within margin of error"), "red": ("■", "Off track"),
             "grey": ("○", "No target")}
_BADGE = ("display:inline-block;white-space:nowrap;border:1.5px solid {border};background:{background};"
          f"color:{TEXT_COLOUR};padding:1px 6px;border-radius:{{radius}};font-size:0.85em;line-height:1.5")
_SHAPE = ("display:inline-block;width:1.35em;height:1.35em;line-height:1.35em;text-align:center;"
          "font-weight:700;color:{letter};background:{colour};border-radius:{radius};margin-right:4px")
_SMALL = f"color:{SECONDARY_TEXT};font-size:0.85em"
# Visually hidden but read by screen readers (the page's heading already says it to sighted readers).
_HIDDEN = "position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
RAG_COLOURS = {"green": "#1B7837", "amber": "#B35806", "red": "#B2182B", "grey": "#757575"}
_STYLES = {
    "common_cause": ("#757575", "50%"), "special_cause_improvement": ("#0072B2", "50%"),
    "special_cause_concern": ("#D55E00", "0"), "special_cause_neutral": ("#CC79A7", "20%"),
    "not_calculated": ("#BDBDBD", "50%"), "consistently_pass": ("#0072B2", "50%"),
    "consistently_fail": ("#D55E00", "0"), "hit_and_miss": ("#757575", "20%"), "no_target": ("#BDBDBD", "50%"),
}


def badge(icon: str, texts: dict) -> str:
    """A small labelled badge: a shape with a letter, then words (never colour alone)."""
    letter, label, explanation = texts[icon]
    colour, radius = _STYLES[icon]
    shape_style = _SHAPE.format(letter=readable_on(colour), colour=colour, radius=radius)
    shape = f'<span style="{shape_style}" aria-hidden="true">{escape(letter)}</span>'
    style = _BADGE.format(border=colour, background="#FFFFFF", radius="4px")
    return f'<span title="{escape(explanation)}" style="{style}">{shape}{escape(label)}</span>'


def rag_badge(rag: str) -> str:
    symbol, label = RAG_SHORT[rag]
    style = _BADGE.format(border=RAG_COLOURS[rag], background="#FFFFFF", radius="10px")
    return (f'<span title="{escape(RAG_TEXT[rag])}" style="{style}"><b style="color:{RAG_COLOURS[rag]}" '
            f'aria-hidden="true">{symbol}</b> {escape(label)}</span>')


def comparison_badge(outcome: str, against: str) -> str:
    """Words with a symbol: '✓ Better than England', '✗ Worse than ...', '= Similar to ...'."""
    symbol = {"better": "✓ ", "worse": "✗ ", "similar": "= "}.get(outcome, "")
    return f"{symbol}{escape(comparison_words(outcome, against))}"


def _value_cell(row) -> str:
    if row["suppressed"]:
        return "[c]"
    if pd.isna(row["value"]):
        return "Not yet available"
    return (f"<b>{format_value(row['value'])}</b><br><span style='{_SMALL}'>"
            f"{format_value(row['lower'])} to {format_value(row['upper'])}</span>")  # numbers: nothing to escape


def indicator_table_html(table: pd.DataFrame) -> str:
    """The assessment table as an HTML table grouped by pillar (one <tbody> each), with badges."""
    cell = "padding:4px 6px;border-bottom:1px solid #E0E0E0;vertical-align:top"
    heads = ["Indicator", "Value (95% CI)", "England", "Region", "Similar areas", "Trend (5 years)",
             "Target status", "Variation", "Assurance"]
    head = "".join(f'<th scope="col" style="{cell};text-align:left;background:#F5F5F5">{h}</th>' for h in heads)
    groups = []
    for pillar, label in PILLARS.items():
        rows = table[table["pillar"] == pillar]
        if rows.empty:
            continue
        group_head = (f'<tr><th colspan="{len(heads)}" scope="rowgroup" style="{cell};text-align:left;'
                      f'background:#FAFAFA">{escape(label)}</th></tr>')
        body = [group_head]
        for _, row in rows.iterrows():
            name = (f'<th scope="row" style="{cell};text-align:left;font-weight:400">{escape(row["name"])}<br>'
                    f"<span style='{_SMALL}'>{escape(row['unit_label'])}</span></th>")
            cells = [
                _value_cell(row),
                comparison_badge(row["vs_england"], "England"),
                comparison_badge(row["vs_region"], "the region"),
                comparison_badge(row["vs_neighbours"], "similar areas"),
                escape(row["trend"]),
                rag_badge(row["rag"]),
                badge(row["variation"], VARIATION_TEXT),
                badge(row["assurance"], ASSURANCE_TEXT),
            ]
            body.append("<tr>" + name + "".join(f'<td style="{cell}">{c}</td>' for c in cells) + "</tr>")
        groups.append(f"<tbody>{''.join(body)}</tbody>")
    period = escape(str(table["period_label"].iloc[0])) if len(table) else ""
    caption = (f'<caption style="{_HIDDEN}">Outcome indicators for Warwickshire, {period}, by strategy pillar: '
               "value, benchmarks, trend, target status, variation and assurance</caption>")
    return (f'<table class="indicator-table" style="border-collapse:collapse;width:100%;font-size:0.9em">'
            f"{caption}<thead><tr>{head}</tr></thead>{''.join(groups)}</table>")


