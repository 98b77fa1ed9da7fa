"""Who is looking, for each page run: sign-in with Streamlit's own OpenID Connect support
(`st.login`, `st.user`, `st.logout`), the viewer the rest of the run acts as, and the pages shown
instead of a page: sign in, no role yet (whom to ask), a page the role may not open.

The rules are access/policy.py's; the role table and the audit trail are access/roles.py and
access/audit.py. This module only reads the sign-in and draws.
"""

from __future__ import annotations

import streamlit as st

from access import audit
from access.context import detect_page_runs, set_viewer
from access.identity import resolve
from access.openmode import current_open_viewer
from access.policy import ROLE_NAMES, Viewer
from access.roles import allowed_domains, role_table
from access.signin import SignInConfigError, check_auth_section
from settings import load_settings


def _in_script_run() -> bool:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None


detect_page_runs(_in_script_run)

SIGNED_IN_KEY = "_access.signed_in"
PAGE_KEY = "_access.page"


def auth_section() -> dict | None:
    """The [auth] section of the Streamlit secrets (None: sign-in is off, open mode)."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file at all
        return None
    return section.to_dict() if section else None


def viewer_of_run(snapshot: str) -> Viewer | None:
    """The viewer of this run, made current for its queries; None when sign-in is on and nobody is
    signed in. Stops the run, in words, when the sign-in configuration is unsafe."""
    section = auth_section()
    if section is None:
        viewer = current_open_viewer(snapshot)
    else:
        try:
            check_auth_section(section)
        except SignInConfigError as error:
            st.error(str(error), icon=":material/lock:")
            st.stop()
        if not st.user.is_logged_in:
            set_viewer(Viewer(None, "Not signed in", None, "signed_out"))
            return None
        claims = st.user.to_dict()
        viewer = resolve(claims, role_table(), allowed_domains(), load_settings().group_roles)
        if st.session_state.get(SIGNED_IN_KEY) != viewer.email:
            st.session_state[SIGNED_IN_KEY] = viewer.email
            audit.record_sign_in(viewer, claims.get("iat"))
    set_viewer(viewer)
    return viewer


def role_words(viewer: Viewer) -> str:
    return ROLE_NAMES[viewer.role].lower() if viewer.role else "no"


def sign_in_page() -> None:
    """What a visitor who is not signed in sees, whatever page they asked for."""
    st.title("Serious violence in Warwickshire")
    st.markdown("This dashboard holds partner data. Sign in with your organisation account to see it.")
    st.button("Sign in", key="access.sign_in", icon=":material/login:", type="primary", on_click=st.login)


def no_role_page(viewer: Viewer) -> None:
    """A signed-in person with no role: no data, and whom to ask."""
    st.title("You have no access yet")
    reason = ("Your e-mail domain is not one of those allowed." if viewer.source == "domain_not_allowed"
              else "Your account has no role on this dashboard yet.")
    st.warning(f"Signed in as {viewer.email or viewer.name}. {reason} To ask for access, contact "
               f"{load_settings().access_contact}.", icon=":material/person_off:")
    sign_out_button(viewer)


def refused_page(viewer: Viewer, title: str, url: str) -> None:
    """A deep link to a page the viewer's role may not open: refused in words, nothing of it drawn."""
    if viewer.role is None:
        words = "Open mode shows only the pages built on open data while the warehouse holds partner data"
    else:
        words = f"The {role_words(viewer)} role may not open this page"
    st.title("This page is not available to you")
    st.warning(f"{words}: **{title}** was not opened. Choose a page from the menu, or ask "
               f"{load_settings().access_contact} for access.", icon=":material/block:")
    audit.record("refused", {"title": title}, page=url, viewer=viewer)


def audit_page_opened(viewer: Viewer, url_path: str) -> None:
    """One audit row per page opened in a session (not per widget change)."""
    if st.session_state.get(PAGE_KEY) != url_path:
        st.session_state[PAGE_KEY] = url_path
        audit.record("page", page=url_path or "overview", viewer=viewer)


def sign_out_button(viewer: Viewer) -> None:
    st.button("Sign out", key="access.sign_out", icon=":material/logout:", on_click=_sign_out, args=(viewer,))


def _sign_out(viewer: Viewer) -> None:
    # A callback runs before the next run sets its viewer: the viewer who saw the button is passed.
    st.session_state.pop(SIGNED_IN_KEY, None)
    audit.record("sign_out", viewer=viewer)
    st.logout()


def who_is_looking(viewer: Viewer, signin_on: bool) -> None:
    """The sidebar line (who, which role, sign out) or the open-mode banner."""
    if signin_on:
        with st.sidebar:
            st.caption(f"Signed in as **{viewer.name}** ({viewer.email}), {role_words(viewer)} role.")
            sign_out_button(viewer)
        return
    if viewer.role is None:
        st.warning("**Sign-in is off.** The warehouse holds partner extracts loaded from real files, so only the "
                   "pages built on open data are shown. Configure sign-in (README, Sign-in and roles) or set "
                   "SVD_OPEN_MODE_ALL=1.", icon=":material/lock_open:")
    else:
        st.info("**Sign-in is off**: anyone who can reach this address sees every page. Configure sign-in before "
                "loading partner data (README, Sign-in and roles).", icon=":material/lock_open:")
