"""Load new data while the dashboard serves (docs/SNAPSHOTS.md).

A server of its own, on a copy of the sample warehouse, following new snapshots every 2 s. Twenty
sessions speaking Streamlit's own websocket protocol (bench/client.py: on two cores,
twenty browsers would mostly measure the browsers) keep opening every page while a command-line
ingest runs and a real browser uploads files on the Data page (the real Warwickshire street files
of January, and February and March 2022). Every page run must finish, with no exception and no
error box; afterwards every session must show the snapshot the last writer published, within a few
seconds and without being asked (their own snapshot check reruns them).
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

import duckdb
import pytest

import dashboard
from bench.client import Session
from settings import load_settings
from tests.browser.conftest import ROOT, serving, shoot, visible_errors, wait_until_drawn, watch_requests
from warehouse import snapshots

pytestmark = [pytest.mark.browser, pytest.mark.concurrency]  # about 10 min: `make test-concurrency`
SESSIONS = 20
PAGES = [entry.url_path for entry in dashboard.REGISTRY]
FOLLOW_SECONDS = 30  # after the last write, every session shows the new snapshot within this
THINK_SECONDS = 2.0  # each session reads its page this long before opening the next
# On two cores the server, these clients and the writers share the machine: a load that takes 10 s
# alone takes minutes here, and the upload waits for the command-line ingest's lock.
WRITER_WAIT_SECONDS = 900


class Crowd(threading.Thread):
    """SESSIONS protocol-level sessions, each opening the pages in turn (offset by its number) until
    `writers_done` is set and at least two rounds are done; then waiting, without asking for
    anything, until each names `newest` in its sidebar."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.writers_done, self.newest = url, threading.Event(), ""
        self.problems: list[str] = []
        self.rounds, self.seconds, self.shown, self.followed_in = 0, [], [], None

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost in the thread
            self.problems.append(f"crowd failed: {error!r}")

    async def _main(self) -> None:
        sessions = [Session(self.url) for _ in range(SESSIONS)]
        for session in sessions:
            await session.connect()
        while self.rounds < 2 or not self.writers_done.is_set():
            asked = [(session, PAGES[(number + self.rounds) % len(PAGES)]) for number, session in enumerate(sessions)]
            results = await asyncio.gather(*(session.open_page(page) for session, page in asked),
                                           return_exceptions=True)
            for (session, page), result in zip(asked, results, strict=True):
                if isinstance(result, BaseException):
                    self.problems.append(f"/{page}: no finished run ({result!r})")
            self.rounds += 1
            await asyncio.sleep(THINK_SECONDS)
        started = time.monotonic()
        while time.monotonic() - started < FOLLOW_SECONDS:
            if all(session.snapshot == self.newest for session in sessions):
                self.followed_in = time.monotonic() - started
                break
            await asyncio.sleep(0.5)
        self.shown = [session.snapshot for session in sessions]
        self.seconds = [seconds for session in sessions for seconds in session.run_seconds]
        self.problems += [problem for session in sessions for problem in session.problems]
        for session in sessions:
            await session.close()


def test_twenty_sessions_keep_working_through_an_ingest_and_an_upload(sample_warehouse, browser, tmp_path):
    db_path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(snapshots.current_file(sample_warehouse), db_path)  # a plain file: becomes a snapshot
    police = load_settings().police_uk_dir
    with serving(db_path, SVD_SNAPSHOT_POLL="2", SVD_WRITER_WAIT=str(WRITER_WAIT_SECONDS)) as url:
        uploader = browser.new_page(viewport={"width": 1280, "height": 2000})
        outside: list[str] = []
        watch_requests(uploader, outside)
        uploader.goto(f"{url}/data", wait_until="commit")
        wait_until_drawn(uploader, 180_000)
        crowd = Crowd(url)
        crowd.start()
        while crowd.rounds < 1 and crowd.is_alive():
            uploader.wait_for_timeout(500)  # the writers start while the crowd is in its pages
        ingest = subprocess.Popen(
            [sys.executable, "-m", "warehouse", "ingest", "police-uk", str(police / "2022-01-warwickshire-street.csv")],
            cwd=ROOT, env={**os.environ, "SVD_DB": str(db_path), "SVD_WRITER_WAIT": str(WRITER_WAIT_SECONDS)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        uploader.set_input_files("[data-testid=stFileUploaderDropzoneInput]",
                                 [str(police / f"2022-0{m}-warwickshire-street.csv") for m in (2, 3)])
        # The files reach the server before the click counts (under load that takes a while: a click
        # before it was refused with "no files chosen").
        uploader.wait_for_function("() => document.querySelectorAll('[data-testid=stFileChip]').length == 2 && "
                                   "!document.querySelector('[data-testid=stFileChipIconSpinner]')",
                                   timeout=WRITER_WAIT_SECONDS * 1000)
        uploader.get_by_role("button", name="Load files").click()
        assert ingest.wait(timeout=WRITER_WAIT_SECONDS) == 0, ingest.stdout.read().decode()
        uploader.wait_for_selector("[data-testid=stAlertContentSuccess], [data-testid=stAlertContentError]",
                                   timeout=WRITER_WAIT_SECONDS * 1000)
        upload_errors = visible_errors(uploader)
        shoot(uploader, "load-while-serving-upload")
        kept = snapshots.list_snapshots(db_path)
        crowd.newest = kept[0].snapshot_id
        crowd.writers_done.set()
        crowd.join(timeout=900)
        uploader.close()
    assert not crowd.is_alive()
    assert crowd.problems == [] and upload_errors == [] and outside == []
    assert sorted(snapshot.action for snapshot in kept[:2]) == ["ingest police-uk", "upload police-uk"]
    assert kept[2].action == "existing"
    assert json.loads(kept[0].path.with_suffix(".json").read_text())["action"] == kept[0].action
    assert crowd.rounds >= 2 and len(crowd.seconds) == crowd.rounds * SESSIONS
    assert crowd.shown == [crowd.newest] * SESSIONS, f"not followed within {FOLLOW_SECONDS} s"
    ordered = sorted(crowd.seconds)
    print(f"{SESSIONS} sessions, {crowd.rounds} rounds: page run median {statistics.median(ordered):.1f} s, "
          f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.1f} s, max {ordered[-1]:.1f} s; "
          f"all on the newest snapshot {crowd.followed_in:.1f} s after the last write")
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
