"""Analysts' commentary as pages and the meeting pack read it (written by warehouse/commentary.py)."""

from __future__ import annotations

import pandas as pd

from queries import run_query


def latest_commentary(period_label: str) -> dict[str, dict]:
    """The latest commentary per indicator for a period: {indicator_id: row}."""
    frame = run_query("commentary_latest_by_indicator", period_label=period_label)
    return {row["indicator_id"]: row for row in frame.to_dict("records")}


def commentary_history(indicator_id: str) -> pd.DataFrame:
    """Every commentary written on an indicator, newest first."""
    return run_query("commentary_history_by_indicator", indicator_id=indicator_id)


def byline(row: dict) -> str:
    return f"{row['author']}, {pd.Timestamp(row['written_at']):%d %b %Y %H:%M}"
