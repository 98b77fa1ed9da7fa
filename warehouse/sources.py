"""Find the input files an ingest command names, and check each is a readable CSV text file.

A PATH may be a file, a folder (searched recursively) or a zip archive as data.police.uk
serves it (one folder per month). For police-uk only `*-street.csv` files are taken from
folders and archives: the outcomes and stop-and-search files that come in the same download
are skipped.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from warehouse.errors import IngestError, Problem
from warehouse.formats import FileFormat

CHUNK = 1 << 20


@dataclass
class SourceFile:
    """One CSV file to load: its name as reported and logged, and where it can be read."""

    display: str
    path: Path
    sha256: str = ""
    header: tuple[str, ...] = ()
    format_name: str = ""
    newline: str = "\n"


def _member_pattern(format_name: str) -> str:
    return "*-street.csv" if format_name == "police-uk" else "*.csv"


def _from_zip(archive: Path, format_name: str, extract_dir: Path) -> list[SourceFile]:
    suffix = "-street.csv" if format_name == "police-uk" else ".csv"
    target = extract_dir / f"zip{len(list(extract_dir.iterdir()))}"
    found = []
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in sorted(bundle.namelist()):
                name = member.rsplit("/", 1)[-1]
                if member.endswith("/") or member.startswith("__MACOSX") or not name.lower().endswith(suffix):
                    continue
                local = target / member
                local.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(member) as source, open(local, "wb") as sink:
                    while chunk := source.read(CHUNK):
                        sink.write(chunk)
                found.append(SourceFile(f"{archive}!{member}", local))
    except zipfile.BadZipFile as error:
        raise IngestError(Problem(str(archive), None, None, f"damaged zip archive ({error})")) from error
    return found


def resolve(format_name: str, paths: list[str | Path], extract_dir: Path) -> list[SourceFile]:
    """Every CSV file the paths name, in the order given (folders sorted by path)."""
    files: list[SourceFile] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [
                SourceFile(str(p), p) for p in sorted(path.rglob(_member_pattern(format_name))) if p.is_file()
            ]
            what = "folder"
        elif path.is_file() and zipfile.is_zipfile(path):
            found = _from_zip(path, format_name, extract_dir)
            what = "zip archive"
        elif path.is_file():
            found, what = [SourceFile(str(path), path)], "file"
        else:
            raise IngestError(Problem(str(given), None, None, "no such file or folder"))
        if not found:
            raise IngestError(
                Problem(str(given), None, None, f"{what} holds no {_member_pattern(format_name)} files")
            )
        files.extend(found)
    return files


def check_text(source: SourceFile) -> None:
    """Hash the file and refuse it unless it is UTF-8 text without NUL bytes (i.e. not binary)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines_before = 0
    with open(source.path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            problem = None
            if b"\x00" in chunk:
                problem = (chunk.index(b"\x00"), "binary content (NUL byte): not a CSV text file")
            else:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    problem = (
                        error.start,
                        "not UTF-8 text (binary or wrongly encoded): save it as UTF-8 CSV",
                    )
            if problem:
                line = lines_before + chunk.count(b"\n", 0, max(problem[0], 0)) + 1
                raise IngestError(Problem(source.display, line, None, problem[1]))
            lines_before += chunk.count(b"\n")
    source.sha256 = digest.hexdigest()


def read_header(source: SourceFile) -> tuple[str, ...]:
    """The header row, names stripped of spaces."""
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        try:
            row = next(csv.reader(handle), None)
        except csv.Error as error:
            raise IngestError(
                Problem(source.display, 1, None, f"header is not valid CSV ({error})")
            ) from error
    if not row or not any(cell.strip() for cell in row):
        raise IngestError(Problem(source.display, 1, None, "empty file: no header row"))
    with open(source.path, "rb") as handle:
        source.newline = "\r\n" if handle.readline().endswith(b"\r\n") else "\n"
    return tuple(cell.strip() for cell in row)


def header_problems(source: SourceFile, header: tuple[str, ...], fmt: FileFormat) -> list[Problem]:
    """Missing, misspelt, unexpected or repeated columns (suggesting the close match)."""
    expected = fmt.column_names
    unexpected = [name for name in header if name not in expected]
    problems = []
    for name in expected:
        if name in header:
            continue
        close = difflib.get_close_matches(name, unexpected, n=1, cutoff=0.6)
        close = close or [
            u for u in unexpected if u.lower().replace("_", " ") == name.lower().replace("_", " ")
        ]
        hint = f"; found '{close[0]}' - misspelt?" if close else ""
        problems.append(
            Problem(source.display, 1, name, f"missing column '{name}' ({fmt.name} format){hint}")
        )
    for name in unexpected:
        hint = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
        text = f"unexpected column '{name}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
        problems.append(Problem(source.display, 1, name, text))
    for name in sorted({n for n in header if header.count(n) > 1}):
        problems.append(Problem(source.display, 1, name, f"column '{name}' appears more than once"))
    return problems


def choose_format(source: SourceFile, header: tuple[str, ...], formats: list[FileFormat]) -> FileFormat:
    """The format whose columns best match the header (the cohort format has two kinds of file)."""
    return max(formats, key=lambda fmt: len(set(header) & set(fmt.column_names)))


def physical_line(path: Path, record: int) -> int:
    """The line (header = 1) where data record number `record` (1-based) starts."""
    return record_at(path, record)[0]


def record_at(path: Path, record: int) -> tuple[int, int]:
    """(line where data record `record` starts, its number of fields); header = line 1."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        count = 0
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except (StopIteration, csv.Error):
                return start, 0
            if row:
                count += 1
                if count == record:
                    return start, len(row)


def field_count(csv_line: str) -> int:
    """Number of fields in one CSV line."""
    return len(next(csv.reader(io.StringIO(csv_line)), []))
