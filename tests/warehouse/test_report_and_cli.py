"""The report in words (command line and Data page), and no traceback for any bad input:
the command line prints `error: <file>, line N, column 'X': message` lines and exits 1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from settings import PROJECT_ROOT
from tests.warehouse.conftest import POLICE, TINY, refused, rows_of, write
from warehouse.ingest import ingest

ENV = {**os.environ, "SVD_TODAY": "2026-06-15"}
PEOPLE = TINY / "cohort" / "cohort-people.csv"
INTERVENTIONS = TINY / "cohort" / "cohort-interventions.csv"


def no_batch(text: str) -> str:
    return re.sub(r"batch [0-9a-f]{8}(\\?-[0-9a-f]{4}){3}\\?-[0-9a-f]{12}", "batch B", text)


def test_report_lines_and_markdown_tell_the_same_account(con):
    report = ingest(con, "police-uk", [POLICE])
    assert [no_batch(line) for line in report.lines()] == [
        "police-uk: 1 file, 8 rows loaded, 0 rows replaced (batch B)",
        "  files:",
        f"    {POLICE}: 8 loaded, 0 replaced (police-uk)",
        "  rows per force-month (police-uk):",
        "    Warwickshire Police 2023-01: 8",
        "  rows per district (police-uk):",
        "    Stratford-on-Avon (E07000221): 2",
        "    Warwick (E07000222): 2",
        "    (outside_reference): 1",
        "    (unknown): 1",
        "    Coventry (E08000026): 1",
        "    Nuneaton and Bedworth (E07000219): 1",
        "  rows with unknown location: 1",
        "  rows outside the reference area (LSOA not in the reference): 1",
    ]
    markdown = no_batch(report.markdown())
    assert markdown.startswith(
        "**police\\-uk\\: 1 file, 8 rows loaded, 0 rows replaced \\(batch B\\)**\n\n**Files**\n\n- "
    )
    assert (
        "\n**Rows per force\\-month \\(police\\-uk\\)**\n\n- Warwickshire Police 2023\\-01: 8\n" in markdown
    )
    assert markdown.endswith(
        "- Rows with unknown location: 1\n- Rows outside the reference area \\(LSOA not in the reference\\): 1\n"
    )
    assert "IngestReport(" not in markdown and "FileResult(" not in markdown


def test_markdown_cannot_carry_links_html_or_math_from_a_file(con, tmp_path):
    rows = rows_of(POLICE)
    for row in rows[1:]:
        row[3] = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> $x$ :red[y]"
    report = ingest(con, "police-uk", [write(tmp_path / POLICE.name, rows)])
    markdown = report.markdown()
    assert (
        "\\[click\\]\\(javascript\\:alert\\(1\\)\\) \\<img src=x onerror=alert\\(1\\)\\> \\$x\\$ \\:red\\[y\\]"
        in markdown
    )
    assert re.search(r"(?<!\\)[\[\]()<>$:]", markdown.replace("**", "").replace(": ", "")) is None


COHORT_CASES = {
    "unclosed quote in people": (
        lambda p, i: (p.replace("White", '"White', 1), i),
        ("cohort-people.csv", 2, "ethnicity", "a quoted value that never ends (unbalanced quotes)"),
    ),
    "interventions header only": (
        lambda p, i: (p, i.splitlines()[0] + "\n"),
        ("cohort-interventions.csv", None, None, "has a header but no data rows: nothing to load"),
    ),
    "people header only": (
        lambda p, i: (p.splitlines()[0] + "\r\n", i),
        ("cohort-people.csv", None, None, "has a header but no data rows: nothing to load"),
    ),
    "short people row": (
        lambda p, i: (p.replace(",Y,E08000026", ",Y"), i),
        ("cohort-people.csv", 2, "reoffence_district", "wrong number of fields: expected 17, found 16"),
    ),
    "bad value in people after a quoted line break": (
        lambda p, i: (p.replace("White", '"Wh\nite"').replace("2025-11-03", "2025-13-03"), i),
        ("cohort-people.csv", 4, "entry_date", "'2025-13-03' is not a date (YYYY-MM-DD)"),
    ),
}


@pytest.mark.parametrize("case", sorted(COHORT_CASES))
def test_malformed_cohort_files_are_refused_not_crashed(loaded_con, tmp_path, case):
    change, (name, line, column, message) = COHORT_CASES[case]
    people, interventions = change(
        PEOPLE.read_text(encoding="utf-8"), INTERVENTIONS.read_text(encoding="utf-8")
    )
    (tmp_path / "cohort-people.csv").write_text(people, encoding="utf-8", newline="")
    (tmp_path / "cohort-interventions.csv").write_text(interventions, encoding="utf-8", newline="")
    paths = [tmp_path / "cohort-people.csv", tmp_path / "cohort-interventions.csv"]
    error = refused(loaded_con, "cohort", paths)
    assert (error.file, error.line, error.column, error.message) == (
        str(tmp_path / name),
        line,
        column,
        message,
    )


def test_cr_only_cohort_files_load_every_row(con, tmp_path):
    for source in (PEOPLE, INTERVENTIONS):
        (tmp_path / source.name).write_bytes(source.read_bytes().replace(b"\n", b"\r"))
    report = ingest(con, "cohort", [tmp_path / PEOPLE.name, tmp_path / INTERVENTIONS.name])
    assert [(Path(f.file).name, f.rows_loaded) for f in report.files] == [
        ("cohort-people.csv", 2), ("cohort-interventions.csv", 3)
    ]  # fmt: skip


def test_unreadable_file_refused(loaded_con, tmp_path, monkeypatch):
    """As root a chmod cannot stop a read, so the open itself is made to fail."""
    import builtins

    import warehouse.sources

    real_open = builtins.open

    def guarded(path, *args, **kwargs):
        if Path(path) == tmp_path / "locked-street.csv":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(warehouse.sources, "open", guarded, raising=False)
    (tmp_path / "locked-street.csv").write_bytes(POLICE.read_bytes())
    error = refused(loaded_con, "police-uk", [tmp_path / "locked-street.csv"])
    assert (error.file, error.message) == (
        str(tmp_path / "locked-street.csv"),
        "cannot be read: permission denied",
    )


def test_command_line_refuses_every_bad_path_with_error_lines(tmp_path):
    empty, header_only, damaged_zip = tmp_path / "empty.csv", tmp_path / "header.csv", tmp_path / "x.zip"
    empty.write_bytes(b"")
    header_only.write_text(POLICE.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    damaged_zip.write_bytes(b"PK\x03\x04broken")
    (tmp_path / "folder").mkdir()
    bad_value = write(tmp_path / "bad-street.csv", [r if i != 3 else [*r[:1], "0000-01", *r[2:]]
                                                     for i, r in enumerate(rows_of(POLICE))])  # fmt: skip
    paths = [empty, header_only, damaged_zip, tmp_path / "folder", tmp_path / "missing.csv", "/dev/null"]
    result = subprocess.run(
        [sys.executable, "-m", "warehouse", "ingest", "police-uk", *map(str, paths), "--db", str(tmp_path / "w.duckdb")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False, env=ENV,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {empty}: empty file: no header row",
        f"error: {header_only}: has a header but no data rows: nothing to load",
        f"error: {damaged_zip}: damaged zip archive, not readable (File is not a zip file)",
        f"error: {tmp_path / 'folder'}: folder holds no *-street.csv or *-outcomes.csv or *-stop-and-search.csv files",
        f"error: {tmp_path / 'missing.csv'}: no such file or folder",
        "error: /dev/null: is not a regular file",
        "nothing was loaded: the warehouse is unchanged",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "warehouse", "ingest", "police-uk", str(bad_value), "--db", str(tmp_path / "w.duckdb")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False, env=ENV,
    )  # fmt: skip
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1, (f"error: {bad_value}, line 4, column 'Month': '0000-01' is outside the accepted range "
        "(months 2010-01 to 2026-06)"),
    )  # fmt: skip
    assert "Traceback" not in result.stderr
