"""The Delivery page in AppTest on the sample warehouse: content against the warehouse, widgets driven
by URL parameters and keys, no shown count of 1 to 4 people, and the status-update round trip:
written on the page, shown with its author there and in the meeting pack's HTML."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil

import duckdb

from tests.conftest import assert_no_exception, open_page

PAGE = "pages/delivery.py"
PEOPLE_COLUMNS = {"Cases", "Overdue", "Linked to a recorded homicide", "Taken", "By its deadline", "Completed",
                  "Referrals by trained practitioners", "Universal", "Selected", "Indicated", "All"}


# AppTest does not expose a table's key: each table is found by columns only it has.
TABLES = {"late": ({"Late by", "Update by"}, {"Pillar"}), "actions": ({"Pillar", "Indicators it should move"}, set()),
          "fund": ({"Over-committed?"}, set()), "reviews": ({"Linked to a recorded homicide"}, set()),
          "breakdown": ({"Still to spend"}, set()), "history": ({"Where", "By"}, set())}


def _table(app, name: str):
    must, without = TABLES[name]
    return next(element.value for element in app.dataframe
                if must <= set(element.value.columns) and not without & set(element.value.columns))


def _text(app) -> str:
    """The markdown of the page as read: text from files and users is escaped (shown literally)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(element.value for element in app.markdown))


def _late_in_warehouse(db) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select action_id from delivery_actions where due_date < current_date "
                           "and status <> 'complete' order by 1").fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def test_default_view_matches_the_warehouse_and_hides_small_counts(app_env):
    app = open_page(PAGE)
    assert_no_exception(app)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["On track or complete"].endswith(" of 45") and metrics["Practitioners trained"] != "0"
    late = _late_in_warehouse(app_env)
    assert metrics["Late actions"] == str(len(late))
    assert sorted(_table(app, "late")["Action"]) == late
    fund = _table(app, "fund").set_index("Financial year")
    assert fund.loc["2026/27", "Over-committed?"] == "Yes: committed > budget"
    assert fund.loc["2025/26", "Over-committed?"] == "No"
    for element in app.dataframe:
        for column in set(element.value.columns) & PEOPLE_COLUMNS:
            assert all(not (str(v).isdigit() and 1 <= int(v) <= 4) for v in element.value[column]), column
    assert "[c]" in _table(app, "reviews")["Cases"].tolist()


def test_url_parameters_pick_the_views_and_are_kept(app_env):
    app = open_page(PAGE, {"pillar": "respond", "fund_year": "2025/26", "breakdown": "district",
                           "training_year": "2025/26", "action": "R03"})
    assert_no_exception(app)
    assert app.selectbox(key="delivery.pillar").value == "respond"
    assert app.radio(key="delivery.breakdown").value == "district"
    assert set(_table(app, "actions")["Pillar"]) == {"Respond"}
    assert _table(app, "breakdown").columns[0] == "District"
    assert "Warwickshire (county-wide)" in set(_table(app, "breakdown")["District"])
    assert app.selectbox(key="delivery.action").value == "R03"
    app.selectbox(key="delivery.fund_year").set_value("2026/27").run()
    assert app.query_params["fund_year"] in ("2026/27", ["2026/27"])


def test_status_update_round_trip_to_the_page_and_the_pack(sample_warehouse, tmp_path, monkeypatch):
    from pack import PackRequest, build_html
    from queries.connection import release_connections
    from queries.runner import clear_cache

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, copy)
    monkeypatch.setenv("SVD_DB", str(copy))
    release_connections()
    clear_cache()
    try:
        app = open_page(PAGE, {"action": "R03"})
        text = "Partner withdrew its venue; sessions move to the youth centre in March."
        app.selectbox(key="delivery.update.R03.status").set_value("off_track")
        app.text_area(key="delivery.update.R03.text").input(text)
        app.text_input(key="delivery.update.R03.author").input("C. Coordinator")
        app.button(key="FormSubmitter:delivery.update.R03-Save update").click().run()
        assert_no_exception(app)
        assert any("Update saved" in element.value for element in app.success)
        assert f"Now **Off track**: {text} — *C. Coordinator, {dt.date.today():%d %b %Y}" in _text(app)
        history = _table(app, "history")
        assert history.iloc[0][["Status", "Update", "By", "Where"]].tolist() == ["Off track", text, "C. Coordinator",
                                                                              "This page"]
        page, _facts = build_html(PackRequest(dt.date(2026, 10, 15), "2025/26"))
        escaped = html.escape(text)
        assert page.count(escaped) >= 1 and "C. Coordinator" in page
        section = page[page.index("Status updates written on the Delivery page"):]
        assert "R03" in section[:section.index("</table>")] and escaped in section[:section.index("</table>")]
    finally:
        release_connections()
        clear_cache()
