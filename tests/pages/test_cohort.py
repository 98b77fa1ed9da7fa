"""Cohort page in AppTest on the sample warehouse: content driven by URL parameters and widget keys,
values against the warehouse, and random widget choices never showing a count of 1-4 people."""

from __future__ import annotations

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import assert_no_exception, open_page

PAGE = "pages/cohort.py"
PEOPLE_COLUMNS = {"People", "People with need", "Started", "Completed", "Ongoing", "People followed up", "Reoffended"}


def _table(app, first_column: str):
    return next(df.value for df in app.dataframe if df.value.columns[0] == first_column)


def small_counts(app) -> list:
    found = []
    for element in app.dataframe:
        frame = element.value
        for column in set(frame.columns) & PEOPLE_COLUMNS:
            for value in frame[column]:
                text = str(value)
                if text.isdigit() and 1 <= int(text) <= 4:
                    found.append((frame.columns[0], column, value))
    return found


def test_default_view_has_every_section(app_env):
    app = open_page(PAGE)
    assert_no_exception(app)
    assert app.session_state["cohort.cohort_year"] != "all"
    assert list(_table(app, "Age at entry")["Age at entry"]) == ["10-14", "15-17", "18-24", "25-34", "35 and over"]
    assert len(_table(app, "Need")) == 8
    assert len(_table(app, "Pillar")) == 9
    assert any("not causal" in w.value for w in app.warning)
    assert small_counts(app) == []


def test_url_parameters_pick_the_slice_and_values_match_the_warehouse(app_env):
    app = open_page(PAGE, {"cohort_year": "all", "cohort_agency": "youth_justice", "profile_by": "sex"})
    assert_no_exception(app)
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        expected = dict(con.execute(
            "select case sex when 'F' then 'Female' when 'M' then 'Male' else 'Unknown' end, count(*) "
            "from cohort_people_published where agency = 'youth_justice' group by 1").fetchall())
        unpublished = con.execute("select count(*) from cohort_people where agency = 'youth_justice' and person_id "
                                  "not in (select person_id from cohort_people_published)").fetchone()[0]
    finally:
        con.close()
    assert unpublished > 0  # the quarter still open when the file was made is left out
    table = _table(app, "Sex")
    shown = dict(zip(table["Sex"], table["People"], strict=True))
    assert set(shown) == set(expected)
    hidden = [sex for sex, people in shown.items() if str(people) == "[c]"]
    for sex, people in shown.items():
        if sex in hidden:
            continue
        assert int(people) == expected[sex]
        assert not 1 <= expected[sex] <= 4
    # a hidden cell is a small count, or hidden with one so that the total cannot give it away
    primaries = [sex for sex in hidden if 1 <= expected[sex] <= 4]
    assert [sex for sex in expected if 1 <= expected[sex] <= 4] == primaries
    assert len(hidden) != 1 and (not hidden or primaries)
    assert small_counts(app) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.sampled_from(["all", "2019/20", "2021/22", "2023/24", "2025/26"]),
       agency=st.sampled_from(["all", "youth_justice", "probation"]),
       by=st.sampled_from(["age_band", "sex", "ethnicity", "home"]))
def test_random_widget_choices_never_show_a_small_count(app_env, year, agency, by):
    app = open_page(PAGE)
    app.selectbox(key="cohort.cohort_year").set_value(year)
    app.radio(key="cohort.cohort_agency").set_value(agency)
    app.radio(key="cohort.profile_by").set_value(by).run()
    assert_no_exception(app)
    assert small_counts(app) == []
