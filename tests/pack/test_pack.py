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


def test_pdf_has_the_headlines_period_and_page_numbers(built, sample_warehouse):
    from tests.queries.test_indicator_queries import COUNTY_SQL, _raw

    _, facts, pdf, _ = built
    pages = _pdf_pages(pdf)
    assert 6 <= len(pages) <= 13  # headlines, indicator table (2), map, trend, control charts, summaries, delivery (3)
    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert "financial year 2025/26" in text
    assert "15 October 2026" in text
    assert "September 2026" in text  # the data's latest month (fixture ends 2026-09)
    for tile in facts["headlines"]:
        assert tile.value in text, tile
    (serious_violence,) = _raw(sample_warehouse, f"""
        select count(*) from incidents where district_code in ({COUNTY_SQL}) and month between '2025-04-01' and
        '2026-03-01' and offence_group in ('violence_and_sexual', 'robbery', 'possession_of_weapons')""")
    assert facts["headlines"][0].value == f"{serious_violence:,}" and f"{serious_violence:,}" in text
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page)
        assert f"Page {number} of {len(pages)}" in flat
        assert "Period: financial year 2025/26" in flat and "Data loaded to September 2026" in flat
        assert "Crown copyright" in flat


def test_pdf_indicator_values_are_recomputed_from_the_warehouse(built, sample_warehouse):
    from tests.pages.test_indicators import _shown
    from tests.queries.test_indicator_queries import COUNTY_SQL, _byar_or_exact, _raw

    _, _, pdf, _ = built
    text = re.sub(r"\s+", " ", "\n".join(_pdf_pages(pdf)))
    (count,) = _raw(sample_warehouse, f"""
        select count(*) from force_extract_rows
        where district_code in ({COUNTY_SQL}) and weapon = 'knife_sharp'
          and offence_subgroup in ('homicide','violence_with_injury','violence_without_injury','robbery','sexual_offences')
          and month between '2025-04-01' and '2026-03-01'""")
    (population,) = _raw(sample_warehouse, f"select sum(pop_all_ages) from population_district "
                         f"where district_code in ({COUNTY_SQL})")
    lower, upper = _byar_or_exact(count)
    assert f"{_shown(lower / population * 1e5)} to {_shown(upper / population * 1e5)}" in text
    # a published value: first-time entrants as loaded from the indicator-values file
    value, low, high = _raw(sample_warehouse, "select value, lower_ci, upper_ci from indicator_values where "
                            "indicator_id = 'fte_youth_justice' and area_code = 'E10000031' and period_label = '2025/26'")
    assert f"{_shown(low)} to {_shown(high)}" in text and _shown(value) in text


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
