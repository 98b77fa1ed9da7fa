"""The viewer of the current page run, read by the query layer.

`dashboard.py` sets it at the start of every Streamlit script run (each session's run is a thread
of its own, and a context variable is per thread). Code that runs outside a page run (the command
line, the meeting pack built from a script, tests) runs as the trusted SYSTEM viewer.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from access.policy import DATA_CLASSES, Viewer

SYSTEM = Viewer(None, "system", "data_manager", "system", frozenset(DATA_CLASSES),
                frozenset({"download", "comment", "upload", "manage_roles", "read_audit"}))
_viewer: contextvars.ContextVar[Viewer] = contextvars.ContextVar("svd_viewer", default=SYSTEM)


def current_viewer() -> Viewer:
    return _viewer.get()


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
