"""Reference tables from SVD_REFERENCE_DIR: districts, district names, LSOAs, population.

What the files hold, and the decisions taken (checked against the real files):
- The district boundaries file holds the 21 districts (5 Warwickshire + 16 neighbours); the
  region of each is declared in REGIONS below.
- LSOAs are 2011 codes, because police.uk publishes 2011 codes. Warwickshire's 339 come from the
  LSOA -> district lookup; the neighbours' from the IoD 2019 file (which also gives every IMD
  rank). IoD names the 2019 district (lad19); where the LSOA code still exists in the Census 2021
  LSOA population file its 2021 district is used instead, else lad19 is kept (for the districts
  in this file no lad19 code changed, so both agree).
- Daventry / South Northamptonshire / Northampton: the IoD file holds no Northamptonshire LSOA
  at all, so by IoD alone a police.uk row in "Daventry 001C" would be outside the reference. The
  Census 2021 LSOA file does list West Northamptonshire (E06000062) LSOAs; those whose code is in
  the 2011 series (<= E01033768, i.e. the code was kept unchanged in 2021) are added as 2011
  LSOAs of West Northamptonshire, without IMD ranks. In the real 2022 Warwickshire files this
  resolves E01027030 "Daventry 001C", E01026999 "Daventry 003D", E01027287 "South
  Northamptonshire 001E" and four Northampton LSOAs to E06000062; E01032968 "Daventry 003F"
  (split in 2021) stays outside the reference, as do LSOAs anywhere else in Great Britain.
- Only LSOAs whose district is one of the 21 are kept.
- has_boundary: the LSOA has a polygon in boundaries/lsoa_2011_bgc_warwickshire.geojson
  (Warwickshire only).
- Population: Census 2021 by district (England; Welsh rows have no code and are skipped) and by
  2021 LSOA for Warwickshire and neighbours.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from warehouse.db import scalar

LAD_BOUNDARIES = "boundaries/lad_2024_buc_warwickshire_neighbours.geojson"
LSOA_BOUNDARIES = "boundaries/lsoa_2011_bgc_warwickshire.geojson"
LSOA_LOOKUP = "lookups/lsoa11_to_lad_warwickshire.csv"
IOD = "deprivation/iod2019_lsoa11_warwickshire_neighbours.csv"
POP_LAD = "population/census2021_lad_age6_england_wales.csv"
POP_LSOA = "population/census2021_lsoa21_age6_warwickshire_neighbours.csv"

# The last LSOA code of the 2011 series; 2021 codes created by splits and merges come after it.
LAST_2011_LSOA_CODE = "E01033768"

REGIONS = {
    "E07000218": "Warwickshire",
    "E07000219": "Warwickshire",
    "E07000220": "Warwickshire",
    "E07000221": "Warwickshire",
    "E07000222": "Warwickshire",
    "E08000025": "West Midlands",
    "E08000026": "West Midlands",
    "E08000029": "West Midlands",
    "E07000129": "Leicestershire",
    "E07000131": "Leicestershire",
    "E07000132": "Leicestershire",
    "E07000134": "Leicestershire",
    "E07000194": "Staffordshire",
    "E07000199": "Staffordshire",
    "E07000234": "Worcestershire",
    "E07000236": "Worcestershire",
    "E07000238": "Worcestershire",
    "E06000062": "Northamptonshire",
    "E07000177": "Oxfordshire",
    "E07000181": "Oxfordshire",
    "E07000079": "Gloucestershire",
}

REFERENCE_TABLES = (
    "districts",
    "district_names",
    "lsoas",
    "population_district_age",
    "population_lsoa21_age",
)


def _features(path: Path) -> list[dict]:
    return [feature["properties"] for feature in json.loads(path.read_text(encoding="utf-8"))["features"]]


def _require(reference_dir: Path) -> None:
    wanted = (LAD_BOUNDARIES, LSOA_BOUNDARIES, LSOA_LOOKUP, IOD, POP_LAD, POP_LSOA)
    missing = [name for name in wanted if not (reference_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"reference files missing under {reference_dir}: {', '.join(missing)}")


def _load_districts(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> None:
    rows = []
    for props in _features(reference_dir / LAD_BOUNDARIES):
        code = props["LAD24CD"]
        if code not in REGIONS:
            raise ValueError(
                f"{LAD_BOUNDARIES}: district {code} has no region in warehouse.reference.REGIONS"
            )
        rows.append((code, props["LAD24NM"], bool(props["is_warwickshire"]), REGIONS[code]))
    con.executemany("insert into districts values (?, ?, ?, ?)", rows)


def _load_population(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> None:
    con.execute(
        """
        insert into population_district_age
        select lad_code, age_group, usual_residents::integer
        from read_csv($path, all_varchar = true) where lad_code is not null
        """,
        {"path": str(reference_dir / POP_LAD)},
    )
    con.execute(
        """
        insert into district_names
        select distinct lad_code, lad_name from read_csv($path, all_varchar = true) where lad_code is not null
        """,
        {"path": str(reference_dir / POP_LAD)},
    )
    # The 21 reference districts are named too, whatever the census file holds.
    con.execute(
        "insert into district_names select district_code, district_name from districts "
        "where district_code not in (select district_code from district_names)"
    )
    con.execute(
        """
        insert into population_lsoa21_age
        select lsoa21_code, lsoa21_name, lad_code, age_group, usual_residents::integer
        from read_csv($path, all_varchar = true)
        """,
        {"path": str(reference_dir / POP_LSOA)},
    )


def _load_lsoas(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> None:
    boundary_codes = [props["LSOA11CD"] for props in _features(reference_dir / LSOA_BOUNDARIES)]
    params = {
        "lookup": str(reference_dir / LSOA_LOOKUP),
        "iod": str(reference_dir / IOD),
        "last_2011": LAST_2011_LSOA_CODE,
        "boundaries": boundary_codes,
    }
    con.execute(
        """
        insert into lsoas
        with lookup as (
            select LSOA11CD as lsoa_code, LSOA11NM as lsoa_name, LAD13CD as district_code
            from read_csv($lookup, all_varchar = true)
        ),
        iod as (select * from read_csv($iod, all_varchar = true)),
        lsoa21 as (select distinct lsoa21_code, lsoa21_name, district_code from population_lsoa21_age),
        from_iod as (
            select i.lsoa11_code as lsoa_code, i.lsoa11_name as lsoa_name,
                coalesce(p.district_code, i.lad19_code) as district_code
            from iod as i left join lsoa21 as p on p.lsoa21_code = i.lsoa11_code
            where i.lsoa11_code not in (select lsoa_code from lookup)
        ),
        from_census as (
            select lsoa21_code as lsoa_code, lsoa21_name as lsoa_name, district_code
            from lsoa21
            where district_code = 'E06000062' and lsoa21_code <= $last_2011
                and lsoa21_code not in (select lsoa_code from lookup)
                and lsoa21_code not in (select lsoa_code from from_iod)
        ),
        all_lsoas as (
            select * from lookup union all select * from from_iod union all select * from from_census
        ),
        final as (
            select a.lsoa_code, a.lsoa_name, a.district_code, d.is_warwickshire,
                list_contains($boundaries, a.lsoa_code) as has_boundary,
                i.index_of_multiple_deprivation_imd_rank::double::integer as imd_rank,
                i.index_of_multiple_deprivation_imd_decile::double::integer as imd_decile,
                i.crime_rank::double::integer as crime_rank,
                i.crime_decile::double::integer as crime_decile,
                i.income_decile::double::integer as income_decile,
                i.employment_decile::double::integer as employment_decile
            from all_lsoas as a
            join districts as d on d.district_code = a.district_code
            left join iod as i on i.lsoa11_code = a.lsoa_code
        )
        select * from final
        """,
        params,
    )


def load_reference(con: duckdb.DuckDBPyConnection, reference_dir: str | Path) -> dict[str, int]:
    """Replace the reference tables with the files' contents; returns row counts per table."""
    reference_dir = Path(reference_dir)
    _require(reference_dir)
    for table in REFERENCE_TABLES:
        con.execute(f"delete from {table}")
    _load_districts(con, reference_dir)
    _load_population(con, reference_dir)
    _load_lsoas(con, reference_dir)
    return {table: scalar(con, f"select count(*) from {table}") for table in REFERENCE_TABLES}


def has_reference(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the districts and LSOAs have been loaded."""
    return scalar(con, "select (select count(*) from districts) > 0 and (select count(*) from lsoas) > 0")
