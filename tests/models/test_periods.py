"""Reporting periods and financial years: literal cases, including the year boundaries."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

from models import periods
from models.periods import (
    Period,
    add_months,
    default_period,
    follow_up_complete,
    fy_of,
    fy_options,
    fy_period,
    latest_complete_fy,
    window_ending,
)

D = dt.date


def test_month_arithmetic_crosses_years():
    assert add_months(D(2024, 1, 1), -1) == D(2023, 12, 1)
    assert add_months(D(2024, 12, 1), 14) == D(2026, 2, 1)
    assert Period(D(2025, 10, 1), D(2026, 9, 1)).months == 12


def test_comparison_and_shift():
    period = Period(D(2025, 10, 1), D(2026, 9, 1))
    assert period.comparison() == Period(D(2024, 10, 1), D(2025, 9, 1))
    assert period.shifted(-12) == Period(D(2024, 10, 1), D(2025, 9, 1))
    assert Period(D(2026, 3, 1), D(2026, 3, 1)).comparison() == Period(D(2026, 2, 1), D(2026, 2, 1))
    assert period.label() == "Oct 2025 to Sep 2026"


def test_a_period_must_be_whole_months_in_order():
    with pytest.raises(ValueError, match="first day"):
        Period(D(2025, 1, 2), D(2025, 3, 1))
    with pytest.raises(ValueError, match="after it ends"):
        Period(D(2025, 3, 1), D(2025, 1, 1))


def test_default_and_trend_windows():
    assert default_period(D(2026, 9, 1)) == Period(D(2025, 10, 1), D(2026, 9, 1))
    assert window_ending(D(2026, 9, 1), 36) == Period(D(2023, 10, 1), D(2026, 9, 1))
    assert window_ending(D(2026, 9, 1), 36, D(2022, 1, 1)) == Period(D(2022, 1, 1), D(2026, 9, 1))


def test_financial_years():
    assert fy_of(D(2025, 3, 1)) == "2024/25" and fy_of(D(2025, 4, 1)) == "2025/26"
    assert fy_of(D(1999, 12, 1)) == "1999/00"
    assert fy_period("2024/25") == Period(D(2024, 4, 1), D(2025, 3, 1))
    assert [latest_complete_fy(D(2026, m, 1)) for m in (1, 2, 3, 4, 12)] == [
        "2024/25", "2024/25", "2025/26", "2025/26", "2025/26"]
    assert fy_options(D(2026, 9, 1), first="2022/23") == ["2025/26", "2024/25", "2023/24", "2022/23"]


def test_follow_up_needs_twelve_months_and_the_six_month_wait():
    # last entrant March 2024: 12 months to March 2025, 6 more to September 2025
    assert not follow_up_complete("2023/24", D(2025, 8, 1))
    assert follow_up_complete("2023/24", D(2025, 9, 1))


def test_docstring_examples():
    result = doctest.testmod(periods)
    assert result.attempted >= 4 and result.failed == 0
