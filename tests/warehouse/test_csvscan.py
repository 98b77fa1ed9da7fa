"""The one streaming pass (warehouse/csvscan.py) against Python's csv module, an independent
reader: same records, same physical start lines, same field counts, in any dialect and with
chunk edges anywhere (chunks of a few bytes split CRLF pairs, quotes and UTF-8 characters)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse import csvscan
from warehouse.csvscan import copy_and_scan

FIELD = st.lists(st.sampled_from([*'ab,"\n\r é', "\r\n"]), max_size=6).map("".join)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


def reference(text: str) -> tuple[list[int], list[int]]:
    """(start line, field count) of every non-blank record, by the csv module."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    starts, widths, previous = [], [], 0
    for row in reader:
        start, previous = previous + 1, reader.line_num
        if row:
            starts.append(start)
            widths.append(len(row))
    return starts, widths


def scanned(data: bytes, chunk_bytes: int, monkeypatch) -> tuple[csvscan.Scan, bytes]:
    monkeypatch.setattr(csvscan, "CHUNK_BYTES", chunk_bytes)
    sink = io.BytesIO()
    return copy_and_scan(io.BytesIO(data), sink), sink.getvalue()


@st.composite
def csv_file(draw) -> str:
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(FIELD, min_size=width, max_size=width), min_size=1, max_size=6))
    for row in rows[1:]:  # now and then a row that is short or long
        row.extend(draw(st.sampled_from([[], [], [], ["x"], ["x", "y"]])))
    text = ""
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(row)  # so values holding \r or \n are quoted
        record = buffer.getvalue()[:-2]
        if record in ("", '""'):  # a lone empty field would read as a blank line
            record = '""'
        text += record + draw(LINE_ENDS) + draw(st.sampled_from(["", "\n", "\r\n"]))
    return text


@settings(max_examples=150, deadline=None)
@given(text=csv_file(), chunk_bytes=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]), bom=st.booleans())
def test_records_lines_and_widths_match_the_csv_module_property(text, chunk_bytes, bom):
    with pytest.MonkeyPatch.context() as monkeypatch:
        scan, canonical = scanned(
            ("\ufeff" if bom else "").encode() + text.encode(), chunk_bytes, monkeypatch
        )
    starts, widths = reference(text)
    assert scan.problem is None
    assert scan.records == len(starts) - 1 and scan.header_fields == widths[0]
    assert [scan.line_of(r) for r in range(1, scan.records + 1)] == starts[1:]
    wrong = [(line, width) for line, width in zip(starts[1:], widths[1:], strict=True) if width != widths[0]]
    assert scan.bad_widths == wrong[:3]
    assert b"\r" not in canonical and not canonical.startswith(b"\xef\xbb\xbf")
    assert reference(canonical.decode())[1] == widths  # the copy reads as the same records


@pytest.mark.parametrize("chunk_bytes", [1, 4, 1 << 20])
@pytest.mark.parametrize(
    "data, problem",
    [
        (b'a,b\n1,x"y\n', (2, 1, "a quote inside an unquoted value: quote the whole value")),
        (b'a,b\n1,"x"y\n', (2, 1, "a closing quote followed by more text")),
        (b'a,b\n1,"x\n\n2,3\n', (2, 1, "a quoted value that never ends (unbalanced quotes)")),
        (b"a,b\r\n1,2\r\n3,\x1b\r\n", (3, 1, "control character 0x1b: not a CSV text file")),
        (
            b"a,b\r1,2\r3,\xc3(\r",
            (3, None, "not UTF-8 text (binary or wrongly encoded): save it as UTF-8 CSV"),
        ),
        (b"a,b\n1,2\n\x00", (3, 0, "binary content (NUL byte): not a CSV text file")),
    ],
)
def test_first_structural_problem_located_whatever_the_chunks(monkeypatch, data, problem, chunk_bytes):
    scan, _ = scanned(data, chunk_bytes, monkeypatch)
    assert scan.problem == problem


def test_record_longer_than_the_limit_refused(monkeypatch):
    monkeypatch.setattr(csvscan, "MAX_RECORD_BYTES", 10)
    scan, _ = scanned(b"a,b\n1,2\n12345,678901\n", 1 << 20, monkeypatch)
    assert scan.problem == (3, None, "a record longer than 10 bytes")
