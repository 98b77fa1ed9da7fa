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
    from queries.connection import WarehouseMissing, pin, unpin

    _server_start()
    try:
        snapshot = pin()  # every query of this run reads this one snapshot (queries/connection.py)
    except WarehouseMissing as error:
        st.error(str(error))
        st.stop()
    try:
        _run(page, snapshot)
    finally:
        unpin()


@st.cache_resource(show_spinner=False)
def _server_start() -> list[str]:
    """Once per server: remove what writers killed mid-write left behind (warehouse/snapshots.py)."""
    from settings import load_settings
    from warehouse.snapshots import cleanup

    return [str(path) for path in cleanup(load_settings().db_path)]


def _run(page, snapshot: str) -> None:
    from queries import run_query
    from ui.components import page_styles, snapshot_caption
    from ui.filters import render_shared_filters, show_link_notes

    page_styles()
    months = list(run_query("months_available")["month"].dt.date)
    if months:
        render_shared_filters(months)
    else:
        st.session_state["filters.current"] = None
        st.sidebar.warning("No crime data for the Warwickshire districts is loaded yet: see the Data page.")
    with st.sidebar:
        snapshot_caption(snapshot)
        _follow_snapshots(snapshot)
    notes = st.container()
    try:
        page.run()
    finally:
        with notes:
            show_link_notes()


def _follow_snapshots(snapshot: str) -> None:
    """Rerun this session within SVD_SNAPSHOT_POLL seconds of a new snapshot being published."""
    from settings import load_settings
    from warehouse.snapshots import snapshot_key

    settings = load_settings()
    if settings.snapshot_poll_seconds <= 0:
        return

    @st.fragment(run_every=settings.snapshot_poll_seconds)
    def watch() -> None:
        if snapshot_key(settings.db_path) not in (None, snapshot):
            st.rerun(scope="app")

    watch()


if __name__ == "__main__":
    main()
