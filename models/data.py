"""The Data page: what the warehouse holds per source and month, the data-quality findings, the
files loaded and the offence-group definitions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from queries import run_query

# query name -> (title, what it means)
QUALITY_CHECKS = {
    "data_quality_missing_months": (
        "Months missing per force",
        "Months with no file between a force's first and last month loaded: figures for them are incomplete.",
    ),
    "data_quality_unknown_locations": (
        "Records with no location",
        "Rows without coordinates or LSOA. They are kept and counted for the force, but not in any district.",
    ),
    "data_quality_unmatched_lsoas": (
        "LSOA codes outside the reference area",
        ("LSOA codes not in the reference lookup (elsewhere in Great Britain, or old names such as Daventry). "
        "Kept with no district."),
    ),
    "data_quality_outside_county": (
        "Warwickshire Police records outside the county",
        ("Records of the county force located in neighbouring districts: they keep their own district and are "
        "left out of county figures."),
    ),
    "data_quality_population_mismatch": (
        "LSOA codes that do not join to Census 2021 population",
        ("Crime uses 2011 LSOA codes, population uses 2021 codes; where an LSOA was split or merged the two "
        "do not join one to one and no LSOA rate is shown for it."),
    ),
}
LOG_ROWS = 200
HOLDING_MONTHS = 24


@dataclass(frozen=True)
class DataModel:
    holdings: pd.DataFrame  # rows per source (and force) by month, newest month first
    findings: dict[str, pd.DataFrame]  # quality check -> rows
    log: pd.DataFrame
    offence_groups: pd.DataFrame


def data_model() -> DataModel:
    return DataModel(
        holdings=holdings_pivot(run_query("data_quality_rows_by_source_month")),
        findings={check: run_query(check) for check in QUALITY_CHECKS},
        log=run_query("ingest_log_recent", limit=LOG_ROWS),
        offence_groups=run_query("offence_groups_all").rename(columns={
            "crime_type": "police.uk crime type", "offence_group": "Group", "offence_group_label": "Group label",
            "is_serious_violence": "Serious violence", "definition": "Definition"}),
    )


def holdings_pivot(holdings: pd.DataFrame, months: int = HOLDING_MONTHS) -> pd.DataFrame:
    """Rows per source (and force) by month, the latest `months` months as columns, newest first."""
    if holdings.empty:
        return holdings
    keys = [column for column in ("source", "force") if column in holdings.columns]
    count_column = next(c for c in holdings.columns if c.endswith("count") or c == "rows")
    frame = holdings.assign(month=pd.to_datetime(holdings["month"]).dt.strftime("%Y-%m"))
    frame = frame[frame["month"].isin(sorted(frame["month"].unique())[-months:])]
    pivot = frame.pivot_table(index=keys, columns="month", values=count_column, aggfunc="sum", fill_value=0)
    # Latest month first, so what was loaded last is visible without scrolling.
    return pivot[sorted(pivot.columns, reverse=True)].reset_index()
