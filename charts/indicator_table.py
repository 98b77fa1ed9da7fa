"""The indicator table as HTML with badges, for the Indicators page and the meeting pack.

Every badge is a shape with a letter and words (never colour alone). Every text that comes from
data (the catalogue's names and units, words of the assessment) is HTML-escaped here.
"""

from __future__ import annotations

from html import escape

import pandas as pd

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
          "color:#1A1A1A;padding:1px 6px;border-radius:{radius};font-size:0.85em;line-height:1.5")
_SHAPE = ("display:inline-block;width:1.35em;height:1.35em;line-height:1.35em;text-align:center;"
          "font-weight:700;color:white;background:{colour};border-radius:{radius};margin-right:4px")
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
    shape = f'<span style="{_SHAPE.format(colour=colour, radius=radius)}" aria-hidden="true">{escape(letter)}</span>'
    style = _BADGE.format(border=colour, background="#FFFFFF", radius="4px")
    return f'<span title="{escape(explanation)}" style="{style}">{shape}{escape(label)}</span>'


def rag_badge(rag: str) -> str:
    colours = {"green": "#1B7837", "amber": "#B35806", "red": "#B2182B", "grey": "#757575"}
    symbol, label = RAG_SHORT[rag]
    style = _BADGE.format(border=colours[rag], background="#FFFFFF", radius="10px")
    return (f'<span title="{escape(RAG_TEXT[rag])}" style="{style}"><b style="color:{colours[rag]}" '
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
    return (f"<b>{format_value(row['value'])}</b><br><span style='color:#555;font-size:0.85em'>"
            f"{format_value(row['lower'])} to {format_value(row['upper'])}</span>")  # numbers: nothing to escape


def indicator_table_html(table: pd.DataFrame) -> str:
    """The assessment table as an HTML table grouped by pillar, with badges."""
    cell = "padding:4px 6px;border-bottom:1px solid #E0E0E0;vertical-align:top"
    heads = ["Indicator", "Value (95% CI)", "England", "Region", "Similar areas", "Trend (5 years)",
             "Target status", "Variation", "Assurance"]
    head = "".join(f'<th scope="col" style="{cell};text-align:left;background:#F5F5F5">{h}</th>' for h in heads)
    body = []
    for pillar, label in PILLARS.items():
        rows = table[table["pillar"] == pillar]
        if rows.empty:
            continue
        body.append(f'<tr><th colspan="{len(heads)}" scope="colgroup" style="{cell};text-align:left;'
                    f'background:#FAFAFA">{escape(label)}</th></tr>')
        for _, row in rows.iterrows():
            cells = [
                f"{escape(row['name'])}<br><span style='color:#555;font-size:0.85em'>{escape(row['unit_label'])}</span>",
                _value_cell(row),
                comparison_badge(row["vs_england"], "England"),
                comparison_badge(row["vs_region"], "the region"),
                comparison_badge(row["vs_neighbours"], "similar areas"),
                escape(row["trend"]),
                rag_badge(row["rag"]),
                badge(row["variation"], VARIATION_TEXT),
                badge(row["assurance"], ASSURANCE_TEXT),
            ]
            body.append("<tr>" + "".join(f'<td style="{cell}">{c}</td>' for c in cells) + "</tr>")
    return (f'<table class="indicator-table" style="border-collapse:collapse;width:100%;font-size:0.9em">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


