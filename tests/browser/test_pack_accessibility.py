"""The meeting pack as a document people read with assistive technology: the HTML has a language,
landmarks and headings in order and passes the same axe check as the pages; the PDF is tagged
(a structure tree with headings, tables and figures with their text alternatives), with a title
and a language, read back with pypdf."""

from __future__ import annotations

import io
import re
from itertools import pairwise

import pytest

from pack import build_html, build_pdf
from tests.browser.a11y import run_axe
from tests.pack.test_pack import REQUEST

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pack_files(sample_warehouse):
    """The pack of tests/pack/test_pack.py (same request: built once, cached per warehouse state)."""
    from queries.connection import release_connections
    from queries.runner import clear_cache

    patch = pytest.MonkeyPatch()
    patch.setenv("SVD_DB", str(sample_warehouse))
    release_connections()
    clear_cache()
    page, _ = build_html(REQUEST)
    pdf, _ = build_pdf(REQUEST)
    yield page, pdf
    release_connections()
    clear_cache()
    patch.undo()


@pytest.fixture(scope="module")
def pack_page(browser, pack_files):
    """The pack's HTML loaded into a page with nothing fetchable, as a reader opens the file offline."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.abort())
    page.set_content(pack_files[0], wait_until="load")
    yield page
    page.close()


def test_pack_html_has_a_language_landmarks_and_headings_in_order(pack_page):
    assert pack_page.evaluate("document.documentElement.lang") == "en-GB"
    landmarks = pack_page.evaluate("['header', 'main', 'footer'].map(tag => document.querySelectorAll("
                                   "'body > ' + tag).length)")
    assert landmarks == [1, 1, 1]
    headings = pack_page.evaluate("[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => "
                                  "Number(h.tagName[1]))")
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(after <= before + 1 for before, after in pairwise(headings)), headings
    figures = pack_page.evaluate("[...document.querySelectorAll('main .figure')].map(f => "
                                 "f.querySelector('img')?.alt || (f.getAttribute('role') === 'img' && f.ariaLabel))")
    assert len(figures) >= 3 and all(text and len(text.split()) >= 8 for text in figures), figures


def test_pack_html_has_no_serious_or_critical_wcag_violation(pack_page):
    violations = run_axe(pack_page)
    assert violations == [], "\n".join(str(violation) for violation in violations)


def _structure(pdf: bytes) -> tuple[dict, list[tuple[str, str | None]]]:
    """(document catalog, every structure element's tag and its /Alt text) of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    elements: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                elements.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return {"root": root, "info": reader.metadata}, elements


def test_pack_pdf_is_tagged_with_title_language_headings_tables_and_figure_alt_text(pack_files):
    html, pdf = pack_files
    document, elements = _structure(pdf)
    root, info = document["root"], document["info"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "en-GB"
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert info["/Title"] == title and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "/Outlines" in root  # bookmarks from the headings
    tags = [tag for tag, _ in elements]
    assert tags.count("/H1") == 1 and tags.count("/H2") >= 8
    assert tags.count("/Table") == html.count("<table") and tags.count("/TH") >= html.count("<th>")
    figures = [alt for tag, alt in elements if tag == "/Figure"]
    assert len(figures) == html.count('class="figure')  # the map, the trend and each control chart
    assert all(alt and len(alt.split()) >= 8 for alt in figures), figures
