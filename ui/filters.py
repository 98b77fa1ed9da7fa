"""The shared sidebar filters and every page's URL state.

`dashboard.py` calls `render_shared_filters()` once per run; pages call `current_filters()`.
Each widget has an explicit key; its value is seeded from `st.query_params` on a session's first
run (through `models.filters.read_link`, which refuses what the warehouse cannot answer and says
so) and written back after every run, so a view can be shared as a link and survives a reload.
What a link asked for but could not be shown is listed once, in words, by `show_link_notes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from models import reference
from models.filters import URL_NAMES, Filters, make_filters, read_link
from models.periods import month_label

# widget key -> URL parameter name (page widgets use the part after the dot)
SHARED_KEYS = {f"filters.{name}": url for name, url in URL_NAMES.items()}
NOTES_KEY = "_link.notes"
USED_KEY = "_link.used"


def _url_name(key: str) -> str:
    return SHARED_KEYS.get(key, key.split(".", 1)[-1])


def link_note(text: str) -> None:
    """Say, in the notes about the link at the top of the page, what the link asked for that is not shown."""
    st.session_state.setdefault(NOTES_KEY, []).append(text)



def seed_from_url(key: str, default, parse: Callable[[list[str]], object] | None = None) -> None:
    """Give widget `key` its value from the URL (or `default`) once, before the widget first exists.

    A value the page cannot use is replaced by the default and named in the link notes. A
    separate flag records the seeding, so the URL is read once per session. Streamlit forgets a
    widget's value after a run that does not draw it (the user went to another page): a copy kept
    here gives it back on the way back, as the user left it.
    """
    flag, kept = f"_seeded.{key}", f"_kept.{key}"
    url_name = _url_name(key)
    st.session_state.setdefault(USED_KEY, set()).add(url_name)
    if st.session_state.get(flag):
        _keep_or_restore(key, default)
        return
    st.session_state[flag] = True
    raw = st.query_params.get_all(url_name)
    value = default
    if raw:
        if len(set(raw)) > 1:
            link_note(f"The link gives '{url_name}' {len(raw)} times; the first value is used.")
        try:
            value = parse(raw) if parse else raw[0]
        except (ValueError, KeyError, IndexError, TypeError):
            link_note(f"The link's '{url_name}' value ({raw[0][:40]!r}) cannot be shown here; the default is used.")
            value = default
    st.session_state[key] = st.session_state[kept] = value


def _keep_or_restore(key: str, default=None) -> None:
    """Keep a copy of widget `key`'s value, or give the widget back the copy (else `default`, if
    one is given) when Streamlit has forgotten it."""
    kept = f"_kept.{key}"
    if key in st.session_state:
        st.session_state[kept] = st.session_state[key]
    elif kept in st.session_state or default is not None:
        st.session_state[key] = st.session_state.get(kept, default)


def write_to_url(keys: list[str], serialise: dict[str, Callable] | None = None) -> None:
    """Write the widgets' current values into the URL."""
    serialise = serialise or {}
    for key in keys:
        if key not in st.session_state:
            continue
        value = serialise.get(key, _to_url)(st.session_state[key])
        url_name = _url_name(key)
        if st.query_params.get_all(url_name) != (value if isinstance(value, list) else [value]):
            st.query_params[url_name] = value


def _to_url(value):
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def choice(options) -> Callable[[list[str]], object]:
    """A URL parser that accepts only one of `options` (typed like the first option)."""
    options = list(options)

    def parse(raw: list[str]):
        value = type(options[0])(raw[0])
        if value not in options:
            raise ValueError(raw[0])
        return value

    return parse


def _seed_shared(months: list[dt.date]) -> None:
    """Seed the sidebar filters from the link once per session; afterwards keep their values (as
    `seed_from_url` does) for the runs after which Streamlit forgets them: a fragment's rerun sent
    without the widgets' states, then a page change."""
    if st.session_state.get("_seeded.filters"):
        for key in SHARED_KEYS:
            _keep_or_restore(key)
        return
    st.session_state["_seeded.filters"] = True
    reading = read_link({name: st.query_params.get_all(name) for name in URL_NAMES.values()}, months)
    seeded = {"filters.from": reading.start, "filters.to": reading.end,
              "filters.districts": list(reading.districts), "filters.offence": reading.offence_group}
    for key, value in seeded.items():
        st.session_state[key] = st.session_state[f"_kept.{key}"] = value
    for note in reading.notes:
        link_note(note)


def render_shared_filters(months: list[dt.date]) -> Filters:
    """Draw the sidebar filters for the months loaded and return the chosen filters."""
    _seed_shared(months)
    st.session_state.setdefault(USED_KEY, set()).update(URL_NAMES.values())
    districts = reference.warwickshire_districts()
    selectors = reference.offence_selectors()
    sidebar = st.sidebar
    sidebar.header("Filters")
    sidebar.selectbox("From month", months, key="filters.from", format_func=month_label)
    sidebar.selectbox("To month", months, key="filters.to", format_func=month_label)
    sidebar.multiselect("Districts", list(districts), key="filters.districts", format_func=districts.get,
                        help="Leave empty for all five districts.")
    sidebar.selectbox("Offence group", list(selectors), key="filters.offence", format_func=selectors.get)
    start, end = st.session_state["filters.from"], st.session_state["filters.to"]
    if start > end:
        sidebar.warning("'From month' was after 'To month'; the two have been swapped.")
    filters = make_filters(start, end, st.session_state["filters.districts"], st.session_state["filters.offence"])
    sidebar.caption(f"Compared with {filters.comparison.label()} (the same length, immediately before).")
    write_to_url(list(SHARED_KEYS))
    st.session_state["filters.current"] = filters
    return filters


def current_filters() -> Filters | None:
    """The filters `dashboard.py` drew on this run (None when no crime data is loaded)."""
    return st.session_state.get("filters.current")


def show_link_notes(page_url_names: set[str] | None = None) -> None:
    """Say once, at the top of the page, what a shared link asked for that is not shown, including
    parameters no widget of this page uses."""
    used = st.session_state.get(USED_KEY, set())
    flag = "_link.unknown_checked"
    if not st.session_state.get(flag):
        st.session_state[flag] = True
        unknown = sorted(name for name in st.query_params if name not in used | (page_url_names or set()))
        if unknown:
            link_note(f"The link's parameter(s) {', '.join(repr(n[:30]) for n in unknown[:5])} are not used by this "
                  "page and were ignored.")
    notes = st.session_state.pop(NOTES_KEY, [])
    if notes:
        st.info("**About this link.** " + " ".join(notes), icon=":material/link:")
