"""The Data page's sections for data managers: who has which role (the role table and the allowed
e-mail domains) and the audit trail, read and exported. The rules are access/roles.py's."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access import audit
from access.context import current_viewer
from access.policy import ROLE_NAMES, ROLES
from access.roles import RoleError, allowed_domains, role_rows, set_allowed_domains, set_role
from ui.components import download

AUDIT_SHOWN = 500
REMOVE = "remove"


def render_roles() -> None:
    """The role table, a form to give or remove a role, and the allowed domains."""
    if not current_viewer().may("manage_roles"):
        return
    st.header("Who has which role")
    st.caption("A role in the identity token (Entra ID app roles, or SVD_GROUP_ROLES) comes first; otherwise the "
               "table below. Every change is written to the audit trail.")
    rows = pd.DataFrame(role_rows(), columns=["E-mail", "Role", "Changed (UTC)", "Changed by"])
    st.dataframe(rows.assign(Role=rows["Role"].map(ROLE_NAMES)), hide_index=True, key="data.roles", width="stretch")
    with st.form("data.role_form", clear_on_submit=True):
        email = st.text_input("E-mail", key="data.role_email")
        role = st.selectbox("Role", [*ROLES, REMOVE], key="data.role_choice",
                            format_func=lambda value: ROLE_NAMES.get(value, "Remove the role"))
        if st.form_submit_button("Save role"):
            _apply(lambda: set_role(email, None if role == REMOVE else role))
    with st.form("data.domains_form"):
        domains = st.text_input("Allowed e-mail domains (comma-separated; empty: any)", ", ".join(allowed_domains()),
                                key="data.domains")
        if st.form_submit_button("Save domains"):
            _apply(lambda: set_allowed_domains(domains.split(",")))


def _apply(change) -> None:
    try:
        change()
    except RoleError as error:
        st.warning(str(error))
    else:
        st.success("Saved.")


def render_audit() -> None:
    """The newest audit rows and an export of the whole trail (itself audited)."""
    if not current_viewer().may("read_audit"):
        return
    st.header("Audit trail")
    trail = audit.read()
    st.caption(f"{len(trail):,} rows, newest first (the latest {AUDIT_SHOWN} shown). Times are UTC.")
    st.dataframe(trail.head(AUDIT_SHOWN), hide_index=True, key="data.audit", width="stretch")
    download("Export the audit trail (CSV)", lambda: trail.to_csv(index=False).encode("utf-8"),
             file_name="audit-trail.csv", mime="text/csv", key="data.audit.download")
