"""AppTest of the Meeting pack page, driven by its URL parameters and widget keys."""

from __future__ import annotations

import datetime as dt

from tests.conftest import assert_no_exception, open_page


def test_pack_page_builds_from_the_url(app_env):
    app = open_page("pages/meeting_pack.py", {"date": "2026-10-15", "period": "2025/26"}, timeout=120)
    assert_no_exception(app)
    assert app.date_input(key="meeting_pack.date").value == dt.date(2026, 10, 15)
    assert app.selectbox(key="meeting_pack.period").value == "2025/26"
    text = "\n".join(element.value for element in app.markdown)
    assert "meeting pack for 15 October 2026" in text and "financial year 2025/26" in text
    assert len(app.metric) == 6
    labels = {button.label for button in app.get("download_button")}
    assert labels == {"Download PDF", "Download HTML (single file)"}


def test_changing_the_period_by_key_updates_the_url(app_env):
    app = open_page("pages/meeting_pack.py", {"date": "2026-10-15"}, timeout=120)
    assert app.selectbox(key="meeting_pack.period").value == "latest_12_months"
    app.selectbox(key="meeting_pack.period").set_value("2024/25").run(timeout=120)
    assert_no_exception(app)
    assert app.query_params["period"] in ("2024/25", ["2024/25"])
    assert "financial year 2024/25" in "\n".join(element.value for element in app.markdown)
