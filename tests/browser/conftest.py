"""One served app and one headless Chromium for every browser test, and a cache of opened pages.

The app is served once for this package (`python -m ui.serve run dashboard.py` on a free local
port, against the sample warehouse); each URL is opened once (`visit`) and the page is kept, so the
error check, the axe check, the chart checks and the zoom check read the same loaded page. All of
it is closed when the package's last test ends: open pages (maps redraw) kept Chromium busy for
the rest of the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.serving import free_port, serving  # noqa: F401 - used by the browser tests
from settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Tall viewport: Streamlit scrolls inside its own container, so full_page alone cuts the page.
VIEWPORT = {"width": 1400, "height": 3200}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCRIPT_DONE = ("() => { const app = document.querySelector('[data-testid=stApp]');"
               " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
               " && document.querySelector('[data-testid=stMain] h1'); }")
NO_SKELETON = "() => !document.querySelector('[data-testid=stSkeleton]')"


@pytest.fixture(scope="package")
def server(sample_warehouse):
    # Other tests publish snapshots of the shared sample warehouse (commentary, uploads): this
    # server does not follow them, so a page under test is never rerun by another test's write.
    with serving(sample_warehouse, SVD_SNAPSHOT_POLL="0") as url:
        yield url


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    executable = load_settings().chromium_path
    if not Path(executable).exists():
        pytest.fail(f"No Chromium at {executable}: run `make test` (installs it) or set SVD_CHROMIUM")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A loaded page and the requests it made to hosts other than this machine."""

    page: object
    outside: list[str] = field(default_factory=list)


def watch_requests(page, outside: list[str]) -> None:
    """Record every request (and failed request) to a host that is not this machine."""

    def watch(request):
        host = urlparse(request.url).hostname or ""
        if request.url.startswith(("http", "ws")) and host not in LOCAL_HOSTS:
            outside.append(request.url)

    page.on("request", watch)
    page.on("requestfailed", lambda request: (
        outside.append(f"FAILED {request.url}") if (urlparse(request.url).hostname or "") not in LOCAL_HOSTS else None))


def visible_errors(page) -> list[str]:
    """The text of every Streamlit exception and error box on the page."""
    selectors = "[data-testid=stException], [data-testid=stAlertContentError]"
    return [element.inner_text()[:500] for element in page.query_selector_all(selectors)]


def wait_until_drawn(page, timeout_ms: int = 90_000) -> None:
    """Wait for the script run to finish and every chart to replace its skeleton placeholder."""
    page.wait_for_function(SCRIPT_DONE, timeout=timeout_ms)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(NO_SKELETON, timeout=timeout_ms)


def load(browser, url: str, screenshot: str | None = None, viewport: dict | None = None) -> Visit:
    """Open `url` in a new page, wait until it is drawn, and optionally save a full-page screenshot."""
    page = browser.new_page(viewport=viewport or VIEWPORT)
    visit = Visit(page)
    watch_requests(page, visit.outside)
    page.goto(url, wait_until="domcontentloaded")
    wait_until_drawn(page)
    fit_height(page)
    if screenshot:
        shoot(page, screenshot)
    return visit


def fit_height(page, most: int = 9000) -> None:
    """Make the viewport as tall as the page's content, so every element is on screen (for axe and
    for full screenshots: Streamlit scrolls inside its own container)."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    viewport = page.viewport_size
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": min(height + 40, most)})
        next_frames(page)


def next_frames(page) -> None:
    """Wait two animation frames: maps (WebGL) redraw in the frame after a resize."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="package")
def visit(server, browser):
    """`visit(path, name)`: the page at `server/path`, loaded once per session under `name` (also
    its screenshot's name) and then reused."""
    opened: dict[str, Visit] = {}

    def open_once(path: str, name: str) -> Visit:
        if name not in opened:
            opened[name] = load(browser, f"{server}/{path}", name)
        return opened[name]

    yield open_once
    for loaded in opened.values():
        loaded.page.close()


def page_name(entry) -> str:
    return entry.url_path or "overview"
