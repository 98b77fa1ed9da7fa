"""Reporting periods: months, the period under review and its comparison, financial years.

Pure date arithmetic, the one copy every page, model and the meeting pack uses. In SQL the same
facts come from the warehouse's `calendar` table (warehouse/schema/05_calendar.sql).

A financial year runs from April to March and is labelled '2024/25'. A month is represented by
the date of its first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Proven reoffending (Ministry of Justice): a 12-month follow-up from entry, then 6 more months
#: for the offence to be proven in court.
FOLLOW_UP_MONTHS = 12
WAITING_MONTHS = 6


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after `month` (negative goes back).

    >>> add_months(dt.date(2024, 11, 1), 3)
    datetime.date(2025, 2, 1)
    """
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Number of months from start to end inclusive."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def month_start(value: dt.date | str) -> dt.date:
    """First day of the month of a date or a 'YYYY-MM' string."""
    if isinstance(value, str):
        year, month = value[:7].split("-")
        return dt.date(int(year), int(month), 1)
    return value.replace(day=1)


def month_label(month: dt.date) -> str:
    return month.strftime("%b %Y")


@dataclass(frozen=True)
class Period:
    """Whole months from `start` to `end` inclusive (both first days of a month)."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.start.day != 1 or self.end.day != 1:
            raise ValueError("a period starts and ends on the first day of a month")
        if self.start > self.end:
            raise ValueError(f"a period cannot start ({self.start}) after it ends ({self.end})")

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def month_list(self) -> list[dt.date]:
        """The first day of every month in the period."""
        return [add_months(self.start, offset) for offset in range(self.months)]

    def comparison(self) -> Period:
        """The period of the same length immediately before."""
        return Period(add_months(self.start, -self.months), add_months(self.start, -1))

    def shifted(self, months: int) -> Period:
        """The same months `months` later (negative: earlier), e.g. -12 for a year before."""
        return Period(add_months(self.start, months), add_months(self.end, months))

    def label(self) -> str:
        if self.start == self.end:
            return month_label(self.start)
        return f"{month_label(self.start)} to {month_label(self.end)}"


def default_period(latest_month: dt.date, months: int = 12) -> Period:
    """The latest `months` complete months ending with the latest month loaded."""
    return Period(add_months(latest_month, -(months - 1)), latest_month)


def window_ending(end: dt.date, at_least: int, start: dt.date | None = None) -> Period:
    """At least `at_least` months ending with `end`, reaching back to `start` if that is earlier
    (trend charts show the comparison period, the period and a run long enough for SPC)."""
    first = add_months(end, -(at_least - 1))
    return Period(min(first, start) if start else first, end)


# --- financial years -------------------------------------------------------------------------


def fy_label(start_year: int) -> str:
    """'2024/25' for the year starting in April 2024."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def fy_start_year(label: str) -> int:
    return int(label[:4])


def fy_of(month: dt.date) -> str:
    """The financial year a month is in ('2024/25' for April 2024 to March 2025).

    >>> fy_of(dt.date(2025, 3, 1)), fy_of(dt.date(2025, 4, 1))
    ('2024/25', '2025/26')
    """
    return fy_label(month.year if month.month >= 4 else month.year - 1)


def fy_period(label: str) -> Period:
    """April to March of a financial year."""
    start_year = fy_start_year(label)
    return Period(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 1))


def latest_complete_fy(month: dt.date) -> str:
    """The latest financial year that has ended by `month` (inclusive).

    >>> latest_complete_fy(dt.date(2026, 3, 1)), latest_complete_fy(dt.date(2026, 2, 1))
    ('2025/26', '2024/25')
    """
    return fy_label(month.year - 1 if month.month >= 3 else month.year - 2)


def fy_options(latest_month: dt.date, first: str = "2019/20") -> list[str]:
    """Financial years from `first` to the latest complete by `latest_month`, newest first."""
    last = fy_start_year(latest_complete_fy(latest_month))
    return [fy_label(year) for year in range(last, fy_start_year(first) - 1, -1)]


def follow_up_complete(entry_year: str, latest_month: dt.date) -> bool:
    """Whether proven reoffending is final for everyone who entered in `entry_year`: the last
    entrant's 12-month follow-up and the 6-month waiting period have passed by `latest_month`.

    >>> follow_up_complete("2023/24", dt.date(2025, 9, 1)), follow_up_complete("2023/24", dt.date(2025, 8, 1))
    (True, False)
    """
    last_entry_month = fy_period(entry_year).end
    return add_months(last_entry_month, FOLLOW_UP_MONTHS + WAITING_MONTHS) <= latest_month
