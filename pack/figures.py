"""Static figures for the pack, exported offline by kaleido (which drives the local Chromium).

One kaleido server is kept for the process (start-up costs about 2 s; each figure after that about
0.1 s); a lock serialises exports because Streamlit runs sessions on several threads.
"""

from __future__ import annotations

import atexit
import base64
import os
import threading
import warnings

import plotly.graph_objects as go

from settings import load_settings

_lock = threading.Lock()
_started = False


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido

    # choreographer (kaleido's browser driver) finds the browser through BROWSER_PATH.
    os.environ.setdefault("BROWSER_PATH", load_settings().chromium_path)
    kaleido.start_sync_server(silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _started = True


def to_svg(figure: go.Figure, width: int = 900, height: int = 380) -> str:
    """The figure as inline SVG markup (no XML declaration)."""
    with _lock:
        _ensure_server()
        data = _export(figure, format="svg", width=width, height=height)
    text = data.decode("utf-8")
    return text[text.index("<svg"):]


def to_png_data_uri(figure: go.Figure, width: int = 900, height: int = 520, scale: float = 2) -> str:
    """The figure as a PNG data: URI (maps: their WebGL layers export as raster anyway)."""
    with _lock:
        _ensure_server()
        data = _export(figure, format="png", width=width, height=height, scale=scale)
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _export(figure: go.Figure, **options) -> bytes:
    with warnings.catch_warnings():
        # plotly warns that kaleido options are ignored when a server is running; they are not needed.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return figure.to_image(**options)
