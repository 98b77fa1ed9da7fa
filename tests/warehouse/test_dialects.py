"""Every CSV dialect a real export uses loads exactly the rows of the plain LF file, with the
physical line numbers of the file as written; broken structure is refused where it starts."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.warehouse.conftest import POLICE, TINY, refused, rows_of, write
from warehouse import db
from warehouse.ingest import ingest

ROWS = rows_of(POLICE)
LOCATION = ROWS[0].index("Location")
MONTH = ROWS[0].index("Month")


def loaded_rows(con) -> list[tuple]:
    """police_uk_rows without the ingest id, in file order."""
    return con.execute("select * exclude (ingest_id) from police_uk_rows order by line_number").fetchall()


def csv_records(rows: list[list[str]], quote_all: bool = False) -> list[str]:
    """Each row as one CSV record without its line end."""
    out = []
    for row in rows:
        buffer = io.StringIO()  # "\r\n" as terminator, so that values holding \r or \n are quoted
        quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
        csv.writer(buffer, lineterminator="\r\n", quoting=quoting).writerow(row)
        out.append(buffer.getvalue()[:-2])
    return out


@pytest.fixture(scope="module")
def lf_rows(reference_db, tmp_path_factory) -> list[tuple]:
    path = tmp_path_factory.mktemp("lf") / "w.duckdb"
    shutil.copy(reference_db, path)
    con = db.connect(path)
    ingest(con, "police-uk", [POLICE])
    rows = loaded_rows(con)
    con.close()
    return rows


DIALECTS = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cr only (old Mac)": lambda text: text.replace("\n", "\r"),
    "lf header, crlf rows": lambda text: text.replace("\n", "\r\n").replace("\r\n", "\n", 1),
    "utf-8 bom": lambda text: "\ufeff" + text,
    "bom and crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    "trailing blank lines": lambda text: text + "\n\r\n\n",
    "spreadsheet's empty rows": lambda text: text + ",,,,,,,,,,,\r\n" + " , ,,,,,,,,,,\n",
    "no final line end": lambda text: text.rstrip("\n"),
    "every value quoted": lambda text: "\n".join(csv_records(ROWS, quote_all=True)) + "\n",
}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_dialect_loads_the_same_rows(con, tmp_path, lf_rows, dialect):
    path = tmp_path / POLICE.name
    path.write_bytes(DIALECTS[dialect](POLICE.read_text(encoding="utf-8")).encode("utf-8"))
    report = ingest(con, "police-uk", [path])
    assert report.rows_loaded == 8
    assert loaded_rows(con) == lf_rows
    assert [row[2] for row in lf_rows] == [2, 3, 4, 5, 6, 7, 8, 9]


def test_quoted_line_breaks_keep_physical_line_numbers(con, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[2][LOCATION] = "On or near\r\nPark Road"  # record 2 spans lines 3-4
    rows[3][LOCATION] = "a\nb\nc"  # record 3 spans lines 5-7
    path = write(tmp_path / POLICE.name, rows, newline="\r\n")
    ingest(con, "police-uk", [path])
    got = con.execute("select line_number, location from police_uk_rows order by line_number").fetchall()
    assert [line for line, _ in got] == [2, 3, 5, 8, 9, 10, 11, 12]
    assert got[1:3] == [(3, "On or near\nPark Road"), (5, "a\nb\nc")]


def test_bad_value_after_quoted_line_breaks_names_its_physical_line(loaded_con, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[2][LOCATION] = "On or near\nPark Road"
    rows[3][LOCATION] = "a\r\nb\rc"
    rows[5][MONTH] = "2023-13"  # record 5: line 6, plus three line breaks above
    bad = write(tmp_path / POLICE.name, rows)
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line, error.column, error.message) == (
        str(bad), 9, "Month", "'2023-13' is not a month (YYYY-MM)",
    )  # fmt: skip


def test_blank_lines_in_the_middle_are_skipped_and_counted(loaded_con, tmp_path):
    text = POLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    text[4] = "\n\n" + text[4].replace("Warwickshire Police,-1", "Warwickshire Police,-99", 1)
    bad = tmp_path / POLICE.name
    bad.write_text("".join(text), encoding="utf-8")
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.line, error.column) == (7, "Longitude")


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ('a001,2023-01,x"y,', 2, "Reported by", "a quote inside an unquoted value: quote the whole value"),
        ('a001,2023-01,"x"y,', 2, "Reported by", "a closing quote followed by more text"),
        ('a001,2023-01, "x",', 2, "Reported by", "a quote inside an unquoted value: quote the whole value"),
        (
            'a001,2023-01,"never closed,',
            2,
            "Reported by",
            "a quoted value that never ends (unbalanced quotes)",
        ),
        ("a001,2023-01,bell\x07,", 2, "Reported by", "control character 0x07: not a CSV text file"),
    ],
)
def test_broken_structure_refused_where_the_record_starts(loaded_con, tmp_path, text, line, column, message):
    header = POLICE.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "x-street.csv"
    bad.write_text(f"{header}\n{text}\n", encoding="utf-8")
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line, error.column, error.message) == (str(bad), line, column, message)


@pytest.mark.parametrize(
    "content, line, message",
    [
        (b"", None, "empty file: no header row"),
        (b"\n\n", None, "empty file: no header row"),
        (b"\r\nCrime ID,Month\r\n", 1, "the file starts with a blank line: line 1 must be the header row"),
    ],
)
def test_empty_files_refused(loaded_con, tmp_path, content, line, message):
    bad = tmp_path / "x-street.csv"
    bad.write_bytes(content)
    error = refused(loaded_con, "police-uk", [bad])
    assert (error.file, error.line, error.column, error.message) == (str(bad), line, None, message)


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n\n"])
def test_header_only_file_refused_in_every_format(loaded_con, tmp_path, ending):
    """A header and no rows is refused, like an empty file (README: it cannot say what it replaces)."""
    for command, folder in (("police-uk", "police_uk"), ("admissions", "admissions"), ("cohort", "cohort")):
        source = min((TINY / folder).rglob("*.csv"))
        bad = tmp_path / f"{command}-street.csv"
        bad.write_text(source.read_text(encoding="utf-8").splitlines()[0] + ending, encoding="utf-8")
        error = refused(loaded_con, command, [bad])
        assert (error.file, error.line, error.message) == (
            str(bad),
            None,
            "has a header but no data rows: nothing to load",
        )


LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def dialect_file(draw) -> tuple[str, list[int]]:
    """The tiny police.uk file in a random dialect, with the line where each record starts."""
    rows = [list(row) for row in ROWS]
    rows[3][LOCATION] = "On or near\nPark Road"
    records = csv_records(rows, quote_all=draw(st.booleans()))
    text, line, starts = "\ufeff" if draw(st.booleans()) else "", 1, []
    for index, record in enumerate(records):
        for _ in range(draw(st.integers(0, 2)) if index > 1 else 0):
            text += draw(st.sampled_from(["\r\n", "\r"]))  # blank line ("\r" + "\n" would be one break)
            line += 1
        starts.append(line)
        text += record.replace("\n", draw(LINE_ENDS))
        line += record.count("\n")
        if index < len(records) - 1 or draw(st.booleans()):
            text += draw(LINE_ENDS)
            line += 1
    return text, starts[1:]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=dialect_file())
def test_random_dialect_loads_the_same_rows_property(con, tmp_path, lf_rows, case):
    text, starts = case
    path = tmp_path / POLICE.name
    path.write_bytes(text.encode("utf-8"))
    ingest(con, "police-uk", [path])  # a reload replaces the force-month
    rows = loaded_rows(con)
    assert [row[2] for row in rows] == starts
    location = 7  # police_uk_rows: force, month, line_number, crime_id, reported_by, lon, lat, location
    expected = [
        (
            *row[:2],
            start,
            *row[3:location],
            "On or near\nPark Road" if i == 2 else row[location],
            *row[location + 1 :],
        )
        for i, (row, start) in enumerate(zip(lf_rows, starts, strict=True))
    ]
    assert rows == expected


TEXT = st.lists(st.sampled_from([*"ab ,\"\n\r\t'é€", "\r\n", '""']), max_size=8).map("".join)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(TEXT, min_size=8, max_size=8), line_end=LINE_ENDS)
def test_any_text_value_survives_quoting_property(con, tmp_path, values, line_end):
    """Commas, quotes, tabs and line breaks in a text column load as written (line breaks as LF,
    spaces around trimmed, blank as NULL): DuckDB and the scan split records alike."""
    rows = [list(row) for row in ROWS]
    context = ROWS[0].index("Context")
    for row, value in zip(rows[1:], values, strict=True):
        row[context] = value
    path = tmp_path / POLICE.name
    path.write_bytes(("\r\n".join(csv_records(rows)) + line_end).encode("utf-8"))
    ingest(con, "police-uk", [path])
    got = [
        row[0] for row in con.execute("select context from police_uk_rows order by line_number").fetchall()
    ]
    expected = [v.replace("\r\n", "\n").replace("\r", "\n").strip(" ") or None for v in values]
    assert got == expected
