"""The meeting pack: the Serious Violence Strategic Group's pre-meeting pack, built offline as one
self-contained HTML file (figures inline as SVG/PNG from kaleido) and a PDF printed from that HTML by
headless Chromium, with page numbers, the period, the data's latest month and the attribution on
every page."""

from pack.build import PackRequest, build_html, build_pdf
from pack.content import period_options

__all__ = ["PackRequest", "build_html", "build_pdf", "period_options"]
