"""Disclosure control: worked examples of primary, complementary and secondary suppression with
literal expected outputs, the header syntax, the run_query hook, and the registry rule that every
query reading people or health data declares a rule."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries import disclosure, runner
from queries.disclosure import MARKER, DisclosureError, Thresholds, apply_rule, for_display, parse_header

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = Thresholds(4)
HEALTH = Thresholds(7, 5)
NA = pd.NA


def _values(series: pd.Series) -> list:
    return [None if pd.isna(value) else value for value in series.tolist()]


# --- header syntax ---------------------------------------------------------------------------


def test_header_is_parsed_into_a_rule():
    rule = parse_header(
        "-- params: $start\n-- disclosure: people counts=person_count,reoffended_count dims=year,agency "
        "parts=reoffended_count:person_count derived=reoffended_pct:reoffended_count/person_count\nselect 1"
    )
    assert rule.kind == "people"
    assert rule.counts == ("person_count", "reoffended_count")
    assert rule.dims == ("year", "agency")
    assert rule.parts == (("reoffended_count", "person_count"),)
    assert rule.derived == (("reoffended_pct", "reoffended_count", "person_count"),)
    assert parse_header("select 1") is None
    assert parse_header("-- disclosure: none reason=offence counts only\n").reason == "offence counts only"


@pytest.mark.parametrize("line", [
    "-- disclosure: secret counts=a",
    "-- disclosure: people",
    "-- disclosure: people counts=a colour=red",
    "-- disclosure: people counts=a derived=rate:b",
    "-- disclosure: none",
    "-- disclosure: people counts=a\n-- disclosure: health counts=a",
])
def test_malformed_headers_are_refused(line):
    with pytest.raises(DisclosureError):
        parse_header(line)


def test_a_header_naming_missing_columns_is_refused():
    with pytest.raises(DisclosureError, match="lacks"):
        apply_rule(pd.DataFrame({"n": [5]}), parse_header("-- disclosure: people counts=person_count"), PEOPLE)


# --- worked examples -------------------------------------------------------------------------


def test_primary_suppression_hides_one_to_threshold_and_keeps_zero():
    frame = pd.DataFrame({"band": list("abcde"), "person_count": [0, 3, 2, 5, 12]})
    result = apply_rule(frame, parse_header("-- disclosure: people counts=person_count dims=band"), PEOPLE)
    assert _values(result["person_count"]) == [0, None, None, 5, 12]
    assert result["person_count_suppressed"].tolist() == [False, True, True, False, False]
    assert str(result["person_count"].dtype) == "Int64"


def test_without_a_margin_only_primary_suppression_applies():
    frame = pd.DataFrame({"band": list("abcd"), "person_count": [3, 10, 7, 20]})
    result = apply_rule(frame, parse_header("-- disclosure: people counts=person_count dims=band"), PEOPLE)
    assert _values(result["person_count"]) == [None, 10, 7, 20]


def test_a_single_hidden_cell_in_a_line_takes_the_next_smallest_with_it():
    frame = pd.DataFrame({"band": [*"abcd", "all"], "person_count": [3, 10, 7, 20, 40]})
    result = apply_rule(frame, parse_header("-- disclosure: people counts=person_count dims=band"), PEOPLE)
    assert _values(result["person_count"]) == [None, 10, None, 20, 40]


def test_hidden_cells_adding_up_to_a_small_number_are_joined_by_another():
    frame = pd.DataFrame({"band": [*"abcd", "all"], "person_count": [1, 2, 50, 60, 113]})
    result = apply_rule(frame, parse_header("-- disclosure: people counts=person_count dims=band"), PEOPLE)
    assert _values(result["person_count"]) == [None, None, None, 60, 113]


def test_a_hierarchy_from_a_parent_column_makes_lines_at_every_level():
    # quarters add up to their year (period_parent), districts to 'all'
    frame = pd.DataFrame({
        "period": ["Q1", "Q2", "Y"] * 3, "period_parent": ["Y", "Y", None] * 3,
        "district": ["a"] * 3 + ["b"] * 3 + ["all"] * 3,
        "n": [2, 30, 32, 7, 10, 17, 9, 40, 49],
    })
    result = apply_rule(frame, parse_header("-- disclosure: people counts=n dims=period,district"), PEOPLE)
    # a-Q1 = 2 is hidden; its year line takes a-Q2 (30) rather than the total, its district line b-Q1 (7);
    # b-Q1's year line then needs b-Q2 (10): a rectangle of four hidden cells, every total shown
    assert _values(result["n"]) == [None, None, 32, None, None, 17, 9, 40, 49]


def test_public_cells_are_shown_and_known():
    # all ages is an open offence count: shown even when small, so the one band under it is hidden
    # with its siblings (zeros here) rather than be given away by the total
    frame = pd.DataFrame({"age": ["young", "old", "unknown", "all"], "n": [3, 0, 0, 3]})
    rule = parse_header("-- disclosure: people counts=n dims=age public=age:all")
    result = apply_rule(frame, rule, PEOPLE)
    assert _values(result["n"]) == [None, None, None, 3]


def test_two_way_table_with_margins_protects_rows_and_columns():
    frame = pd.DataFrame({
        "agency": ["yj", "yj", "yj", "prob", "prob", "prob", "all", "all", "all"],
        "sex": ["F", "M", "all"] * 3,
        "person_count": [3, 10, 13, 6, 20, 26, 9, 30, 39],
    })
    rule = parse_header("-- disclosure: people counts=person_count dims=agency,sex")
    result = apply_rule(frame, rule, PEOPLE)
    assert _values(result["person_count"]) == [None, None, 13, None, None, 26, 9, 30, 39]


def test_parts_and_derived_rates_are_hidden_with_their_counts():
    frame = pd.DataFrame({
        "level": ["selected", "indicated", "universal"],
        "person_count": [10, 6, 40],
        "reoffended_count": [9, 3, 20],
        "reoffended_pct": [90.0, 50.0, 50.0],
    })
    rule = parse_header(
        "-- disclosure: people counts=person_count,reoffended_count dims=level "
        "parts=reoffended_count:person_count derived=reoffended_pct:reoffended_count/person_count"
    )
    result = apply_rule(frame, rule, PEOPLE)
    # 9 of 10 would tell that 1 person did not reoffend: hidden; 3 is primary; the line then
    # holds two hidden cells adding up to 12, so 20 stays.
    assert _values(result["person_count"]) == [10, 6, 40]
    assert _values(result["reoffended_count"]) == [None, None, 20]
    assert _values(result["reoffended_pct"]) == [None, None, 50.0]
    assert result["reoffended_pct_suppressed"].tolist() == [True, True, False]


def test_health_rule_suppresses_one_to_seven_and_rounds_to_five():
    frame = pd.DataFrame({
        "month": [*"abcdefg", "all"],
        "admissions": [0, 3, 8, 12, 13, 22, 100, 158],
        "per_100k": [0.0, 6.0, 16.0, 24.0, 26.0, 44.0, 200.0, 316.0],
    })
    rule = parse_header("-- disclosure: health counts=admissions dims=month derived=per_100k:admissions")
    result = apply_rule(frame, rule, HEALTH)
    # 3 is hidden; 8, the smallest shown, goes with it so that the total does not give 3 away
    assert _values(result["admissions"]) == [0, None, None, 10, 15, 20, 100, 160]
    # Rates follow the rounded counts so the raw count cannot be read back from them.
    assert _values(result["per_100k"]) == pytest.approx([0.0, None, None, 20.0, 30.0, 40.0, 200.0, 320.0], abs=1e-9)


def test_for_display_shows_the_marker_and_drops_the_flags():
    frame = pd.DataFrame({"band": [*"abcd", "all"], "person_count": [3, 10, 7, 20, 40]})
    result = apply_rule(frame, parse_header("-- disclosure: people counts=person_count dims=band"), PEOPLE)
    shown = for_display(result, {"band": "Band", "person_count": "People"})
    assert shown.to_dict("list") == {"Band": [*"abcd", "all"], "People": [MARKER, "10", MARKER, "20", "40"]}
    assert shown.to_csv(index=False) == "Band,People\na,[c]\nb,10\nc,[c]\nd,20\nall,40\n"


def test_thresholds_come_from_settings(monkeypatch):
    monkeypatch.setenv("SVD_SUPPRESSION_THRESHOLD", "9")
    monkeypatch.setenv("SVD_HEALTH_SUPPRESSION_THRESHOLD", "10")
    monkeypatch.setenv("SVD_HEALTH_ROUNDING", "10")
    assert disclosure.thresholds("people") == Thresholds(9)
    assert disclosure.thresholds("health") == Thresholds(10, 10)


# --- properties on random tables -------------------------------------------------------------


def _cube(draw_counts, dims_sizes) -> pd.DataFrame:
    """A table with 'all' margins on every dim, the inner cells drawn."""
    index = pd.MultiIndex.from_product([[f"v{i}" for i in range(n)] for n in dims_sizes])
    inner = index.to_frame(index=False)
    dims = [f"d{i}" for i in range(len(dims_sizes))]
    inner.columns = dims
    inner["n"] = draw_counts[: len(inner)]
    frames = [inner]
    for k in range(1, len(dims) + 1):
        for chosen in itertools.combinations(dims, k):
            kept = [d for d in dims if d not in chosen]
            part = inner.groupby(kept, as_index=False)["n"].sum() if kept else pd.DataFrame({"n": [inner["n"].sum()]})
            frames.append(part.assign(**{d: "all" for d in chosen}))
    return pd.concat(frames, ignore_index=True)[[*dims, "n"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(2, 4), min_size=1, max_size=3),
    counts=st.lists(st.integers(0, 30), min_size=64, max_size=64),
    kind=st.sampled_from(["people", "health"]),
)
def test_no_small_count_no_lone_hidden_cell_and_no_cell_an_lp_can_pin(sizes, counts, kind):
    from tests.queries.test_disclosure_attacks import attack, attacker_lines

    frame = _cube(counts, sizes)
    dims = tuple(c for c in frame.columns if c.startswith("d"))
    limits = PEOPLE if kind == "people" else HEALTH
    result = apply_rule(frame, parse_header(f"-- disclosure: {kind} counts=n dims={','.join(dims)}"), limits)
    shown = result["n"].dropna().astype(int)
    assert not ((shown >= 1) & (shown <= limits.suppress_max)).any()
    if kind == "health":
        assert (shown % 5 == 0).all()
    hidden = result["n_suppressed"].to_numpy()
    lines = attacker_lines(result, dims)
    for total, members in lines:
        assert hidden[[total, *members]].sum() != 1, (total, members)
    truth = frame["n"].to_numpy()
    for lower_bound in (0.0, 1.0):
        assert attack(result, truth, "n", lines, lower_bound, limits.rounding) == []


# --- the run_query hook ----------------------------------------------------------------------


@pytest.fixture
def query_dir(tmp_path, monkeypatch):
    """A private query folder and database, so the hook is tested without the sample warehouse."""
    from queries.connection import release_connections

    db = tmp_path / "tiny.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table cohort_people as select * from (values ('a', 3), ('b', 10), ('c', 7), ('d', 20), "
                "('all', 40)) t(band, person_count)")
    con.close()
    (tmp_path / "people_by_band.sql").write_text(
        "-- params: $min\n-- grain: one row per band\n"
        "-- disclosure: people counts=person_count dims=band\n"
        "select band, person_count from cohort_people where person_count >= $min order by band = 'all', band\n"
    )
    monkeypatch.setenv("SVD_DB", str(db))
    monkeypatch.setattr(runner, "QUERY_DIR", tmp_path)
    for cached in (runner._sql, runner.disclosure_rule):
        cached.cache_clear()
    release_connections()
    runner.clear_cache()
    yield tmp_path
    for cached in (runner._sql, runner.disclosure_rule):
        cached.cache_clear()
    release_connections()
    runner.clear_cache()


def test_run_query_applies_the_declared_rule(query_dir):
    result = runner.run_query("people_by_band", min=0)
    assert _values(result["person_count"]) == [None, 10, None, 20, 40]
    assert result["person_count_suppressed"].tolist() == [True, False, True, False, False]


# --- registry: every query that reads people or health data declares a rule -----------------

PEOPLE_SOURCES = re.compile(r"\bcohort_\w+")
HEALTH_SOURCES = re.compile(r"\b(hospital_admissions|ae_attendances)\b")
PERSON_COLUMNS = re.compile(r"\b(victim_age|victim_sex|suspect_age|suspect_sex|suspect_home_district)\b")
# Who was searched (data.police.uk stop and search): a breakdown by any of these is about people.
SEARCHED_PERSON = re.compile(r"\b(ethnic_group|self_defined_ethnicity|officer_defined_ethnicity|age_range|gender)\b")
STOP_SEARCH = re.compile(r"\bpolice_uk_stop_search\b")  # not the Census population by ethnic group


def _body(text: str) -> str:
    return re.sub(r"--.*$", "", text, flags=re.MULTILINE)


def _required_rules(text: str) -> set[str]:
    body = _body(text)
    if HEALTH_SOURCES.search(body):
        return {"health"}
    if PEOPLE_SOURCES.search(body) or (SEARCHED_PERSON.search(body) and STOP_SEARCH.search(body)):
        return {"people"}
    if PERSON_COLUMNS.search(body):
        return {"people", "none"}
    return set()


def test_every_query_reading_people_or_health_data_declares_a_rule():
    missing, wrong = [], []
    for path in sorted((ROOT / "queries").glob("*.sql")):
        text = path.read_text()
        required = _required_rules(text)
        if not required:
            continue
        rule = parse_header(text)
        if rule is None:
            missing.append(path.stem)
        elif rule.kind not in required:
            wrong.append((path.stem, rule.kind, sorted(required)))
    assert wrong == []
    assert missing == []
