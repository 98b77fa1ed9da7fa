"""AppTests of the Indicators page, driven by query parameters and widget keys, and the commentary
round trip: written on the page, shown, and still there after the warehouse is rebuilt."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import assert_no_exception, open_page
from ui.indicators import format_value, indicator_table


def _markdown(app) -> str:
    return "\n".join(element.value for element in app.markdown)


def test_page_shows_every_indicator_for_the_year_from_the_url(app_env):
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "sv_knife_crime"})
    assert_no_exception(app)
    assert app.selectbox(key="indicators.year").value == "2024/25"
    assert app.selectbox(key="indicators.indicator").value == "sv_knife_crime"
    text = _markdown(app)
    assert "financial year 2024/25" in text
    from queries import run_query

    table, _, _ = indicator_table("2024/25", run_query("months_available")["month"].dt.date.max())
    for _, row in table.iterrows():
        assert row["name"] in text
    knife = table.set_index("indicator_id").loc["sv_knife_crime"]
    assert f"<b>{format_value(knife['value'])}</b>" in text
    assert f"{format_value(knife['lower'])} to {format_value(knife['upper'])}" in text
    assert "RAG rules" in text and "Making Data Count" in text
    assert len(app.get("plotly_chart")) == 2  # SPC and benchmark charts


def test_choosing_an_indicator_by_key_updates_the_detail_and_url(app_env):
    app = open_page("pages/indicators.py", {"year": "2024/25"})
    app.selectbox(key="indicators.indicator").set_value("sv_homicides").run()
    assert_no_exception(app)
    assert app.query_params["indicator"] in ("sv_homicides", ["sv_homicides"])
    assert "g-chart" in "\n".join(c.value for c in app.caption)
    assert "Homicides recorded by the police" in _markdown(app)


def test_commentary_round_trip_survives_a_rebuild(sample_warehouse, sample_files, tmp_path, monkeypatch):
    from queries.connection import release_connections
    from queries.runner import clear_cache
    from warehouse.build import build_warehouse

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, copy)
    monkeypatch.setenv("SVD_DB", str(copy))
    release_connections()
    clear_cache()
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "vio_with_injury"})
    app.text_input(key="indicators.commentary.author").input("A. Analyst")
    app.text_area(key="indicators.commentary.text").input("Violence with injury is flat; the night-time economy plan starts in May.")
    app.button(key="FormSubmitter:indicators.commentary.form-Save commentary").click().run()
    assert_no_exception(app)
    assert "night-time economy plan" in _markdown(app)
    assert any("Commentary saved" in element.value for element in app.success)

    release_connections()
    build_warehouse(copy, sample_dir=sample_files)
    con = duckdb.connect(str(copy), read_only=True)
    rows = con.execute("select indicator_id, period_label, author, body, written_at from commentary").fetchall()
    con.close()
    assert len(rows) == 1
    assert rows[0][:3] == ("vio_with_injury", "2024/25", "A. Analyst")
    assert rows[0][4] is not None
    clear_cache()
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "vio_with_injury"})
    assert "night-time economy plan" in _markdown(app)
    release_connections()
    clear_cache()


def test_empty_commentary_is_refused(app_env):
    from ui.commentary import CommentaryError, save_commentary

    with pytest.raises(CommentaryError):
        save_commentary("vio_with_injury", "2024/25", "  ", "text")
