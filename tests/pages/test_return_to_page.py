"""Going back to a page in the same session (the sidebar: a page, another page, the first again).

Streamlit forgets a widget's value once a run does not draw the widget, so on the way back each
page's own controls must be seeded again, with what the user last chose there, not fail.
"""

from __future__ import annotations

import pytest

import dashboard
from tests.conftest import assert_no_exception, open_page

PAGES = [entry.path for entry in dashboard.REGISTRY if entry.path != "pages/overview.py"]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_opened_again_in_the_same_session_runs(app_env, path):
    app = open_page(path, timeout=120)
    assert_no_exception(app)
    app.switch_page("pages/overview.py").run()
    assert_no_exception(app)
    app.switch_page(path).run()
    assert_no_exception(app)


def test_a_choice_made_on_a_page_is_still_there_on_the_way_back(app_env):
    app = open_page("pages/trends.py", timeout=120)
    assert app.radio(key="trends.grain").value == "month"
    app.radio(key="trends.grain").set_value("week").run()
    app.switch_page("pages/overview.py").run()
    app.switch_page("pages/trends.py").run()
    assert_no_exception(app)
    assert app.radio(key="trends.grain").value == "week"
