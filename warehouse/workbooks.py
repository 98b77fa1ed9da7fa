"""Excel workbooks (.xlsx) into the one ingest path: each sheet becomes the canonical CSV the scanner
(warehouse/csvscan.py) and every rule of the ingest already check.

A format that may arrive in a workbook names its sheet (`FileFormat.extra["sheet"]`); a command's
workbook must hold the sheet of each of its formats (matched without regard to case or surrounding
spaces); other sheets (notes, lookups) are ignored. Row 1 of a sheet is the header; line N of the
CSV is row N of the sheet, so every message names the sheet's own row. Cells are read as a person
sees them: dates as YYYY-MM-DD (with the time when there is one), whole numbers without '.0',
TRUE/FALSE as Y/N, formulas as their last calculated value, and a line break inside a cell as a
space (so rows and lines stay one to one). A value in a column with no header is refused.

While the ingest runs, a sheet is named `<workbook>!<sheet>` (as a zip member is `<zip>!<member>`),
in the ingest log too; a refusal names it as `<workbook>, sheet '<sheet>', row N, column 'X'`
(`SheetProblem`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from warehouse.errors import IngestError, Problem, shown
from warehouse.formats import FORMATS, INGEST_FORMATS

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_SHEET_SOURCE = re.compile(r"^(?P<book>.*\.xlsx|.*\.xlsm)!(?P<sheet>[^!]+)$", re.IGNORECASE)
# The date every generated workbook says it was written (byte-identical files for one seed).
FIXED_TIMESTAMP = (2024, 4, 1, 0, 0, 0)


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem in one sheet of a workbook: `file` is the workbook, `line` the sheet's row."""

    sheet: str = ""

    def __str__(self) -> str:
        where = [self.file, f"sheet '{shown(self.sheet)}'"]
        if self.line is not None:
            where.append(f"row {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class WorkbookError(ValueError):
    """The workbook cannot be read at all (not an .xlsx file, damaged, a sheet missing)."""


def sheets_of_command(command: str) -> dict[str, str]:
    """sheet name -> format name for an ingest command ({} when none of its formats has a sheet)."""
    names = INGEST_FORMATS.get(command, ())
    return {FORMATS[name].extra["sheet"]: name for name in names if FORMATS[name].extra.get("sheet")}


def is_workbook(path: Path) -> bool:
    """A file named as a workbook (its content is checked when it is read)."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def sheet_display(label: str, sheet: str) -> str:
    return f"{label}!{sheet}"


def cell_text(value) -> str:
    """A cell's value as the text the CSV reader would have seen (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    return re.sub(r"\r\n|\r|\n", " ", str(value))


def _column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_csv(rows, display: str) -> tuple[bytes, list[Problem]]:
    """(canonical CSV bytes, problems) of a sheet's rows (tuples of cell values, row 1 first)."""
    rows = [[cell_text(value) for value in row] for row in rows]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # formatted but empty rows below the data
    if not rows or not any(cell.strip() for cell in rows[0]):
        return b"", [Problem(display, 1, None, "row 1 must be the header row (the column names); it is empty")]
    header = rows[0]
    width = max(index for index, cell in enumerate(header, start=1) if cell.strip())
    problems = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for number, row in enumerate(rows, start=1):
        beyond = [index for index, cell in enumerate(row[width:], start=width + 1) if cell.strip()]
        if beyond and len(problems) < 3:
            problems.append(Problem(display, number, None, f"a value in column {_column_letter(beyond[0])}, which "
                                                           "has no header: give the column a name or clear it"))
        writer.writerow((row + [""] * width)[:width])
    return buffer.getvalue().encode("utf-8"), problems


def read_workbook(path: Path, wanted: dict[str, str]) -> dict[str, list[tuple]]:
    """The rows of each wanted sheet (by the name the format gives it); raises WorkbookError."""
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise WorkbookError("is not an .xlsx workbook (save it from Excel as 'Excel Workbook (*.xlsx)')")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a damaged file
        raise WorkbookError(f"damaged .xlsx workbook, not readable ({type(error).__name__})") from error
    try:
        found = {name.strip().lower(): name for name in book.sheetnames}
        missing = [sheet for sheet in wanted if sheet.lower() not in found]
        if missing:
            names = ", ".join(f"'{shown(name)}'" for name in book.sheetnames)
            raise WorkbookError(f"missing sheet '{missing[0]}' ({wanted[missing[0]]} format); the workbook has "
                                f"sheets {names}")
        return {sheet: list(book[found[sheet.lower()]].iter_rows(values_only=True)) for sheet in wanted}
    finally:
        book.close()


def name_sheets(error: IngestError) -> IngestError:
    """The same refusal with every problem of a workbook's sheet named by workbook, sheet and row."""
    problems = []
    for problem in error.problems:
        match = _SHEET_SOURCE.match(problem.file)
        if match is None or isinstance(problem, SheetProblem):
            problems.append(problem)
        else:
            message = problem.message.replace(" repeats line ", " repeats row ")
            problems.append(SheetProblem(match["book"], problem.line, problem.column, message, sheet=match["sheet"]))
    return error if problems == error.problems else IngestError(problems)


# --- writing workbooks (templates and sample data) ----------------------------------------------


def save_workbook(book, path: Path) -> Path:
    """Save an openpyxl workbook with fixed timestamps, so the same content gives the same bytes."""
    raw = io.BytesIO()
    book.save(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime(*FIXED_TIMESTAMP).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIMESTAMP), data, zipfile.ZIP_DEFLATED)
    return path


def write_sheets(path: Path, sheets: dict[str, tuple[list[str], list[list]]], notes: list[str] | None = None,
                 choices: dict[str, dict[str, tuple[str, ...]]] | None = None) -> Path:
    """A workbook with one sheet per entry (header, rows), header bold and frozen, drop-down lists
    for enum columns (`choices`: sheet -> column -> allowed values) and an optional 'about' sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(header, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(48, len(column) + 4))
            allowed = (choices or {}).get(name, {}).get(column)
            if allowed:
                rule = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
                rule.add(f"{letter}2:{letter}2000")
                sheet.add_data_validation(rule)
    if notes:
        about = book.create_sheet("about")
        for line in notes:
            about.append([line])
        about.column_dimensions["A"].width = 110
    return save_workbook(book, path)
