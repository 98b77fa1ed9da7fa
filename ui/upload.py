"""The Data page's upload form: the same ingest, validation and atomicity as the command line
(warehouse/uploads.py does the work; this module only draws the form and the outcome)."""

from __future__ import annotations

import hashlib

import streamlit as st

from access import audit
from access.context import current_viewer
from queries.connection import write_snapshot
from queries.runner import clear_cache
from warehouse.errors import IngestError
from warehouse.report import escape_markdown
from warehouse.snapshots import SnapshotError
from warehouse.uploads import ingest_uploads

FORMAT_LABELS = {
    "police-uk": "data.police.uk street, outcomes and stop-and-search files (CSV or the downloaded zip)",
    "force-extract": "Force crime extract",
    "admissions": "Hospital admissions (HES-like)",
    "ae": "A&E assault attendances (ISTV)",
    "cohort": "Youth justice / probation cohort (people and interventions files)",
    "indicators": "Indicator values for benchmarking",
    "fingertips": "OHID Fingertips export (CSV as downloaded)",
    "census-ethnicity": "ONS Census 2021 ethnic group by district (TS021, CSV as downloaded)",
    # The delivery workbooks: their sheets saved as CSV here; the .xlsx itself from the command line.
    "delivery-plan": "Delivery plan (actions and milestones sheets, as CSV)",
    "fund": "Commissioning fund (budget, projects and quarters sheets, as CSV)",
    "owhr": "Offensive Weapons Homicide Reviews (reviews and recommendations sheets, as CSV)",
    "training": "Training programme (sessions and referrals sheets, as CSV)",
}


LAST_REPORT = "data.upload_last_report"


def render_upload() -> None:
    """The upload form (for a viewer who may upload); the outcome, in words, is shown under it."""
    if not current_viewer().may("upload"):
        st.caption("Loading files is for data managers.")
        return
    st.markdown(
        "Files go through exactly the checks of `python -m warehouse ingest`: a file with a problem is "
        "refused with the file, line and column named, and nothing is changed. The column dictionaries "
        "and templates are in `docs/formats/` and `templates/`.")
    with st.form("data.upload_form", clear_on_submit=False):
        format_name = st.selectbox("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get,
                                   key="data.upload_format")
        uploads = st.file_uploader("Files", accept_multiple_files=True, type=["csv", "zip"], key="data.upload_files")
        submitted = st.form_submit_button("Load files", key="data.upload_submit")
    if not submitted:
        # The last load's report stays until the next one: a rerun for someone else's new data
        # (the snapshot check) must not take it away.
        if LAST_REPORT in st.session_state:
            st.success(st.session_state[LAST_REPORT], icon=":material/check_circle:")
        return
    st.session_state.pop(LAST_REPORT, None)
    try:
        files = [(file.name, file.getvalue()) for file in uploads or []]
        with write_snapshot(f"upload {format_name}", ", ".join(name for name, _ in files)) as con:
            report = ingest_uploads(con, format_name, files)
    except SnapshotError as error:
        st.error(f"**Nothing was loaded: the warehouse is unchanged.**\n\n{escape_markdown(str(error))}",
                 icon=":material/block:")
    except IngestError as error:
        lines = "\n".join(f"- {escape_markdown(str(problem))}" for problem in error.problems)
        st.error(f"**Nothing was loaded: the warehouse is unchanged.**\n\n{lines}", icon=":material/block:")
    else:
        for name, content in files:
            audit.record("upload", {"file": name, "sha256": hashlib.sha256(content).hexdigest(),
                                    "format": format_name})
        st.session_state[LAST_REPORT] = report.markdown()
        st.success(report.markdown(), icon=":material/check_circle:")
    finally:
        clear_cache()
