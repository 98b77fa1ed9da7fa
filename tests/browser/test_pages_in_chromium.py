"""Serve the app and open every registered page in headless Chromium.

Fails on any Streamlit exception or error box and on any request to a host other than this
machine; saves a full-page screenshot of each page to screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest

import dashboard
from settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_warehouse):
    port = _free_port()
    env = {**os.environ, "SVD_DB": str(sample_warehouse)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.serve",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
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
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = load_settings().chromium_path
    if not Path(executable).exists():
        pytest.fail(f"No Chromium at {executable}: run `make test` (installs it) or set SVD_CHROMIUM")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


def open_and_check(browser, url: str, screenshot: str) -> tuple[object, list[str]]:
    """Open `url`, wait for the script to finish, and return the page and any outside requests."""
    # Tall viewport: Streamlit scrolls inside its own container, so full_page alone cuts the page.
    page = browser.new_page(viewport={"width": 1400, "height": 3200})
    outside: list[str] = []

    def watch(request):
        host = urlparse(request.url).hostname or ""
        if request.url.startswith(("http", "ws")) and host not in LOCAL_HOSTS:
            outside.append(request.url)

    page.on("request", watch)
    page.on(
        "requestfailed",
        lambda request: (
            outside.append(f"FAILED {request.url}")
            if (urlparse(request.url).hostname or "") not in LOCAL_HOSTS
            else None
        ),
    )
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && document.querySelector('[data-testid=stMain] h1'); }",
        timeout=90_000,
    )
    page.wait_for_load_state("networkidle")
    # Charts render after the script finishes: wait until no skeleton placeholder is left.
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=60_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{screenshot}.png"), full_page=True)
    return page, outside


def visible_errors(page) -> list[str]:
    selectors = "[data-testid=stException], [data-testid=stAlertContentError]"
    return [element.inner_text()[:500] for element in page.query_selector_all(selectors)]


@pytest.mark.parametrize(
    "entry", dashboard.REGISTRY, ids=[e.url_path or "overview" for e in dashboard.REGISTRY]
)
def test_page_opens_without_errors_or_outside_requests(server, browser, entry):
    page, outside = open_and_check(browser, f"{server}/{entry.url_path}", entry.url_path or "overview")
    try:
        assert visible_errors(page) == []
        assert outside == []
        assert page.query_selector("[data-testid=stMain] h1").inner_text().strip()
    finally:
        page.close()


def test_shared_link_restores_the_view(server, browser):
    page, outside = open_and_check(
        browser, f"{server}/?from=2025-01&to=2025-06&offence=robbery", "overview-shared-link"
    )
    try:
        assert outside == [] and visible_errors(page) == []
        main_text = page.query_selector("[data-testid=stMain]").inner_text()
        assert "Robbery" in main_text and "Jan 2025 to Jun 2025" in main_text
        query = urlparse(page.url).query
        assert "from=2025-01" in query and "to=2025-06" in query and "offence=robbery" in query
    finally:
        page.close()
