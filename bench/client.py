"""A protocol-level Streamlit client: one session over the app's own websocket, as the browser's
frontend speaks it (Streamlit's BackMsg and ForwardMsg protobufs), without drawing anything.

Many of these fit on two cores where as many browsers would mostly measure the browsers. A session
asks for a page run, reads every message the server sends, and keeps what a test asks about: the
exceptions and error boxes drawn, the snapshot named in the sidebar, how long each full run took.
Like the frontend, it answers the server's `auto_rerun` (a fragment with `run_every`, such as the
dashboard's snapshot check) by asking for that fragment's rerun at its interval.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_SNAPSHOT = re.compile(r"Snapshot `([^`]+)`")
FULL_RUN_DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


@dataclass
class Session:
    """One session of the app at `url` (http://host:port)."""

    url: str
    problems: list[str] = field(default_factory=list)  # exceptions and error boxes, with the page
    snapshot: str = ""  # the snapshot the sidebar named in the latest run
    run_seconds: list[float] = field(default_factory=list)  # each full run asked for, to its end
    full_runs: int = 0  # every full run finished, asked for or started by the server
    _page: str = ""
    _page_hash: str = ""
    _asked_at: float | None = None
    _finished: asyncio.Event = field(default_factory=asyncio.Event)
    _socket: object = None
    _reader: asyncio.Task | None = None
    _timers: dict = field(default_factory=dict)  # fragment id -> its auto-rerun task

    async def connect(self) -> None:
        self._socket = await websockets.connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None)
        self._reader = asyncio.create_task(self._read())

    async def open_page(self, page_name: str, timeout: float = 300, query_string: str = "") -> float:
        """Run page `page_name` (its URL path; "" for the default page) with the link's `query_string`
        (read by a session's first run only, as in the browser); returns the seconds it took."""
        self._page = page_name
        for task in self._timers.values():  # another page: its fragments register their own timers
            task.cancel()
        self._timers.clear()
        self._finished.clear()
        self._asked_at = time.monotonic()
        message = BackMsg()
        message.rerun_script.page_name = page_name
        message.rerun_script.query_string = query_string
        await self._socket.send(message.SerializeToString())
        await asyncio.wait_for(self._finished.wait(), timeout)
        return self.run_seconds[-1]

    async def close(self) -> None:
        for task in [self._reader, *self._timers.values()]:
            task.cancel()
        await self._socket.close()

    async def _read(self) -> None:
        async for raw in self._socket:
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                self._element(message.delta.new_element)
            elif kind == "new_session":
                self._page_hash = message.new_session.page_script_hash or self._page_hash
            elif kind == "navigation" and message.navigation.page_script_hash:
                self._page_hash = message.navigation.page_script_hash
            elif kind == "auto_rerun":
                fragment, interval = message.auto_rerun.fragment_id, message.auto_rerun.interval
                if fragment in self._timers:
                    self._timers[fragment].cancel()
                self._timers[fragment] = asyncio.create_task(self._auto_rerun(fragment, interval))
            elif kind == "script_finished" and message.script_finished in FULL_RUN_DONE:
                self.full_runs += 1
                if self._asked_at is not None:
                    self.run_seconds.append(time.monotonic() - self._asked_at)
                    self._asked_at = None
                self._finished.set()

    def _element(self, element) -> None:
        which = element.WhichOneof("type")
        if which == "exception":
            self.problems.append(f"{self._page or 'overview'}: exception {element.exception.type}: "
                                 f"{element.exception.message[:300]}")
        elif which == "alert" and element.alert.format == Alert.ERROR:
            self.problems.append(f"{self._page or 'overview'}: error box: {element.alert.body[:300]}")
        elif which == "markdown":
            found = _SNAPSHOT.search(element.markdown.body)
            if found:
                self.snapshot = found.group(1)

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        # What the frontend does for a fragment with run_every: ask for its rerun at the interval.
        while True:
            await asyncio.sleep(interval)
            message = BackMsg()
            message.rerun_script.page_name = self._page
            message.rerun_script.page_script_hash = self._page_hash
            message.rerun_script.fragment_id = fragment_id
            message.rerun_script.is_auto_rerun = True
            try:
                await self._socket.send(message.SerializeToString())
            except websockets.ConnectionClosed:
                return
