"""Reporting periods: pure date arithmetic, no Streamlit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after `month` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Number of months from start to end inclusive."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the last month (inclusive)

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def month_list(self) -> list[dt.date]:
        """The first day of every month in the period."""
        return [add_months(self.start, offset) for offset in range(self.months)]

    def comparison(self) -> Period:
        """The period of the same length immediately before."""
        return Period(add_months(self.start, -self.months), add_months(self.start, -1))

    def label(self) -> str:
        if self.start == self.end:
            return self.start.strftime("%b %Y")
        return f"{self.start:%b %Y} to {self.end:%b %Y}"


def default_period(latest_month: dt.date, months: int = 12) -> Period:
    """The latest `months` complete months ending with the latest month loaded."""
    return Period(add_months(latest_month, -(months - 1)), latest_month)
