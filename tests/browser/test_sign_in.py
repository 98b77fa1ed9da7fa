"""A real sign-in in headless Chromium, for each role, against a local OpenID Connect provider.

The test starts `oidc-provider-mock` (discovery, authorize and token endpoints on localhost) and a
server of its own with an [auth] section pointing at it (`--secrets.files`), then signs in through
Streamlit's `st.login` as a board member (role from the token's roles claim), an analyst (roles
claim), a data manager (no claim: the role table) and a person with no role. For each it checks
the pages listed in the menu, a refused deep link, a refused download, and at the end the audit
rows written, exactly. No request may leave this machine.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import (
    LOCAL_HOSTS,
    VIEWPORT,
    free_port,
    serving,
    shoot,
    visible_errors,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

DOMAIN = "warwickshire.gov.uk"
BOARD = f"bea.board@{DOMAIN}"
ANALYST = f"ali.analyst@{DOMAIN}"
MANAGER = f"dee.manager@{DOMAIN}"
NOBODY = f"noel.nobody@{DOMAIN}"
BOARD_PAGES = ["Overview", "Outcome indicators", "Delivery", "Meeting pack"]
ANALYST_PAGES = [*BOARD_PAGES, "Trends", "Hotspots", "Outcomes and stop and search", "Cross-border", "Cohort", "Data"]
CONTACT = "svd-data@warwickshire.gov.uk"


@pytest.fixture(scope="module")
def signin_app(sample_warehouse, tmp_path_factory):
    """(app URL, provider URL, access file) for a server with sign-in on against a local provider."""
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(sub=BOARD, claims={"email": BOARD, "name": "Bea Board", "roles": ["board"]}),
        User(sub=ANALYST, claims={"email": ANALYST, "name": "Ali Analyst", "roles": ["analyst"]}),
        User(sub=MANAGER, claims={"email": MANAGER, "name": "Dee Manager"}),
        User(sub=NOBODY, claims={"email": NOBODY, "name": "Noel Nobody"}),
    ]
    folder = tmp_path_factory.mktemp("signin")
    access_db = folder / "access.sqlite"
    _seed_role_table(access_db, {MANAGER: "data_manager"})
    port = free_port()
    with run_server_in_thread(user_claims=users) as provider:
        provider_url = f"http://localhost:{provider.server_port}"
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"\n'
            'client_id = "svd-dashboard"\n'
            'client_secret = "svd-dashboard-secret"\n'
            f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n')
        with serving(sample_warehouse, port=port, args=["--secrets.files", str(secrets)], SVD_SNAPSHOT_POLL="0",
                     SVD_ACCESS_DB=str(access_db), SVD_ACCESS_CONTACT=CONTACT) as url:
            yield url, provider_url, access_db


def _seed_role_table(path, roles: dict[str, str]) -> None:
    from access.store import connect

    with connect(path) as con:
        con.executemany("insert into roles values (?, ?, '2026-01-01T00:00:00', 'setup')", roles.items())


def _watch_app_requests(page, provider_url: str, outside: list[str]) -> None:
    """Record every request to a host that is not this machine, except those of the test
    provider's own sign-in page (oidc-provider-mock styles it from a CDN; it stands in for Entra ID)."""

    def watch(request, prefix: str = ""):
        host = urlparse(request.url).hostname or ""
        if not request.url.startswith(("http", "ws")) or host in LOCAL_HOSTS:
            return
        if request.frame.url.startswith(provider_url):
            return
        outside.append(prefix + request.url)

    page.on("request", watch)
    page.on("requestfailed", lambda request: watch(request, "FAILED "))


def _signed_in(browser, app_url: str, provider_url: str, who: str, outside: list[str]):
    """A new browser context signed in as `who`: the app's Sign in button, the provider's page,
    back to the app."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    _watch_app_requests(page, provider_url, outside)
    page.goto(app_url, wait_until="domcontentloaded")
    wait_until_drawn(page)
    assert page.locator("[data-testid=stMain] h1").inner_text() == "Serious violence in Warwickshire"
    shoot(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider_url}/**", timeout=30_000)
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(f"{app_url}/**", timeout=30_000)
    wait_until_drawn(page)
    return context, page


def _menu(page) -> list[str]:
    # A link's text is its icon's name, then its title.
    return [link.inner_text().split("\n")[-1].strip()
            for link in page.query_selector_all("[data-testid=stSidebarNavLink]")]


def _open(page, url: str) -> str:
    page.goto(url, wait_until="domcontentloaded")
    wait_until_drawn(page)
    return page.locator("[data-testid=stMain] h1").first.inner_text()


def _audit_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute("select email, role, event, page from audit order by audit_id").fetchall()


def test_each_role_signs_in_and_sees_only_what_it_may(signin_app, browser):
    app_url, provider_url, access_db = signin_app
    outside: list[str] = []

    # A board member: the board pages only; a deep link to Hotspots refused in words; no downloads.
    context, page = _signed_in(browser, app_url, provider_url, BOARD, outside)
    assert visible_errors(page) == []
    assert _menu(page) == BOARD_PAGES
    assert "Signed in as Bea Board" in page.locator("[data-testid=stSidebar]").inner_text()
    assert _open(page, f"{app_url}/hotspots") == "This page is not available to you"
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "The board member role may not open this page: Hotspots was not opened." in main
    assert page.query_selector("[data-testid=stPlotlyChart]") is None  # nothing of Hotspots drawn
    shoot(page, "sign-in-board-refused-hotspots")
    _open(page, f"{app_url}/indicators")
    assert page.query_selector("[data-testid=stDownloadButton]") is None
    assert "Downloads are not available to the board member role." in page.locator("[data-testid=stMain]").inner_text()
    context.close()

    # An analyst: every analysis page but no data management; a download works and is audited.
    context, page = _signed_in(browser, app_url, provider_url, ANALYST, outside)
    assert _menu(page) == ANALYST_PAGES
    assert _open(page, f"{app_url}/indicators") == "Outcome indicators"
    assert visible_errors(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the table (CSV)").click()
    assert download.value.suggested_filename.startswith("indicators-")
    _open(page, f"{app_url}/data")
    data_text = page.locator("[data-testid=stMain]").inner_text()
    assert "Audit trail" not in data_text and "Who has which role" not in data_text
    context.close()

    # A data manager, whose role comes from the role table: the audit trail and the role table.
    context, page = _signed_in(browser, app_url, provider_url, MANAGER, outside)
    assert _menu(page) == ANALYST_PAGES
    _open(page, f"{app_url}/data")
    data_text = page.locator("[data-testid=stMain]").inner_text()
    assert "Audit trail" in data_text and "Who has which role" in data_text
    assert visible_errors(page) == []
    context.close()

    # Signed in with no role: no data, no menu, whom to ask.
    context, page = _signed_in(browser, app_url, provider_url, NOBODY, outside)
    assert page.locator("[data-testid=stMain] h1").inner_text() == "You have no access yet"
    assert f"contact {CONTACT}" in page.locator("[data-testid=stMain]").inner_text()
    assert _menu(page) == []
    assert _open(page, f"{app_url}/trends") == "You have no access yet"
    shoot(page, "sign-in-no-role")
    context.close()

    assert outside == []
    rows = _audit_rows(access_db)
    assert rows == [
        (BOARD, "board", "sign_in", ""),
        (BOARD, "board", "page", "overview"),
        (BOARD, "board", "refused", "hotspots"),
        (BOARD, "board", "page", "indicators"),
        (ANALYST, "analyst", "sign_in", ""),
        (ANALYST, "analyst", "page", "overview"),
        (ANALYST, "analyst", "page", "indicators"),
        (ANALYST, "analyst", "download", "indicators"),
        (ANALYST, "analyst", "page", "data"),
        (MANAGER, "data_manager", "sign_in", ""),
        (MANAGER, "data_manager", "page", "overview"),
        (MANAGER, "data_manager", "page", "data"),
        (NOBODY, None, "sign_in", ""),
    ]
