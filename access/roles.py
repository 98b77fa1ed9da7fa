"""The role table a data manager edits on the Data page: e-mail -> role, and the e-mail domains
that may have a role (empty: any). Every change is written to the audit trail."""

from __future__ import annotations

import re

from access import audit
from access.context import current_viewer
from access.policy import ROLES, require
from access.store import connect

_EMAIL = re.compile(r"[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}")
_DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


class RoleError(ValueError):
    """A role change that cannot be made (in words)."""


def role_table() -> dict[str, str]:
    """Lower-case e-mail -> role."""
    with connect() as con:
        return dict(con.execute("select email, role from roles order by email").fetchall())


def role_rows() -> list[tuple[str, str, str, str | None]]:
    """(email, role, changed_at, changed_by) for the Data page."""
    with connect() as con:
        return con.execute("select email, role, changed_at, changed_by from roles order by email").fetchall()


def allowed_domains() -> list[str]:
    with connect() as con:
        return [row[0] for row in con.execute("select domain from allowed_domains order by domain")]


def set_role(email: str, role: str | None) -> None:
    """Give `email` a role (None: remove it), as the current viewer (who must manage roles)."""
    viewer = current_viewer()
    require(viewer, action="manage_roles")
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise RoleError(f"{email!r} is not an e-mail address.")
    if role is not None and role not in ROLES:
        raise RoleError(f"Unknown role {role!r}; one of {', '.join(ROLES)}.")
    with connect() as con:
        before = con.execute("select role from roles where email = ?", (email,)).fetchone()
        if role is None:
            con.execute("delete from roles where email = ?", (email,))
        else:
            con.execute("insert into roles values (?, ?, ?, ?) on conflict (email) do update set "
                        "role = excluded.role, changed_at = excluded.changed_at, changed_by = excluded.changed_by",
                        (email, role, audit.now(), viewer.email))
    audit.record("role", {"email": email, "from": before[0] if before else None, "to": role})


def set_allowed_domains(domains: list[str]) -> None:
    """Replace the allowed e-mail domains (empty: any domain may have a role)."""
    viewer = current_viewer()
    require(viewer, action="manage_roles")
    cleaned = sorted({domain.strip().lower().lstrip("@") for domain in domains if domain.strip()})
    bad = [domain for domain in cleaned if not _DOMAIN.fullmatch(domain)]
    if bad:
        raise RoleError(f"Not an e-mail domain: {', '.join(bad)}.")
    with connect() as con:
        before = [row[0] for row in con.execute("select domain from allowed_domains order by domain")]
        con.execute("delete from allowed_domains")
        con.executemany("insert into allowed_domains values (?)", [(domain,) for domain in cleaned])
    audit.record("role", {"allowed_domains": {"from": before, "to": cleaned}})
