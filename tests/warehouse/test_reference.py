"""Reference tables loaded from SVD_REFERENCE_DIR: literal counts from the real files."""

from __future__ import annotations

WARWICKSHIRE = {"E07000218", "E07000219", "E07000220", "E07000221", "E07000222"}


def test_districts_are_the_21_with_regions(con):
    rows = con.execute("select district_code, is_warwickshire, region from districts").fetchall()
    assert len(rows) == 21
    assert {code for code, is_w, _ in rows if is_w} == WARWICKSHIRE
    regions = {code: region for code, _, region in rows}
    assert regions["E08000026"] == "West Midlands"
    assert regions["E06000062"] == "Northamptonshire"
    assert {r for c, r in regions.items() if c in WARWICKSHIRE} == {"Warwickshire"}


def test_warwickshire_lsoas_have_boundaries_and_imd(con):
    rows = con.execute(
        "select count(*), count(*) filter (where has_boundary), count(imd_rank) from lsoas where is_warwickshire"
    ).fetchall()
    assert rows == [(339, 339, 339)]
    assert con.execute(
        "select count(*) from lsoas where has_boundary and not is_warwickshire"
    ).fetchall() == [(0,)]


def test_lsoas_only_in_reference_districts(con):
    assert con.execute(
        "select count(*) from lsoas where district_code not in (select district_code from districts)"
    ).fetchall() == [(0,)]


def test_daventry_lsoas_resolve_to_west_northamptonshire_where_code_kept(con):
    rows = dict(
        con.execute("select lsoa_code, district_code from lsoas where lsoa_code like 'E0102%'").fetchall()
    )
    assert rows["E01027030"] == "E06000062"  # "Daventry 001C" in police.uk files
    assert "E01032968" not in rows  # "Daventry 003F", split in 2021: outside the reference


def test_census_population_totals(con):
    totals = dict(con.execute("select district_code, pop_all_ages from population_district").fetchall())
    assert totals["E07000218"] == 65036
    assert totals["E07000219"] == 134202
    assert totals["E07000220"] == 114357
    assert totals["E07000221"] == 134745
    assert totals["E07000222"] == 148449
    assert con.execute("select count(*) from district_names").fetchall()[0][0] >= 300
