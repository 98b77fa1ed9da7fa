"""Who is looking, from the identity token's claims and the role table.

A role comes from the token's `roles` claim (Microsoft Entra ID app roles, or any provider that
sends one) or its `groups` claim mapped through a setting, and otherwise from the role table a data
manager edits on the Data page (e-mail -> role). A person whose e-mail domain is not allowed, or who
has no role anywhere, is signed in with no role: they see no data and a page saying whom to ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from access.policy import ROLES, Viewer, viewer_for


def _values(claim) -> list[str]:
    if claim is None:
        return []
    if isinstance(claim, str):
        return [part.strip() for part in claim.replace(";", ",").split(",") if part.strip()]
    return [str(value) for value in claim]


def highest(roles: Iterable[str]) -> str | None:
    """The most capable of the roles given (analyst over board, data manager over both)."""
    known = [role for role in roles if role in ROLES]
    return max(known, key=ROLES.index) if known else None


def domain_of(email: str | None) -> str:
    return email.rsplit("@", 1)[-1].lower() if email and "@" in email else ""


def resolve(claims: Mapping, table: Mapping[str, str], allowed_domains: Iterable[str],
            group_roles: Mapping[str, str]) -> Viewer:
    """The viewer for a signed-in person.

    `claims`: the identity token's claims (email, name, roles, groups); `table`: lower-case e-mail ->
    role; `allowed_domains`: e-mail domains that may have a role (empty: any); `group_roles`: group
    name or id -> role."""
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower() or None
    name = str(claims.get("name") or email or "Signed-in user")
    domains = {domain.lower().lstrip("@") for domain in allowed_domains if domain}
    if domains and domain_of(email) not in domains:
        return viewer_for(email, name, None, "domain_not_allowed")
    from_token = highest(_values(claims.get("roles")))
    if from_token:
        return viewer_for(email, name, from_token, "token")
    from_groups = highest(group_roles.get(group, "") for group in _values(claims.get("groups")))
    if from_groups:
        return viewer_for(email, name, from_groups, "groups")
    from_table = table.get(email or "")
    if from_table in ROLES:
        return viewer_for(email, name, from_table, "table")
    return viewer_for(email, name, None, "none")
