"""The policy per page, in AppTest: for each role the pages listed, a deep link to a page the role
may not open refused in words with nothing of the page drawn, a signed-in person with no role told
whom to ask, and open mode (sign-in off) both ways."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 40,
        "client_id": "dashboard", "client_secret": "secret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


@pytest.fixture
def access_env(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("SVD_ACCESS_DB", str(tmp_path / "access.sqlite"))
    monkeypatch.setenv("SVD_ACCESS_CONTACT", "svd-data@warwickshire.gov.uk")
    return tmp_path / "access.sqlite"


def _app(user: dict | None, url_path: str = ""):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    if user is not None:
        app.secrets["auth"] = AUTH
        app.user = {"is_logged_in": True, **user} if user else {"is_logged_in": False}
    app.run()
    if url_path:
        path = next(entry.path for entry in __import__("models.registry").registry.REGISTRY
                    if entry.url_path == url_path)
        app.switch_page(path)
        app.run()
    return app


def _text(app) -> str:
    parts = [element.value for element in [*app.title, *app.markdown, *app.warning, *app.info, *app.caption]]
    return "\n".join(str(part) for part in parts)


def _rows(path):
    import sqlite3

    with sqlite3.connect(path) as con:
        return con.execute("select email, role, event, page, detail from audit order by audit_id").fetchall()


def test_nobody_signed_in_sees_only_the_sign_in_page(access_env):
    app = _app({})
    assert not app.exception
    assert [title.value for title in app.title] == ["Serious violence in Warwickshire"]
    assert [button.label for button in app.button] == ["Sign in"]
    assert not app.metric and not app.dataframe


def test_a_board_member_opens_board_pages_and_a_deep_link_to_hotspots_is_refused(access_env):
    board = {"email": "chair@warwickshire.gov.uk", "name": "Chair", "roles": ["board"], "iat": 1796212800}
    app = _app(board)
    assert not app.exception and not app.error
    assert app.title[0].value.startswith("Serious violence")  # the Overview ran
    assert "Signed in as **Chair** (chair@warwickshire.gov.uk), board member role." in _text(app)
    refused = _app(board, "hotspots")
    assert not refused.exception and not refused.error
    assert [title.value for title in refused.title] == ["This page is not available to you"]
    assert refused.warning[0].value == (
        "The board member role may not open this page: **Hotspots** was not opened. Choose a page from the menu, "
        "or ask svd-data@warwickshire.gov.uk for access.")
    assert not refused.dataframe and not refused.get("plotly_chart")
    assert _rows(access_env) == [
        ("chair@warwickshire.gov.uk", "board", "sign_in", "", '{"issued_at": 1796212800, "source": "token"}'),
        ("chair@warwickshire.gov.uk", "board", "page", "overview", ""),
        # A new session with the same identity token (the link) is not a new sign-in.
        ("chair@warwickshire.gov.uk", "board", "page", "overview", ""),  # AppTest opens the app, then the link
        ("chair@warwickshire.gov.uk", "board", "refused", "hotspots", '{"title": "Hotspots"}'),
    ]


def test_an_analyst_opens_hotspots(access_env):
    app = _app({"email": "ana@warwickshire.gov.uk", "name": "Ana", "roles": ["analyst"]}, "hotspots")
    assert not app.exception and not app.error
    assert app.title[0].value != "This page is not available to you"
    assert _rows(access_env)[-1] == ("ana@warwickshire.gov.uk", "analyst", "page", "hotspots", "")


def test_a_signed_in_person_with_no_role_is_told_whom_to_ask(access_env):
    app = _app({"email": "new@warwickshire.gov.uk", "name": "New"})
    assert not app.exception
    assert [title.value for title in app.title] == ["You have no access yet"]
    assert app.warning[0].value == ("Signed in as new@warwickshire.gov.uk. Your account has no role on this dashboard "
                                    "yet. To ask for access, contact svd-data@warwickshire.gov.uk.")
    assert [button.label for button in app.button] == ["Sign out"]
    assert not app.metric and not app.dataframe


def test_a_weak_cookie_secret_stops_the_app(access_env):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["auth"] = {**AUTH, "cookie_secret": "short"}
    app.run()
    assert app.error[0].value.startswith("Sign-in is on but cookie_secret is 5 characters long; it must be at "
                                         "least 32 random characters")
    assert not app.metric


def test_open_mode_on_the_sample_shows_every_page_with_a_banner(access_env):
    app = _app(None, "hotspots")
    assert not app.exception and not app.error
    assert app.info[0].value.startswith("**Sign-in is off**: anyone who can reach this address sees every page.")
    assert _rows(access_env)[-1] == (None, "data_manager", "page", "hotspots", "")
