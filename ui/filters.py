"""The shared sidebar filters (period, districts, offence group), kept in the URL.

`dashboard.py` calls `render_shared_filters()` once per run; pages call `current_filters()`.
Each widget has an explicit key; its value is seeded from `st.query_params` on a session's first
run and written back after every run, so a view can be shared as a link and survives a reload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ui.periods import Period, default_period

WARWICKSHIRE_DISTRICTS = {
    "E07000218": "North Warwickshire",
    "E07000219": "Nuneaton and Bedworth",
    "E07000220": "Rugby",
    "E07000221": "Stratford-on-Avon",
    "E07000222": "Warwick",
}
OFFENCE_GROUPS = {
    "serious_violence": "Serious violence (all three categories)",
    "violence_and_sexual": "Violence and sexual offences",
    "robbery": "Robbery",
    "possession_of_weapons": "Possession of weapons",
    "drugs": "Drugs (county-lines signal)",
}
# widget key -> URL parameter name
URL_NAMES = {
    "filters.from": "from",
    "filters.to": "to",
    "filters.districts": "district",
    "filters.offence": "offence",
}


@dataclass(frozen=True)
class Filters:
    period: Period
    districts: tuple[str, ...]
    offence_group: str

    @property
    def comparison(self) -> Period:
        return self.period.comparison()

    def params(self, period: Period | None = None) -> dict:
        """The bound parameters most queries take."""
        chosen = period or self.period
        return {
            "start": chosen.start,
            "end": chosen.end,
            "districts": list(self.districts),
            "offence_group": self.offence_group,
        }

    @property
    def offence_label(self) -> str:
        return OFFENCE_GROUPS[self.offence_group]

    @property
    def districts_label(self) -> str:
        if len(self.districts) == len(WARWICKSHIRE_DISTRICTS):
            return "Warwickshire (all five districts)"
        return ", ".join(WARWICKSHIRE_DISTRICTS[code] for code in self.districts)


def month_label(month: dt.date) -> str:
    return month.strftime("%b %Y")


def seed_from_url(key: str, default, parse: Callable[[list[str]], object] | None = None) -> None:
    """Give widget `key` its value from the URL (or `default`) once, before the widget first exists.

    A separate flag records the seeding: a widget's own key can be briefly absent from session
    state between runs, and seeding again would overwrite what the user just chose.
    """
    flag = f"_seeded.{key}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    url_name = URL_NAMES.get(key, key.split(".", 1)[-1])
    raw = st.query_params.get_all(url_name)
    value = default
    if raw:
        try:
            value = parse(raw) if parse else raw[0]
        except (ValueError, KeyError):
            value = default
    st.session_state[key] = value


def write_to_url(keys: list[str], serialise: dict[str, Callable] | None = None) -> None:
    """Write the widgets' current values into the URL."""
    serialise = serialise or {}
    for key in keys:
        if key not in st.session_state:
            continue
        value = st.session_state[key]
        url_name = URL_NAMES.get(key, key.split(".", 1)[-1])
        value = serialise.get(key, _to_url)(value)
        if st.query_params.get_all(url_name) != (value if isinstance(value, list) else [value]):
            st.query_params[url_name] = value


def _to_url(value):
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _parse_month(options: list[dt.date]) -> Callable[[list[str]], dt.date]:
    def parse(raw: list[str]) -> dt.date:
        year, month = raw[0][:7].split("-")
        chosen = dt.date(int(year), int(month), 1)
        if chosen not in options:
            raise ValueError(raw[0])
        return chosen

    return parse


def _parse_districts(raw: list[str]) -> list[str]:
    codes = [code for value in raw for code in value.split(",") if code in WARWICKSHIRE_DISTRICTS]
    if not codes:
        raise ValueError(raw)
    return codes


def _parse_offence(raw: list[str]) -> str:
    if raw[0] not in OFFENCE_GROUPS:
        raise ValueError(raw[0])
    return raw[0]


def render_shared_filters(months: list[dt.date]) -> Filters:
    """Draw the sidebar filters for the months loaded and return the chosen filters."""
    default = default_period(months[-1])
    seed_from_url("filters.from", max(default.start, months[0]), _parse_month(months))
    seed_from_url("filters.to", default.end, _parse_month(months))
    seed_from_url("filters.districts", list(WARWICKSHIRE_DISTRICTS), _parse_districts)
    seed_from_url("filters.offence", "serious_violence", _parse_offence)
    sidebar = st.sidebar
    sidebar.header("Filters")
    sidebar.selectbox("From month", months, key="filters.from", format_func=month_label)
    sidebar.selectbox("To month", months, key="filters.to", format_func=month_label)
    sidebar.multiselect(
        "Districts",
        list(WARWICKSHIRE_DISTRICTS),
        key="filters.districts",
        format_func=WARWICKSHIRE_DISTRICTS.get,
        help="Leave empty for all five districts.",
    )
    sidebar.selectbox(
        "Offence group", list(OFFENCE_GROUPS), key="filters.offence", format_func=OFFENCE_GROUPS.get
    )
    start, end = st.session_state["filters.from"], st.session_state["filters.to"]
    if start > end:
        sidebar.warning("'From month' was after 'To month'; the two have been swapped.")
        start, end = end, start
    districts = tuple(st.session_state["filters.districts"]) or tuple(WARWICKSHIRE_DISTRICTS)
    filters = Filters(Period(start, end), districts, st.session_state["filters.offence"])
    sidebar.caption(f"Compared with {filters.comparison.label()} (the same length, immediately before).")
    write_to_url(list(URL_NAMES))
    st.session_state["filters.current"] = filters
    return filters


def current_filters() -> Filters:
    """The filters `dashboard.py` drew on this run."""
    return st.session_state["filters.current"]
