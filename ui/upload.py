"""The Data page's upload: the same ingest, validation and atomicity as the command line."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

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
