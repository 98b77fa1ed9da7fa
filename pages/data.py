"""Data: what the warehouse holds, how good it is, where it came from, and loading new files."""

import streamlit as st

from models.data import LOG_ROWS, QUALITY_CHECKS, data_model
from ui.access_admin import render_audit, render_roles
from ui.components import attribution, table_with_download
from ui.upload import render_upload

st.title("Data held in the warehouse")
st.markdown("What is loaded per source and month, the data-quality findings, the files loaded, the definitions of "
            "the offence groups, and a form to load new files.")

model = data_model()

st.header("Rows per source and month")
if model.holdings.empty:
    st.info("Nothing is loaded yet. Use the form at the bottom of this page or `python -m warehouse build`.")
else:
    table_with_download(model.holdings, key="data.holdings", filename="rows-by-source-month",
                        caption="Rows per month (columns) for each source and force; the latest 24 months.")
st.header("Data-quality findings")
for check, (title, explanation) in QUALITY_CHECKS.items():
    frame = model.findings[check]
    with st.expander(f"{title}: {len(frame):,} row{'s' if len(frame) != 1 else ''}", expanded=False):
        st.caption(explanation)
        table_with_download(frame, key=f"data.{check}", filename=check.replace("_", "-"))
st.header("Files loaded")
table_with_download(model.log, key="data.ingest_log", filename="ingest-log", caption=f"The {LOG_ROWS} most recent files.")
st.header("Offence groups")
st.dataframe(model.offence_groups, hide_index=True, key="data.offence_groups", width="stretch")
st.header("Load new data")
render_upload()
render_roles()
render_audit()
attribution()
