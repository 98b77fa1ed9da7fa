"""AppTests of the Indicators page, driven by query parameters and widget keys, and the commentary
round trip: written on the page, shown, and still there after the warehouse is rebuilt."""

from __future__ import annotations

import html
import re
import shutil

import duckdb
import pandas as pd
import pytest

from settings import PROJECT_ROOT
from tests.conftest import assert_no_exception, open_page
from tests.queries.test_indicator_queries import COUNTY_SQL, _byar_or_exact, _raw


def _markdown(app) -> str:
    """The markdown of the page as read: text from files and users is escaped (shown literally)."""
    return re.sub(r"\\(.)", r"\1", _raw_markdown(app))


def _raw_markdown(app) -> str:
    return "\n".join(element.value for element in app.markdown)


def _shown(value: float) -> str:
    """The page's rounding: no decimals from 100, one from 1, two below."""
    return f"{value:,.{0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2}f}"


def test_page_shows_every_indicator_for_the_year_from_the_url(app_env):
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "sv_knife_crime"})
    assert_no_exception(app)
    assert app.selectbox(key="indicators.year").value == "2024/25"
    assert app.selectbox(key="indicators.indicator").value == "sv_knife_crime"
    text = _markdown(app)
    assert "financial year 2024/25" in text
    names = pd.read_csv(PROJECT_ROOT / "reference" / "indicators.csv")["short_name"]
    assert len(names) == 15 and all(html.escape(name) in text for name in names)  # the table is HTML
    # knife-enabled serious violence, recomputed from the warehouse rows (not by the page's code)
    (count,) = _raw(app_env, f"""
        select count(*) from force_extract_rows
        where district_code in ({COUNTY_SQL}) and weapon = 'knife_sharp'
          and offence_subgroup in ('homicide','violence_with_injury','violence_without_injury','robbery','sexual_offences')
          and month between '2024-04-01' and '2025-03-01'""")
    (population,) = _raw(app_env, f"select sum(pop_all_ages) from population_district where district_code in ({COUNTY_SQL})")
    lower, upper = _byar_or_exact(count)
    assert count > 10
    assert f"<b>{_shown(count / population * 1e5)}</b>" in text
    assert f"{_shown(lower / population * 1e5)} to {_shown(upper / population * 1e5)}" in text
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


def test_commentary_is_shown_literally_never_as_markdown_or_html(sample_warehouse, tmp_path, monkeypatch):
    from queries.connection import release_connections
    from queries.runner import clear_cache

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, copy)
    monkeypatch.setenv("SVD_DB", str(copy))
    release_connections()
    clear_cache()
    hostile = "See ![chart](http://evil.example/p.png) and [the plan](javascript:alert(1)) <img src=x onerror=alert(1)>"
    app = open_page("pages/indicators.py", {"year": "2024/25", "indicator": "vio_with_injury"})
    app.text_input(key="indicators.commentary.author").input("*Mallory*")
    app.text_area(key="indicators.commentary.text").input(hostile)
    app.button(key="FormSubmitter:indicators.commentary.form-Save commentary").click().run()
    assert_no_exception(app)
    raw = _raw_markdown(app)
    assert "![chart](http" not in raw and "](javascript" not in raw and not re.search(r"(?<!\\)<img", raw) and "*Mallory*" not in raw
    assert hostile in _markdown(app) and "*Mallory*" in _markdown(app)  # shown as typed
    release_connections()
    clear_cache()


def test_empty_long_or_unknown_commentary_is_refused(sample_warehouse):
    from warehouse.commentary import CommentaryError, save_commentary

    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        with pytest.raises(CommentaryError, match="name and the commentary"):
            save_commentary(con, "vio_with_injury", "2024/25", "  ", "text")
        with pytest.raises(CommentaryError, match="under 2,000 characters"):
            save_commentary(con, "vio_with_injury", "2024/25", "A", "x" * 2001)
        with pytest.raises(CommentaryError, match="Unknown indicator"):
            save_commentary(con, "no_such_indicator", "2024/25", "A", "text")
    finally:
        con.close()
