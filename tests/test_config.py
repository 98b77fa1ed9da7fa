"""The served configuration (.streamlit/config.toml) that a deployment runs with."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_an_unexpected_exception_shows_users_its_type_only():
    # 'full' or 'stacktrace' would show users a message and traceback that can quote a query, a
    # file path or a value from the warehouse. The test servers ask for 'full' on their command line.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("type", "none")
