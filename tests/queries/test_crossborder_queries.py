"""Cross-border queries on the sample warehouse: columns and grain, flows equal to an independent
recomputation with duckdb, and the people rule applied (no shown count 1..threshold)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from queries import run_query

WINDOW = {"start": dt.date(2025, 4, 1), "end": dt.date(2026, 3, 1)}
WARWICKSHIRE = ["E07000218", "E07000219", "E07000220", "E07000221", "E07000222"]

RAW_FLOWS = """
select case when i.suspect_home_district in (select district_code from districts) then i.suspect_home_district
            else 'elsewhere' end as origin_code,
       i.district_code as destination_code, count(*) as n
from force_extract_rows as i
join districts as d on d.district_code = i.district_code and d.is_warwickshire
where i.month between ? and ? and i.suspect_home_district is not null
  and i.offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')
group by all
"""


def _raw_flows(db) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(RAW_FLOWS, [WINDOW["start"], WINDOW["end"]]).fetchall()
    finally:
        con.close()
    return {(origin, destination): n for origin, destination, n in rows}


def _cube(offence_group: str = "serious_violence", period: str = "2025/26") -> pd.DataFrame:
    cube = run_query("suspects_by_origin_destination")
    return cube[(cube["offence_group"] == offence_group) & (cube["period"] == period)]


def test_flows_equal_an_independent_recomputation(app_env):
    flows = _cube()
    flows = flows[flows["destination_code"] != "outside"]
    assert len(flows) == 25 * 6  # 21 districts, elsewhere, in / out of the county, all; by 5 districts + all
    raw = _raw_flows(app_env)
    cells = flows[(flows["origin_kind"].isin(["warwickshire", "neighbour", "elsewhere"]))
                  & (flows["destination_code"] != "all")]
    for row in cells.itertuples():
        expected = raw.get((row.origin_code, row.destination_code), 0)
        if row.offence_count_suppressed:
            assert expected > 0
        else:
            assert row.offence_count == expected, (row.origin_code, row.destination_code)
    total = flows[(flows["origin_code"] == "all") & (flows["destination_code"] == "all")]["offence_count"].iloc[0]
    assert total == sum(raw.values())
    out = flows[(flows["origin_code"] == "out_of_county") & (flows["destination_code"] == "all")]["offence_count"].iloc[0]
    assert out == sum(n for (origin, _), n in raw.items() if origin not in WARWICKSHIRE)
    shown = flows["offence_count"].dropna()
    assert not shown.between(1, 4).any()
    assert flows["offence_count_suppressed"].any()  # the sample has small flows: the rule did work


def test_quarters_add_up_to_their_year_and_are_protected(app_env):
    cube = run_query("suspects_by_origin_destination")
    quarters = cube[(cube["period_kind"] == "quarter") & (cube["period_parent"] == "2025/26")]
    assert sorted(quarters["period"].unique()) == ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4"]
    assert set(quarters["origin_code"]) == {"all", "in_county", "out_of_county"}
    year = _cube()
    for destination in ["all", *WARWICKSHIRE]:
        cells = quarters[(quarters["offence_group"] == "serious_violence") & (quarters["destination_code"] == destination)
                         & (quarters["origin_code"] == "all")]["offence_count"]
        total = year[(year["destination_code"] == destination) & (year["origin_code"] == "all")]["offence_count"].iloc[0]
        if cells.notna().all():
            assert int(cells.sum()) == total
    assert not cube["offence_count"].dropna().between(1, 4).any()


def test_signals_band_and_balance_have_their_grain(app_env):
    from models.cross_border import balance

    signals = run_query("crossborder_signals_by_district", **WINDOW)
    assert sorted(signals["district_code"]) == WARWICKSHIRE
    assert (signals["county_lines_count"] <= signals["rows_with_flags"]).all()
    lsoas = run_query("crossborder_rate_by_lsoa", **WINDOW, offence_group="serious_violence")
    assert lsoas["lsoa_code"].is_unique and len(lsoas) > 300
    cohort = run_query("cohort_reoffences_by_direction")
    assert list(cohort["direction"]) == ["all", "export", "import"]
    table = balance(run_query("suspects_by_origin_destination"), cohort, "2025/26")
    assert list(table["source"]) == ["force_extract", "cohort"]
    con = duckdb.connect(str(app_env), read_only=True)
    try:
        (imports,) = con.execute(f"""select count(*) from force_extract_rows where month between ? and ?
            and district_code in {tuple(WARWICKSHIRE)} and suspect_home_district is not null
            and suspect_home_district not in {tuple(WARWICKSHIRE)}
            and offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')""",
                                 [WINDOW["start"], WINDOW["end"]]).fetchone()
    finally:
        con.close()
    assert table.loc[0, "import_count"] == imports
