"""The Delivery page's own writes and reference tables (no Streamlit).

- `save_action_update(con, ...)`: a status update of a delivery-plan action written on the page.
  Append-only, like analysts' commentary (warehouse/commentary.py): a new update is a new row with
  its author and time; pages show the newest statement about an action, whether it came from the
  page or from the coordinator's workbook. warehouse/build.py copies the table over on a rebuild
  (PRESERVED_TABLES). Values are bound, never pasted.
- `delivery_reference()`: the settings and labels of reference/delivery_*.csv, checked, which
  warehouse/catalogue.py loads with the other project reference tables on every build.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from settings import PROJECT_ROOT
from warehouse.formats import (
    ACTION_STATUSES,
    DELIVERY_MODES,
    FUNDING_SOURCES,
    LEVELS,
    PILLARS,
    REVIEW_STAGES,
    TRAINING_TOPICS,
)

REFERENCE_DIR = PROJECT_ROOT / "reference"
MAX_UPDATE = 1000
MAX_AUTHOR = 120
DEADLINE_STARTS = ("aware_date", "decision_date")
DEADLINE_UNITS = ("day", "month")
LABEL_KINDS = {"pillar": PILLARS, "level": LEVELS, "status": ACTION_STATUSES, "review_stage": REVIEW_STAGES,
               "funding_source": FUNDING_SOURCES, "training_topic": TRAINING_TOPICS, "delivery_mode": DELIVERY_MODES}


class ActionUpdateError(ValueError):
    """The update cannot be saved as given (the message says why, in words for the page)."""


def save_action_update(con: duckdb.DuckDBPyConnection, action_id: str, status: str, update_text: str,
                       author: str) -> None:
    """Append one status update of an action (author and time kept); raises ActionUpdateError."""
    author, update_text = (author or "").strip(), (update_text or "").strip()
    if not author or not update_text:
        raise ActionUpdateError("Both your name and a sentence on progress are needed.")
    if len(author) > MAX_AUTHOR:
        raise ActionUpdateError(f"Keep your name under {MAX_AUTHOR} characters.")
    if len(update_text) > MAX_UPDATE:
        raise ActionUpdateError(f"Keep the update under {MAX_UPDATE:,} characters (it has {len(update_text):,}).")
    if status not in ACTION_STATUSES:
        raise ActionUpdateError(f"Unknown status {status!r}: one of {', '.join(ACTION_STATUSES)}.")
    known = con.execute("select count(*) from delivery_actions where action_id = $id", {"id": action_id}).fetchall()
    if not known[0][0]:
        raise ActionUpdateError(f"Unknown action {action_id!r}: it is not in the delivery plan loaded.")
    con.execute(
        "insert into delivery_action_updates (action_id, status, update_text, author) "
        "values ($action, $status, $text, $author)",
        {"action": action_id, "status": status, "text": update_text, "author": author},
    )


def _read(name: str, directory: Path) -> pd.DataFrame:
    return pd.read_csv(directory / name, dtype=str, keep_default_na=False)


def read_review_deadlines(directory: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The review deadlines settings, checked; raises ValueError naming the bad row."""
    frame = _read("delivery_review_deadlines.csv", directory)
    for row, record in enumerate(frame.to_dict("records"), start=2):
        amount = record["amount"]
        if (record["starts_from"] not in DEADLINE_STARTS or record["unit"] not in DEADLINE_UNITS
                or not amount.isdigit() or not record["source"].strip() or record["checked"] not in ("yes", "no")):
            raise ValueError(f"delivery_review_deadlines.csv, line {row}: starts_from must be one of {DEADLINE_STARTS}, "
                             f"unit one of {DEADLINE_UNITS}, amount a whole number, a source given, checked yes or no")
    return frame.assign(amount=frame["amount"].astype(int), display_order=frame["display_order"].astype(int))


def read_labels(directory: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Labels of every code the page shows; each kind must label exactly the codes formats.py allows."""
    frame = _read("delivery_labels.csv", directory)
    for kind, codes in LABEL_KINDS.items():
        labelled = set(frame.loc[frame["kind"] == kind, "code"])
        if labelled != set(codes):
            raise ValueError(f"delivery_labels.csv: kind {kind!r} must label exactly {codes}, has {sorted(labelled)}")
    return frame.assign(display_order=frame["display_order"].astype(int))


def delivery_reference(directory: Path = REFERENCE_DIR) -> dict[str, pd.DataFrame]:
    """table -> checked frame, for warehouse/catalogue.py to load with the project reference."""
    return {
        "delivery_review_deadlines": read_review_deadlines(directory),
        "delivery_labels": read_labels(directory),
        "delivery_definitions": _read("delivery_definitions.csv", directory),
    }
