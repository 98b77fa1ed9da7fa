"""Every page file is registered, every registered page exists, every query file is used."""

from __future__ import annotations

import re
from pathlib import Path

import dashboard
from queries.runner import declared_params, list_queries

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("pages", "ui", "pack", "warehouse", "charts", "queries", "geo", "stats")


def test_every_page_file_is_registered_and_every_entry_exists():
    registered = {entry.path for entry in dashboard.REGISTRY}
    on_disk = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py") if path.name != "__init__.py"}
    assert registered == on_disk


def test_url_paths_are_unique_and_overview_is_the_default():
    paths = [entry.url_path for entry in dashboard.REGISTRY]
    assert len(paths) == len(set(paths))
    assert dashboard.REGISTRY[0].path == "pages/overview.py" and dashboard.REGISTRY[0].url_path == ""


def _python_sources() -> str:
    texts = [(ROOT / "dashboard.py").read_text()]
    for folder in CODE_DIRS:
        texts += [path.read_text() for path in (ROOT / folder).rglob("*.py")]
    return "\n".join(texts)


def test_every_query_file_is_used_by_the_code():
    sources = _python_sources()
    unused = [name for name in list_queries() if not re.search(rf"[\"']{name}[\"']", sources)]
    assert unused == []


def test_every_query_file_declares_params_and_grain():
    for name in list_queries():
        text = (ROOT / "queries" / f"{name}.sql").read_text()
        assert re.search(r"^--\s*grain:", text, re.MULTILINE), name
        declared = declared_params(name)
        used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", re.sub(r"^--.*$", "", text, flags=re.MULTILINE)))
        assert used == set(declared), (name, used, declared)
