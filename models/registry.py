"""The one page registry: every page of the dashboard, its section, URL and audience.

A page's audience (access/policy.py AUDIENCE_CLASS) says who may open it: `open` (built on open
data only: offence counts by district and month), `board` (district and county figures, including
counts about people or health), `analyst` (LSOA level, the cohort), `data_manager`.

Streamlit-free so that the meeting pack, the access policy and tests can read it;
`dashboard.py` turns it into `st.navigation`.
"""

from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    section: str
    path: str
    title: str
    url_path: str
    icon: str
    audience: str


# Only built pages are listed; a section with no pages is not shown.
REGISTRY: tuple[PageEntry, ...] = (
    PageEntry("For the board", "pages/overview.py", "Overview", "", ":material/dashboard:", "open"),
    PageEntry("For the board", "pages/indicators.py", "Outcome indicators", "indicators", ":material/monitoring:", "board"),
    PageEntry("For the board", "pages/delivery.py", "Delivery", "delivery", ":material/task_alt:", "board"),
    PageEntry("For the board", "pages/meeting_pack.py", "Meeting pack", "meeting-pack", ":material/description:", "board"),
    PageEntry("For analysts", "pages/trends.py", "Trends", "trends", ":material/show_chart:", "analyst"),
    PageEntry("For analysts", "pages/hotspots.py", "Hotspots", "hotspots", ":material/location_on:", "analyst"),
    PageEntry("For analysts", "pages/outcomes.py", "Outcomes and stop and search", "outcomes", ":material/gavel:", "analyst"),
    PageEntry("For analysts", "pages/cross_border.py", "Cross-border", "cross-border", ":material/swap_horiz:", "analyst"),
    PageEntry("For analysts", "pages/cohort.py", "Cohort", "cohort", ":material/groups:", "analyst"),
    PageEntry("Data", "pages/data.py", "Data", "data", ":material/database:", "analyst"),
)


def registered_paths() -> set[str]:
    return {entry.path for entry in REGISTRY}


def entry_for(path: str) -> PageEntry:
    return next(entry for entry in REGISTRY if entry.path == path)
