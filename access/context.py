"""The viewer of the current page run, read by the query layer.

`dashboard.py` sets it at the start of every Streamlit script run (each session's run is a thread
of its own, and a context variable is per thread). Code that runs outside a page run (the command
line, the meeting pack built from a script, tests) runs as the trusted SYSTEM viewer. A Streamlit
script thread whose run has not set a viewer (a callback or fragment on a thread of its own) gets
NOBODY, who may see nothing: the SYSTEM default never leaks into a page.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

from access.policy import ALL_ACTIONS, DATA_CLASSES, Viewer

SYSTEM = Viewer(None, "system", "data_manager", "system", frozenset(DATA_CLASSES), ALL_ACTIONS)
NOBODY = Viewer(None, "nobody", None, "unset")
_viewer: contextvars.ContextVar[Viewer | None] = contextvars.ContextVar("svd_viewer", default=None)


def current_viewer() -> Viewer:
    viewer = _viewer.get()
    if viewer is not None:
        return viewer
    return NOBODY if _in_page_run() else SYSTEM


def _no_page_run() -> bool:
    return False


# Told by the UI layer (ui/access.py) how to know a Streamlit script thread; this module has no
# Streamlit import (tests/test_registry.py).
_in_page_run: Callable[[], bool] = _no_page_run


def detect_page_runs(detector: Callable[[], bool]) -> None:
    """Install the function that says whether this thread is a Streamlit script run."""
    global _in_page_run
    _in_page_run = detector


def set_viewer(viewer: Viewer) -> None:
    """Make `viewer` the viewer of the rest of this run (this thread)."""
    _viewer.set(viewer)


@contextlib.contextmanager
def as_viewer(viewer: Viewer) -> Iterator[Viewer]:
    """Run a block as `viewer` (tests, and the pack built for a signed-in person)."""
    token = _viewer.set(viewer)
    try:
        yield viewer
    finally:
        _viewer.reset(token)
