"""Cross-border: how much serious violence in each district involves suspects living outside
Warwickshire, from where, and is that growing?

Every count comes from a query protected by queries/disclosure.py; what is derived here (shares,
out-of-county totals, ratios) is computed only from those published cells, and is missing
whenever one of its inputs is suppressed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.boundaries import districts, lsoas, to_bng
from models import people, reference
from models.filters import Filters
from queries import run_query
from queries.disclosure import MARKER
from queries.runner import per_snapshot
from settings import load_settings
from stats.intervals import rate_ci, wilson_ci
from stats.spc import SpcResult, variation_icon, xmr_chart

WEST_MIDLANDS = ("E08000025", "E08000026", "E08000029")  # Birmingham, Coventry, Solihull
ELSEWHERE_POINT = {"code": "elsewhere", "name": "Elsewhere", "lat": 52.05, "lon": -2.25}
BAND_METRES = (1000, 2000, 3000, 5000, 8000)
MATRIX_VIEWS = {"counts": "Counts", "share": "Share of the destination's offences (%)"}
COUNTY_COLUMN = "Warwickshire (five districts)"


@dataclass(frozen=True)
class CrossBorderModel:
    filters: Filters
    year: str  # the financial year the counts by suspect home are for (models/people.py)
    has_data: bool
    detailed: bool  # origins named district by district (serious violence and drugs only)
    flows: pd.DataFrame  # origin x destination cells of the year (people rule applied)
    out_of_county: pd.DataFrame  # the flows drawn on the map
    shares: pd.DataFrame  # per destination: known homes, out of county, share and Wilson CI
    trend_area: str  # 'all' or the one chosen district
    trend_area_name: str
    trend: pd.DataFrame  # quarterly share with CI and special-cause flags
    trend_chart: SpcResult | None
    trend_sentence: str
    rates: pd.DataFrame  # serious violence rate per district (the map's shading)
    balance: pd.DataFrame
    signals: pd.DataFrame
    lsoa_counts: pd.DataFrame
    centroids: pd.DataFrame


@per_snapshot()
def cross_border_model(filters: Filters) -> CrossBorderModel:
    """Everything the Cross-border page shows for the filters. Counts by where suspects live are
    cells of one protected table, for the latest whole financial year the period reaches (and
    its quarters for the trend); offence counts by place follow the period as chosen."""
    window = {"start": filters.period.start, "end": filters.period.end}
    offence = {"offence_group": filters.offence_group}
    cube = run_query("suspects_by_origin_destination")
    cube = cube[cube["offence_group"] == filters.offence_group]
    year = people.people_year(filters)
    flows = cube[(cube["period"] == year) & (cube["destination_code"] != "outside")].reset_index(drop=True)
    area = filters.districts[0] if len(filters.districts) == 1 else "all"
    trend, chart = quarterly_share(cube, area)
    total = flows.loc[flows["origin_code"].eq("all") & flows["destination_code"].eq("all"), "offence_count"]
    return CrossBorderModel(
        filters=filters, year=year, has_data=bool(total.fillna(0).sum()),
        detailed=bool((flows["origin_kind"] == "neighbour").any()), flows=flows,
        out_of_county=out_of_county_flows(flows), shares=district_shares(flows), trend_area=area,
        trend_area_name=reference.warwickshire_districts().get(area, "Warwickshire"),
        trend=trend, trend_chart=chart, trend_sentence=trend_sentence(chart),
        rates=run_query("offence_rate_by_district", **window, **offence),
        balance=balance(run_query("suspects_by_origin_destination"), run_query("cohort_reoffences_by_direction"),
                        year),
        signals=run_query("crossborder_signals_by_district", **window),
        lsoa_counts=run_query("crossborder_rate_by_lsoa", **window, **offence),
        centroids=centroids(),
    )


def out_of_county_flows(flows: pd.DataFrame) -> pd.DataFrame:
    """The flows to draw: out-of-county origins (neighbours and elsewhere) to each district."""
    keep = flows["origin_kind"].isin(["neighbour", "elsewhere"]) & (flows["destination_code"] != "all")
    return flows[keep].reset_index(drop=True)


def matrix(flows: pd.DataFrame, view: str = "counts") -> pd.DataFrame:
    """Origin x destination table (margins included) as counts or % of the destination's total."""
    table = flows.pivot_table(index="origin_name", columns="destination_name", values="offence_count",
                              aggfunc="first", sort=False, dropna=False)
    table = table[[c for c in table.columns if c != COUNTY_COLUMN] + [COUNTY_COLUMN]].astype("Float64")
    if view == "share":
        table = (100 * table / table.loc["All known homes"]).round(1)
    return table


def district_shares(flows: pd.DataFrame) -> pd.DataFrame:
    """Per destination: offences with a known suspect home, those whose suspect lives outside the
    county (a published cell), the share and its Wilson interval."""
    rows = []
    for code, part in flows.groupby("destination_code", sort=False):
        cells = part.set_index("origin_code")["offence_count"]
        known, out = cells.get("all", pd.NA), cells.get("out_of_county", pd.NA)
        rows.append({"district_code": code, "district_name": part["destination_name"].iloc[0],
                     "known_home_count": known, "out_of_county_count": out, **share(out, known)})
    return pd.DataFrame(rows)


def share(part, whole) -> dict:
    """Share (%) of `part` in `whole` with its Wilson 95% interval; missing when either is."""
    if pd.isna(part) or pd.isna(whole) or int(whole) == 0:
        return {"share_pct": np.nan, "lower_pct": np.nan, "upper_pct": np.nan}
    interval = wilson_ci(int(part), int(whole))
    return {"share_pct": 100 * interval.value, "lower_pct": 100 * interval.lower, "upper_pct": 100 * interval.upper}


def quarterly_share(cube: pd.DataFrame, area: str) -> tuple[pd.DataFrame, SpcResult | None]:
    """Out-of-county share per financial quarter for one area ('all' or a district) with Wilson CIs
    and an XmR chart of the share (Making Data Count rules); the chart is None with fewer than 3
    published quarters."""
    quarters = cube[(cube["period_kind"] == "quarter") & (cube["destination_code"] == area)]
    wide = quarters.pivot_table(index=["period_start", "period"], columns="origin_code", values="offence_count",
                                aggfunc="first", dropna=False).reset_index().sort_values("period_start")
    frame = pd.DataFrame({"month": wide["period_start"].to_numpy(), "quarter": wide["period"].to_numpy(),
                          "known_home_count": wide["all"].astype("Int64").to_numpy(),
                          "out_of_county_count": wide["out_of_county"].astype("Int64").to_numpy()})
    shares = pd.DataFrame([share(o, k) for o, k in zip(frame["out_of_county_count"], frame["known_home_count"],
                                                       strict=True)], columns=["share_pct", "lower_pct", "upper_pct"])
    frame = pd.concat([frame, shares], axis=1)
    frame["special_cause"] = False
    valid = frame["share_pct"].notna()
    chart = None
    if valid.sum() >= 3:
        chart = xmr_chart(frame.loc[valid, "share_pct"].to_numpy(), improvement_direction="decrease")
        frame.loc[valid, "special_cause"] = chart.points["special_cause"].to_numpy()
    return frame, chart


def trend_sentence(chart: SpcResult | None) -> str:
    if chart is None:
        return "Too few quarters with a published share to judge the trend."
    icon = variation_icon(chart, "lower_is_better")
    if icon.icon == "common_cause":
        return ("**Within normal variation**: the latest quarter triggers none of the Making Data Count rules "
                f"(mean {chart.centre:.1f}%, process limits {chart.lower_limit:.1f}% to {chart.upper_limit:.1f}%).")
    direction = "higher" if icon.direction == "high" else "lower"
    return (f"**Beyond normal variation**: the latest quarter is {direction} than expected "
            f"(rules: {', '.join(icon.rules)}; mean {chart.centre:.1f}%, limits {chart.lower_limit:.1f}% "
            f"to {chart.upper_limit:.1f}%).")


def balance(suspects: pd.DataFrame, cohort: pd.DataFrame, year: str) -> pd.DataFrame:
    """Imports and exports across the county boundary and their ratio (missing when either is
    hidden or exports are 0). Force extract, serious violence in the year: imports are offences
    in the county by suspects living outside it, exports offences the force recorded outside the
    county by suspects living in it. Cohort: first proven reoffences (all entries published)."""
    cells = suspects[(suspects["period"] == year) & (suspects["offence_group"] == "serious_violence")]
    imports = people.cell(cells, "offence_count", destination_code="all", origin_code="out_of_county")
    exports = people.cell(cells, "offence_count", destination_code="outside", origin_code="in_county")
    rows = [("force_extract", imports, exports),
            ("cohort", people.cell(cohort, "person_count", direction="import"),
             people.cell(cohort, "person_count", direction="export"))]
    out = pd.DataFrame(rows, columns=["source", "import_count", "export_count"])
    for column in ("import_count", "export_count"):
        out[column] = out[column].astype("Int64")
        out[f"{column}_suppressed"] = out[column].isna()
    exports_known = out["export_count"].astype("Float64")
    out["ratio"] = (out["import_count"].astype("Float64") / exports_known.where(exports_known > 0)).round(2)
    out["ratio_suppressed"] = out["import_count_suppressed"] | out["export_count_suppressed"]
    return out


@functools.cache
def _distances(reference_dir) -> pd.DataFrame:
    boundary = to_bng(districts())
    west_midlands = boundary[boundary["district_code"].isin(WEST_MIDLANDS)].union_all()
    areas = to_bng(lsoas())
    return pd.DataFrame({"lsoa_code": areas["lsoa_code"], "distance_m": areas.distance(west_midlands).to_numpy()})


def lsoa_distances() -> pd.DataFrame:
    """Distance in metres (BNG) from each Warwickshire LSOA to the West Midlands boundary."""
    return _distances(load_settings().reference_dir).copy()


def border_bands(counts: pd.DataFrame, metres: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rates per 1,000 (exact/Byar CI) in LSOAs within `metres` of the West Midlands and the rest;
    and which LSOAs are in the band."""
    joined = counts.merge(lsoa_distances(), on="lsoa_code", how="inner")
    joined["in_band"] = joined["distance_m"] <= metres
    rows = []
    for in_band, label in ((True, f"Within {metres:,} m of the West Midlands"), (False, "Rest of Warwickshire")):
        part = joined[joined["in_band"] == in_band]
        offences, people = int(part["offence_count"].sum()), int(part["pop_all_ages"].sum())
        interval = rate_ci(offences, people) if people else None
        rows.append({"band": label, "lsoa_count": len(part), "population": people, "offence_count": offences,
                     "rate_per_1000": interval.value if interval else np.nan,
                     "lower": interval.lower if interval else np.nan, "upper": interval.upper if interval else np.nan})
    return pd.DataFrame(rows), joined[["lsoa_code", "in_band"]]


def centroids() -> pd.DataFrame:
    """Display points (EPSG:4326) of every reference district, plus the 'elsewhere' point."""
    frame = districts()
    points = to_bng(frame).representative_point().to_crs("EPSG:4326")
    table = pd.DataFrame({"code": frame["district_code"], "name": frame["district_name"],
                          "lat": points.y.to_numpy(), "lon": points.x.to_numpy()})
    return pd.concat([table, pd.DataFrame([ELSEWHERE_POINT])], ignore_index=True)


def balance_summary(filters: Filters) -> dict:
    """Import/export of serious violence across the county boundary for the pack (people rule)."""
    year = people.people_year(filters)
    table = balance(run_query("suspects_by_origin_destination"), run_query("cohort_reoffences_by_direction"),
                    year).set_index("source")

    def count(column: str) -> str:
        value = table.loc["force_extract", column]
        return MARKER if pd.isna(value) else f"{int(value):,}"

    return {"import": count("import_count"), "export": count("export_count"), "year": year}
