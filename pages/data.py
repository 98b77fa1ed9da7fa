"""Data: what the warehouse holds, how good it is, where it came from, and loading new files."""

import streamlit as st

from queries import run_query
from ui.components import attribution, table_with_download
from ui.data import QUALITY_CHECKS, holdings_pivot, offence_group_definitions
from ui.upload import FORMAT_LABELS, ingest_uploaded

st.title("Data held in the warehouse")
st.markdown(
    "What is loaded per source and month, the data-quality findings, the files loaded, the "
    "definitions of the offence groups, and a form to load new files."
)

# Queries
holdings = run_query("data_quality_rows_by_source_month")
log = run_query("ingest_log_recent", limit=200)
findings = {check: run_query(check) for check in QUALITY_CHECKS}

# Render
st.header("Rows per source and month")
if holdings.empty:
    st.info("Nothing is loaded yet. Use the form at the bottom of this page or `python -m warehouse build`.")
else:
    table_with_download(
        holdings_pivot(holdings),
        key="data.holdings",
        filename="rows-by-source-month",
        caption="Rows per month (columns) for each source and force; the latest 24 months.",
    )

st.header("Data-quality findings")
for check, (title, explanation) in QUALITY_CHECKS.items():
    frame = findings[check]
    with st.expander(f"{title}: {len(frame):,} row{'s' if len(frame) != 1 else ''}", expanded=False):
        st.caption(explanation)
        table_with_download(frame, key=f"data.{check}", filename=check.replace("_", "-"))

st.header("Files loaded")
table_with_download(log, key="data.ingest_log", filename="ingest-log", caption="The 200 most recent files.")

st.header("Offence groups")
st.dataframe(offence_group_definitions(), hide_index=True, key="data.offence_groups", width="stretch")

st.header("Load new data")
st.markdown(
    "Files go through exactly the checks of `python -m warehouse ingest`: a file with a problem is "
    "refused with the file, line and column named, and nothing is changed. The column dictionaries "
    "and templates are in `docs/formats/` and `templates/`."
)
with st.form("data.upload_form", clear_on_submit=False):
    format_name = st.selectbox(
        "Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, key="data.upload_format"
    )
    uploads = st.file_uploader(
        "Files", accept_multiple_files=True, type=["csv", "zip"], key="data.upload_files"
    )
    submitted = st.form_submit_button("Load files", key="data.upload_submit")
if submitted:
    outcome = ingest_uploaded(format_name, [(file.name, file.getvalue()) for file in uploads or []])
    (st.success if outcome.ok else st.error)(outcome.message)
attribution()
