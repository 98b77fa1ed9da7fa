"""Meeting pack: what goes to the Serious Violence Strategic Group before its meeting, as a PDF and a
single self-contained HTML file, built offline from the same figures as the dashboard."""

import datetime as dt

import streamlit as st

from models.indicators import latest_month_loaded
from pack import PackRequest, build_html, build_pdf, period_options
from pack.content import period_name
from ui.components import attribution, download, empty_state, end_page
from ui.filters import choice, current_filters, seed_from_url, write_to_url

st.title("Meeting pack")
st.caption("Choose the meeting date and the period under review, check the preview, then download the pack.")
if current_filters() is None:
    empty_state("no crime data is loaded for the Warwickshire districts")
    end_page()

# Filters
latest_month = latest_month_loaded()
options = period_options(latest_month)
seed_from_url("meeting_pack.date", dt.date.today(), lambda raw: dt.date.fromisoformat(raw[0]))
seed_from_url("meeting_pack.period", options[0], choice(options))
left, right = st.columns(2)
meeting_date = left.date_input("Meeting date", key="meeting_pack.date", format="DD/MM/YYYY")
period = right.selectbox("Period under review", options, key="meeting_pack.period",
                         format_func=lambda option: period_name(option, latest_month))
write_to_url(["meeting_pack.date", "meeting_pack.period"], {"meeting_pack.date": dt.date.isoformat})

# Build (cached per request and warehouse state)
request = PackRequest(meeting_date, period)
with st.spinner("Building the pack (figures are drawn offline; the first build takes a few seconds)..."):
    page, facts = build_html(request)
    pdf, pdf_facts = build_pdf(request)

# Render
st.markdown(f"**{facts['footer']}**. Indicators for financial year **{facts['indicator_year']}**.")
columns = st.columns(3)
for index, tile in enumerate(facts["headlines"]):
    columns[index % 3].metric(tile.label, tile.value, delta=tile.delta, delta_color="inverse", border=True)
name = f"serious-violence-pack-{meeting_date:%Y-%m-%d}"
download_left, download_right = st.columns(2)
with download_left:
    download("Download PDF", pdf, file_name=f"{name}.pdf", mime="application/pdf", key="meeting_pack.pdf",
             action="pack", icon=":material/picture_as_pdf:", type="primary")
with download_right:
    download("Download HTML (single file)", page.encode("utf-8"), file_name=f"{name}.html", mime="text/html",
             key="meeting_pack.html", action="pack", icon=":material/code:")
st.caption(f"Built in {facts['gather_seconds'] + facts['render_seconds']:.1f} s (HTML) and "
           f"{pdf_facts['pdf_seconds']:.1f} s (PDF), cached until the data or commentary changes. "
           "Both files work offline: every figure is inside the file.")
st.header("Preview")
st.iframe(page, height=900)
attribution()
