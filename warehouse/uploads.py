"""Uploaded files into the warehouse, through the same ingest as the command line (no Streamlit).

An upload's name is whatever the browser, or an attacker, sent; it is never used as a path.
Each upload is saved under a generated name (`upload-001.csv`, `upload-002.zip`, ...) in a
private temporary folder (mode 0700, files 0600) that is removed afterwards; the name given is
kept only as a label for messages, the report and the ingest log, cleaned first.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from settings import Settings, load_settings
from warehouse.errors import IngestError, Problem, clean_name, shown
from warehouse.formats import INGEST_FORMATS
from warehouse.ingest import ingest
from warehouse.report import IngestReport

MB = 1_000_000
ACCEPTED_SUFFIXES = (".csv", ".zip")


def ingest_uploads(
    con_or_path: duckdb.DuckDBPyConnection | str | Path,
    format_name: str,
    files: list[tuple[str, bytes]],
    *,
    settings: Settings | None = None,
) -> IngestReport:
    """Load uploaded files as one ingest command (all of them or none) and return its report.

    `files` are (name as uploaded, content) pairs, e.g. `[(f.name, f.getvalue()) for f in
    st.file_uploader(...)]`; `con_or_path` is a warehouse connection (the caller owns it and its
    locking) or a warehouse path.

    Contract for the Data page:
    - Success returns an IngestReport: show `report.markdown()` (escaped markdown), never the
      object itself. Its file names are the uploaded names (a zip's members `name.zip!member`).
    - Every refusal raises IngestError and changes nothing in the warehouse. Show each of
      `error.problems` with `str(problem)` ("name, line N, column 'X': message") or its fields.
      Refused before anything is read: no files; an unknown format; more than
      SVD_UPLOAD_MAX_FILES files; a file over SVD_UPLOAD_MAX_FILE_MB or all files over
      SVD_UPLOAD_MAX_TOTAL_MB (MB = 1,000,000 bytes); a name not ending in .csv or .zip, or
      holding a folder separator ('/' or '\\'), or empty once control characters are removed.
    - Names: control characters are stripped and names over 120 characters are shortened
      (start…end) for messages and the log. Two uploads with the same name are both loaded and
      reported, the second as 'name (2).csv'.
    - Nothing else is raised for anything a user can send (names, contents, zips).
    """
    settings = settings or load_settings()
    if format_name not in INGEST_FORMATS:
        raise IngestError(
            Problem(shown(format_name), None, None, f"unknown format; one of {', '.join(INGEST_FORMATS)}")
        )
    labels = upload_labels([name for name, _content in files])
    _check_sizes(files, labels, settings)
    with tempfile.TemporaryDirectory(prefix="svd-upload-") as folder:
        paths = [
            _save(Path(folder), index, label, content)
            for index, (label, (_name, content)) in enumerate(zip(labels, files, strict=True), start=1)
        ]
        return ingest(con_or_path, format_name, paths, labels=labels)


def upload_labels(names: list[str]) -> list[str]:
    """Each upload's label: its name cleaned, checked and made unique; IngestError if any is refused."""
    if not names:
        raise IngestError(
            Problem("upload", None, None, "no files chosen: choose at least one CSV or zip file")
        )
    problems, labels, seen = [], [], {}
    for given in names:
        label = clean_name(str(given))
        reason = _name_problem(label)
        if reason:
            problems.append(Problem(label or "(no name)", None, None, reason))
            continue
        seen[label.lower()] = count = seen.get(label.lower(), 0) + 1
        stem, suffix = label[: -len(".csv")], label[-len(".csv") :]
        labels.append(label if count == 1 else f"{stem} ({count}){suffix}")
    if problems:
        raise IngestError(problems)
    return labels


def _name_problem(label: str) -> str | None:
    if not label.strip():
        return "the upload has no name"
    if "/" in label or "\\" in label:
        return "the name holds a folder separator ('/' or '\\'): upload the file itself"
    if not label.lower().endswith(ACCEPTED_SUFFIXES):
        return "is not a .csv or .zip file"
    return None


def _check_sizes(files: list[tuple[str, bytes]], labels: list[str], settings: Settings) -> None:
    """Refuse too many files, a file too large or too much altogether (before anything is saved)."""
    if len(files) > settings.upload_max_files:
        raise IngestError(
            Problem(
                "upload",
                None,
                None,
                f"{len(files):,} files; at most {settings.upload_max_files:,} per upload",
            )
        )
    problems = [
        Problem(
            label,
            None,
            None,
            f"is {len(content) / MB:,.1f} MB; at most {settings.upload_max_file_mb:,} MB per file",
        )
        for label, (_name, content) in zip(labels, files, strict=True)
        if len(content) > settings.upload_max_file_mb * MB
    ]
    total = sum(len(content) for _name, content in files)
    if not problems and total > settings.upload_max_total_mb * MB:
        problems.append(
            Problem(
                "upload",
                None,
                None,
                f"{total / MB:,.1f} MB in all; at most {settings.upload_max_total_mb:,} MB",
            )
        )
    if problems:
        raise IngestError(problems)


def _save(folder: Path, index: int, label: str, content: bytes) -> Path:
    """Write one upload under a generated name, readable by this process only."""
    path = folder / f"upload-{index:03d}{Path(label).suffix.lower()}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return path
