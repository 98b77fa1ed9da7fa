"""Find the input files an ingest command names and bring each into the extraction folder.

A PATH may be a file, a folder (searched recursively) or a zip archive as data.police.uk
serves it (one folder per month). For police-uk the `*-street.csv`, `*-outcomes.csv` and
`*-stop-and-search.csv` files are taken from folders and archives (each read as its own format);
any other file of the download is skipped.
A command whose formats name a sheet also takes .xlsx workbooks (loose or in folders): each sheet
it needs goes through the same pass as a CSV file (warehouse/workbooks.py).

Every file, loose or in an archive, goes through the same pass (warehouse/csvscan.py) into a
canonical copy with a generated name in the extraction folder; DuckDB reads only those copies,
so it reads exactly the bytes that were checked. Archives are opened by warehouse/archives.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.archives import Budget, MemberReader, members_to_unpack
from warehouse.csvscan import ZIP_MAGIC, Scan, copy_and_scan
from warehouse.errors import IngestError, Problem, clean_name, shown
from warehouse.formats import FileFormat
from warehouse.workbooks import (
    WorkbookError,
    is_workbook,
    read_workbook,
    sheet_csv,
    sheet_display,
    sheets_of_command,
)

# What a damaged or unsupported archive raises while being read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError)


@dataclass
class SourceFile:
    """One CSV file to load: its name as reported and logged, and its canonical copy."""

    display: str
    path: Path
    sha256: str = ""
    header: tuple[str, ...] = ()
    format_name: str = ""
    scan: Scan = field(default_factory=Scan)
    # When the file was last modified (loose files; a zip member's stored time), if known.
    modified: dt.date | None = None
    # Columns whose published name varies, read under their canonical name: {canonical: as published}.
    renamed: dict[str, str] = field(default_factory=dict)
    # Values a format reads from the file's name (stop and search: force and month).
    name_fields: dict[str, str] = field(default_factory=dict)


POLICE_UK_PATTERNS = ("*-street.csv", "*-outcomes.csv", "*-stop-and-search.csv")


def member_patterns(format_name: str) -> tuple[str, ...]:
    """The files a folder or archive contributes to a command."""
    return POLICE_UK_PATTERNS if format_name == "police-uk" else ("*.csv",)


def _wanted_text(format_name: str) -> str:
    return " or ".join(member_patterns(format_name))


class Extraction:
    """The files of one command, copied into `folder` under generated names."""

    def __init__(self, format_name: str, folder: Path, budget: Budget):
        self.format_name, self.folder, self.budget = format_name, folder, budget
        self.numbers = itertools.count(1)
        self.sources: list[SourceFile] = []
        self.problems: list[Problem] = []

    def add(self, given: Path, label: str, archives: bool = True) -> None:
        """A path from the command (file, folder or, when `archives`, zip), reported under `label`."""
        try:
            if given.is_dir():
                self._add_folder(given)
            elif given.is_file() and is_workbook(given):
                self._add_workbook(given, label)
            elif given.is_file() and archives and _looks_like_zip(given):
                self._add_zip(given, label)
            elif given.is_file():
                self._add_stream(label, functools.partial(open, given, "rb"))
                self.sources[-1].modified = dt.date.fromtimestamp(given.stat().st_mtime)
            else:
                reason = "is not a regular file" if given.exists() else "no such file or folder"
                self.problems.append(Problem(label, None, None, reason))
        except PermissionError:
            self.problems.append(Problem(label, None, None, "cannot be read: permission denied"))
        except OSError as error:
            self.problems.append(Problem(label, None, None, f"cannot be read: {error.strerror or error}"))

    def _add_folder(self, folder: Path) -> None:
        patterns = [*member_patterns(self.format_name)] + (["*.xlsx"] if sheets_of_command(self.format_name) else [])
        found = sorted({p for pattern in patterns for p in folder.rglob(pattern)
                        if p.is_file() and not p.name.startswith("~$")})  # ~$: Excel's lock file
        if not found:
            self.problems.append(
                Problem(str(folder), None, None, f"folder holds no {_wanted_text(self.format_name)} files")
            )
        for path in found:
            self.add(path, str(path), archives=False)

    def _add_zip(self, archive: Path, label: str) -> None:
        suffixes = tuple(pattern.lstrip("*") for pattern in member_patterns(self.format_name))
        try:
            with zipfile.ZipFile(archive) as bundle:
                wanted = lambda name: name.rsplit("/", 1)[-1].lower().endswith(suffixes)
                infos = members_to_unpack(bundle, label, wanted, self.budget)
                if not infos:
                    text = _wanted_text(self.format_name)
                    self.problems.append(Problem(label, None, None, f"zip archive holds no {text} files"))
                for info in infos:
                    self._add_member(bundle, info, label)
        except ZIP_ERRORS as error:
            self.problems.append(Problem(label, None, None, f"damaged zip archive, not readable ({error})"))

    def _add_workbook(self, path: Path, label: str) -> None:
        """Each sheet the command's formats need, as a canonical CSV under `<label>!<sheet>`."""
        wanted = sheets_of_command(self.format_name)
        if not wanted:
            self.problems.append(Problem(label, None, None, f"is a workbook: the {self.format_name} format is "
                                                            "loaded from CSV files (save the sheet as CSV UTF-8)"))
            return
        try:
            sheets = read_workbook(path, wanted)
        except WorkbookError as error:
            self.problems.append(Problem(label, None, None, str(error)))
            return
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for sheet, rows in sheets.items():
            display = sheet_display(label, sheet)
            data, problems = sheet_csv(rows, display)
            self._add_stream(display, functools.partial(io.BytesIO, data))
            self.sources[-1].format_name, self.sources[-1].sha256 = wanted[sheet], digest
            self.problems += problems

    def _add_member(self, bundle: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
        display = f"{label}!{info.filename}"
        try:
            self._add_stream(display, lambda: MemberReader(bundle, info, label, self.budget))
            self.sources[-1].modified = dt.date(*info.date_time[:3])
        except ZIP_ERRORS as error:
            self.problems.append(
                Problem(display, None, None, f"damaged archive member, not readable ({error})")
            )

    def _add_stream(self, display: str, opener) -> None:
        """Copy one file into the folder through the scan; note its problems."""
        path = self.folder / f"{next(self.numbers):05d}.csv"
        stream = opener()
        try:
            with open(path, "xb") as sink:
                scan = copy_and_scan(stream, sink)
        finally:
            stream.close()
        source = SourceFile(clean_name(display, 400), path, scan.sha256, scan=scan)
        self.problems += scan_problems(source)
        self.sources.append(source)


def _looks_like_zip(path: Path) -> bool:
    """A zip by content, or by name (so a damaged download is called a damaged archive)."""
    with open(path, "rb") as handle:
        start = handle.read(4)
    return start in (ZIP_MAGIC, b"PK\x05\x06") or path.suffix.lower() == ".zip" or zipfile.is_zipfile(path)


def resolve(
    format_name: str, paths: list[Path], extract_dir: Path, budget: Budget, labels: list[str] | None = None
) -> list[SourceFile]:
    """Every CSV file the paths name, in the order given (folders sorted by path), copied and
    scanned; raise IngestError with every problem found."""
    extraction = Extraction(format_name, extract_dir, budget)
    for index, given in enumerate(paths):
        extraction.add(Path(given), labels[index] if labels else str(given))
    if extraction.problems:
        raise IngestError(extraction.problems)
    return extraction.sources


def scan_problems(source: SourceFile) -> list[Problem]:
    """A scanned file's own problems: not text, bad quoting, empty, no data rows."""
    scan = source.scan
    if scan.header_fields or (scan.problem is not None and scan.problem[0] > 1):
        source.header = read_header(source.path)  # the copy holds at least the header
    if scan.problem is not None:
        line, index, message = scan.problem
        return [Problem(source.display, line, _column(source.header, index), message)]
    if not scan.header_fields:
        return [Problem(source.display, None, None, "empty file: no header row")]
    if scan.records == 0:
        return [Problem(source.display, None, None, "has a header but no data rows: nothing to load")]
    return []


def width_problems(source: SourceFile) -> list[Problem]:
    """Records with more or fewer fields than the header (the first few per file)."""
    header, expected = source.header, len(source.header)
    return [
        Problem(
            source.display, line, header[found] if found < expected else header[-1],
            f"wrong number of fields: expected {expected}, found {found}",
        )
        for line, found in source.scan.bad_widths
    ]  # fmt: skip


def _column(header: tuple[str, ...], index: int | None) -> str | None:
    return header[index] if index is not None and index < len(header) else None


def read_header(path: Path) -> tuple[str, ...]:
    """The header row of a canonical copy, names stripped of spaces."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        try:
            return tuple(cell.strip() for cell in next(csv.reader(handle), []))
        except csv.Error:  # a partial copy of a refused file: no column names then
            return ()


def canonical_header(header: tuple[str, ...], fmt: FileFormat) -> tuple[tuple[str, ...], dict[str, str]]:
    """The header with each column the format names by pattern under its canonical name, and
    {canonical: as published}. Only the first match is renamed: a second is reported as unexpected."""
    renamed: dict[str, str] = {}
    names = list(header)
    for canonical, pattern in fmt.extra.get("header_patterns", {}).items():
        if canonical in names:
            continue
        for index, name in enumerate(names):
            if name not in fmt.column_names and re.fullmatch(pattern, name):
                names[index], renamed[canonical] = canonical, name
                break
    return tuple(names), renamed


def header_problems(source: SourceFile, header: tuple[str, ...], fmt: FileFormat) -> list[Problem]:
    """Missing, misspelt, unexpected or repeated columns (suggesting the close match)."""
    expected = fmt.column_names
    unexpected = [name for name in header if name not in expected]
    problems = []
    for column in fmt.columns:
        name = column.name
        if name in header or column.absent_ok:
            continue
        close = difflib.get_close_matches(name, unexpected, n=1, cutoff=0.6)
        close = close or [
            u for u in unexpected if u.lower().replace("_", " ") == name.lower().replace("_", " ")
        ]
        hint = f"; found '{shown(close[0])}' - misspelt?" if close else ""
        problems.append(
            Problem(source.display, 1, name, f"missing column '{name}' ({fmt.name} format){hint}")
        )
    for name in unexpected:
        hint = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
        text = f"unexpected column '{shown(name)}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
        problems.append(Problem(source.display, 1, name, text))
    for name in sorted({n for n in header if header.count(n) > 1}):
        problems.append(Problem(source.display, 1, name, f"column '{name}' appears more than once"))
    return problems


def choose_format(source: SourceFile, header: tuple[str, ...], formats: list[FileFormat]) -> FileFormat:
    """The format whose file ending (`extra["suffix"]`, the police.uk download) the file's name has,
    else the one whose columns best match the header (the cohort format has two kinds of file)."""
    name = source.display.rsplit("!", 1)[-1].rsplit("/", 1)[-1].lower()
    by_name = [fmt for fmt in formats if fmt.extra.get("suffix") and name.endswith(fmt.extra["suffix"])]
    if len(by_name) == 1:
        return by_name[0]
    return max(formats, key=lambda fmt: len(set(header) & set(fmt.column_names)))
