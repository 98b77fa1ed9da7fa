"""Status updates written on the Delivery page: checked, appended with author and time, the newest
statement about an action wins (page or workbook), and they survive a rebuild of the warehouse."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import openpyxl
import pytest

from settings import PROJECT_ROOT
from tests.warehouse.conftest import TINY
from warehouse.build import build_warehouse
from warehouse.delivery import ActionUpdateError, save_action_update
from warehouse.ingest import ingest

PLAN = PROJECT_ROOT / "templates" / "delivery-plan.xlsx"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A warehouse built from the tiny fixture plus the delivery-plan template workbook, and its files."""
    folder = tmp_path_factory.mktemp("delivery-updates")
    sample = folder / "sample"
    shutil.copytree(TINY, sample)
    (sample / "delivery").mkdir()
    shutil.copy(PLAN, sample / "delivery" / "delivery-plan.xlsx")
    build_warehouse(folder / "warehouse.duckdb", sample)
    return folder / "warehouse.duckdb", sample


@pytest.fixture
def built(built_once, tmp_path):
    """A fresh copy of that warehouse, to write to."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(built_once[0], path)
    return path, built_once[1]


def current(path, action_id: str) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select status, update_text, author, stated_in from delivery_action_current "
                           "where action_id = ?", [action_id]).fetchall()[0]
    finally:
        con.close()


def test_an_update_is_kept_and_survives_a_rebuild(built):
    path, sample = built
    assert current(path, "P1.03")[::3] == ("on_track", "workbook")
    con = duckdb.connect(str(path))
    save_action_update(con, "P1.03", "at_risk", "Two schools have withdrawn; replacement sessions booked.", "A. Lead")
    written = con.execute("select written_at from delivery_action_updates").fetchall()[0][0]
    con.close()
    assert current(path, "P1.03") == ("at_risk", "Two schools have withdrawn; replacement sessions booked.", "A. Lead",
                                      "page")
    assert abs(written - dt.datetime.now()) < dt.timedelta(minutes=5)
    build_warehouse(path, sample)
    assert current(path, "P1.03")[::2] == ("at_risk", "A. Lead")


def test_the_newest_statement_wins_and_history_keeps_both(built, tmp_path):
    path, _ = built
    con = duckdb.connect(str(path))
    save_action_update(con, "R2.01", "at_risk", "Navigator appointed, starts next month.", "B. Owner")
    con.execute("update delivery_action_updates set written_at = written_at - interval 2 day")  # written earlier
    book = openpyxl.load_workbook(PLAN)
    book["actions"].cell(row=3, column=12, value=dt.date.today())  # the coordinator reviewed it after the update
    book["actions"].cell(row=3, column=10, value="on_track")
    later = tmp_path / "later.xlsx"
    book.save(later)
    ingest(con, "delivery-plan", [later])
    statements = con.execute("select status, stated_in from delivery_action_statements where action_id = 'R2.01' "
                             "order by stated_at").fetchall()
    con.close()
    assert statements == [("at_risk", "page"), ("on_track", "workbook")]
    assert current(path, "R2.01")[::3] == ("on_track", "workbook")


@pytest.mark.parametrize("args, words", [
    (("P1.03", "on_track", "Fine.", "  "), "name and a sentence"),
    (("P1.03", "on_track", " ", "A. Lead"), "name and a sentence"),
    (("P1.03", "done", "Fine.", "A. Lead"), "Unknown status 'done'"),
    (("Z9", "on_track", "Fine.", "A. Lead"), "Unknown action 'Z9'"),
    (("P1.03", "on_track", "x" * 1001, "A. Lead"), "under 1,000 characters"),
])
def test_a_bad_update_is_refused_in_words(built_once, args, words):
    con = duckdb.connect(str(built_once[0]))
    try:
        with pytest.raises(ActionUpdateError, match=words):
            save_action_update(con, *args)
        assert con.execute("select count(*) from delivery_action_updates").fetchall() == [(0,)]
    finally:
        con.close()
