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
from models import reference
from models.filters import Filters
from models.periods import Period, window_ending
from queries import run_query
from queries.disclosure import MARKER
from settings import load_settings
from stats.intervals import rate_ci, wilson_ci
from stats.spc import SpcResult, variation_icon, xmr_chart

WEST_MIDLANDS = ("E08000025", "E08000026", "E08000029")  # Birmingham, Coventry, Solihull
ELSEWHERE_POINT = {"code": "elsewhere", "name": "Elsewhere", "lat": 52.05, "lon": -2.25}
BAND_METRES = (1000, 2000, 3000, 5000, 8000)
MATRIX_VIEWS = {"counts": "Counts", "share": "Share of the destination's offences (%)"}
TREND_MONTHS = 36
COUNTY_COLUMN = "Warwickshire (five districts)"


@dataclass(frozen=True)
class CrossBorderModel:
    filters: Filters
    has_data: bool
    flows: pd.DataFrame  # origin x destination cube with 'all' margins (people rule applied)
    out_of_county: pd.DataFrame  # the flows drawn on the map
    shares: pd.DataFrame  # per destination: known homes, out of county, share and Wilson CI
    trend_area: str  # 'all' or the one chosen district
    trend_area_name: str
    trend: pd.DataFrame  # monthly share with CI and special-cause flags
    trend_chart: SpcResult | None
    trend_sentence: str
    rates: pd.DataFrame  # serious violence rate per district (the map's shading)
    balance: pd.DataFrame
    signals: pd.DataFrame
    lsoa_counts: pd.DataFrame
    centroids: pd.DataFrame


def cross_border_model(filters: Filters) -> CrossBorderModel:
    """Everything the Cross-border page shows for the filters."""
    window = {"start": filters.period.start, "end": filters.period.end}
    offence = {"offence_group": filters.offence_group}
    trend_window = window_ending(filters.period.end, TREND_MONTHS, filters.period.start)
    flows = run_query("crossborder_flows_by_origin_destination", **window, **offence)
    monthly = run_query("crossborder_share_by_month", start=trend_window.start, end=trend_window.end, **offence)
    area = filters.districts[0] if len(filters.districts) == 1 else "all"
    trend, chart = monthly_share(monthly, area)
    total = flows.loc[flows["origin_code"].eq("all") & flows["destination_code"].eq("all"), "offence_count"]
    return CrossBorderModel(
        filters=filters, has_data=bool(total.fillna(0).sum()), flows=flows, out_of_county=out_of_county_flows(flows),
        shares=district_shares(flows), trend_area=area,
        trend_area_name=reference.warwickshire_districts().get(area, "Warwickshire"),
        trend=trend, trend_chart=chart, trend_sentence=trend_sentence(chart),
        rates=run_query("offence_rate_by_district", **window, **offence),
        balance=balance(run_query("crossborder_balance_by_source", **window)),
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
    """Per destination: offences with a known suspect home, how many of those suspects live
    outside the county (all known homes minus the five Warwickshire origins), share and Wilson CI."""
    rows = []
    for code, part in flows.groupby("destination_code", sort=False):
        known = part.loc[part["origin_code"] == "all", "offence_count"].iloc[0]
        in_county = part.loc[part["origin_kind"] == "warwickshire", "offence_count"]
        out = pd.NA if pd.isna(known) or in_county.isna().any() else int(known) - int(in_county.sum())
        rows.append({"district_code": code, "district_name": part["destination_name"].iloc[0],
                     "known_home_count": known, "out_of_county_count": out, **share(out, known)})
    return pd.DataFrame(rows)


def share(part, whole) -> dict:
    """Share (%) of `part` in `whole` with its Wilson 95% interval; missing when either is."""
    if pd.isna(part) or pd.isna(whole) or int(whole) == 0:
        return {"share_pct": np.nan, "lower_pct": np.nan, "upper_pct": np.nan}
    interval = wilson_ci(int(part), int(whole))
    return {"share_pct": 100 * interval.value, "lower_pct": 100 * interval.lower, "upper_pct": 100 * interval.upper}


def monthly_share(monthly: pd.DataFrame, area: str) -> tuple[pd.DataFrame, SpcResult | None]:
    """Monthly out-of-county share for one area ('all' or a district) with Wilson CIs and an XmR
    chart of the share (Making Data Count rules); the chart is None with fewer than 3 months."""
    frame = monthly[monthly["destination_code"] == area].sort_values("month").reset_index(drop=True)
    shares = pd.DataFrame([share(o, k) for o, k in zip(frame["out_of_county_count"], frame["known_home_count"],
                                                       strict=True)], columns=["share_pct", "lower_pct", "upper_pct"])
    frame = pd.concat([frame, shares], axis=1)
    frame["special_cause"] = False
    valid = frame["share_pct"].notna()
    chart = None
    if valid.sum() >= 3:
        chart = xmr_chart(frame.loc[valid, "share_pct"].to_numpy())
        frame.loc[valid, "special_cause"] = chart.points["special_cause"].to_numpy()
    return frame, chart


def trend_sentence(chart: SpcResult | None) -> str:
    if chart is None:
        return "Too few months with a published share to judge the trend."
    icon = variation_icon(chart, "lower_is_better")
    if icon.icon == "common_cause":
        return ("**Within normal variation**: the latest month triggers none of the Making Data Count rules "
                f"(mean {chart.centre:.1f}%, process limits {chart.lower_limit:.1f}% to {chart.upper_limit:.1f}%).")
    direction = "higher" if icon.direction == "high" else "lower"
    return (f"**Beyond normal variation**: the latest month is {direction} than expected "
            f"(rules: {', '.join(icon.rules)}; mean {chart.centre:.1f}%, limits {chart.lower_limit:.1f}% "
            f"to {chart.upper_limit:.1f}%).")


def balance(rows: pd.DataFrame) -> pd.DataFrame:
    """Import/export ratio by source: imports / exports (missing when either is suppressed or 0)."""
    table = rows.pivot_table(index="source", columns="direction", values="offence_count", aggfunc="first",
                             dropna=False).astype("Float64")
    ratio = table["import"] / table["export"].where(table["export"] > 0)
    out = pd.DataFrame({"source": table.index, "import_count": table["import"].to_numpy(),
                        "export_count": table["export"].to_numpy(), "ratio": ratio.round(2).to_numpy()})
    out["import_count_suppressed"] = out["import_count"].isna()
    out["export_count_suppressed"] = out["export_count"].isna()
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


def balance_summary(period: Period) -> dict:
    """Import/export of serious violence across the county boundary (people rule applied)."""
    balance = run_query("crossborder_balance_by_source", start=period.start, end=period.end)
    extract = balance[balance["source"] == "force_extract"].set_index("direction")

    def count(direction: str) -> str:
        if direction not in extract.index or extract.loc[direction, "offence_count_suppressed"]:
            return MARKER
        return f"{int(extract.loc[direction, 'offence_count']):,}"

    return {"import": count("import"), "export": count("export"), "all": count("all")}
