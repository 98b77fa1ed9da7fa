"""The shared filters (period, districts, offence choice) and how a shared link is read.

A link is input like any other: parameters may be repeated, unknown, out of range or malformed.
`read_link` turns what a link asks for into filters that the warehouse can answer, and says in
words what it changed, so the heading always describes what is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models import reference
from models.periods import Period, default_period, month_label, month_start

DEFAULT_OFFENCE = "serious_violence"
# URL parameter of each shared filter
URL_NAMES = {"from": "from", "to": "to", "districts": "district", "offence": "offence"}


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose: whole months, Warwickshire districts (sorted, no repeats), an
    offence choice (a selector of the offence_selectors table)."""

    period: Period
    districts: tuple[str, ...]
    offence_group: str

    @property
    def comparison(self) -> Period:
        return self.period.comparison()

    def params(self, period: Period | None = None) -> dict:
        """The bound parameters most queries take."""
        chosen = period or self.period
        return {"start": chosen.start, "end": chosen.end, "districts": list(self.districts),
                "offence_group": self.offence_group}

    @property
    def all_districts(self) -> bool:
        return set(self.districts) == set(reference.warwickshire_districts())

    @property
    def offence_label(self) -> str:
        return reference.offence_selectors()[self.offence_group]

    @property
    def districts_label(self) -> str:
        if self.all_districts:
            return "Warwickshire (all five districts)"
        names = reference.warwickshire_districts()
        return ", ".join(names[code] for code in self.districts)


def make_filters(start: dt.date, end: dt.date, districts: Sequence[str], offence_group: str) -> Filters:
    """Filters from widget values: months in order, districts de-duplicated and sorted (none
    chosen = all five)."""
    known = reference.warwickshire_districts()
    chosen = tuple(sorted({code for code in districts if code in known})) or tuple(sorted(known))
    start, end = (end, start) if start > end else (start, end)
    return Filters(Period(start, end), chosen, offence_group)


@dataclass(frozen=True)
class LinkReading:
    """The filters a link resolves to, and what was changed from what it asked, in words."""

    start: dt.date
    end: dt.date
    districts: tuple[str, ...]
    offence_group: str
    notes: tuple[str, ...]


def read_link(raw: Mapping[str, Sequence[str]], months: Sequence[dt.date]) -> LinkReading:
    """Read the shared filters from a link's parameters (each a list of values, as URLs repeat
    them), against the months loaded. Never raises: what cannot be used is replaced by the
    default and named in `notes`."""
    notes: list[str] = []
    default = default_period(months[-1])
    start = _read_month(raw, "from", months, max(default.start, months[0]), notes)
    end = _read_month(raw, "to", months, default.end, notes)
    if start > end:
        notes.append(f"The link's 'from' month ({month_label(start)}) was after its 'to' month; the two are swapped.")
        start, end = end, start
    districts = _read_districts(raw.get(URL_NAMES["districts"], []), notes)
    offence = _read_offence(raw.get(URL_NAMES["offence"], []), notes)
    return LinkReading(start, end, districts, offence, tuple(notes))


def _read_month(raw, key: str, months: Sequence[dt.date], default: dt.date, notes: list[str]) -> dt.date:
    values = raw.get(URL_NAMES[key], [])
    if not values:
        return default
    if len(set(values)) > 1:
        notes.append(f"The link gives '{key}' {len(values)} times; the first ({values[0][:20]}) is used.")
    try:
        chosen = month_start(values[0])
    except (ValueError, IndexError):
        notes.append(f"The link's '{key}' value is not a month (YYYY-MM); {month_label(default)} is used.")
        return default
    if chosen not in months:
        nearest = min(months, key=lambda month: abs((month - chosen).days))
        notes.append(f"No data is loaded for {month_label(chosen)} (the link's '{key}'); "
                     f"the nearest month loaded, {month_label(nearest)}, is used.")
        return nearest
    return chosen


def _read_districts(values: Sequence[str], notes: list[str]) -> tuple[str, ...]:
    known = reference.warwickshire_districts()
    asked = [code.strip() for value in values for code in value.split(",") if code.strip()]
    unknown = sorted({code for code in asked if code not in known})
    if unknown:
        shown = ", ".join(code[:12] for code in unknown[:3])
        notes.append(f"The link names {len(unknown)} district code(s) that are not Warwickshire districts "
                     f"({shown}); they are ignored.")
    chosen = tuple(sorted({code for code in asked if code in known}))
    if len(chosen) < len([code for code in asked if code in known]):
        notes.append("The link repeats a district; each district is counted once.")
    return chosen or tuple(sorted(known))


def _read_offence(values: Sequence[str], notes: list[str]) -> str:
    selectors = reference.offence_selectors()
    if not values:
        return DEFAULT_OFFENCE
    if values[0] not in selectors:
        notes.append(f"The link's offence '{values[0][:40]}' is not one of the offence groups; "
                     f"{selectors[DEFAULT_OFFENCE]} is shown.")
        return DEFAULT_OFFENCE
    return values[0]
