"""Whether sign-in is on, and whether its configuration is safe to serve (no Streamlit here).

Sign-in is on when the Streamlit secrets (`.streamlit/secrets.toml`, or the files named by
`--secrets.files`) have an [auth] section: Streamlit's own OpenID Connect support (`st.login`)
reads it. `.streamlit/secrets.example.toml` documents it for Microsoft Entra ID and any OIDC
provider. A missing or weak cookie secret stops the server (ui/serve.py) with the message below.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

MIN_COOKIE_SECRET = 32


class SignInConfigError(RuntimeError):
    """The [auth] section cannot be served safely; the message says what to change."""


def default_secrets_files(cwd: Path | None = None) -> list[Path]:
    """Where Streamlit looks for secrets by default (later files win)."""
    return [Path.home() / ".streamlit" / "secrets.toml", (cwd or Path.cwd()) / ".streamlit" / "secrets.toml"]


def secrets_files_from_argv(argv: Sequence[str], cwd: Path | None = None) -> list[Path]:
    """The secrets files a `streamlit run` command line names (--secrets.files), else the defaults."""
    named = []
    for index, arg in enumerate(argv):
        if arg == "--secrets.files" and index + 1 < len(argv):
            named.append(Path(argv[index + 1]))
        elif arg.startswith("--secrets.files="):
            named.append(Path(arg.split("=", 1)[1]))
    return named or default_secrets_files(cwd)


def auth_section(files: Sequence[Path]) -> dict | None:
    """The merged [auth] section of the secrets files that exist (None: sign-in is off)."""
    section: dict | None = None
    for path in files:
        if path.is_file():
            with path.open("rb") as handle:
                found = tomllib.load(handle).get("auth")
            if isinstance(found, dict):
                section = {**(section or {}), **found}
    return section


def check_auth_section(section: Mapping | None) -> None:
    """Raise SignInConfigError, in words, when sign-in is on with a missing or weak cookie secret or
    without a redirect URI and a provider."""
    if section is None:
        return
    secret = str(section.get("cookie_secret") or "")
    if not secret:
        raise SignInConfigError(
            "Sign-in is on ([auth] in .streamlit/secrets.toml) but cookie_secret is missing. Set it to a long "
            "random string, e.g. the output of: python -c \"import secrets; print(secrets.token_urlsafe(48))\"")
    if len(secret) < MIN_COOKIE_SECRET:
        raise SignInConfigError(
            f"Sign-in is on but cookie_secret is {len(secret)} characters long; it must be at least "
            f"{MIN_COOKIE_SECRET} random characters (it signs the identity cookie). Generate one with: "
            "python -c \"import secrets; print(secrets.token_urlsafe(48))\"")
    if not section.get("redirect_uri"):
        raise SignInConfigError("Sign-in is on but redirect_uri is missing, e.g. "
                                "redirect_uri = \"https://dashboard.example.org/oauth2callback\".")
    providers = [value for value in section.values() if isinstance(value, Mapping)]
    if not section.get("client_id") and not any(value.get("client_id") for value in providers):
        raise SignInConfigError("Sign-in is on but no provider is configured: set client_id, client_secret and "
                                "server_metadata_url in [auth] (see .streamlit/secrets.example.toml).")
