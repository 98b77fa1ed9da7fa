"""Validation rules as SQL predicates over a staged (all-text) table, one scan for all of them.

Each column kind of warehouse/formats.py becomes one or two predicates (the value's form, then
its range) that are true for a bad value; format-specific rules (reference codes, duplicates,
people known, confidence limits) are added by the loaders. The range of months and dates is
bound as parameters (`$earliest_month`, `$latest_month`, `$earliest_date`, `$today`, from
`Bounds`), so nothing reaches the warehouse that a page cannot show: no year 0, no 2099.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from settings import Settings
from warehouse.formats import MAX_AGE_YEARS, Column, FileFormat

# Great Britain, generously: WGS84 degrees and British National Grid metres.
LON_RANGE = (-8.7, 1.8)
LAT_RANGE = (49.8, 60.9)
EASTING_RANGE = (0, 700000)
NORTHING_RANGE = (0, 1300000)

LSOA_PATTERN = "[EW]01[0-9]{6}"
DISTRICT_PATTERN = "(E06|E07|E08|E09|W06)[0-9]{6}"
MONTH_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])"
DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATETIME_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?"
DATETIME_FORMATS = "['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']"
# data.police.uk stop-and-search dates: ISO 8601 with a 'T', seconds optional, an optional UTC offset.
ISO_DATETIME_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?"


def iso_datetime_sql(v: str) -> str:
    """The date and time of an ISO stop-and-search value, NULL unless it is a real one (offset dropped)."""
    return f"try_strptime(regexp_extract({v}, '^[0-9-]+T[0-9:]+'), ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M'])"

# Whole numbers: digits only (no sign, point, exponent, hex, '_' or spaces), at most 9 (fits integer).
COUNT_PATTERN = "[0-9]{1,9}"
# Plain decimals: optional minus, digits, optional fraction; no exponent, hex, inf, nan or '_'.
DECIMAL_PATTERN = "-?([0-9]{1,15}([.][0-9]{0,12})?|[.][0-9]{1,12})"
# Numbers as published exports write them: a plain decimal, optionally with an exponent (1.5E-05).
NUMBER_PATTERN = DECIMAL_PATTERN + "([eE][-+]?[0-9]{1,3})?"
# ONS (GSS) area codes: a country letter and 8 digits (E92000001 England, E12 regions, E10 counties).
AREA_PATTERN = "[EWSNKJL][0-9]{8}"
# plan_date columns (due dates of a delivery plan) may lie up to this many years ahead.
PLAN_YEARS_AHEAD = 10


@dataclass(frozen=True)
class Check:
    """A rule: `bad` is a SQL predicate over the staged row; message takes the value and `other`,
    a second SQL expression the message may quote (e.g. the line a duplicate repeats)."""

    column: str
    bad: str
    message: str
    other: str = "null"


@dataclass(frozen=True)
class Bounds:
    """The months and dates the warehouse accepts: from the earliest month to today."""

    earliest_month: str
    today: date

    @classmethod
    def from_settings(cls, settings: Settings) -> Bounds:
        return cls(settings.earliest_month, settings.today)

    def params(self) -> dict[str, object]:
        """The bound parameters of the range predicates."""
        return {
            "earliest_month": self.earliest_month,
            "latest_month": self.today.strftime("%Y-%m"),
            "earliest_date": date.fromisoformat(f"{self.earliest_month}-01"),
            "today": self.today,
            "latest_plan_date": self.latest_plan_date,
        }

    @property
    def latest_plan_date(self) -> date:
        """The last date a plan may look ahead to (plan_date columns): ten years after today."""
        return date(self.today.year + PLAN_YEARS_AHEAD, 12, 31)

    @property
    def months(self) -> str:
        return f"{self.earliest_month} to {self.today:%Y-%m}"

    @property
    def dates(self) -> str:
        return f"{self.earliest_month}-01 to {self.today.isoformat()}"

    @property
    def plan_dates(self) -> str:
        return f"{self.earliest_month}-01 to {self.latest_plan_date.isoformat()}"


def quote_ident(name: str) -> str:
    """A SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A SQL string literal (only for values from the project's own declarations)."""
    return "'" + value.replace("'", "''") + "'"


def _shape(v: str, pattern: str) -> str:
    return f"not regexp_full_match({v}, '{pattern}')"


def _decimal_between(v: str, low: float, high: float) -> str:
    return f"({_shape(v, DECIMAL_PATTERN)} or not (try_cast({v} as double) between {low} and {high}))"


def _in_range(v: str, kind: str) -> str:
    """True for a well-formed month, date or datetime outside the accepted range."""
    if kind == "month":
        return (
            f"regexp_full_match({v}, '{MONTH_PATTERN}') and {v} not between $earliest_month and $latest_month"
        )
    value = {"datetime": f"try_strptime({v}, {DATETIME_FORMATS})", "isodatetime": iso_datetime_sql(v)}.get(
        kind, f"try_strptime({v}, '%Y-%m-%d')")
    latest = "$latest_plan_date" if kind == "plan_date" else "$today"
    return f"{value}::date not between $earliest_date and {latest}"


def kind_rules(column: Column, bounds: Bounds) -> list[tuple[str, str]]:
    """(predicate true when a non-blank value is bad, what the value should be) for a column kind."""
    v = quote_ident(column.name)
    dated = {
        "month": (_shape(v, MONTH_PATTERN), "is not a month (YYYY-MM)", f"months {bounds.months}"),
        "date": (
            f"{_shape(v, DATE_PATTERN)} or try_strptime({v}, '%Y-%m-%d') is null",
            "is not a date (YYYY-MM-DD)", f"dates {bounds.dates}",
        ),
        "datetime": (
            f"{_shape(v, DATETIME_PATTERN)} or try_strptime({v}, {DATETIME_FORMATS}) is null",
            "is not a date and time (YYYY-MM-DD HH:MM[:SS])", f"dates {bounds.dates}",
        ),
        "isodatetime": (
            f"{_shape(v, ISO_DATETIME_PATTERN)} or {iso_datetime_sql(v)} is null",
            "is not a date and time (YYYY-MM-DDTHH:MM[:SS][+00:00])", f"dates {bounds.dates}",
        ),
        "plan_date": (
            f"{_shape(v, DATE_PATTERN)} or try_strptime({v}, '%Y-%m-%d') is null",
            "is not a date (YYYY-MM-DD)", f"dates {bounds.plan_dates}",
        ),
    }  # fmt: skip
    if column.kind in dated:
        shape, text, accepted = dated[column.kind]
        return [(shape, text), (_in_range(v, column.kind), f"is outside the accepted range ({accepted})")]
    rules = _plain_rules(v)
    if column.kind == "enum":
        allowed = ", ".join(quote_literal(a) for a in column.allowed)
        return [(f"{v} not in ({allowed})", f"is not one of {', '.join(column.allowed)}")]
    if column.kind == "text":
        return []
    if column.kind not in rules:
        raise ValueError(f"unknown column kind {column.kind!r} for {column.name}")
    return [rules[column.kind]]


def _plain_rules(v: str) -> dict[str, tuple[str, str]]:
    """The kinds with one rule each."""
    return {
        "int": (_shape(v, COUNT_PATTERN), "is not a whole number written in digits (0 or more)"),
        "age": (
            f"{_shape(v, COUNT_PATTERN)} or try_cast({v} as bigint) > {MAX_AGE_YEARS}",
            f"is not an age (a whole number of years, 0 to {MAX_AGE_YEARS})",
        ),
        "float": (_shape(v, DECIMAL_PATTERN), "is not a plain decimal number (like 12 or -3.75)"),
        "number": (
            f"{_shape(v, NUMBER_PATTERN)} or not isfinite(try_cast({v} as double))",
            "is not a number (like 12, -3.75 or 1.5E-05)",
        ),
        "area": (_shape(v, AREA_PATTERN), "is not an ONS area code (a letter and 8 digits, like E10000031)"),
        "yn": (f"{v} not in ('Y', 'N')", "is not Y or N"),
        "lsoa": (_shape(v, LSOA_PATTERN), "is not an ONS LSOA code (E01/W01 + 6 digits)"),
        "district": (_shape(v, DISTRICT_PATTERN), "is not an ONS district code (E06/E07/E08/E09/W06 + 6 digits)"),
        "lon": (_decimal_between(v, *LON_RANGE), "is not a longitude inside Great Britain (-8.7 to 1.8)"),
        "lat": (_decimal_between(v, *LAT_RANGE), "is not a latitude inside Great Britain (49.8 to 60.9)"),
        "easting": (_decimal_between(v, *EASTING_RANGE), "is not an easting inside Great Britain (0 to 700000 m)"),
        "northing": (
            _decimal_between(v, *NORTHING_RANGE), "is not a northing inside Great Britain (0 to 1300000 m)",
        ),
    }  # fmt: skip


def format_checks(fmt: FileFormat, bounds: Bounds) -> list[Check]:
    """The rules every file of a format must pass: required values, value kinds and ranges."""
    checks = []
    for column in fmt.columns:
        v = quote_ident(column.name)
        if column.required:
            checks.append(Check(column.name, f"{v} is null", "value missing (the column is required)"))
        for predicate, text in kind_rules(column, bounds):
            checks.append(Check(column.name, f"{v} is not null and ({predicate})", "'{value}' " + text))
    return checks
