"""Counts about people (victims, suspects) as the pages may show them: cells of one protected
table per population, published for whole financial years and quarters only.

A count about people for any other choice a user can make (a district set, a period) is the
sum of published cells, and is hidden whenever one of them is: the sum of shown cells tells
nothing the cells do not, so no two views can be subtracted to reveal a hidden count
(docs/DISCLOSURE.md). Free periods are snapped to the latest whole financial year they reach,
and the page says so.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from models.filters import Filters
from models.periods import fy_label, fy_start_year, latest_complete_fy
from queries.disclosure import published_sum

PERIOD_NOTE = ("Counts about people are published for whole financial years (and quarters) only, so that two "
               "views can never be subtracted to reveal a small number; this one is for {year}.")


def people_year(filters: Filters) -> str:
    """The financial year a count about people is shown for: the latest whole one ending on or
    before the end of the chosen period."""
    return latest_complete_fy(filters.period.end)


def previous_year(year: str) -> str:
    return fy_label(fy_start_year(year) - 1)


def districts_of(filters: Filters) -> str | list[str]:
    """The district cells a choice covers: the county margin for all five, else each district."""
    return "all" if filters.all_districts else list(filters.districts)


def cell(cube: pd.DataFrame, column: str, **selection) -> object:
    """A published cell or sum of cells (<NA> when hidden or when the table has no such cell)."""
    return published_sum(cube, column, **selection)


def year_published(cube: pd.DataFrame, year: str) -> bool:
    return bool(((cube["period"] == year) & (cube["period_kind"] == "year")).any())


def year_start(year: str) -> dt.date:
    return dt.date(fy_start_year(year), 4, 1)
