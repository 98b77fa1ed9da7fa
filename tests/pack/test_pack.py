"""The meeting pack files: the PDF read back with pypdf (headline figures, the period, page numbers,
page count) and the HTML self-contained (nothing fetched from any host)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from pack import PackRequest, build_html, build_pdf

REQUEST = PackRequest(dt.date(2026, 10, 15), "2025/26")


@pytest.fixture(scope="module")
def built(sample_warehouse):
    from queries.connection import release_connections
    from queries.runner import clear_cache

    mp = pytest.MonkeyPatch()
    mp.setenv("SVD_DB", str(sample_warehouse))
    release_connections()
    clear_cache()
    page, facts = build_html(REQUEST)
    pdf, pdf_facts = build_pdf(REQUEST)
    yield page, facts, pdf, pdf_facts
    release_connections()
    clear_cache()
    mp.undo()


def _pdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pdf_has_the_headlines_period_and_page_numbers(built):
    _, facts, pdf, _ = built
    pages = _pdf_pages(pdf)
    assert 6 <= len(pages) <= 10  # headlines, indicator table (2), map, trend, control charts, summaries
    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert "financial year 2025/26" in text
    assert "15 October 2026" in text
    assert "September 2026" in text  # the data's latest month (fixture ends 2026-09)
    for tile in facts["headlines"]:
        assert tile["value"] in text, tile
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page)
        assert f"Page {number} of {len(pages)}" in flat
        assert "Period: financial year 2025/26" in flat and "Data loaded to September 2026" in flat
        assert "Crown copyright" in flat


def test_pdf_indicator_values_match_the_page(built, sample_warehouse):
    from queries import run_query
    from ui.indicators import format_value, indicator_table

    _, _, pdf, _ = built
    text = re.sub(r"\s+", " ", "\n".join(_pdf_pages(pdf)))
    table, _, _ = indicator_table("2025/26", run_query("months_available")["month"].dt.date.max())
    for indicator in ("sv_knife_crime", "vio_with_injury", "fte_youth_justice"):
        row = table.set_index("indicator_id").loc[indicator]
        assert f"{format_value(row['lower'])} to {format_value(row['upper'])}" in text


def test_html_is_self_contained(built):
    page = built[0]
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page, flags=re.IGNORECASE)
    outside = [ref for ref in references if re.match(r"(?i)(https?:)?//", ref)]
    assert outside == []
    assert "<script src" not in page.lower() and "@import" not in page
    assert "url(http" not in page.lower()
    assert page.count("<svg") >= 2 and "data:image/png;base64," in page


def test_a_second_request_is_served_from_the_cache(built):
    page, *_ = built
    again, _ = build_html(REQUEST)
    assert again is page
