"""Serious violence dashboard for Warwickshire: page config, who is looking (ui/access.py), navigation
from the page registry (models/registry.py) showing only the pages the viewer may open, the shared
filters and what a shared link could not show.

Run with `make run` (which starts `python -m ui.serve run dashboard.py`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from access.policy import Viewer, may_open
from models.registry import REGISTRY, PageEntry

FAVICON = Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"


def navigation(viewer: Viewer | None) -> tuple[object, PageEntry, bool]:
    """st.navigation listing the pages the viewer may open; the others stay reachable by URL only
    (hidden) so that a deep link to one is refused in words rather than silently redirected.
    Returns the page to run, its registry entry and whether the viewer may open it."""
    sections: dict[str, list] = {}
    entries = {}
    for entry in REGISTRY:
        allowed = viewer is not None and may_open(viewer, entry.audience)
        page = st.Page(entry.path, title=entry.title, icon=entry.icon, url_path=entry.url_path or None,
                       default=entry.url_path == "", visibility="visible" if allowed else "hidden")
        entries[id(page)] = (entry, allowed)
        sections.setdefault(entry.section if allowed else "", []).append(page)
    hidden = sections.pop("", [])
    if hidden:
        sections[""] = hidden  # no section header for pages that are not listed
    shown = viewer is not None and viewer.classes
    page = st.navigation(sections, position="sidebar" if shown else "hidden")
    entry, allowed = entries[id(page)]
    return page, entry, allowed


def main() -> None:
    st.set_page_config(
        page_title="Serious violence in Warwickshire",
        page_icon=str(FAVICON),  # a local file: a ":material/...:" page icon is fetched from a font CDN
        layout="wide",
        menu_items={"About": "Serious Violence Prevention Strategy 2024-30 dashboard, Safer Warwickshire Partnership."},
    )
    # Imported here so `import dashboard` (tests of the registry) needs no warehouse.
    from queries.connection import WarehouseMissing, pin, unpin
    from ui import access

    _server_start()
    try:
        snapshot = pin()  # every query of this run reads this one snapshot (queries/connection.py)
    except WarehouseMissing as error:
        navigation(None)
        st.error(str(error))
        st.stop()
    try:
        viewer = access.viewer_of_run(snapshot)  # the viewer every query of this run acts as
        page, entry, allowed = navigation(viewer)
        if viewer is None:
            access.sign_in_page()
        elif not viewer.classes:
            access.no_role_page(viewer)
        else:
            access.who_is_looking(viewer, access.auth_section() is not None)
            _run(page, snapshot, viewer, entry, allowed)
    finally:
        unpin()


@st.cache_resource(show_spinner=False)
def _server_start() -> list[str]:
    """Once per server: remove what writers killed mid-write left behind (warehouse/snapshots.py)."""
    from settings import load_settings
    from warehouse.snapshots import cleanup

    return [str(path) for path in cleanup(load_settings().db_path)]


def _run(page, snapshot: str, viewer: Viewer, entry: PageEntry, allowed: bool) -> None:
    from queries import run_query
    from queries.connection import active_snapshot
    from ui import access
    from ui.components import PageEnded, page_styles, snapshot_caption
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
        follow = st.container()
    notes = st.container()
    try:
        if allowed:
            access.audit_page_opened(viewer, entry.url_path)
            page.run()
        else:
            access.refused_page(viewer, entry.title, entry.url_path)
    except PageEnded:
        pass  # the page said why it ends early; what follows it is still drawn
    finally:
        with notes:
            show_link_notes()
        # Started once the page is drawn (or has stopped), so its timer never queues reruns behind
        # a long first run.
        with follow:  # the run's snapshot now: a write on this page re-pins the run to its own
            _follow_snapshots(active_snapshot())


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
