"""Cohort and health queries: grain, margins against an independent recomputation, and the
property that random filter choices never yield a shown count 1..threshold (health: never 1-7 and
always a multiple of 5), in the query results and in the CSV the pages build from them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries import run_query
from queries.disclosure import for_display
from queries.runner import declared_params, disclosure_rule, list_queries

ROOT = Path(__file__).resolve().parents[2]
WARWICKSHIRE = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]
GROUPS = ["serious_violence", "violence_and_sexual", "robbery", "possession_of_weapons", "drugs"]
MONTHS = [dt.date(2019 + m // 12, m % 12 + 1, 1) for m in range(93)]


def test_cohort_margins_match_the_warehouse(app_env):
    from models.cohort import reoffending_table

    con = duckdb.connect(str(app_env), read_only=True)
    try:
        people = con.execute("select count(*) from cohort_people_published").fetchone()[0]
        followed, reoffended = con.execute(
            "select count(r.proven_reoffence), count(*) filter (where r.proven_reoffence) from cohort_reoffending r "
            "join cohort_people_published p using (person_id)").fetchone()
        by_agency = dict(con.execute("select agency, count(*) from cohort_people_published group by 1").fetchall())
        (cutoff,) = con.execute("select first_unpublished_day from cohort_published_until").fetchone()
        (latest,) = con.execute("select max(entry_date) from cohort_people").fetchone()
    finally:
        con.close()
    # the open quarter of the latest entry is not published
    assert cutoff <= latest < dt.date(cutoff.year + (cutoff.month + 2) // 12, (cutoff.month + 2) % 12 + 1, 1)
    profile = run_query("cohort_profile_by_characteristic")
    total = profile[(profile["financial_year"] == "all") & (profile["agency"] == "all") & (profile["category"] == "all")]
    assert set(total["person_count"]) == {people}
    reoffending = reoffending_table()
    row = reoffending[(reoffending["financial_year"] == "all") & (reoffending["agency"] == "all")
                      & (reoffending["level"] == "all")].iloc[0]
    assert (row["person_count"], row["reoffended_count"]) == (followed, reoffended)
    size = run_query("cohort_size_by_quarter")
    years = size[size["period_kind"] == "year"]
    for agency, count in by_agency.items():
        assert years.loc[years["agency"] == agency, "person_count"].sum() == count  # no year of 1-4 entrants
    quarters = size[size["period_kind"] == "quarter"]
    assert (quarters.groupby("period_parent")["period"].nunique() <= 4).all()
    assert set(size["agency"]) == {"all", "youth_justice", "probation"}


def test_every_cohort_cube_is_complete(app_env):
    interventions = run_query("cohort_interventions_by_level")
    years = interventions["financial_year"].nunique()
    assert len(interventions) == years * 3 * 3 * 3  # agencies (with 'all') x pillars x levels
    needs = run_query("cohort_needs_by_need")
    assert needs.groupby(["financial_year", "agency"]).size().eq(8).all()
    pathway = run_query("cohort_pathway_by_stage")
    assert ((pathway["need_band"] == "all") | (pathway["outcome"] == "all")).all()
    assert len(pathway) == years * 3 * 5 * (4 + 4 - 1)  # levels x (need bands + outcomes, sharing all x all)


# --- the property test over every cohort and health query ----------------------------------------

def _protected_queries() -> list[str]:
    names = []
    for name in list_queries():
        body = re.sub(r"--.*$", "", (ROOT / "queries" / f"{name}.sql").read_text(), flags=re.MULTILINE)
        rule = disclosure_rule(name)
        if re.search(r"\b(cohort_\w+|hospital_admissions|ae_attendances)\b", body) or (
                rule is not None and rule.kind != "none"):
            names.append(name)
    return names


@st.composite
def filter_choices(draw):
    start = draw(st.sampled_from(MONTHS))
    end = draw(st.sampled_from([m for m in MONTHS if m >= start]))
    return {
        "start": start, "end": end,
        "districts": draw(st.lists(st.sampled_from(WARWICKSHIRE), min_size=1, max_size=5, unique=True)),
        "offence_group": draw(st.sampled_from(GROUPS)),
    }


def _params(name: str, choices: dict) -> dict | None:
    declared = declared_params(name)
    if not declared <= choices.keys():
        return None  # a parameter this test cannot invent: covered by its own page's tests
    return {key: choices[key] for key in declared}


def _assert_protected(name: str, frame: pd.DataFrame) -> None:
    rule = disclosure_rule(name)
    assert rule is not None and rule.kind in ("people", "health"), name
    limit = 4 if rule.kind == "people" else 7
    public = pd.Series(False, index=frame.index)
    for dim, value in rule.public:  # offence counts published openly (tests/queries/test_disclosure_attacks.py)
        public |= frame[dim] == value
    for column in rule.counts:
        shown = frame.loc[~public, column].dropna().astype(int)
        assert not shown.between(1, limit).any(), (name, column)
        if rule.kind == "health":
            assert (shown % 5 == 0).all(), (name, column)
    csv = for_display(frame).to_csv(index=False)
    assert "[c]" in csv or not frame[[f"{c}_suppressed" for c in rule.counts]].to_numpy().any()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=filter_choices())
def test_no_small_count_survives_any_filter_choice(app_env, choices):
    names = _protected_queries()
    assert {"cohort_profile_by_characteristic", "suspects_by_origin_destination", "victims_by_age_band"} <= set(names)
    for name in names:
        params = _params(name, choices)
        if params is not None:
            _assert_protected(name, run_query(name, **params))


def test_people_per_year_and_agency_are_shown_alike_in_every_cohort_table(app_env):
    """The cohort tables share one kind of cell, people entering per year and agency: it must be
    the same number (or hidden) in each, or one table would give away another's hidden cell."""
    profile = run_query("cohort_profile_by_characteristic")
    needs = run_query("cohort_needs_by_need")
    pathway = run_query("cohort_pathway_by_stage")
    size = run_query("cohort_size_by_quarter")
    totals = {
        "profile": profile[profile["category"] == "all"].groupby(["financial_year", "agency"])["person_count"].first(),
        "needs": needs.groupby(["financial_year", "agency"])["person_count"].first(),
        "pathway": pathway[(pathway["need_band"] == "all") & (pathway["level"] == "all") & (pathway["outcome"] == "all")]
        .set_index(["financial_year", "agency"])["person_count"],
        "size": size[size["period_kind"] == "year"].rename(columns={"period": "financial_year"})
        .set_index(["financial_year", "agency"])["person_count"],
    }
    per_breakdown = profile[profile["category"] == "all"].groupby(["financial_year", "agency"])["person_count"]
    assert (per_breakdown.nunique(dropna=False) == 1).all()  # the same in the age, sex, ethnicity and home tables
    reference = totals["profile"]
    for name, series in totals.items():
        common = series.index.intersection(reference.index)
        assert len(common) >= 3 * 5, name
        assert series.loc[common].astype("Float64").fillna(-1).equals(reference.loc[common].astype("Float64").fillna(-1)), name
