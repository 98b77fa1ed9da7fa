"""Serve the dashboard in a process of its own, for the benchmarks and the browser tests.

`serving(db)` runs `python -m ui.serve run dashboard.py` on a free local port against warehouse
`db` and yields the app's URL once its health check answers; the server is stopped (killed if it
does not stop) when the block ends. `serving(...).pid` is not exposed: `served_pid(url)` is.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
_PIDS: dict[str, int] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served_pid(url: str) -> int:
    """The process id of the server `serving` started for `url`."""
    return _PIDS[url]


@contextlib.contextmanager
def serving(db_path: Path, port: int | None = None, args: Sequence[str] = (), **env_settings: str) -> Iterator[str]:
    """Serve dashboard.py on `port` (default: a free local port) against `db_path`, with extra
    streamlit `args` and settings (SVD_... environment variables); yields the app's URL."""
    port = port or free_port()
    env = {**os.environ, "SVD_DB": str(db_path), **env_settings}
    command = [sys.executable, "-m", "ui.serve", "run", "dashboard.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--client.showErrorDetails", "full", *args]  # a failing test names the exception in full
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode()) from None
            time.sleep(0.2)  # polling a starting server, not waiting on the page
    else:
        process.kill()
        raise RuntimeError("streamlit did not start within 60 s")
    _PIDS[url] = process.pid
    try:
        yield url
    finally:
        _PIDS.pop(url, None)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a server still busy with its sessions: never left running
            process.kill()
            process.wait(timeout=20)
