"""Start the Streamlit server with the legacy `pages/` folder mode switched off.

Streamlit treats a folder named `pages/` beside the entrypoint as a v1 multipage app until the
first `st.navigation` call in the process. Until then, a first request for a deep link such as
`/trends` would run `pages/trends.py` on its own, without the shell (filters, registry). This
project registers its pages with `st.navigation` only, so the flag is set before any session.

It also refuses to start, with a clear message, when sign-in is on (an [auth] section in the
secrets) with a missing or weak cookie secret (access/signin.py).

Usage: python -m ui.serve run dashboard.py [streamlit options]
"""

from __future__ import annotations

import sys


def disable_pages_folder_mode() -> None:
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def check_sign_in(argv: list[str]) -> None:
    """Exit with the problem in words when the sign-in configuration cannot be served safely."""
    from access.signin import SignInConfigError, auth_section, check_auth_section, secrets_files_from_argv

    try:
        check_auth_section(auth_section(secrets_files_from_argv(argv)))
    except SignInConfigError as error:
        sys.exit(f"Not starting: {error}")


def main() -> None:
    check_sign_in(sys.argv[1:])
    disable_pages_folder_mode()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
