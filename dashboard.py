"""Serious violence dashboard for Warwickshire: page config, navigation from the page registry
(models/registry.py), the shared filters and what a shared link could not show.

Run with `make run` (which starts `python -m ui.serve run dashboard.py`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from models.registry import REGISTRY

FAVICON = Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"


def navigation():
    sections: dict[str, list] = {}
    for entry in REGISTRY:
        page = st.Page(entry.path, title=entry.title, icon=entry.icon, url_path=entry.url_path or None,
                       default=entry.url_path == "")
        sections.setdefault(entry.section, []).append(page)
    return st.navigation(sections)


def main() -> None:
    st.set_page_config(
        page_title="Serious violence in Warwickshire",
        page_icon=str(FAVICON),  # a local file: a ":material/...:" page icon is fetched from a font CDN
        layout="wide",
        menu_items={"About": "Serious Violence Prevention Strategy 2024-30 dashboard, Safer Warwickshire Partnership."},
    )
    page = navigation()
    # Imported here so `import dashboard` (tests of the registry) needs no warehouse.
    from queries import run_query
    from queries.connection import WarehouseMissing
    from ui.components import page_styles
    from ui.filters import render_shared_filters, show_link_notes

    page_styles()
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
    notes = st.container()
    try:
        page.run()
    finally:
        with notes:
            show_link_notes()


if __name__ == "__main__":
    main()
