"""The one page registry: every page of the dashboard, its section, URL and audience.

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


# Only built pages are listed; a section with no pages is not shown.
REGISTRY: tuple[PageEntry, ...] = (
    PageEntry("For the board", "pages/overview.py", "Overview", "", ":material/dashboard:"),
    PageEntry("For the board", "pages/indicators.py", "Outcome indicators", "indicators", ":material/monitoring:"),
    PageEntry("For the board", "pages/delivery.py", "Delivery", "delivery", ":material/task_alt:"),
    PageEntry("For the board", "pages/meeting_pack.py", "Meeting pack", "meeting-pack", ":material/description:"),
    PageEntry("For analysts", "pages/trends.py", "Trends", "trends", ":material/show_chart:"),
    PageEntry("For analysts", "pages/hotspots.py", "Hotspots", "hotspots", ":material/location_on:"),
    PageEntry("For analysts", "pages/outcomes.py", "Outcomes and stop and search", "outcomes", ":material/gavel:"),
    PageEntry("For analysts", "pages/cross_border.py", "Cross-border", "cross-border", ":material/swap_horiz:"),
    PageEntry("For analysts", "pages/cohort.py", "Cohort", "cohort", ":material/groups:"),
    PageEntry("Data", "pages/data.py", "Data", "data", ":material/database:"),
)


def registered_paths() -> set[str]:
    return {entry.path for entry in REGISTRY}
