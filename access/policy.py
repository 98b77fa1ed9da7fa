"""Who may see what: the one access policy, enforced below the pages.

Three roles, from the people who use the dashboard:
- `board`: board members. The board pages; district and county figures only (no LSOA-level
  views, no cohort), no table downloads (the meeting pack, built for them, they may download).
- `analyst`: every analysis page, LSOA level, the cohort, downloads, commentary.
- `data_manager`: an analyst who also loads data, reads the audit trail and decides who has
  which role.

Every query file belongs to a data class (its `-- access:` header line, or `district` when it
declares a people or health disclosure rule, else `open`); a role may run a query only when its
class is one the role may see (`queries/runner.py` asks `may_run`). Pages carry an audience in the
registry (`models/registry.py`); a role sees a page only when it may see its audience. So a page,
a download or the meeting pack that asks for what a role may not see is refused in the query
layer, whatever asks.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("board", "analyst", "data_manager")
ROLE_NAMES = {"board": "Board member", "analyst": "Analyst", "data_manager": "Data manager"}

# Data classes, from least to most sensitive.
OPEN = "open"  # counts of offences by district and month; reference tables; definitions
DISTRICT = "district"  # counts about people or health, at district or county level (protected)
LSOA = "lsoa"  # anything below district level (LSOA maps and tables, points)
COHORT = "cohort"  # the youth justice / probation cohort tables
ADMIN = "admin"  # the audit trail and the role table
DATA_CLASSES = (OPEN, DISTRICT, LSOA, COHORT, ADMIN)
# How a refusal names each class.
CLASS_WORDS = {
    OPEN: "open data",
    DISTRICT: "counts about people or health",
    LSOA: "LSOA-level data",
    COHORT: "cohort data",
    ADMIN: "the audit trail or the role table",
}

CLASSES_OF_ROLE = {
    "board": frozenset({OPEN, DISTRICT}),
    "analyst": frozenset({OPEN, DISTRICT, LSOA, COHORT}),
    "data_manager": frozenset(DATA_CLASSES),
}
# What else a role may do.
# `pack`: download the meeting pack, which is made for the board and is built for the viewer (no
# LSOA or cohort content for a board member); `download`: CSV downloads of the pages' tables.
ACTIONS_OF_ROLE = {
    "board": frozenset({"pack"}),
    "analyst": frozenset({"pack", "download", "comment"}),
    "data_manager": frozenset({"pack", "download", "comment", "upload", "manage_roles", "read_audit"}),
}
ALL_ACTIONS = ACTIONS_OF_ROLE["data_manager"]
# Page audiences (models/registry.py) and the data class a role needs to open them.
AUDIENCE_CLASS = {"board": DISTRICT, "analyst": LSOA, "data_manager": ADMIN, "open": OPEN}


class AccessDenied(PermissionError):
    """A role asked for something the policy does not let it see or do."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their e-mail (None when sign-in is off), name, role (None: signed in but
    no role yet) and how the role was found ('token', 'table', 'open' or 'none')."""

    email: str | None
    name: str
    role: str | None
    source: str
    classes: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()

    def may_see(self, data_class: str) -> bool:
        return data_class in self.classes

    def may(self, action: str) -> bool:
        return action in self.actions


def viewer_for(email: str | None, name: str, role: str | None, source: str) -> Viewer:
    """A viewer with the data classes and actions of its role (none without a role)."""
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {ROLES}")
    classes = CLASSES_OF_ROLE.get(role, frozenset())
    return Viewer(email, name, role, source, classes, ACTIONS_OF_ROLE.get(role, frozenset()))


def may_open(viewer: Viewer, audience: str) -> bool:
    """Whether the viewer may open a page of this audience."""
    return viewer.may_see(AUDIENCE_CLASS[audience])


def require(viewer: Viewer, *, data_class: str | None = None, action: str | None = None, what: str = "") -> None:
    """Raise AccessDenied, in words, unless the viewer may see the class and do the action."""
    if data_class is not None and not viewer.may_see(data_class):
        raise AccessDenied(f"{_who(viewer)} may not see {what or data_class + ' data'}.")
    if action is not None and not viewer.may(action):
        raise AccessDenied(f"{_who(viewer)} may not {action.replace('_', ' ')}{' ' + what if what else ''}.")


def _who(viewer: Viewer) -> str:
    if viewer.role is None:
        return "An account with no role"
    return f"The {ROLE_NAMES[viewer.role].lower()} role"
