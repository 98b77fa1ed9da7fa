"""The sample-data generator: determinism, formats, calibration (issue 2 item 7), ingest."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from sample_data.generate import generate
from settings import load_settings
from tests.sample_data.calibration import measures
from warehouse.formats import FORMATS

REFERENCE = load_settings().reference_dir
LOOKUP = pd.read_csv(REFERENCE / "lookups" / "lsoa11_to_lad_warwickshire.csv")
FORMAT_OF_FOLDER = {
    "force_extract": "force-extract",
    "police_uk": "police-uk",
    "admissions": "admissions",
    "ae": "ae",
    "indicators": "indicators",
}


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Three months at a tenth of the volume, the default seed, plus its manifest."""
    out = tmp_path_factory.mktemp("small")
    generate(out, scale=0.1, start="2022-11", end="2023-01")
    return out


@pytest.fixture(scope="module")
def three_years(tmp_path_factory) -> Path:
    """2021-2023 at full volume with the default seed (for calibration)."""
    out = tmp_path_factory.mktemp("three-years")
    generate(out, start="2021-01", end="2023-12")
    return out


@pytest.fixture(scope="module")
def calibration(three_years) -> dict[str, float]:
    return measures(three_years, LOOKUP, 2022)


def test_same_seed_gives_identical_bytes(small, tmp_path):
    generate(tmp_path, scale=0.1, start="2022-11", end="2023-01")
    assert _digest(tmp_path) == _digest(small)


def test_other_seed_gives_other_data(small, tmp_path):
    generate(tmp_path, seed=7, scale=0.1, start="2022-11", end="2023-01")
    mine, theirs = _digest(tmp_path), _digest(small)
    assert mine.keys() == theirs.keys()
    assert (
        mine["force_extract/2022-12-warwickshire-force-extract.csv"]
        != theirs["force_extract/2022-12-warwickshire-force-extract.csv"]
    )


def test_layout_and_manifest(small):
    manifest = pd.read_json(small / "MANIFEST.json", typ="series")
    assert manifest["seed"] == 20240401 and manifest["end"] == "2023-01"
    files = {f["path"]: f["rows"] for f in manifest["files"]}
    assert "police_uk/2022-12/2022-12-warwickshire-street.csv" in files
    assert "police_uk/2022-12/2022-12-west-midlands-street.csv" in files
    assert "force_extract/2023-01-warwickshire-force-extract.csv" in files
    for name in (
        "admissions/admissions-2022.csv",
        "ae/ae-2023.csv",
        "cohort/cohort-people.csv",
        "indicators/indicator-values.csv",
    ):
        assert name in files
    for path, rows in files.items():
        assert len(pd.read_csv(small / path, dtype=str)) == rows


# --- every file passes the column rules of warehouse/formats.py -------------------------------

PATTERNS = {
    "month": r"\d{4}-(0[1-9]|1[0-2])",
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?",
    "int": r"-?\d+",
    "float": r"-?\d+(\.\d+)?([eE]-?\d+)?",
    "yn": r"[YN]",
    "lsoa": r"[EW]01\d{6}",
    "district": r"(E06|E07|E08|E09|W06)\d{6}",
}
BOUNDS = {"lon": (-8.7, 1.8), "lat": (49.8, 60.9), "easting": (0, 700_000), "northing": (0, 1_300_000)}


def _format_problems(path: Path, fmt) -> list[str]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = (
        [] if list(table.columns) == fmt.column_names else [f"{path.name}: columns {list(table.columns)}"]
    )
    for column in fmt.columns:
        values = table[column.name]
        blank = values == ""
        if column.required and blank.any():
            problems.append(f"{path.name}: {column.name} blank")
        given = values[~blank]
        if column.kind == "enum":
            bad = ~given.isin(column.allowed)
        elif column.kind in PATTERNS:
            bad = ~given.str.fullmatch(PATTERNS[column.kind])
        elif column.kind in BOUNDS:
            low, high = BOUNDS[column.kind]
            number = pd.to_numeric(given)
            bad = (number < low) | (number > high)
        else:
            continue
        if bad.any():
            problems.append(f"{path.name}: {column.name} {given[bad].iloc[0]!r}")
    return problems


def test_every_file_follows_its_format(small):
    problems = []
    for path in sorted(small.rglob("*.csv")):
        folder = path.relative_to(small).parts[0]
        if folder == "fingertips":  # published column names vary: test_fingertips_exports_as_published
            continue
        name = FORMAT_OF_FOLDER.get(folder) or (
            "cohort-people" if "people" in path.name else "cohort-interventions"
        )
        if folder == "police_uk":  # a download: street, outcomes and stop-and-search files
            name = {"outcomes.csv": "police-uk-outcomes", "search.csv": "police-uk-stop-search"}.get(
                path.name.rsplit("-", 1)[-1], "police-uk")
        problems += _format_problems(path, FORMATS[name])
    assert problems == []


def test_fingertips_exports_as_published(small, tmp_path):
    """Both header versions, with the parent column under its published name, and every row loads."""
    from warehouse.ingest import ingest

    counties, districts = sorted((small / "fingertips").glob("*.csv"))
    headers = [path.read_text(encoding="utf-8").splitlines()[0].split(",") for path in (counties, districts)]
    assert headers[0][-1] == "Time period range" and "Time period range" not in headers[1]
    assert "Compared to West Midlands region value or percentiles" in headers[0]
    assert "Compared to Warwickshire value or percentiles" in headers[1]
    report = ingest(tmp_path / "warehouse.duckdb", "fingertips", [counties, districts])
    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) - 1 for path in (counties, districts))
    assert (report.rows_loaded, report.rows_skipped) == (lines, 0)


def test_police_uk_imitates_real_files(small):
    rows = pd.read_csv(
        small / "police_uk/2022-12/2022-12-warwickshire-street.csv", dtype=str, keep_default_na=False
    )
    crimes = rows[rows["Crime type"] != "Anti-social behaviour"]
    asb = rows[rows["Crime type"] == "Anti-social behaviour"]
    assert crimes["Crime ID"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert (asb["Crime ID"] == "").all() and (asb["Last outcome category"] == "").all()
    no_location = rows[rows["LSOA code"] == ""]
    assert (no_location["Location"] == "No Location").all() and (no_location["Longitude"] == "").all()
    located = rows[rows["LSOA code"] != ""]
    assert located["Location"].str.startswith("On or near ").all()


def test_extract_and_police_uk_agree_per_force_month(small):
    extract = pd.read_csv(
        small / "force_extract/2022-12-warwickshire-force-extract.csv", dtype=str, keep_default_na=False
    )
    street = pd.read_csv(
        small / "police_uk/2022-12/2022-12-warwickshire-street.csv", dtype=str, keep_default_na=False
    )
    crimes = street[street["Crime type"] != "Anti-social behaviour"]
    hashed = extract["crime_reference"].map(lambda ref: hashlib.sha256(ref.encode()).hexdigest())
    assert sorted(hashed) == sorted(crimes["Crime ID"])
    assert extract["crime_type"].value_counts().to_dict() == crimes["Crime type"].value_counts().to_dict()
    assert extract["crime_reference"].is_unique


# --- calibration (2022, Warwickshire LSOAs, from the written police.uk files) -----------------


def test_serious_violence_level(calibration):
    assert calibration["sv_per_month"] == pytest.approx(1480, rel=0.10)
    assert calibration["robbery_per_month"] == pytest.approx(28, rel=0.20)
    assert calibration["weapons_per_month"] == pytest.approx(46, rel=0.20)


@pytest.mark.parametrize(
    "district, target",
    [("E07000218", 147), ("E07000219", 413), ("E07000220", 258), ("E07000221", 239), ("E07000222", 346)],
)
def test_violence_by_district(calibration, district, target):
    assert calibration[f"vso_{district}"] == pytest.approx(target, rel=0.15)


@pytest.mark.parametrize("key, target", [("sv", 0.27), ("robbery", 0.52), ("weapons", 0.42)])
def test_concentration_in_top_tenth_of_lsoas(calibration, key, target):
    assert calibration[f"{key}_top10_share"] == pytest.approx(target, abs=0.06)


def _extract(three_years: Path, year: int) -> pd.DataFrame:
    files = sorted((three_years / "force_extract").glob(f"{year}-*.csv"))
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def test_homicides_per_year(three_years):
    for year in (2021, 2022, 2023):
        homicides = _extract(three_years, year)["ho_offence_code"].isin(["001/00", "004/01"]).sum()
        assert 3 <= homicides <= 10, (year, homicides)


def test_summer_and_december_above_annual_mean(three_years):
    sv_types = ("Violence and sexual offences", "Robbery", "Possession of weapons")
    extract = pd.concat([_extract(three_years, y) for y in (2021, 2022, 2023)])
    monthly = extract[extract["crime_type"].isin(sv_types)].groupby("month").size()
    by_calendar_month = monthly.groupby(monthly.index.str[5:]).mean()
    for month in ("06", "07", "08", "12"):
        assert by_calendar_month[month] > by_calendar_month.mean(), month


def test_richer_fields_are_plausible(three_years):
    extract = _extract(three_years, 2022)
    sv = extract[
        extract["crime_type"].isin(["Violence and sexual offences", "Robbery", "Possession of weapons"])
    ]
    assert 0.02 <= (sv["weapon"] == "knife_sharp").mean() <= 0.08
    robbery = sv[sv["crime_type"] == "Robbery"]
    assert (robbery["weapon"] == "knife_sharp").mean() > (sv["weapon"] == "knife_sharp").mean()
    ages = pd.to_numeric(sv["victim_age"][sv["victim_age"] != ""])
    assert 0.25 <= (ages < 25).mean() <= 0.38
    assert 0.35 <= (extract["suspect_sex"] != "").mean() <= 0.6
    nte = extract[extract["night_time_economy"] == "Y"]
    weekday = pd.to_datetime(nte["offence_datetime"][nte["offence_datetime"] != ""]).dt.dayofweek
    assert weekday.isin([4, 5, 6]).all()


def test_cross_border_suspects(three_years):
    extract = pd.concat([_extract(three_years, y) for y in (2021, 2023)])
    known = extract[extract["suspect_home_district"] != ""]
    county = {"E07000218", "E07000219", "E07000220", "E07000221", "E07000222"}
    outside = ~known["suspect_home_district"].isin(county)
    assert 0.04 <= outside.mean() <= 0.2
    assert outside[known["county_lines"] == "Y"].mean() > 2 * outside[known["county_lines"] == "N"].mean()
    for origin in ("E08000026", "E08000025", "E08000029", "E07000132"):
        assert (known["suspect_home_district"] == origin).sum() > 20, origin
    share = outside.groupby(known["month"].str[:4]).mean()
    assert share["2023"] > share["2021"]


def test_more_violence_in_more_deprived_lsoas(calibration, three_years):
    iod = pd.read_csv(REFERENCE / "deprivation" / "iod2019_lsoa11_warwickshire_neighbours.csv")
    extract = _extract(three_years, 2022)
    counts = extract[extract["crime_type"] == "Violence and sexual offences"].groupby("lsoa_code").size()
    decile = LOOKUP["LSOA11CD"].map(iod.set_index("lsoa11_code")["index_of_multiple_deprivation_imd_decile"])
    per_lsoa = counts.reindex(LOOKUP["LSOA11CD"], fill_value=0).to_numpy()
    assert per_lsoa[decile.to_numpy() <= 3].mean() > 1.5 * per_lsoa[decile.to_numpy() >= 8].mean()


def test_points_inside_their_lsoa(three_years):
    polygons = gpd.read_file(REFERENCE / "boundaries" / "lsoa_2011_bgc_warwickshire.geojson").set_index(
        "LSOA11CD"
    )
    extract = pd.read_csv(
        three_years / "force_extract/2022-07-warwickshire-force-extract.csv", keep_default_na=False, dtype=str
    )
    extract = extract[extract["lsoa_code"].isin(polygons.index)]
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = to_wgs84.transform(
        extract["easting"].astype(float).to_numpy(), extract["northing"].astype(float).to_numpy()
    )
    geoms = polygons.geometry.reindex(extract["lsoa_code"]).to_numpy()
    assert shapely.contains_xy(geoms, lon, lat).all()
    street = pd.read_csv(
        three_years / "police_uk/2022-07/2022-07-warwickshire-street.csv", keep_default_na=False, dtype=str
    )
    street = street[street["LSOA code"].isin(polygons.index)]
    geoms = polygons.geometry.reindex(street["LSOA code"]).to_numpy()
    assert shapely.contains_xy(
        geoms, street["Longitude"].astype(float), street["Latitude"].astype(float)
    ).all()


def test_out_of_county_rows(three_years):
    street = pd.read_csv(
        three_years / "police_uk/2022-07/2022-07-warwickshire-street.csv", keep_default_na=False, dtype=str
    )
    located = street[street["LSOA code"] != ""]
    outside = ~located["LSOA code"].isin(LOOKUP["LSOA11CD"])
    assert 0.01 <= outside.mean() <= 0.05
    assert located.loc[outside, "LSOA name"].str.startswith("Coventry").sum() > 10
    assert 20 <= (street["LSOA code"] == "").sum() <= 200


def test_neighbour_rates_higher_in_birmingham_and_coventry(three_years):
    pop = (
        pd.read_csv(REFERENCE / "population" / "census2021_lad_age6_england_wales.csv")
        .groupby("lad_code")["usual_residents"]
        .sum()
    )
    west_midlands = pd.read_csv(
        three_years / "police_uk/2022-07/2022-07-west-midlands-street.csv", keep_default_na=False, dtype=str
    )
    county = pd.read_csv(
        three_years / "police_uk/2022-07/2022-07-warwickshire-street.csv", keep_default_na=False, dtype=str
    )
    in_county = county["LSOA code"].isin(LOOKUP["LSOA11CD"])
    county_vso = ((county["Crime type"] == "Violence and sexual offences") & in_county).sum()
    county_rate = county_vso / pop[LOOKUP["LAD13CD"].unique()].sum()
    for name, code in (("Birmingham", "E08000025"), ("Coventry", "E08000026")):
        rows = west_midlands[west_midlands["LSOA name"].str.startswith(name)]
        rate = (rows["Crime type"] == "Violence and sexual offences").sum() / pop[code]
        assert rate > county_rate, name


def test_health_cohort_and_indicators(three_years):
    admissions = pd.read_csv(three_years / "admissions/admissions-2022.csv", keep_default_na=False, dtype=str)
    admissions["admissions"] = admissions["admissions"].astype(int)
    knife = admissions.loc[admissions["icd10_cause"] == "X99", "admissions"].sum()
    assert 40 <= knife <= 250 and admissions["admissions"].sum() > 3 * knife
    assert (admissions["admissions"] <= 7).mean() > 0.5
    ae = pd.read_csv(three_years / "ae/ae-2022.csv", keep_default_na=False, dtype=str)
    assert 2 * 365 <= len(ae) <= 10 * 365 and ae["attendance_id"].is_unique
    people = pd.read_csv(three_years / "cohort/cohort-people.csv", keep_default_na=False, dtype=str)
    assert 200 * 3 <= len(people) <= 450 * 3
    need_count = (people.filter(like="need_") == "Y").sum(axis=1)
    followed = people[people["proven_reoffence_12m"] != ""]
    reoffended = followed["proven_reoffence_12m"] == "Y"
    assert reoffended[need_count >= 5].mean() > reoffended[need_count <= 2].mean()
    assert (people["proven_reoffence_12m"].iloc[-20:] == "").all()  # entered in the last months
    values = pd.read_csv(three_years / "indicators/indicator-values.csv", dtype={"area_code": str})
    architecture = (Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md").read_text()
    section = architecture.split("## Indicator identifiers")[1].split("Area codes")[0]
    ids = set(re.findall(r"`([a-z0-9_]+)`", section))
    assert ids == set(values["indicator_id"])
    assert ((values["lower_ci"] <= values["value"]) & (values["value"] <= values["upper_ci"])).all()
    assert set(values["period_label"]) == {"2019/20", "2020/21", "2021/22", "2022/23"}


def test_interventions_more_indicated_with_more_needs(three_years):
    people = pd.read_csv(three_years / "cohort/cohort-people.csv", keep_default_na=False, dtype=str)
    interventions = pd.read_csv(
        three_years / "cohort/cohort-interventions.csv", keep_default_na=False, dtype=str
    )
    needs = (people.set_index("person_id").filter(like="need_") == "Y").sum(axis=1)
    level_needs = interventions["person_id"].map(needs)
    indicated = interventions["level"] == "indicated"
    assert level_needs[indicated].mean() > level_needs[~indicated].mean()
    assert set(interventions["pillar"]) == {"prevent", "respond", "long_term_support"}


@pytest.mark.skipif(
    not (Path(__file__).resolve().parents[2] / "warehouse" / "ingest.py").exists(), reason="no ingest yet"
)
def test_small_set_ingests(small, tmp_path):
    from warehouse.ingest import ingest

    db = tmp_path / "warehouse.duckdb"
    ingest(db, "police-uk", sorted((small / "police_uk").rglob("*.csv")))
    ingest(db, "force-extract", sorted((small / "force_extract").glob("*.csv")))
    ingest(db, "admissions", sorted((small / "admissions").glob("*.csv")))
    ingest(db, "ae", sorted((small / "ae").glob("*.csv")))
    ingest(db, "cohort", sorted((small / "cohort").glob("*.csv")))
    ingest(db, "indicators", sorted((small / "indicators").glob("*.csv")))
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    extract_rows = sum(len(pd.read_csv(p)) for p in (small / "force_extract").glob("*.csv"))
    assert con.execute("select count(*) from force_extract_rows").fetchone()[0] == extract_rows
    assert (
        con.execute("select count(*) from incidents where source = 'force_extract'").fetchone()[0]
        == extract_rows
    )
    con.close()


def test_scale_multiplies_volume(tmp_path):
    manifest = generate(tmp_path, scale=0.5, start="2022-06", end="2022-06")
    full = 1480 + 1780  # serious violence plus other crime, roughly
    assert manifest["rows_by_format"]["force-extract"] == pytest.approx(full * 0.5 * 1.07, rel=0.2)
    assert np.isfinite(manifest["scale"])
