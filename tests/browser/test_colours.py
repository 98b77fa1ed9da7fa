"""Text contrast (WCAG 2.2 AA, 4.5:1) of the project's own colours, computed here from the colours the
code uses: the Streamlit theme, the chart template, heatmap cell labels, the indicator badges and the
meeting pack's style sheet. No browser needed; the browser tests check the drawn pages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plotly.colors import get_colorscale, sample_colorscale

from charts import common
from charts.cross_border import MATRIX_BACKGROUND, flow_matrix
from charts.indicator_table import _STYLES, RAG_COLOURS, badge, rag_badge
from charts.trends import weekday_hour_heatmap
from models.indicators import VARIATION_TEXT
from tests.browser.a11y import AA_TEXT, contrast

ROOT = Path(__file__).resolve().parents[2]
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]


def _faded(colour: str, opacity: float) -> str:
    """Streamlit draws captions, help and placeholders in the text colour at 60% opacity."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {opacity})"


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_theme_text_captions_and_links_read_on_both_backgrounds(background):
    back = THEME[background]
    assert contrast(THEME["textColor"], back) >= 15
    assert contrast(_faded(THEME["textColor"], 0.6), back) >= AA_TEXT  # st.caption, widget help
    assert contrast(THEME["linkColor"], back) >= AA_TEXT
    assert contrast(THEME["primaryColor"], back) >= 3  # focus rings, selected radio: non-text, 3:1


def test_primary_buttons_white_on_primary():
    assert contrast("#FFFFFF", THEME["primaryColor"]) >= AA_TEXT


def test_theme_contrast_values():
    """The figures quoted in docs/ACCESSIBILITY.md."""
    assert contrast(_faded(THEME["textColor"], 0.6), "#FFFFFF") == pytest.approx(5.17, abs=0.01)
    assert contrast(_faded(THEME["textColor"], 0.6), THEME["secondaryBackgroundColor"]) == pytest.approx(4.98, abs=0.01)
    assert contrast(_faded("#2F2D2B", 0.6), "#FFFFFF") == pytest.approx(3.88, abs=0.01)  # Streamlit's default
    assert contrast(THEME["primaryColor"], "#FFFFFF") == pytest.approx(5.19, abs=0.01)


def test_chart_template_text_colours():
    layout = common.TEMPLATE.layout
    paper = layout.paper_bgcolor
    for colour in (layout.font.color, layout.title.font.color, layout.legend.font.color,
                   layout.xaxis.tickfont.color, layout.yaxis.tickfont.color, layout.xaxis.title.font.color,
                   layout.hoverlabel.font.color, common.SECONDARY_TEXT):
        assert contrast(colour, paper) >= AA_TEXT, colour
    assert contrast(common.TEXT_COLOUR, "#FFFFFF") == pytest.approx(19.6, abs=0.1)
    assert contrast(common.SECONDARY_TEXT, "#FFFFFF") == pytest.approx(7.0, abs=0.1)


def _cell_pairs(figure, colorscale: str, empty: str):
    """(label colour, cell colour) for every labelled heatmap cell, the cell's colour recomputed
    from the heatmap's own z, zmin and zmax."""
    heatmap = next(trace for trace in figure.data if trace.type == "heatmap")
    labels = next(trace for trace in figure.data if trace.type == "scatter" and trace.mode == "text")
    scale = get_colorscale(colorscale)
    cells = {(x, y): z for y, row in zip(heatmap.y, heatmap.z, strict=True) for x, z in zip(heatmap.x, row, strict=True)}
    pairs = []
    for x, y, colour in zip(labels.x, labels.y, labels.textfont.color, strict=True):
        z = cells[(x, y)]
        if z is None or np.isnan(z):
            pairs.append((colour, empty))
        else:
            position = (z - heatmap.zmin) / (heatmap.zmax - heatmap.zmin)
            pairs.append((colour, sample_colorscale(scale, [position])[0]))
    return pairs


def test_every_heatmap_cell_label_reads_on_its_cell():
    counts = pd.DataFrame([(day, hour, (day * 24 + hour) * 3) for day in range(1, 8) for hour in range(24)],
                          columns=["day_of_week", "hour_of_day", "offence_count"])
    pairs = _cell_pairs(weekday_hour_heatmap(counts, "test"), common.SEQUENTIAL, common.PAPER)
    assert len(pairs) == 7 * 24
    worst = min(contrast(text, cell) for text, cell in pairs)
    assert worst >= AA_TEXT
    # plotly's own choice (#444 or white) read at under 3:1 on the middle of cividis
    assert contrast("#444444", sample_colorscale(get_colorscale("Cividis"), [0.5])[0]) < 3


def test_origin_destination_matrix_labels_read_on_their_cells_and_on_suppressed_cells():
    matrix = pd.DataFrame({"Rugby": [10.0, np.nan, 12.0], "Warwick": [3.0, 40.0, 43.0], "Total": [13.0, 52.0, 65.0]},
                          index=["Coventry", "Birmingham", "Total"])
    pairs = _cell_pairs(flow_matrix(matrix, "test"), common.SEQUENTIAL, MATRIX_BACKGROUND)
    assert len(pairs) == 9
    assert min(contrast(text, cell) for text, cell in pairs) >= AA_TEXT


def _styles(html: str) -> list[tuple[str, str]]:
    """(text colour, background) of every inline style that sets both."""
    found = []
    for style in re.findall(r'style="([^"]+)"', html):
        colour = re.search(r"(?:^|;)color:(#[0-9A-Fa-f]{6})", style)
        background = re.search(r"background:(#[0-9A-Fa-f]{6})", style)
        if colour:
            found.append((colour.group(1), background.group(1) if background else "#FFFFFF"))
    return found


@pytest.mark.parametrize("icon", list(_STYLES))
def test_badge_letters_and_words_read_on_their_shapes(icon):
    texts = {icon: ("X", "label", "explanation")}
    pairs = _styles(badge(icon, texts))
    assert len(pairs) == 2  # the badge's words, the shape's letter
    assert all(contrast(text, back) >= AA_TEXT for text, back in pairs), pairs


@pytest.mark.parametrize("rag", list(RAG_COLOURS))
def test_rag_symbols_and_words_read_on_white(rag):
    assert contrast(RAG_COLOURS[rag], "#FFFFFF") >= AA_TEXT
    assert all(contrast(text, back) >= AA_TEXT for text, back in _styles(rag_badge(rag)))


def test_variation_texts_cover_every_badge_style():
    assert set(VARIATION_TEXT) <= set(_STYLES)


def test_pack_style_sheet_text_reads_on_every_background_it_uses():
    css = (ROOT / "pack" / "templates" / "pack.html.j2").read_text().split("<style>")[1].split("</style>")[0]
    texts = set(re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", css))
    backgrounds = set(re.findall(r"background:\s*(#[0-9A-Fa-f]{6})", css)) | {"#FFFFFF"}
    assert texts and len(backgrounds) > 1
    low = [(t, b, round(contrast(t, b), 2)) for t in texts for b in backgrounds if contrast(t, b) < AA_TEXT]
    assert low == []
