"""Open mode: no identity provider is configured (no [auth] section in .streamlit/secrets.toml).

On the sample warehouse the app works as it always has, for anyone who can reach it, with a banner
saying sign-in is off. Once the warehouse holds partner extracts loaded from real files (any file of
a partner format whose ingest-log entry is not a file the sample generator wrote, unchanged), open
mode shows only the open-data pages, unless SVD_OPEN_MODE_ALL=1 says otherwise.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from access.policy import OPEN, Viewer, viewer_for
from settings import load_settings

# Formats of published, open data (as the ingest log names them: each file's own format); every
# other format is a partner extract.
OPEN_FORMATS = ("police-uk", "police-uk-outcomes", "police-uk-stop-search", "indicators", "fingertips",
                "census-ethnicity")
SAMPLE_GENERATOR = "sample_data.generate"


def open_viewer(real_data: bool, allow_all: bool) -> Viewer:
    """The viewer of open mode: a data manager on sample data (or when SVD_OPEN_MODE_ALL=1), else a
    viewer of open data only, with no actions."""
    if allow_all or not real_data:
        return viewer_for(None, "Open mode (sign-in is off)", "data_manager", "open")
    return Viewer(None, "Open mode (sign-in is off)", None, "open", frozenset({OPEN}), frozenset())


def current_open_viewer(snapshot: str) -> Viewer:
    return open_viewer(holds_real_partner_data(snapshot), load_settings().open_mode_all)


@functools.lru_cache(maxsize=16)
def holds_real_partner_data(snapshot: str) -> bool:
    """Whether the snapshot holds a partner extract that is not an unchanged sample-generator file
    (cached per snapshot: a snapshot never changes)."""
    from queries.connection import reading

    placeholders = ", ".join("?" for _ in OPEN_FORMATS)
    with reading(snapshot) as cursor:
        rows = cursor.execute(f"select distinct file, sha256 from ingest_log where format not in ({placeholders})",
                              list(OPEN_FORMATS)).fetchall()
    return any(not is_sample_file(file, sha256) for file, sha256 in rows)


def is_sample_file(file: str, sha256: str) -> bool:
    """A file listed in the MANIFEST.json of the sample generator above it, with this content (a
    workbook's sheet is logged as `book.xlsx!sheet`, with the workbook's sha256)."""
    path = Path(file.split("!", 1)[0])
    for root in list(path.parents)[:4]:
        listed = _manifest_paths(str(root))
        if listed is not None:
            relative = path.relative_to(root).as_posix()
            return relative in listed and path.is_file() and _sha256(str(path)) == sha256
    return False


@functools.lru_cache(maxsize=64)
def _manifest_paths(root: str) -> frozenset[str] | None:
    manifest = Path(root) / "MANIFEST.json"
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return frozenset()
    if data.get("generator") != SAMPLE_GENERATOR:
        return frozenset()
    return frozenset(entry.get("path", "") for entry in data.get("files", []))


@functools.lru_cache(maxsize=4096)
def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

