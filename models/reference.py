"""The reference lists every page needs (districts, offence choices, measure definitions, harm
weights), read from the warehouse through named queries (cached by the query runner)."""

from __future__ import annotations

import pandas as pd

from queries import run_query


def districts() -> pd.DataFrame:
    """Every reference district (Warwickshire's five first) with region and Census 2021 population."""
    return run_query("districts_all")


def warwickshire_districts() -> dict[str, str]:
    """ONS code -> name of the five Warwickshire districts, in name order."""
    frame = districts()
    frame = frame[frame["is_warwickshire"]]
    return dict(zip(frame["district_code"], frame["district_name"], strict=True))


def offence_selectors() -> dict[str, str]:
    """Offence choice -> label ('serious_violence' -> 'Serious violence (all three categories)')."""
    frame = run_query("offence_selectors_all")
    return dict(zip(frame["selector"], frame["label"], strict=True))


def measure(key: str) -> dict:
    """The definition of a headline measure: label, definition, numerator, denominator, source,
    suppression (reference/measures.csv, loaded into the warehouse)."""
    frame = run_query("measures_all").set_index("measure")
    if key not in frame.index:
        raise KeyError(f"no measure {key!r} in the measures table")
    return frame.loc[key].to_dict() | {"measure": key}


def harm_weights() -> pd.DataFrame:
    """The crime-harm weights in days, each with its source and whether it has been checked."""
    return run_query("harm_weights_all")
