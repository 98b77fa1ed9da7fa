"""The layering the code promises, read from its imports: Streamlit only in the UI layer, the pack
and the models free of the UI; every page file registered, every query file used."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from models.registry import REGISTRY
from queries.runner import declared_params, list_queries

ROOT = Path(__file__).resolve().parents[1]
UI_LAYER = ("dashboard.py", "pages/", "ui/")
# Not part of the app: the benchmark drives pages through Streamlit's AppTest.
TOOLS = ("tests/", "bench/", ".venv/")


def project_files() -> list[Path]:
    return [path for path in ROOT.rglob("*.py")
            if not str(path.relative_to(ROOT)).startswith(TOOLS) and "__pycache__" not in path.parts]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (top level or inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _importers(prefix: str, where) -> list[str]:
    found = []
    for path in project_files():
        relative = str(path.relative_to(ROOT))
        if where(relative) and any(name == prefix or name.startswith(prefix + ".") for name in imported_modules(path)):
            found.append(relative)
    return sorted(found)


def test_streamlit_is_imported_only_by_the_ui_layer():
    assert _importers("streamlit", lambda relative: not relative.startswith(UI_LAYER)) == []


def test_the_pack_and_the_models_import_no_ui_and_no_dashboard():
    below = lambda relative: relative.startswith(("pack/", "models/", "queries/", "stats/", "geo/", "charts/",
                                                  "warehouse/", "sample_data/"))
    assert _importers("ui", below) == []
    assert _importers("dashboard", below) == []
    assert _importers("pages", below) == []


def test_the_layer_below_the_models_does_not_import_them():
    below = lambda relative: relative.startswith(("queries/", "stats/", "geo/", "warehouse/", "sample_data/"))
    assert _importers("models", below) == []
    assert _importers("pack", below) == []


def test_every_page_file_is_registered_and_every_entry_exists():
    registered = {entry.path for entry in REGISTRY}
    on_disk = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py") if path.name != "__init__.py"}
    assert registered == on_disk


def test_url_paths_are_unique_and_overview_is_the_default():
    paths = [entry.url_path for entry in REGISTRY]
    assert len(paths) == len(set(paths))
    assert REGISTRY[0].path == "pages/overview.py" and REGISTRY[0].url_path == ""


def test_every_query_file_is_used_by_the_code():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in project_files())
    unused = [name for name in list_queries() if not re.search(rf"[\"']{name}[\"']", sources)]
    assert unused == []


def test_every_query_file_declares_params_and_grain():
    for name in list_queries():
        text = (ROOT / "queries" / f"{name}.sql").read_text()
        assert re.search(r"^--\s*grain:", text, re.MULTILINE), name
        declared = declared_params(name)
        used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", re.sub(r"^--.*$", "", text, flags=re.MULTILINE)))
        assert used == set(declared), (name, used, declared)


def test_no_query_repeats_the_serious_violence_predicate_or_the_financial_year_label():
    for name in list_queries():
        text = (ROOT / "queries" / f"{name}.sql").read_text()
        assert "= 'serious_violence'" not in text, name
        assert "right((" not in text and "interval 3 month) as start_year" not in text, name
