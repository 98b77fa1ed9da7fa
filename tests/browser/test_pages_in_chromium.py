"""Serve the app and open every registered page in headless Chromium.

Fails on any Streamlit exception or error box and on any request to a host other than this
machine; saves a full-page screenshot of each page to screenshots/ (git-ignored). The served app,
the browser and the loaded pages are shared with the other browser tests (conftest.py).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

import dashboard
from tests.browser.conftest import load, page_name, visible_errors

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("entry", dashboard.REGISTRY, ids=[page_name(e) for e in dashboard.REGISTRY])
def test_page_opens_without_errors_or_outside_requests(visit, entry):
    loaded = visit(entry.url_path, page_name(entry))
    assert visible_errors(loaded.page) == []
    assert loaded.outside == []
    assert loaded.page.query_selector("[data-testid=stMain] h1").inner_text().strip()


def test_shared_link_restores_the_view(server, browser):
    loaded = load(browser, f"{server}/?from=2025-01&to=2025-06&offence=robbery", "overview-shared-link")
    page = loaded.page
    try:
        assert loaded.outside == [] and visible_errors(page) == []
        main_text = page.query_selector("[data-testid=stMain]").inner_text()
        assert "Robbery" in main_text and "Jan 2025 to Jun 2025" in main_text
        query = urlparse(page.url).query
        assert "from=2025-01" in query and "to=2025-06" in query and "offence=robbery" in query
    finally:
        page.close()
