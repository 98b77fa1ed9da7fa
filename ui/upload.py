"""The Data page's upload form: the same ingest, validation and atomicity as the command line."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from queries.connection import write_session
from queries.runner import clear_cache
from warehouse.errors import IngestError
from warehouse.formats import INGEST_FORMATS
from warehouse.ingest import ingest

FORMAT_LABELS = {
    "police-uk": "data.police.uk street-level files (CSV or the downloaded zip)",
    "force-extract": "Force crime extract",
    "admissions": "Hospital admissions (HES-like)",
    "ae": "A&E assault attendances (ISTV)",
    "cohort": "Youth justice / probation cohort (people and interventions files)",
    "indicators": "Indicator values for benchmarking",
}


@dataclass(frozen=True)
class UploadOutcome:
    ok: bool
    message: str


def ingest_uploaded(format_name: str, files: list[tuple[str, bytes]]) -> UploadOutcome:
    """Write the uploaded files to a temporary folder under their own names and ingest them.

    All files or none: on any error the warehouse is unchanged and the message names the file,
    line and column.
    """
    if format_name not in INGEST_FORMATS:
        return UploadOutcome(False, f"Unknown format {format_name!r}")
    if not files:
        return UploadOutcome(False, "Choose at least one file.")
    with tempfile.TemporaryDirectory(prefix="svd-upload-") as folder:
        paths = []
        for name, content in files:
            path = Path(folder) / Path(name).name
            path.write_bytes(content)
            paths.append(path)
        try:
            with write_session() as con:
                report = ingest(con, format_name, paths)
        except IngestError as error:
            return UploadOutcome(False, str(error).replace(folder + "/", ""))
        finally:
            clear_cache()
    return UploadOutcome(True, str(report).replace(folder + "/", ""))


def render_upload() -> None:
    """The upload form; the outcome is shown under it."""
    st.markdown(
        "Files go through exactly the checks of `python -m warehouse ingest`: a file with a problem is "
        "refused with the file, line and column named, and nothing is changed. The column dictionaries "
        "and templates are in `docs/formats/` and `templates/`.")
    with st.form("data.upload_form", clear_on_submit=False):
        format_name = st.selectbox("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get,
                                   key="data.upload_format")
        uploads = st.file_uploader("Files", accept_multiple_files=True, type=["csv", "zip"], key="data.upload_files")
        submitted = st.form_submit_button("Load files", key="data.upload_submit")
    if submitted:
        outcome = ingest_uploaded(format_name, [(file.name, file.getvalue()) for file in uploads or []])
        (st.success if outcome.ok else st.error)(outcome.message)
