"""The delivery workbooks (.xlsx) go through the one ingest path: the templates load as workbooks and
as CSV sheets, cells read as a person sees them, and every damaged workbook is refused naming the
workbook, sheet, row and column with the warehouse unchanged."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import openpyxl
import pytest

from settings import PROJECT_ROOT
from tests.warehouse.conftest import refused
from warehouse import db
from warehouse.ingest import ingest
from warehouse.workbooks import SheetProblem, cell_text

TEMPLATES = PROJECT_ROOT / "templates"


def damaged(tmp_path, template: str, change, name: str = "plan.xlsx"):
    """A copy of a template workbook with `change(workbook)` applied."""
    book = openpyxl.load_workbook(TEMPLATES / template)
    change(book)
    path = tmp_path / name
    book.save(path)
    return path


def cell(sheet: str, row: int, column: int, value):
    return lambda book: book[sheet].cell(row=row, column=column, value=value)


# (template, change, sheet, row, column, words in the message)
CASES = {
    "unknown status": ("delivery-plan.xlsx", cell("actions", 3, 10, "on hold"), "actions", 3, "status",
                       "'on hold' is not one of not_started, on_track, at_risk, off_track, complete"),
    "bad date": ("delivery-plan.xlsx", cell("actions", 2, 9, "2025-02-30"), "actions", 2, "due_date",
                 "'2025-02-30' is not a date (YYYY-MM-DD)"),
    "duplicate action id": ("delivery-plan.xlsx", cell("actions", 4, 1, "P1.03"), "actions", 4, "action_id",
                            "'P1.03' repeats row 2 (the same action_id)"),
    "missing column": ("delivery-plan.xlsx", lambda book: book["actions"].delete_cols(6), "actions", 1, "lead_agency",
                       "missing column 'lead_agency' (delivery-actions format)"),
    "unknown indicator": ("delivery-plan.xlsx", cell("actions", 2, 13, "sv_knife_crime;knife_wounds"), "actions", 2,
                          "indicator_ids", "names 'knife_wounds', which is not an indicator id"),
    "milestone of no action": ("delivery-plan.xlsx", cell("milestones", 3, 1, "X9.99"), "milestones", 3, "action_id",
                               "'X9.99' is not an action of the actions sheet"),
    "value with no header": ("delivery-plan.xlsx", cell("actions", 3, 16, "see notes"), "actions", 3, None,
                             "a value in column P, which has no header"),
    "negative amount": ("fund.xlsx", cell("budget", 3, 4, -5000), "budget", 3, "amount_gbp",
                        "'-5000' is negative: an amount is 0 or more"),
    "negative spend": ("fund.xlsx", cell("quarters", 2, 5, -1.5), "quarters", 2, "spent_gbp",
                       "'-1.5' is negative: an amount is 0 or more"),
    "bad financial year": ("fund.xlsx", cell("budget", 2, 1, "2025/27"), "budget", 2, "financial_year",
                           "'2025/27' is not a financial year written 'YYYY/YY'"),
    "stage that does not fit": ("owhr.xlsx", cell("reviews", 3, 8, "completed"), "reviews", 3, "stage",
                                "'completed' does not fit review_required 'pending'"),
    "recommendation of no review": ("owhr.xlsx", cell("recommendations", 2, 1, "OWHR-1999-01"), "recommendations",
                                    2, "review_id", "is not a review of the reviews sheet"),
    "fractional practitioners": ("training.xlsx", cell("sessions", 2, 7, 12.5), "sessions", 2,
                                 "practitioners_trained", "'12.5' is not a whole number"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_workbook_is_refused_naming_sheet_row_and_column(loaded_con, tmp_path, case):
    template, change, sheet, row, column, words = CASES[case]
    path = damaged(tmp_path, template, change)
    error = refused(loaded_con, template.removesuffix(".xlsx"), [path])
    problem = error.problems[0]
    assert isinstance(problem, SheetProblem)
    assert (problem.file, problem.sheet, problem.line, problem.column) == (str(path), sheet, row, column)
    assert words in problem.message
    where = f"{path}, sheet '{sheet}', row {row}" + (f", column '{column}'" if column else "")
    assert str(problem).startswith(where + ": ")


def test_missing_sheet_is_refused_naming_it_and_the_sheets_found(loaded_con, tmp_path):
    path = damaged(tmp_path, "delivery-plan.xlsx", lambda book: book.remove(book["milestones"]))
    error = refused(loaded_con, "delivery-plan", [path])
    assert (error.file, error.line, error.column) == (str(path), None, None)
    assert error.message == ("missing sheet 'milestones' (delivery-milestones format); the workbook has sheets "
                             "'actions', 'about'")


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(loaded_con, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("action_id,status\nP1,on_track\n")
    error = refused(loaded_con, "delivery-plan", [path])
    assert error.message == "is not an .xlsx workbook (save it from Excel as 'Excel Workbook (*.xlsx)')"
    error = refused(loaded_con, "ae", [TEMPLATES / "fund.xlsx"])
    assert "is a workbook: the ae format is loaded from CSV files" in error.message


def test_the_cli_names_workbook_sheet_row_and_column(tmp_path):
    path = damaged(tmp_path, "delivery-plan.xlsx", cell("actions", 3, 10, "done"))
    result = subprocess.run([sys.executable, "-m", "warehouse", "ingest", "delivery-plan", str(path), "--db",
                             str(tmp_path / "w.duckdb")], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 1
    assert f"error: {path}, sheet 'actions', row 3, column 'status': 'done' is not one of" in result.stderr


@pytest.mark.parametrize("command, rows", [("delivery-plan", {"delivery-actions": 3, "delivery-milestones": 3}),
                                           ("fund", {"fund-budget": 3, "fund-projects": 2, "fund-quarters": 2}),
                                           ("owhr", {"owhr-reviews": 3, "owhr-recommendations": 2}),
                                           ("training", {"training-sessions": 2, "training-referrals": 2})])
def test_template_workbooks_load_and_a_reload_replaces_the_whole_sheet(empty_db, tmp_path, command, rows):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TEMPLATES / f"{command}.xlsx", folder / f"{command}.xlsx")
    (folder / f"~${command}.xlsx").write_bytes(b"lock")  # Excel's lock file beside an open workbook: skipped
    first = ingest(empty_db, command, [folder])
    assert {f.format: f.rows_loaded for f in first.files} == rows
    assert first.files[0].file == f"{folder / command}.xlsx!{next(iter(_sheets(command)))}"
    again = ingest(empty_db, command, [TEMPLATES / f"{command}.xlsx"])
    assert again.rows_replaced == again.rows_loaded == sum(rows.values())


def _sheets(command: str) -> list[str]:
    from warehouse.workbooks import sheets_of_command

    return list(sheets_of_command(command))


def test_cells_read_as_a_person_sees_them():
    assert cell_text(dt.datetime(2025, 3, 31)) == "2025-03-31"
    assert cell_text(dt.datetime(2025, 3, 31, 14, 5)) == "2025-03-31 14:05:00"
    assert cell_text(dt.date(2025, 3, 31)) == "2025-03-31"
    assert (cell_text(12.0), cell_text(9120.5), cell_text(0.1), cell_text(7)) == ("12", "9120.5", "0.1", "7")
    assert (cell_text(True), cell_text(False), cell_text(None)) == ("Y", "N", "")
    assert cell_text("Two lines\r\nin one cell\n") == "Two lines in one cell "


def test_workbook_values_arrive_typed_and_linked(empty_db):
    ingest(empty_db, "delivery-plan", [TEMPLATES / "delivery-plan.xlsx"])
    con = db.connect(empty_db, read_only=True)
    try:
        assert con.execute("select action_id, start_date, due_date, status from delivery_actions order by 1").fetchall() \
            == [("L3.02", dt.date(2027, 4, 1), dt.date(2029, 3, 31), "not_started"),
                ("P1.03", dt.date(2024, 9, 1), dt.date(2026, 3, 31), "on_track"),
                ("R2.01", dt.date(2024, 10, 1), dt.date(2025, 9, 30), "off_track")]
        assert con.execute("select action_id, indicator_id from delivery_action_indicators order by all").fetchall() == [
            ("P1.03", "fte_youth_justice"), ("P1.03", "sv_knife_crime_u25"), ("R2.01", "cohort_reoffending")]
        assert con.execute("select count(*), count(completed_date) from delivery_milestones").fetchall() == [(3, 2)]
    finally:
        con.close()
