"""Serious violence dashboard for Warwickshire: page config, the page registry, shared filters.

Run with `make run` (or `streamlit run dashboard.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import streamlit as st


class PageEntry(NamedTuple):
    section: str
    path: str
    title: str
    url_path: str
    icon: str


# The one page registry. Only built pages are listed; a section with no pages is not shown.
REGISTRY: tuple[PageEntry, ...] = (
    PageEntry("For the board", "pages/overview.py", "Overview", "", ":material/dashboard:"),
    PageEntry("For the board", "pages/indicators.py", "Outcome indicators", "indicators", ":material/monitoring:"),
    PageEntry("For the board", "pages/meeting_pack.py", "Meeting pack", "meeting-pack", ":material/description:"),
    PageEntry("For analysts", "pages/trends.py", "Trends", "trends", ":material/show_chart:"),
    PageEntry("For analysts", "pages/hotspots.py", "Hotspots", "hotspots", ":material/location_on:"),
    PageEntry("For analysts", "pages/cross_border.py", "Cross-border", "cross-border", ":material/swap_horiz:"),
    PageEntry("For analysts", "pages/cohort.py", "Cohort", "cohort", ":material/groups:"),
    PageEntry("Data", "pages/data.py", "Data", "data", ":material/database:"),
)


def navigation() -> st.navigation:
    sections: dict[str, list] = {}
    for entry in REGISTRY:
        page = st.Page(
            entry.path,
            title=entry.title,
            icon=entry.icon,
            url_path=entry.url_path or None,
            default=entry.url_path == "",
        )
        sections.setdefault(entry.section, []).append(page)
    return st.navigation(sections)


def main() -> None:
    st.set_page_config(
        page_title="Serious violence in Warwickshire",
        # A local file: a ":material/...:" page icon is fetched from a font CDN.
        page_icon=str(Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"),
        layout="wide",
        menu_items={
            "About": "Serious Violence Prevention Strategy 2024-30 dashboard, Safer Warwickshire Partnership."
        },
    )
    page = navigation()
    # Imported here so `import dashboard` (tests of the registry) needs no warehouse.
    from queries import run_query
    from queries.connection import WarehouseMissing
    from ui.filters import render_shared_filters

    try:
        months = list(run_query("months_available")["month"].dt.date)
    except WarehouseMissing as error:
        st.error(str(error))
        st.stop()
    if months:
        render_shared_filters(months)
    else:
        st.session_state["filters.current"] = None
        st.sidebar.warning("No crime data for the Warwickshire districts is loaded yet: see the Data page.")
    page.run()


if __name__ == "__main__":
    main()
