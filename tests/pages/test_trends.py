"""The Trends page in AppTest against the sample warehouse: content equals plain SQL, views come
back the same from a shared link, widgets driven by key."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import assert_no_exception, open_page

SV = "offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')"
COUNTY = "district_code in ('E07000218', 'E07000219', 'E07000220', 'E07000221', 'E07000222')"


def direct(db, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


# the first column(s) that identify each table the page shows (AppTest does not expose dataframe keys)
TABLES = {"trends.series_table": ["Series", "Offences"], "trends.heatmap_table": ["Day", "00:00"],
          "trends.spc_table": ["centre", "upper_limit"], "trends.yoy_table": ["Series", "Change %"]}


def table(app, key: str) -> pd.DataFrame:
    matches = [frame.value for frame in app.dataframe if set(TABLES[key]) <= set(frame.value.columns)]
    assert len(matches) == 1, (key, len(matches))
    return matches[0]


def test_series_table_equals_direct_counts_by_offence_type(app_env):
    app = open_page("pages/trends.py", {"from": "2025-01", "to": "2025-12"})
    assert_no_exception(app)
    shown = table(app, "trends.series_table")
    rows = direct(app_env, f"select crime_type, count(*) from incidents where month between ? and ? and {SV} "
                  f"and {COUNTY} group by crime_type", [dt.date(2025, 1, 1), dt.date(2025, 12, 1)])
    assert len(shown) == 12 * len(rows)  # one row per month x offence type
    assert shown.groupby("Series")["Offences"].sum().to_dict() == dict(rows)
    assert len(app.get("plotly_chart")) >= 4  # series, year on year, seasonality, heatmap, SPC


def test_split_by_district_driven_by_widget_key(app_env):
    app = open_page("pages/trends.py", {"from": "2025-01", "to": "2025-12"})
    app.selectbox(key="trends.dimension").set_value("district").run()
    app.radio(key="trends.measure").set_value("rate_per_1000").run()
    assert_no_exception(app)
    shown = table(app, "trends.series_table")
    assert set(shown["Series"]) == {"North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick"}
    rugby = shown[(shown["Series"] == "Rugby") & (shown["Month"] == dt.date(2025, 3, 1))].iloc[0]
    count = direct(app_env, f"select count(*) from incidents where month = ? and {SV} and district_code = 'E07000220'",
                   [dt.date(2025, 3, 1)])[0][0]
    pop = direct(app_env, "select sum(usual_residents) from population_district_age where district_code = 'E07000220'")[0][0]
    assert rugby["Offences"] == count and abs(rugby["Rate per 1,000"] - 1000 * count / pop) < 1e-9
    assert app.query_params["dimension"] == ["district"] or app.query_params["dimension"] == "district"


def test_heatmap_counts_equal_direct_query(app_env):
    app = open_page("pages/trends.py", {"from": "2025-01", "to": "2025-12"})
    shown = table(app, "trends.heatmap_table").set_index("Day")
    saturday_23 = direct(app_env, f"select count(*) from incidents where month between ? and ? and {SV} and {COUNTY} "
                         "and isodow(occurred_at) = 6 and hour(occurred_at) = 23",
                         [dt.date(2025, 1, 1), dt.date(2025, 12, 1)])[0][0]
    assert shown.loc["Saturday", "23:00"] == saturday_23


def test_reloading_a_shared_link_gives_the_same_view(app_env):
    link = {"from": "2024-04", "to": "2025-03", "district": "E07000219", "dimension": "weapon", "grain": "week",
            "measure": "offence_count", "spc_chart": "c"}
    first = open_page("pages/trends.py", link)
    second = open_page("pages/trends.py", link)
    assert_no_exception(first)
    for key in ("trends.dimension", "trends.grain", "trends.spc_chart", "trends.spc_series"):
        assert first.session_state[key] == second.session_state[key]
    assert first.session_state["trends.grain"] == "week" and first.session_state["trends.spc_chart"] == "c"
    pd.testing.assert_frame_equal(table(first, "trends.series_table"), table(second, "trends.series_table"))
    pd.testing.assert_frame_equal(table(first, "trends.spc_table"), table(second, "trends.spc_table"))
    assert set(table(first, "trends.series_table")["Series"]) <= {"Knife or sharp object", "Firearm", "Corrosive substance",
                                                                   "Other weapon", "No weapon"}


def _heatmap_without_times():

    import datetime
    from types import SimpleNamespace

    from models.filters import Filters
    from models.periods import Period
    from ui.trends import render_heatmap

    filters = Filters(Period(datetime.date(2020, 1, 1), datetime.date(2020, 3, 1)), ("E07000220",), "serious_violence")
    render_heatmap(SimpleNamespace(filters=filters, timed_count=0, untimed_count=42, weekday_hour=None))


def test_heatmap_says_plainly_why_it_is_unavailable_for_police_uk_only_data():
    app = AppTest.from_function(_heatmap_without_times).run()
    assert not app.exception
    assert "publishes the month only" in app.info[0].value and "42" in app.info[0].value
