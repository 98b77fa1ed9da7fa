"""Validation rules as SQL predicates over a staged (all-text) table, one scan for all of them.

Each column kind of warehouse/formats.py becomes a predicate that is true for a bad value;
format-specific rules (reference codes, duplicates, people known) are added by the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.formats import Column, FileFormat

# Great Britain, generously: WGS84 degrees and British National Grid metres.
LON_RANGE = (-8.7, 1.8)
LAT_RANGE = (49.8, 60.9)
EASTING_RANGE = (0, 700000)
NORTHING_RANGE = (0, 1300000)

LSOA_PATTERN = "[EW]01[0-9]{6}"
DISTRICT_PATTERN = "(E06|E07|E08|E09|W06)[0-9]{6}"
MONTH_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])"
DATETIME_FORMATS = "['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S']"


@dataclass(frozen=True)
class Check:
    """A rule: `bad` is a SQL predicate over the staged row; message takes the value."""

    column: str
    bad: str
    message: str


def quote_ident(name: str) -> str:
    """A SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A SQL string literal (only for values from the project's own declarations)."""
    return "'" + value.replace("'", "''") + "'"


def _range(value: str, low: float, high: float) -> str:
    return f"coalesce(not (try_cast({value} as double) between {low} and {high}), true)"


def kind_predicate(column: Column) -> tuple[str, str] | None:
    """(predicate true when a non-blank value is bad, what the value should be) for a column kind."""
    v = quote_ident(column.name)
    rules = {
        "month": (f"not regexp_full_match({v}, '{MONTH_PATTERN}')", "is not a month (YYYY-MM)"),
        "date": (f"try_strptime({v}, '%Y-%m-%d') is null", "is not a date (YYYY-MM-DD)"),
        "datetime": (
            f"try_strptime({v}, {DATETIME_FORMATS}) is null",
            "is not a date and time (YYYY-MM-DD HH:MM[:SS])",
        ),
        "int": (f"coalesce(try_cast({v} as integer) < 0, true)", "is not a whole number (0 or more)"),
        "float": (f"coalesce(not isfinite(try_cast({v} as double)), true)", "is not a number"),
        "yn": (f"{v} not in ('Y', 'N')", "is not Y or N"),
        "lsoa": (
            f"not regexp_full_match({v}, '{LSOA_PATTERN}')",
            "is not an ONS LSOA code (E01/W01 + 6 digits)",
        ),
        "district": (
            f"not regexp_full_match({v}, '{DISTRICT_PATTERN}')",
            "is not an ONS district code (E06/E07/E08/E09/W06 + 6 digits)",
        ),
        "lon": (_range(v, *LON_RANGE), "is not a longitude inside Great Britain (-8.7 to 1.8)"),
        "lat": (_range(v, *LAT_RANGE), "is not a latitude inside Great Britain (49.8 to 60.9)"),
        "easting": (_range(v, *EASTING_RANGE), "is not an easting inside Great Britain (0 to 700000 m)"),
        "northing": (_range(v, *NORTHING_RANGE), "is not a northing inside Great Britain (0 to 1300000 m)"),
    }
    if column.kind == "enum":
        allowed = ", ".join(quote_literal(a) for a in column.allowed)
        return f"{v} not in ({allowed})", f"is not one of {', '.join(column.allowed)}"
    if column.kind == "text":
        return None
    if column.kind not in rules:
        raise ValueError(f"unknown column kind {column.kind!r} for {column.name}")
    return rules[column.kind]


def format_checks(fmt: FileFormat) -> list[Check]:
    """The rules every file of a format must pass: required values and value kinds."""
    checks = []
    for column in fmt.columns:
        v = quote_ident(column.name)
        if column.required:
            checks.append(Check(column.name, f"{v} is null", "value missing (the column is required)"))
        rule = kind_predicate(column)
        if rule:
            checks.append(Check(column.name, f"{v} is not null and ({rule[0]})", "'{value}' " + rule[1]))
    return checks
