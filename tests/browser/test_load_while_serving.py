"""Load new data while the dashboard serves (docs/SNAPSHOTS.md).

A server of its own, on a copy of the sample warehouse, following new snapshots every 2 s. Ten
browser sessions keep opening pages while a command-line ingest and a Data page upload run (the
real Warwickshire street files of Jan and Feb-Mar 2022). Every page run must finish without an
exception or error box, and afterwards every session must show the snapshot the last writer
published, without a click.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import dashboard
from settings import load_settings
from tests.browser.conftest import (
    ROOT,
    serving,
    shoot,
    visible_errors,
    wait_until_drawn,
    watch_requests,
)
from warehouse import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.concurrency]
SESSIONS = 10
SIDEBAR = "[data-testid=stSidebar]"
# Ten sessions at once on two cores: a page may take minutes to draw; it must not fail.
DRAWN_MS = 300_000


def _snapshot_shown(page) -> str:
    text = page.query_selector(SIDEBAR).inner_text()
    return text.split("Snapshot ", 1)[1].split()[0].strip("`.") if "Snapshot " in text else ""


def _session(browser):
    """A browser session of its own; a slow page under this load is waited for, not failed."""
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    page.set_default_navigation_timeout(180_000)
    page.set_default_timeout(180_000)
    return page


def test_ten_sessions_keep_working_through_an_ingest_and_an_upload(sample_warehouse, browser, tmp_path):
    db_path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(snapshots.current_file(sample_warehouse), db_path)  # a plain file: becomes a snapshot
    police = load_settings().police_uk_dir
    paths = [f"{entry.url_path}" for entry in dashboard.REGISTRY if entry.path != "pages/data.py"]
    with serving(db_path, SVD_SNAPSHOT_POLL="2", SVD_WRITER_WAIT="300") as url:
        pages = [_session(browser) for _ in range(SESSIONS)]
        outside: list[str] = []
        for page in pages:
            watch_requests(page, outside)
        errors: list[str] = []

        def open_round(offset: int) -> None:
            for number, page in enumerate(pages):
                page.goto(f"{url}/{paths[(number + offset) % len(paths)]}", wait_until="commit")
            for number, page in enumerate(pages):
                drawn(page, f"round{offset}-session{number}")

        def drawn(page, name: str) -> None:
            try:
                wait_until_drawn(page, DRAWN_MS)
            except PlaywrightTimeout:
                shoot(page, f"load-while-serving-stuck-{name}")
                errors.append(f"{page.url}: not drawn within {DRAWN_MS // 1000} s")
            errors.extend(f"{page.url}: {text}" for text in visible_errors(page))

        open_round(0)
        uploader = _session(browser)
        uploader.goto(f"{url}/data", wait_until="commit")
        wait_until_drawn(uploader, DRAWN_MS)
        ingest = subprocess.Popen(
            [sys.executable, "-m", "warehouse", "ingest", "police-uk", str(police / "2022-01-warwickshire-street.csv")],
            cwd=ROOT, env={**os.environ, "SVD_DB": str(db_path), "SVD_WRITER_WAIT": "300"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        uploader.set_input_files("[data-testid=stFileUploaderDropzoneInput]",
                                 [str(police / f"2022-0{m}-warwickshire-street.csv") for m in (2, 3)])
        uploader.get_by_role("button", name="Load files").click()
        rounds = 1
        while rounds < 2 or ingest.poll() is None:
            open_round(rounds)
            rounds += 1
        assert ingest.wait(timeout=300) == 0, ingest.stdout.read().decode()
        uploader.wait_for_selector("[data-testid=stAlertContentSuccess]", timeout=300_000)
        errors.extend(f"upload: {text}" for text in visible_errors(uploader))

        kept = snapshots.list_snapshots(db_path)
        actions = [snapshot.action for snapshot in kept]
        newest = kept[0].snapshot_id
        assert sorted(actions[:2]) == ["ingest", "upload police-uk"] and actions[2] == "existing"
        deadline = time.monotonic() + 30
        shown = [_snapshot_shown(page) for page in pages]
        while shown != [newest] * SESSIONS and time.monotonic() < deadline:
            pages[0].wait_for_timeout(500)  # the sessions' own 2 s check reruns them; nobody clicks
            shown = [_snapshot_shown(page) for page in pages]
        for number, page in enumerate(pages):
            drawn(page, f"final-session{number}")
        shoot(pages[0], "load-while-serving")
        meta = json.loads(kept[0].path.with_suffix(".json").read_text())
        assert meta["action"] == kept[0].action
        for page in [*pages, uploader]:
            page.close()
    assert errors == []
    assert outside == []
    assert shown == [newest] * SESSIONS
    assert rounds >= 2
    # The newest snapshot holds both writers' rows (whichever wrote second started from the first
    # one's snapshot): Warwickshire Police 2022-01 from the CLI, 2022-02 and 2022-03 from the
    # upload, each force-month exactly the rows of its real file.
    expected = []
    for month in (1, 2, 3):
        with open(police / f"2022-0{month}-warwickshire-street.csv", newline="", encoding="utf-8-sig") as handle:
            expected.append((f"2022-0{month}", sum(1 for _ in csv.DictReader(handle))))
    con = duckdb.connect(str(kept[0].path), read_only=True)
    months = con.execute("select strftime(month, '%Y-%m'), count(*) from police_uk_rows where force = "
                         "'Warwickshire Police' and month between '2022-01-01' and '2022-03-01' "
                         "group by all order by 1").fetchall()
    con.close()
    assert months == expected
