"""Read every input CSV the same way, whatever wrote it: one streaming pass per file.

The pass copies the file to a canonical form that DuckDB then parses with one fixed dialect
(UTF-8 without BOM, LF line ends, RFC 4180 quoting), and on the way it:
- hashes the bytes as given (sha256 for the ingest log) and refuses anything but UTF-8 text
  (NUL and other control characters, invalid UTF-8, a zip archive);
- turns CRLF, CR-only (old Mac) and mixed line ends into LF. A line break inside a quoted value
  is kept (as LF). Physical line numbers are those of the original file: CRLF, CR and LF each
  end one line;
- finds every record with numpy over the bytes (a newline ends a record when an even number of
  quote characters precede it) and so knows the physical line where each record starts, even
  when quoted values span lines; blank lines are skipped as DuckDB skips them;
- checks the quoting: a quote may only open a value (after a comma or a line start), close one
  (before a comma or a line end) or be doubled inside one. A stray quote such as `5"10` in an
  unquoted value is refused, because CSV readers disagree on it (the cause of shifted columns);
- counts the fields of every record, so a short or long row is refused with its line.

The result (`Scan`) maps data record numbers to physical lines with a few breakpoints: a file
where every record is one line stores none. DuckDB's row count per file is checked against it.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

CHUNK_BYTES = 1 << 20
# DuckDB's CSV reader refuses records over 2 MB (max_line_size); no real record comes close.
MAX_RECORD_BYTES = 1 << 20
MAX_WIDTH_PROBLEMS = 3
BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
LF, QUOTE, COMMA, TAB = 10, 34, 44, 9
# Bytes no CSV text file holds: C0 controls but TAB and LF (CR is gone by then), and DEL.
_CONTROL = np.zeros(256, dtype=bool)
_CONTROL[[*range(32), 127]] = True
_CONTROL[[TAB, LF]] = False
_NONE = np.empty(0, dtype=np.intp)


@dataclass
class Scan:
    """What the pass learnt about one file. Record 0 is the header; data records count from 1."""

    sha256: str = ""
    bytes_read: int = 0
    records: int = 0
    header_fields: int = 0
    # (first data record, lines it starts below 'record + 1'): record r starts on line
    # r + 1 + extra of the last breakpoint at or before r.
    breaks: list[tuple[int, int]] = field(default_factory=list)
    # (line, fields found) of the first data records whose field count differs from the header's.
    bad_widths: list[tuple[int, int]] = field(default_factory=list)
    # (line, field index or None, message): the first structural problem; scanning stops there.
    problem: tuple[int, int | None, str] | None = None

    def line_of(self, record: int) -> int:
        """The physical line where data record `record` starts."""
        extra = 0
        for first, shift in self.breaks:
            if first > record:
                break
            extra = shift
        return record + 1 + extra


class _Records:
    """Record boundaries, field counts and quoting of canonical (LF-only) bytes, chunk by chunk."""

    def __init__(self, scan: Scan):
        self.scan = scan
        self.offset = 0  # canonical bytes before the chunk
        self.lines = 0  # newlines before the chunk
        self.quotes = 0  # quote characters before the chunk
        self.commas = 0  # commas outside quotes before the chunk
        self.prev_byte = LF  # the start of the file behaves like the start of a line
        self.pending_close: tuple[int, int | None] | None = None  # odd quote ending the last chunk
        self.start, self.start_line, self.start_commas = 0, 1, 0  # the record being read
        self.index = -1  # last complete non-empty record (0 = header)
        self.extra = 0
        self.open_quote: tuple[int, int] = (1, 0)  # (line, field) of the last opening quote

    def feed(self, chunk: bytes) -> None:
        if self.scan.problem is None and chunk:
            self._feed(chunk, np.frombuffer(chunk, dtype=np.uint8))
        self.offset += len(chunk)

    def _feed(self, chunk: bytes, a: np.ndarray) -> None:
        newlines = np.flatnonzero(a == LF)
        quotes = np.flatnonzero(a == QUOTE) if b'"' in chunk else _NONE
        commas = np.flatnonzero(a == COMMA)
        # Most chunks hold no control character: counting is cheaper than locating.
        clean = np.count_nonzero(a < 32) == newlines.size + chunk.count(b"\t") and b"\x7f" not in chunk
        cut = self._first_bad_byte(a, quotes, clean)
        if quotes.size or self.quotes % 2:
            terminators = newlines[(self.quotes + np.searchsorted(quotes, newlines)) % 2 == 0]
            outside = commas[(self.quotes + np.searchsorted(quotes, commas)) % 2 == 0]
        else:  # no quoting in play: every newline ends a record, every comma splits fields
            terminators, outside = newlines, commas
        at = _Positions(self, newlines, outside)
        if cut is not None:
            self._fail_at(cut[0], cut[1], terminators, at)
            return
        self._note_open_quote(a, quotes, terminators, at)
        if terminators.size:
            self._close(self.offset + terminators, at)
        self.quotes += quotes.size
        self.commas += outside.size
        self.lines += newlines.size
        self.prev_byte = int(a[-1])
        if self.offset + a.size - self.start > MAX_RECORD_BYTES:
            self._problem(self.start_line, None, f"a record longer than {MAX_RECORD_BYTES:,} bytes")

    def _first_bad_byte(self, a: np.ndarray, quotes, clean: bool) -> tuple[int, str] | None:
        """(position, message) of the first control character or misplaced quote in the chunk."""
        control = _NONE if clean else np.flatnonzero(_CONTROL[a])
        bad = [(int(control[0]), _control_message(int(a[control[0]])))] if control.size else []
        if self.pending_close is not None and a[0] not in (COMMA, LF, QUOTE):
            bad.append((0, "a closing quote followed by more text"))
        self.pending_close = None
        if quotes.size:
            odd = (self.quotes + np.arange(quotes.size)) % 2 == 1
            before = np.where(quotes > 0, a[np.maximum(quotes - 1, 0)], self.prev_byte)
            after = a[np.minimum(quotes + 1, a.size - 1)]
            last = quotes == a.size - 1
            bad_open = ~odd & ~np.isin(before, (COMMA, LF, QUOTE))
            bad_close = odd & ~last & ~np.isin(after, (COMMA, LF, QUOTE))
            if bad_open.any():
                bad.append(
                    (int(quotes[bad_open][0]), "a quote inside an unquoted value: quote the whole value")
                )
            if bad_close.any():
                bad.append((int(quotes[bad_close][0]) + 1, "a closing quote followed by more text"))
            if odd[-1] and last[-1]:
                self.pending_close = (int(quotes[-1]), None)
        return min(bad) if bad else None

    def _fail_at(self, position: int, message: str, terminators, at: _Positions) -> None:
        before = terminators[terminators < position]
        start = self.offset + int(before[-1]) + 1 if before.size else self.start
        line = at.line(start - self.offset) if before.size else self.start_line
        start_commas = at.commas(start - self.offset) if before.size else self.start_commas
        self._problem(line, at.commas(position) - start_commas, message)

    def _note_open_quote(self, a, quotes, terminators, at: _Positions) -> None:
        """Remember where the last quoted value opened, to name it if it never closes."""
        even = quotes[(self.quotes + np.arange(quotes.size)) % 2 == 0]
        if not even.size:
            return
        position = int(even[-1])
        before = terminators[terminators < position]
        start = int(before[-1]) + 1 if before.size else self.start - self.offset
        line = at.line(start) if before.size else self.start_line
        start_commas = at.commas(start) if before.size else self.start_commas
        self.open_quote = (line, at.commas(position) - start_commas)

    def _close(self, ends: np.ndarray, at: _Positions) -> None:
        """Account for the records ending at canonical offsets `ends` (exclusive)."""
        rel = ends - self.offset
        starts = np.concatenate(([self.start], ends[:-1] + 1))
        start_lines = np.concatenate(([self.start_line], at.line(rel[:-1] + 1)))
        start_commas = np.concatenate(([self.start_commas], at.commas(rel[:-1] + 1)))
        fields = 1 + at.commas(rel) - start_commas
        lengths = ends - starts
        keep = lengths > 0
        self.start, self.start_line = int(ends[-1]) + 1, int(at.line(rel[-1] + 1))
        self.start_commas = int(at.commas(rel[-1] + 1))
        if (lengths > MAX_RECORD_BYTES).any():
            line = int(start_lines[np.argmax(lengths > MAX_RECORD_BYTES)])
            self._problem(line, None, f"a record longer than {MAX_RECORD_BYTES:,} bytes")
        self._count(start_lines[keep], fields[keep])

    def _count(self, start_lines: np.ndarray, fields: np.ndarray) -> None:
        if not start_lines.size:
            return
        scan = self.scan
        if self.index < 0:
            if start_lines[0] != 1:
                self._problem(1, None, "the file starts with a blank line: line 1 must be the header row")
                return
            scan.header_fields = int(fields[0])
            start_lines, fields = start_lines[1:], fields[1:]
            self.index = 0
        numbers = self.index + 1 + np.arange(start_lines.size)
        extra = start_lines - numbers - 1
        changes = np.flatnonzero(np.diff(np.concatenate(([self.extra], extra))))
        scan.breaks += [(int(numbers[i]), int(extra[i])) for i in changes]
        wrong = np.flatnonzero(fields != scan.header_fields)[: MAX_WIDTH_PROBLEMS - len(scan.bad_widths)]
        scan.bad_widths += [(int(start_lines[i]), int(fields[i])) for i in wrong]
        if start_lines.size:
            self.index += int(start_lines.size)
            self.extra = int(extra[-1])
        scan.records = self.index

    def finish(self) -> None:
        """The last record, when the file does not end with a line break; unclosed quotes."""
        if self.scan.problem is not None:
            return
        if self.quotes % 2:
            line, field_index = self.open_quote
            self._problem(line, field_index, "a quoted value that never ends (unbalanced quotes)")
        elif self.offset > self.start:
            at = _Positions(self, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
            self._close(np.array([self.offset]), at)

    def _problem(self, line: int, field_index: int | None, message: str) -> None:
        if self.scan.problem is None:
            self.scan.problem = (int(line), None if field_index is None else int(field_index), message)


class _Positions:
    """Line numbers and outside-quote comma counts at chunk-relative positions."""

    def __init__(self, records: _Records, newlines: np.ndarray, outside_commas: np.ndarray):
        self.records, self.newlines, self.outside = records, newlines, outside_commas

    def line(self, position):
        """The line of a position: 1 + newlines before it (in the file)."""
        return 1 + self.records.lines + np.searchsorted(self.newlines, position)

    def commas(self, position):
        """Commas outside quotes before a position (in the file)."""
        return self.records.commas + np.searchsorted(self.outside, position)


def _control_message(byte: int) -> str:
    if byte == 0:
        return "binary content (NUL byte): not a CSV text file"
    return f"control character 0x{byte:02x}: not a CSV text file"


class _Canonical:
    """Bytes as given -> canonical bytes: BOM dropped, CRLF and CR made LF across chunk edges."""

    def __init__(self):
        self.first = True
        self.held_cr = False

    def convert(self, chunk: bytes, final: bool = False) -> bytes:
        if self.first:
            chunk = chunk.removeprefix(BOM)
            self.first = False
        if self.held_cr:
            chunk = b"\r" + chunk
        self.held_cr = chunk.endswith(b"\r") and not final
        if self.held_cr:
            chunk = chunk[:-1]
        if b"\r" in chunk:  # most files are LF or CRLF: one replace, or none
            chunk = chunk.replace(b"\r\n", b"\n")
            if b"\r" in chunk:
                chunk = chunk.replace(b"\r", b"\n")
        return chunk


def _read_full(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end (zip and pipe streams may return short reads)."""
    parts, wanted = [], size
    while wanted > 0:
        part = stream.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def copy_and_scan(stream: BinaryIO, sink: BinaryIO) -> Scan:
    """Copy `stream` to `sink` in canonical form and scan it (see the module docstring).

    Stops at the first problem (`Scan.problem`); the sink then holds a partial copy.
    """
    scan = Scan()
    canonical, records = _Canonical(), _Records(scan)
    digest, decoder = hashlib.sha256(), codecs.getincrementaldecoder("utf-8")()
    first = True
    while True:
        # The first read is long enough to see a BOM or a zip signature whole.
        raw = _read_full(stream, max(CHUNK_BYTES, len(ZIP_MAGIC)) if first else CHUNK_BYTES)
        if first and raw.startswith(ZIP_MAGIC):
            scan.problem = (
                1,
                None,
                "a zip archive, not a CSV text file (a zip inside a zip is not accepted)",
            )
            return scan
        first = False
        digest.update(raw)
        scan.bytes_read += len(raw)
        text = canonical.convert(raw, final=not raw)
        if not _decodes(decoder, text, records, final=not raw):
            break
        sink.write(text)
        records.feed(text)
        if scan.problem is not None or not raw:
            break
    records.finish()
    scan.sha256 = digest.hexdigest()
    return scan


def _decodes(decoder, text: bytes, records: _Records, final: bool) -> bool:
    """Feed the UTF-8 decoder; on invalid UTF-8 note the line and return False."""
    buffered = len(decoder.getstate()[0])
    if not buffered and text.isascii():  # ASCII is UTF-8; no need to build the string
        return True
    try:
        decoder.decode(text, final)
    except UnicodeDecodeError as error:
        position = max(error.start - buffered, 0)
        line = records.lines + 1 + text.count(b"\n", 0, position)
        records.scan.problem = (
            line,
            None,
            "not UTF-8 text (binary or wrongly encoded): save it as UTF-8 CSV",
        )
        return False
    return True
