"""Load the indicator catalogue (reference/indicators.csv) into `indicator_definitions`.

The catalogue is data: one row per indicator id of docs/ARCHITECTURE.md with its definition,
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
    con.execute("delete from indicator_definitions")
    con.register("catalogue_frame", frame)
    try:
        con.execute("insert into indicator_definitions by name select * from catalogue_frame")
    finally:
        con.unregister("catalogue_frame")
    return len(frame)
