"""Rendering of the Indicators model: the table with badges and one indicator in detail."""

from __future__ import annotations

from html import escape

import streamlit as st

from charts.indicator_table import badge, indicator_table_html, rag_badge
from charts.indicators import benchmark_chart
from charts.spc import control_chart
from models.indicators import (
    ASSURANCE_TEXT,
    RAG_RULES,
    VARIATION_TEXT,
    FingertipsPublished,
    IndicatorDetail,
    IndicatorsModel,
    fingertips_summary,
    plain_table,
)
from ui.components import download, show_figure


def render_table(model: IndicatorsModel) -> None:
    # A region that scrolls sideways on a narrow screen or at high zoom (WCAG 1.4.10 lets data tables
    # scroll), focusable so that keyboard users can scroll it too.
    # Escaped like every text inside the table (charts/indicator_table.py): nothing from a data file
    # reaches unsafe_allow_html unescaped.
    st.markdown(f'<div role="region" aria-label="Outcome indicators table, {escape(model.year)}" tabindex="0" '
                f'style="overflow-x:auto">{indicator_table_html(model.table)}</div>', unsafe_allow_html=True)
    download("Download the table (CSV)", lambda: plain_table(model.table).to_csv(index=False).encode("utf-8"),
             file_name=f"indicators-{model.year.replace('/', '-')}.csv", mime="text/csv", key="indicators.download")
    st.caption("[c] = suppressed (a small count about people). Hover a badge for its meaning.")
    with st.expander("How to read this table: RAG rules, comparisons, trend and icons", expanded=False):
        st.markdown(RAG_RULES)


def render_detail(detail: IndicatorDetail) -> None:
    """The selected indicator: plain words, SPC and benchmark charts, definition, history."""
    row, result = detail.row, detail.result
    st.markdown(f"**{row['name']}.** {row['description']}")
    st.markdown(f"In plain words, for {result['period_label']}: **{result['summary']}**")
    st.markdown(" ".join([rag_badge(result["rag"]), badge(result["variation"], VARIATION_TEXT),
                          badge(result["assurance"], ASSURANCE_TEXT)]), unsafe_allow_html=True)
    left, right = st.columns(2)
    with left:
        if detail.chart is None:
            st.info(detail.spc_caption)
        else:
            figure = control_chart(detail.spc_points["label"], detail.chart, row["short_name"], detail.spc_unit,
                                   detail.spc_target)
            show_figure(figure, key="indicators.spc", filename=f"{detail.indicator_id}-spc",
                        alt="Control chart of the indicator; the yearly values are in the history table below.")
            st.caption(detail.spc_caption)
    with right:
        figure = benchmark_chart(detail.benchmarks, f"Benchmarks, {result['period_label']}", row["unit_label"])
        show_figure(figure, key="indicators.benchmark", filename=f"{detail.indicator_id}-benchmark",
                    alt="Warwickshire's value with its 95% interval beside England, the region and similar areas.")
    with st.expander("Definition", icon=":material/info:", expanded=False):
        st.markdown("\n".join(f"- **{name}:** {value}" for name, value in detail.definition))
    st.markdown("**History** (financial years, newest first)")
    st.dataframe(detail.history, hide_index=True, key="indicators.history")
    for number, published in enumerate(detail.fingertips):
        render_fingertips(published, key=f"indicators.fingertips.{number}")


def render_fingertips_summary(model: IndicatorsModel) -> None:
    """Warwickshire's latest values as OHID Fingertips publishes them, where an export is loaded."""
    summary = fingertips_summary(model)
    if summary.empty:
        return
    st.markdown("**As published by OHID Fingertips** (Warwickshire's latest value of each mapped indicator; "
                "the table above shows the dashboard's own values)")
    st.dataframe(summary.drop(columns="Source"), hide_index=True, key="indicators.fingertips_summary")
    with st.expander("Sources of the Fingertips values", icon=":material/info:", expanded=False):
        st.markdown("\n".join(f"- **{indicator}:** {source}" for indicator, source
                               in zip(summary["Indicator"], summary["Source"], strict=True)))


def render_fingertips(published: FingertipsPublished, key: str) -> None:
    """One Fingertips indicator for Warwickshire as published: latest value, 95% CI, England comparison,
    recent trend, every period; the source one click away."""
    st.markdown(f"**As published by OHID Fingertips: {published.fingertips_indicator_id} "
                f"{published.indicator_name}**")
    st.markdown(published.shown)
    st.markdown(published.headline)
    with st.expander("Source", icon=":material/info:", expanded=False):
        st.markdown(published.source)
    st.dataframe(published.history, hide_index=True, key=key)
