"""The upload function the Data page calls: hostile names, sizes, same-name uploads, zips."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.warehouse.conftest import POLICE, TINY, snapshot
from warehouse.errors import IngestError
from warehouse.uploads import ingest_uploads, upload_labels

FEB = TINY / "police_uk" / "2023-02" / "2023-02-warwickshire-street.csv"


def upload_refused(con, files: list[tuple[str, bytes]]) -> IngestError:
    """The IngestError of an upload that must change nothing."""
    before = snapshot(con)
    with pytest.raises(IngestError) as info:
        ingest_uploads(con, "police-uk", files)
    assert snapshot(con) == before
    return info.value


def test_two_uploads_with_the_same_name_are_both_loaded_and_reported(con):
    files = [("street.csv", POLICE.read_bytes()), ("street.csv", FEB.read_bytes())]
    report = ingest_uploads(con, "police-uk", files)
    assert [(f.file, f.rows_loaded) for f in report.files] == [("street.csv", 8), ("street (2).csv", 3)]
    assert con.execute("select file from ingest_log order by ingest_id").fetchall() == [
        ("street.csv",), ("street (2).csv",)
    ]  # fmt: skip


def test_hostile_names_are_only_labels(con, tmp_path):
    long_name = "x" * 290 + "-street.csv"
    files = [(long_name, POLICE.read_bytes()), ("feb\x1b[31m\u202e.csv", FEB.read_bytes())]
    report = ingest_uploads(con, "police-uk", files)
    assert [f.file for f in report.files] == ["x" * 79 + "…" + "x" * 29 + "-street.csv", "feb[31m.csv"]
    assert len(report.files[0].file) == 120
    assert not list(Path(tempfile.gettempdir()).glob("svd-upload-*"))  # the private folder is gone


@pytest.mark.parametrize(
    "name, message",
    [
        ("../../x.csv", "the name holds a folder separator ('/' or '\\'): upload the file itself"),
        ("..\\..\\x.csv", "the name holds a folder separator ('/' or '\\'): upload the file itself"),
        ("/etc/cron.d/x.csv", "the name holds a folder separator ('/' or '\\'): upload the file itself"),
        ("notes.txt", "is not a .csv or .zip file"),
        ("street.csv.exe", "is not a .csv or .zip file"),
        ("\x00\x01", "the upload has no name"),
    ],
)
def test_bad_names_refused_before_anything_is_written(loaded_con, tmp_path, name, message):
    error = upload_refused(loaded_con, [(name, POLICE.read_bytes())])
    assert (error.file, error.line, error.message) == (name.replace("\x00", "").replace("\x01", "") or "(no name)",
                                                       None, message)  # fmt: skip
    assert not (tmp_path.parent / "x.csv").exists() and not Path("/etc/cron.d/x.csv").exists()


def test_limits_on_files_and_sizes(loaded_con, monkeypatch):
    monkeypatch.setenv("SVD_UPLOAD_MAX_FILES", "3")
    monkeypatch.setenv("SVD_UPLOAD_MAX_FILE_MB", "1")
    monkeypatch.setenv("SVD_UPLOAD_MAX_TOTAL_MB", "2")
    four = [(f"{i}.csv", b"a") for i in range(4)]
    assert upload_refused(loaded_con, four).message == "4 files; at most 3 per upload"
    big = b"x" * 1_000_001
    error = upload_refused(loaded_con, [("big.csv", big), ("ok.csv", b"a")])
    assert (error.file, error.message) == ("big.csv", "is 1.0 MB; at most 1 MB per file")
    total = [(f"{name}.csv", b"x" * 900_000) for name in "abc"]
    assert upload_refused(loaded_con, total).message == "2.7 MB in all; at most 2 MB"
    assert upload_refused(loaded_con, []).message == "no files chosen: choose at least one CSV or zip file"


def test_bad_content_is_refused_with_the_uploaded_name(loaded_con):
    bad = POLICE.read_bytes().replace(b"52.386788", b"99")
    error = upload_refused(loaded_con, [("jan.csv", bad)])
    assert (error.file, error.line, error.column) == ("jan.csv", 2, "Latitude")
    assert "svd-upload" not in str(error) and "upload-001" not in str(error)


def test_zip_upload_names_members_under_the_upload(con):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("2023-01/2023-01-warwickshire-street.csv", POLICE.read_bytes())
    report = ingest_uploads(con, "police-uk", [("download.zip", buffer.getvalue())])
    assert [(f.file, f.rows_loaded) for f in report.files] == [
        ("download.zip!2023-01/2023-01-warwickshire-street.csv", 8)
    ]


def test_zip_slip_upload_refused(loaded_con, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("../../../../tmp/evil-street.csv", POLICE.read_bytes())
    error = upload_refused(loaded_con, [("download.zip", buffer.getvalue())])
    assert (error.file, error.message) == (
        "download.zip!../../../../tmp/evil-street.csv",
        "member has a '..' part that leaves the extraction folder: the archive is refused",
    )
    assert not Path("/tmp/evil-street.csv").exists()


def test_labels_are_unique_case_insensitively():
    assert upload_labels(["a.csv", "A.CSV", "a.csv", "b.zip"]) == ["a.csv", "A (2).CSV", "a (3).csv", "b.zip"]
