"""Load the project's own reference tables (reference/*.csv) into the warehouse on every build:
the indicator catalogue (`indicator_definitions`), offence groups and the selectors users choose
from, the measure definitions and the crime-harm weights. Pages read them through named queries,
never from the CSV files.

The indicator catalogue is data: one row per indicator id of docs/ARCHITECTURE.md with its definition,
polarity, unit, baseline, target, chart type and the query that computes it (or
'indicator_values' when its values are published). A blank baseline_value means "the value
computed for baseline_period"; a target is either absolute (target_value) or a change on the
baseline (target_change_pct) to reach by target_date.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from settings import PROJECT_ROOT
from warehouse.delivery import delivery_reference

CATALOGUE_FILE = PROJECT_ROOT / "reference" / "indicators.csv"
PILLARS = ("national", "vru", "prevent", "respond", "long_term_support")
POLARITIES = ("lower_is_better", "higher_is_better", "neutral")
UNITS = ("rate", "percent", "count")
CHART_TYPES = ("xmr", "c_chart", "g_chart")
GRAINS = ("month", "quarter", "financial_year", "event")


def read_catalogue(path: str | Path = CATALOGUE_FILE) -> pd.DataFrame:
    """The catalogue as a DataFrame, checked; raises ValueError naming the bad row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, allowed in (("pillar", PILLARS), ("polarity", POLARITIES), ("unit", UNITS),
                            ("chart_type", CHART_TYPES), ("spc_grain", GRAINS)):
        bad = frame.loc[~frame[column].isin(allowed), "indicator_id"].tolist()
        if bad:
            raise ValueError(f"{path}: {column} must be one of {allowed}; rows {bad}")
    if frame["indicator_id"].duplicated().any():
        raise ValueError(f"{path}: duplicate indicator_id")
    not_objects = [row.indicator_id for row in frame.itertuples()
                   if not isinstance(json.loads(row.query_params or "{}"), dict)]
    if not_objects:
        raise ValueError(f"{path}: query_params is not a JSON object in rows {not_objects}")
    numbers = ["display_order", "multiplier", "baseline_value", "target_value", "target_change_pct"]
    for column in numbers:
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    frame["target_date"] = pd.to_datetime(frame["target_date"].replace("", None)).dt.date
    for column in ("baseline_period",):
        frame[column] = frame[column].replace("", None)
    return frame


def load_catalogue(con: duckdb.DuckDBPyConnection, path: str | Path = CATALOGUE_FILE) -> int:
    """Replace `indicator_definitions` with the catalogue; returns the number of indicators."""
    frame = read_catalogue(path)
    _replace(con, "indicator_definitions", frame)
    return len(frame)
OFFENCE_GROUPS_FILE = PROJECT_ROOT / "reference" / "offence_groups.csv"
OFFENCE_SELECTORS_FILE = PROJECT_ROOT / "reference" / "offence_selectors.csv"
MEASURES_FILE = PROJECT_ROOT / "reference" / "measures.csv"
OUTCOME_GROUPS_FILE = PROJECT_ROOT / "reference" / "outcome_groups.csv"
STOP_SEARCH_OBJECTS_FILE = PROJECT_ROOT / "reference" / "stop_search_objects.csv"
HARM_COLUMNS = ("key_type", "offence_key", "description", "harm_weight_days", "source", "basis", "checked")
HARM_OPTIONAL = {"index": "harm_index", "source_url": "source_url", "value_found": "value_found",
                 "verification_note": "verification_note"}
HARM_KEY_TYPES = ("ho_offence_code", "crime_type")


def read_harm_weights(path: str | Path) -> pd.DataFrame:
    """The crime-harm weights, checked: every weight non-negative with a source, keys unique."""
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = sorted(set(HARM_COLUMNS) - set(frame.columns))
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    weights = pd.to_numeric(frame["harm_weight_days"], errors="coerce")
    bad = frame.index[weights.isna() | (weights < 0) | (frame["source"].str.strip() == "")
                      | ~frame["key_type"].isin(HARM_KEY_TYPES)]
    if len(bad):
        raise ValueError(f"{path}: line {bad[0] + 2}: every weight needs a number of days (0 or more), a source "
                         f"and a key_type of {HARM_KEY_TYPES}")
    if frame.duplicated(["key_type", "offence_key"]).any():
        raise ValueError(f"{path}: a key_type and offence_key appear twice")
    optional = [column for column in HARM_OPTIONAL if column in frame.columns]
    return frame.assign(harm_weight_days=weights)[[*HARM_COLUMNS, *optional]].rename(columns=HARM_OPTIONAL)


def read_offence_selectors(path: str | Path = OFFENCE_SELECTORS_FILE,
                           groups: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(selectors, selector -> offence group members); every member must be a known offence group."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    known = set((groups if groups is not None else pd.read_csv(OFFENCE_GROUPS_FILE))["offence_group"])
    members = [(row.selector, group) for row in frame.itertuples() for group in row.offence_groups.split(";")]
    unknown = sorted({group for _, group in members} - known)
    if unknown or frame["selector"].duplicated().any():
        raise ValueError(f"{path}: unknown offence groups {unknown} or a selector listed twice")
    selectors = frame[["selector", "label"]].assign(display_order=pd.to_numeric(frame["display_order"]))
    return selectors, pd.DataFrame(members, columns=["selector", "offence_group"])


def police_uk_reference() -> dict[str, pd.DataFrame]:
    """The police.uk outcome groups and the stop-and-search objects counted as weapon searches."""
    outcomes = pd.read_csv(OUTCOME_GROUPS_FILE, dtype=str, keep_default_na=False)
    objects = pd.read_csv(STOP_SEARCH_OBJECTS_FILE, dtype=str, keep_default_na=False)
    if outcomes["outcome_type"].duplicated().any() or objects["object_of_search"].duplicated().any():
        raise ValueError("reference/outcome_groups.csv or stop_search_objects.csv lists a value twice")
    return {
        "outcome_groups": outcomes.assign(display_order=pd.to_numeric(outcomes["display_order"])),
        "stop_search_objects": objects.assign(is_weapon_search=objects["is_weapon_search"].str.lower() == "true"),
    }


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.execute(f'delete from "{table}"')
    con.register("reference_frame", frame)
    try:
        con.execute(f'insert into "{table}" by name select * from reference_frame')
    finally:
        con.unregister("reference_frame")


def load_project_reference(con: duckdb.DuckDBPyConnection, harm_weights_path: str | Path) -> dict[str, int]:
    """Replace every project reference table (catalogue, offence groups and selectors, measures,
    harm weights) from reference/*.csv; returns the row count per table."""
    groups = pd.read_csv(OFFENCE_GROUPS_FILE, dtype=str, keep_default_na=False)
    groups["is_serious_violence"] = groups["is_serious_violence"].str.lower() == "true"
    selectors, members = read_offence_selectors(OFFENCE_SELECTORS_FILE, groups)
    tables = {
        "offence_groups": groups,
        "offence_selectors": selectors,
        "offence_selector_members": members,
        "measures": pd.read_csv(MEASURES_FILE, dtype=str, keep_default_na=False),
        "harm_weights": read_harm_weights(harm_weights_path),
        **police_uk_reference(),
        **delivery_reference(),  # the Delivery page's settings and labels (reference/delivery_*.csv)
    }
    for table, frame in tables.items():
        _replace(con, table, frame)
    return {"indicator_definitions": load_catalogue(con), **{table: len(frame) for table, frame in tables.items()}}


def has_project_reference(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the offence selectors (and so the other project tables) have been loaded."""
    return con.execute("select count(*) from offence_selectors").fetchall()[0][0] > 0
