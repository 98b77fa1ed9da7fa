"""A session's filters and its snapshot check survive what a real session does between clicks.

A server of its own, following new snapshots every second, on a copy of the sample warehouse. The
sessions speak Streamlit's websocket protocol (bench/client.py), which sends no widget states with a
fragment's rerun: after one, Streamlit forgets the sidebar filters' values, and a page change then
drew the first month of the data instead of the user's period (found by the load bench: sessions
drew one-month pages). A page that ends early (an empty state) used st.stop(), which also stopped
the snapshot check drawn after it: such a session never moved to new data.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.client import Session
from bench.serving import serving
from warehouse import snapshots

pytestmark = pytest.mark.browser
COMPARED = re.compile(r"Compared with [^(]+\(")


def _run(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop running
    in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Reading(Session):
    """A session that also keeps the sidebar's comparison caption and the page's empty states."""

    def _element(self, element) -> None:
        super()._element(element)
        kind = element.WhichOneof("type")
        if kind == "markdown" and COMPARED.match(element.markdown.body):
            self.__dict__["compared"] = element.markdown.body
        elif kind == "alert" and element.alert.body.startswith("No data matched"):  # ui.components.empty_state
            self.__dict__["empty"] = element.alert.body


@pytest.fixture(scope="module")
def following(sample_warehouse, tmp_path_factory):
    db = tmp_path_factory.mktemp("following") / "warehouse.duckdb"
    shutil.copyfile(snapshots.current_file(sample_warehouse), db)
    with snapshots.writing(db, "existing"):
        pass  # the copy becomes a snapshot, so the sidebar names it
    with serving(db, SVD_SNAPSHOT_POLL="1") as url:
        yield url, db


async def _visit(url: str, steps: list[tuple[str, str, float]]) -> list[tuple]:
    """For each (page, query string, seconds to stay), open the page in one session and stay."""
    session = Reading(url)
    await session.connect()
    seen = []
    try:
        for page, query, stay in steps:
            session.__dict__.pop("empty", None)
            await session.open_page(page, query_string=query)
            await asyncio.sleep(stay)
            seen.append((session.__dict__.get("compared"), session.__dict__.get("empty"), len(session._timers),
                         session.snapshot))
    finally:
        await session.close()
    return seen


def test_filters_survive_a_snapshot_check_and_a_page_change(following):
    url, _ = following
    # Four seconds on Trends: its snapshot check reruns (without widget states) three or four times.
    (trends, _, checks, _), (cross_border, empty, _, _) = _run(
        _visit(url, [("trends", "from=2024-04&to=2025-03", 4.0), ("cross-border", "", 0.0)]))
    assert checks == 1  # the check's timer was running while the session stayed
    assert trends.startswith("Compared with Apr 2023 to Mar 2024")
    assert cross_border == trends and empty is None


def test_a_page_that_ends_early_still_follows_new_snapshots(following):
    url, db = following

    async def visit() -> tuple:
        session = Reading(url)
        await session.connect()
        try:
            # January 2019 alone reaches no whole financial year: Cross-border says so and ends there.
            await session.open_page("cross-border", query_string="from=2019-01&to=2019-01")
            ended = (session.__dict__.get("empty"), len(session._timers), session.snapshot)
            await asyncio.to_thread(_publish, db)
            newest, waited = snapshots.list_snapshots(db)[0].snapshot_id, 0.0
            while session.snapshot != newest and waited < 15:
                await asyncio.sleep(0.25)
                waited += 0.25
            return ended, newest, session.snapshot, waited
        finally:
            await session.close()

    (empty, timers, before), newest, after, waited = _run(visit())
    assert empty is not None and "with a recorded suspect home" in empty
    assert timers == 1 and before == snapshots.list_snapshots(db)[1].snapshot_id
    assert after == newest, f"still on {after} after {waited:.1f} s"


def _publish(db) -> None:
    with snapshots.writing(db, "test write"):
        pass
